// What every Node bench script shares: arguments, the timed loops, CPU and memory readings, and
// the one JSON line each run prints (its fields are listed in bench/README.md).
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

export const TO = '+6282112345678'
export const BODY = JSON.stringify({ to: TO, type: 'text', text: { body: 'Halo!' } })
const WARMUP = 100

export function args () {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'seq' },
      client: { type: 'string', default: '' },
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
      token: { type: 'string', default: 'T' },
      n: { type: 'string', default: '1000' },
      inflight: { type: 'string', default: '64' },
      runs: { type: 'string', default: '10' },
      rate: { type: 'string', default: '80' },
      runtime: { type: 'string', default: 'current' }
    }
  })
  for (const name of ['n', 'inflight', 'runs', 'rate']) values[name] = Number(values[name])
  return values
}

export function emit (result) {
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
}

export function unavailable (why) {
  emit({ unavailable: why })
}

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}
export const peakRssKb = () => process.resourceUsage().maxRSS

/** Resident memory now, after a full garbage collection (node --expose-gc), in KiB. */
export function rssKb () {
  globalThis.gc?.()
  return Math.round(process.memoryUsage.rss() / 1024)
}

/** Runs `work()`; its result, wall seconds and CPU seconds. */
export async function timed (work) {
  const cpu = cpuSeconds()
  const start = performance.now()
  const value = await work()
  return [value, (performance.now() - start) / 1e3, cpuSeconds() - cpu]
}

class Tally {
  errors = 0
  firstError = null
  record (id, error) {
    if (error === undefined && id) return
    this.errors += 1
    this.firstError ??= error ? String(error) : 'the answer had no message id'
  }
}

const totals = (n, wall, cpu, tally) => ({
  n,
  wall_s: wall,
  per_s: n / wall,
  cpu_us_per_call: (cpu * 1e6) / n,
  errors: tally.errors,
  first_error: tally.firstError,
  peak_rss_kb: peakRssKb()
})

/** Awaits `send()` n times, each after the last: latency percentiles and CPU per call. */
export async function sequential (send, n) {
  for (let i = 0; i < WARMUP; i++) await send()
  const tally = new Tally()
  const latencies = new Float64Array(n)
  const [, wall, cpu] = await timed(async () => {
    for (let i = 0; i < n; i++) {
      const began = performance.now()
      try {
        tally.record(await send())
      } catch (error) {
        tally.record(null, error)
      }
      latencies[i] = performance.now() - began
    }
  })
  latencies.sort()
  const result = totals(n, wall, cpu, tally)
  for (const [name, q] of [['p50_us', 0.5], ['p90_us', 0.9], ['p99_us', 0.99], ['max_us', 1]]) {
    result[name] = latencies[Math.round((n - 1) * q)] * 1e3
  }
  return result
}

async function inFlight (send, n, inflight) {
  const tally = new Tally()
  const done = []
  let next = 0
  const worker = async () => {
    while (next++ < n) {
      try {
        tally.record(await send())
      } catch (error) {
        tally.record(null, error)
      }
      done.push(performance.now())
    }
  }
  await Promise.all(Array.from({ length: inflight }, worker))
  return [tally, done]
}

/** The measurement `opts.mode` asks for, with `send()` run `inflight` at a time. */
export async function concurrent (send, opts) {
  if (opts.mode === 'repeat') {
    const rss = []
    let errors = 0
    for (let run = 0; run < opts.runs; run++) {
      const [tally] = await inFlight(send, opts.n, opts.inflight)
      errors += tally.errors
      rss.push(rssKb())
    }
    return { runs: opts.runs, n: opts.n, rss_kb: rss, errors, peak_rss_kb: peakRssKb() }
  }
  if (opts.mode === 'conc') await inFlight(send, Math.max(WARMUP, 2 * opts.inflight), opts.inflight)
  const [[tally, done], wall, cpu] = await timed(() => inFlight(send, opts.n, opts.inflight))
  const result = totals(opts.n, wall, cpu, tally)
  if (opts.mode === 'rate' && done.length > 1) {
    result.client_per_s = ((done.length - 1) * 1e3) / (Math.max(...done) - Math.min(...done))
  }
  return result
}

export const WEBHOOK_SECRET = 'bench-webhook-secret'

/** The bodies of bench/fixtures/webhooks.json as raw Buffers, each with its signature header. */
export function signedDeliveries () {
  const url = new URL('../fixtures/webhooks.json', import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')).map((payload) => {
    const raw = Buffer.from(JSON.stringify(payload))
    const signature = 'sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(raw).digest('hex')
    return [raw, signature]
  })
}

/** Calls `handle(raw, signature)` (which returns how many events it found) on n deliveries. */
export async function webhookRate (handle, n) {
  const deliveries = signedDeliveries()
  for (let i = 0; i < 50 * deliveries.length; i++) handle(...deliveries[i % deliveries.length])
  let events = 0
  const [, wall, cpu] = await timed(() => {
    for (let i = 0; i < n; i++) events += handle(...deliveries[i % deliveries.length])
  })
  return { n, events, wall_s: wall, per_s: n / wall, events_per_s: events / wall, cpu_us_per_call: (cpu * 1e6) / n }
}

/** Runs the measurement `opts.mode` asks for with `send()` and prints its result. */
export async function measure (send, opts) {
  emit(opts.mode === 'seq' ? await sequential(send, opts.n) : await concurrent(send, opts))
}
