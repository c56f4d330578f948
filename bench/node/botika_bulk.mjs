// botika's bulk send: one call sends every message inside Rust.
import { bulkSend, clientFor, loadBotika } from './botika_api.mjs'
import { TO, args, emit, peakRssKb, rssKb, timed } from './common.mjs'

const opts = args()
const client = clientFor(loadBotika(), opts, opts.mode === 'rate' ? opts.rate : undefined)
const sendBulk = bulkSend(client)
const run = async (n) => (await sendBulk(Array(n).fill(TO), 'Halo!', opts.inflight))[0]

if (opts.mode === 'repeat') {
  const rss = []
  let errors = 0
  for (let i = 0; i < opts.runs; i++) {
    errors += await run(opts.n)
    rss.push(rssKb())
  }
  emit({ runs: opts.runs, n: opts.n, rss_kb: rss, errors, peak_rss_kb: peakRssKb() })
}
if (opts.mode === 'conc') await run(2 * opts.inflight)
const [[errors, firstError], wall, cpu] = await timed(() => sendBulk(Array(opts.n).fill(TO), 'Halo!', opts.inflight))
const result = {
  n: opts.n, wall_s: wall, per_s: opts.n / wall, cpu_us_per_call: (cpu * 1e6) / opts.n, errors, first_error: firstError, peak_rss_kb: peakRssKb()
}
if (opts.mode === 'rate') result.client_per_s = opts.n / wall
emit(result)
