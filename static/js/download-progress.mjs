// A prepared download's progress (sendhub/templates/sendhub/download.html, sendhub/downloads/).
// Without JavaScript the page has a "Check again" button. With it, the page asks the small JSON
// progress endpoint every few seconds and writes the new sentence into a polite live region
// (only when it changes), then shows the download link. The page itself never refreshes.

const EVERY_MS = 4000

export function initDownloadProgress (root) {
  if (!root || root.dataset.finished === 'true' || typeof fetch !== 'function') return
  const text = root.querySelector('[data-download-text]')
  const link = root.querySelector('[data-download-link]')
  const checks = root.querySelectorAll('[data-download-check]')
  const heading = document.querySelector('h1')

  async function poll () {
    let body
    try {
      const response = await fetch(root.dataset.progressUrl, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
      if (!response.ok) return setTimeout(poll, EVERY_MS * 2)
      body = await response.json()
    } catch (error) {
      return setTimeout(poll, EVERY_MS * 2)
    }
    if (text.textContent.trim() !== body.text) text.textContent = body.text
    if (!body.finished) return setTimeout(poll, EVERY_MS)
    checks.forEach((element) => element.remove())
    if (body.status === 'done') {
      if (heading) heading.textContent = 'Your file is ready'
      link.hidden = false
    } else if (heading) {
      heading.textContent = 'Your file could not be prepared'
    }
  }

  setTimeout(poll, EVERY_MS)
}
