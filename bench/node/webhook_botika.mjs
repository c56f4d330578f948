// botika's webhooks: the signature checked over the raw body, then parsed into typed events.
import { loadBotika } from './botika_api.mjs'
import { WEBHOOK_SECRET, args, emit, unavailable, webhookRate } from './common.mjs'

const botika = loadBotika()
const webhooks = botika.webhooks ?? botika
if (typeof webhooks.parse !== 'function' || typeof webhooks.verifySignature !== 'function') {
  unavailable('the Node package has no webhooks.parse / verifySignature yet')
}

function handle (raw, signature) {
  webhooks.verifySignature(raw, signature, WEBHOOK_SECRET)
  const parsed = webhooks.parse(raw)
  return (parsed.events ?? parsed).length
}

emit(await webhookRate(handle, args().n))
