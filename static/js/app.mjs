import { initAll } from '../build/govuk-frontend.min.js'
import { initConditionalReveals } from './conditional-reveal.mjs'
import { initSessionTimeout } from './session-timeout.mjs'
import { initDownloadProgress } from './download-progress.mjs'
import { initAutocompletes } from './autocomplete.mjs'

initAll()
initConditionalReveals()
initSessionTimeout(document.getElementById('session-timeout'))
initDownloadProgress(document.querySelector('[data-module="app-download-progress"]'))
initAutocompletes()
