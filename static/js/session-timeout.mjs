// The session timeout warning (templates/includes/session_timeout.html, sendhub/session_timeout.py).
// Opens a modal <dialog> a little before an idle session ends; "Stay signed in" (or Escape)
// renews the session without leaving the page; at the end the dialog says so and offers to
// sign in again. Every request renews the session on the server, so each page starts afresh.

function words (seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`
}

export function initSessionTimeout (dialog) {
  if (!dialog || typeof dialog.showModal !== 'function') return
  const timeout = Number(dialog.dataset.timeout)
  const warning = Math.min(Number(dialog.dataset.warning), timeout)
  const countdown = dialog.querySelector('.app-timeout-dialog__countdown')
  const stayForm = dialog.querySelector('.app-timeout-dialog__stay')
  let endsAt = 0
  let warnTimer = null
  let tick = null

  function schedule () {
    endsAt = Date.now() + timeout * 1000
    clearTimeout(warnTimer)
    clearInterval(tick)
    warnTimer = setTimeout(warn, (timeout - warning) * 1000)
  }

  function remaining () {
    return Math.max(0, Math.round((endsAt - Date.now()) / 1000))
  }

  function warn () {
    countdown.textContent = words(remaining())
    if (!dialog.open) dialog.showModal()
    tick = setInterval(() => {
      const left = remaining()
      if (left <= 0) return signedOut()
      countdown.textContent = words(left)
    }, 1000)
  }

  function signedOut () {
    clearInterval(tick)
    dialog.querySelector('.app-timeout-dialog__signed-in').hidden = true
    dialog.querySelector('.app-timeout-dialog__signed-out').hidden = false
    dialog.setAttribute('aria-labelledby', 'session-timeout-ended')
    dialog.removeAttribute('aria-describedby')
    if (!dialog.open) dialog.showModal()
    dialog.querySelector('.app-timeout-dialog__signed-out a').focus()
  }

  async function stay () {
    const response = await fetch(stayForm.action, {
      method: 'POST',
      body: new FormData(stayForm),
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    })
    if (!response.ok || response.redirected) return signedOut()
    dialog.close()
    schedule()
  }

  stayForm.addEventListener('submit', (event) => {
    event.preventDefault()
    stay()
  })
  // Escape means "not now": the same as "Stay signed in" until the session has ended; after
  // that it closes the dialog, so the page's form can still be sent (and kept).
  dialog.addEventListener('cancel', (event) => {
    if (remaining() > 0) {
      event.preventDefault()
      stay()
    }
  })
  dialog.querySelector('.app-timeout-dialog__close').addEventListener('click', () => dialog.close())
  schedule()
}
