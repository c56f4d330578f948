// The peer: Node's built-in `fetch`.
import { BODY, args, measure } from './common.mjs'

const opts = args()
const url = `${opts.url}/messages`
const headers = { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' }

await measure(async () => {
  const response = await fetch(url, { method: 'POST', headers, body: BODY })
  const answer = await response.json()
  if (!response.ok) throw new Error(`status ${response.status}`)
  return answer.data.id
}, opts)
