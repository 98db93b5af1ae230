// Progressive enhancement with GOV.UK's accessible-autocomplete (static/build, from npm).
//
// Without JavaScript the fields work as the server renders them: a <select> of a few
// choices, or a text box for a name, UPN or URN that the server resolves within the
// person's own records. With it:
//   <select data-module="app-autocomplete">            the select's own options, filtered as you type
//   <input data-module="app-autocomplete" data-source="/pupils/find.json?for=referral">
//                                                      suggestions from that scoped JSON endpoint;
//                                                      the text of the chosen one is what the form sends
const MIN_LENGTH = 2

function fromEndpoint (url) {
  let controller = null
  return (query, populate) => {
    if (controller) controller.abort()
    controller = new AbortController()
    const target = new URL(url, window.location.href)
    target.searchParams.set('q', query)
    fetch(target, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => populate(data.results.map((result) => result.label)))
      .catch((error) => {
        if (error.name !== 'AbortError') populate([])
      })
  }
}

function enhanceSelect (lib, select) {
  lib.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    showAllValues: false,
    dropdownArrow: () => '',
    inputClasses: 'govuk-input' + (select.classList.contains('govuk-select--error') ? ' govuk-input--error' : ''),
    tNoResults: () => 'No matches: check the spelling'
  })
}

function enhanceInput (lib, input) {
  const container = document.createElement('div')
  container.className = 'app-autocomplete'
  input.parentNode.insertBefore(container, input)
  const invalid = input.classList.contains('govuk-input--error')
  lib({
    element: container,
    id: input.id,
    name: input.name,
    defaultValue: input.value,
    minLength: MIN_LENGTH,
    confirmOnBlur: false,
    inputClasses: 'govuk-input' + (invalid ? ' govuk-input--error' : ''),
    source: fromEndpoint(input.dataset.source),
    tNoResults: () => 'No matches: check the spelling, or type more of the name'
  })
  input.remove()
}

export function initAutocompletes (scope = document) {
  const lib = window.accessibleAutocomplete
  if (typeof lib !== 'function') return
  for (const element of scope.querySelectorAll('[data-module="app-autocomplete"]')) {
    if (element.tagName === 'SELECT') enhanceSelect(lib, element)
    else if (element.dataset.source) enhanceInput(lib, element)
  }
}
