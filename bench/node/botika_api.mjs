// How the bench scripts reach the botika Node package (node/), and say why when they cannot.
// The package's JS is used as it is; its native part is the release build that
// bench/setup/node.sh puts in bench/.build/node/, loaded through NAPI_RS_NATIVE_LIBRARY_PATH.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { unavailable } from './common.mjs'

const require = createRequire(import.meta.url)
const PACKAGE = fileURLToPath(new URL('../../node', import.meta.url))
const BUILD = fileURLToPath(new URL('../.build/node', import.meta.url))
const BUILD_NOTE = fileURLToPath(new URL('../.build/node-package.txt', import.meta.url))

/** The botika package, or exits with "unavailable" and the reason. */
export function loadBotika () {
  const note = existsSync(BUILD_NOTE) ? readFileSync(BUILD_NOTE, 'utf8').trim() : ''
  const native = existsSync(BUILD) && readdirSync(BUILD).find((f) => f.endsWith('.node'))
  if (!native) unavailable(note || 'the release build of the Node package is missing')
  process.env.NAPI_RS_NATIVE_LIBRARY_PATH = `${BUILD}/${native}`
  try {
    return require(PACKAGE)
  } catch (error) {
    unavailable(note || `require('botika') failed: ${error.message}`)
  }
}

/** A Client for the bench's origin. */
export function clientFor (botika, opts, rate) {
  const options = { token: opts.token, baseUrl: opts.url }
  if (rate) options.rateLimit = rate
  return new botika.Client(options)
}

/** The bulk send of `client` (`client.messages.sendBulk`): called with (recipients, body text,
 * concurrency), resolving to how many recipients were not sent and the first error. Exits with
 * "unavailable" while the package has none. */
export function bulkSend (client) {
  if (typeof client.messages?.sendBulk !== 'function') {
    unavailable('the Node package has no bulk send yet (looked for client.messages.sendBulk)')
  }
  return async (recipients, text, concurrency) => {
    const message = { type: 'text', text: { body: text } }
    const report = await client.messages.sendBulk({ recipients, message, concurrency })
    const failed = report.outcomes.find((o) => o.error)
    return [recipients.length - report.counts.sent, failed ? String(failed.error.message ?? failed.error) : null]
  }
}
