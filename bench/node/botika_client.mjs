// botika's Node `Client`: `client.messages.sendText`, one after another or many at once.
import { clientFor, loadBotika } from './botika_api.mjs'
import { TO, args, measure } from './common.mjs'

const opts = args()
const client = clientFor(loadBotika(), opts)
await measure(async () => (await client.messages.sendText({ to: TO, body: 'Halo!' })).id, opts)
