// How the bench scripts reach the botika Node package (node/), and say why when they cannot.
// The package's JS is used as it is; its native part is the release build that
// bench/setup/node.sh puts in bench/.build/node/, loaded through NAPI_RS_NATIVE_LIBRARY_PATH.
// The bulk send does not exist yet: `bulkSend` below is the one place to point at it when it lands.
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

/** The bulk send of `client`: called with (recipients, body text, concurrency), resolving to one
 * result per recipient. Exits with "unavailable" while the package has none. */
export function bulkSend (client) {
  const sendBulk = client.messages?.sendBulk
  if (typeof sendBulk !== 'function') {
    unavailable('the Node package has no bulk send yet (looked for client.messages.sendBulk)')
  }
  return (recipients, text, concurrency) => sendBulk.call(client.messages, recipients, text, { concurrency })
}
