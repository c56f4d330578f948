// The peer for webhooks: node:crypto's HMAC over the raw body, then JSON.parse and a walk to the events.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { WEBHOOK_SECRET, args, emit, webhookRate } from './common.mjs'

function handle (raw, signature) {
  const expected = Buffer.from('sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(raw).digest('hex'))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature')
  let events = 0
  for (const entry of JSON.parse(raw).entry ?? []) {
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {}
      events += (value.messages?.length ?? 0) + (value.statuses?.length ?? 0)
      if (change.field === 'message_template_status_update') events += 1
    }
  }
  return events
}

emit(await webhookRate(handle, args().n))
