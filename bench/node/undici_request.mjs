// The peer `undici.request` (its default agent: one connection per request in flight).
import { request } from 'undici'
import { BODY, args, measure } from './common.mjs'

const opts = args()
const url = `${opts.url}/messages`
const headers = { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' }

await measure(async () => {
  const { statusCode, body } = await request(url, { method: 'POST', headers, body: BODY })
  const answer = await body.json()
  if (statusCode !== 200) throw new Error(`status ${statusCode}`)
  return answer.data.id
}, opts)
