// GOV.UK conditional reveals for radios with follow-up questions (templates/gds/conditional_*.html).
//
// Without JavaScript every follow-up is shown. Here a follow-up is hidden while its choice is not
// selected, and shown as soon as it is (by mouse, or by the arrow keys and space, which fire
// "change"). Unlike GOV.UK Frontend's Radios, the buttons are not marked aria-expanded: radio
// buttons do not support it (axe-core: aria-allowed-attr).
const HIDDEN = 'govuk-radios__conditional--hidden'

function sync ($inputs) {
  for (const $input of $inputs) {
    const $target = document.getElementById($input.dataset.appReveals)
    if (!$target) continue
    $target.classList.toggle(HIDDEN, !$input.checked)
  }
}

export function initConditionalReveals (root = document) {
  for (const $group of root.querySelectorAll('[data-app-conditional-reveal]')) {
    const $inputs = [...$group.querySelectorAll('input[type="radio"][data-app-reveals]')]
    if (!$inputs.length) continue
    // Reading "checked" on change: selecting one radio unselects the others of its name.
    $group.addEventListener('change', () => sync($inputs))
    window.addEventListener('pageshow', () => sync($inputs))
    sync($inputs)
  }
}
