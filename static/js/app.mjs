import { initAll } from '../build/govuk-frontend.min.js'
import { initConditionalReveals } from './conditional-reveal.mjs'
import { initSessionTimeout } from './session-timeout.mjs'

initAll()
initConditionalReveals()
initSessionTimeout(document.getElementById('session-timeout'))
