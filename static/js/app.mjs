import { initAll } from '../build/govuk-frontend.min.js'
import { initSessionTimeout } from './session-timeout.mjs'

initAll()
initSessionTimeout(document.getElementById('session-timeout'))
