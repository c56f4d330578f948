"""What every Python bench script shares: arguments, the timed loops, CPU and memory readings,
and the one JSON line each run prints (its fields are listed in bench/README.md).

A script defines how to send one message and hands it to `sequential` or `concurrent`."""

import argparse
import asyncio
import gc
import json
import resource
import sys
import time

TO = "+6282112345678"
BODY = {"to": TO, "type": "text", "text": {"body": "Halo!"}}
WARMUP = 100


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["seq", "conc", "repeat", "rate"], default="seq")
    parser.add_argument("--client", default="")
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--token", default="T")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--inflight", type=int, default=64)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rate", type=float, default=80.0)
    parser.add_argument("--runtime", default="current")
    return parser.parse_args()


def emit(result):
    print(json.dumps(result), flush=True)
    sys.exit(0)


def unavailable(why):
    emit({"unavailable": why})


def peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_kb():
    """Resident memory now, after a garbage collection, in KiB."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024


class Tally:
    def __init__(self):
        self.errors = 0
        self.first_error = None

    def record(self, message_id=None, error=None):
        if error is None and message_id:
            return
        self.errors += 1
        if self.first_error is None:
            self.first_error = error or "the answer had no message id"


def totals(n, wall, cpu, tally):
    return {
        "n": n,
        "wall_s": wall,
        "per_s": n / wall,
        "cpu_us_per_call": cpu * 1e6 / n,
        "errors": tally.errors,
        "first_error": tally.first_error,
        "peak_rss_kb": peak_rss_kb(),
    }


def sequential(send, n):
    """Calls `send()` n times, each after the last; latency percentiles and CPU per call."""
    for _ in range(WARMUP):
        send()
    tally, latencies = Tally(), []
    cpu, start = time.process_time(), time.perf_counter()
    for _ in range(n):
        began = time.perf_counter()
        try:
            message_id = send()
        except Exception as error:  # noqa: BLE001 - every failure counts the same
            tally.record(error=repr(error))
        else:
            tally.record(message_id)
        latencies.append(time.perf_counter() - began)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    latencies.sort()
    result = totals(n, wall, cpu, tally)
    for name, q in [("p50_us", 0.5), ("p90_us", 0.9), ("p99_us", 0.99), ("max_us", 1.0)]:
        result[name] = latencies[round((len(latencies) - 1) * q)] * 1e6
    return result


async def _concurrent(send, n, inflight):
    """Sends n messages from `inflight` tasks; the tally and each send's completion time."""
    tally, done, remaining = Tally(), [], iter(range(n))

    async def worker():
        for _ in remaining:
            try:
                message_id = await send()
            except Exception as error:  # noqa: BLE001
                tally.record(error=repr(error))
            else:
                tally.record(message_id)
            done.append(time.perf_counter())

    await asyncio.gather(*(worker() for _ in range(inflight)))
    return tally, done


async def concurrent(send, args):
    """The measurement `args.mode` asks for, with an async `send()` run `inflight` at a time."""
    if args.mode == "repeat":
        rss, tally = [], Tally()
        for _ in range(args.runs):
            run_tally, _ = await _concurrent(send, args.n, args.inflight)
            tally.errors += run_tally.errors
            tally.first_error = tally.first_error or run_tally.first_error
            rss.append(rss_kb())
        return {"runs": args.runs, "n": args.n, "rss_kb": rss, "errors": tally.errors,
                "first_error": tally.first_error, "peak_rss_kb": peak_rss_kb()}
    if args.mode == "conc":
        await _concurrent(send, max(WARMUP, 2 * args.inflight), args.inflight)
    cpu, start = time.process_time(), time.perf_counter()
    tally, done = await _concurrent(send, args.n, args.inflight)
    result = totals(args.n, time.perf_counter() - start, time.process_time() - cpu, tally)
    if args.mode == "rate" and len(done) > 1:
        result["client_per_s"] = (len(done) - 1) / (max(done) - min(done))
    return result


def timed(call):
    """Runs `call()` once; its result, wall seconds and CPU seconds (for one-call bulk sends)."""
    cpu, start = time.process_time(), time.perf_counter()
    value = call()
    return value, time.perf_counter() - start, time.process_time() - cpu


WEBHOOK_SECRET = b"bench-webhook-secret"


def signed_deliveries():
    """The webhook bodies of bench/fixtures/webhooks.json as raw bytes, each with the
    X-Hub-Signature-256 header a signed delivery carries."""
    import hashlib
    import hmac
    import pathlib

    fixtures = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "webhooks.json"
    deliveries = []
    for payload in json.loads(fixtures.read_text()):
        raw = json.dumps(payload, separators=(",", ":")).encode()
        signature = "sha256=" + hmac.new(WEBHOOK_SECRET, raw, hashlib.sha256).hexdigest()
        deliveries.append((raw, signature))
    return deliveries


def webhook_rate(handle, n):
    """Calls `handle(raw, signature)` (which returns how many events it found) on n deliveries."""
    deliveries = signed_deliveries()
    for raw, signature in deliveries * 50:
        handle(raw, signature)
    events = 0
    cpu, start = time.process_time(), time.perf_counter()
    for i in range(n):
        raw, signature = deliveries[i % len(deliveries)]
        events += handle(raw, signature)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"n": n, "events": events, "wall_s": wall, "per_s": n / wall, "events_per_s": events / wall,
            "cpu_us_per_call": cpu * 1e6 / n}
