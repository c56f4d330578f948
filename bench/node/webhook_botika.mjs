// botika's webhooks: the signature checked over the raw body, then parsed into typed events
// (`webhooks.verifyAndParse`, the one call a webhook handler makes).
import { loadBotika } from './botika_api.mjs'
import { WEBHOOK_SECRET, args, emit, unavailable, webhookRate } from './common.mjs'

const { webhooks } = loadBotika()
if (typeof webhooks?.verifyAndParse !== 'function') {
  unavailable('the Node package has no webhooks.verifyAndParse yet')
}

const handle = (raw, signature) => webhooks.verifyAndParse(raw, signature, WEBHOOK_SECRET).events.length

emit(await webhookRate(handle, args().n))
