import { initAll } from '../build/govuk-frontend.min.js'
import { initSessionTimeout } from './session-timeout.mjs'
import { initAutocompletes } from './autocomplete.mjs'

initAll()
initSessionTimeout(document.getElementById('session-timeout'))
initAutocompletes()
