"""What following a bulk send costs the client process, and what batching the outcomes saves.

A sandbox runs in a separate process (see ``runtime_flavours.py``), so only the client's CPU is
counted. Each way of running a 20,000-recipient bulk send (64 sends at once) then runs in a
fresh worker process that reads its own CPU time (user + system, all threads) around it:

- ``report only``: ``send_bulk``, nothing read until the report;
- ``iterate``: ``for outcome in job`` (outcomes cross from Rust in batches of up to 256);
- ``iterate, 1 per crossing``: the same loop reading one outcome per native call, which is
  what iterating would cost without batching;
- the same two for ``async for`` on an ``AsyncClient``.

The ways take turns for several rounds and the median round is shown. Run it against a release
build::

    python benchmarks/bulk_batching.py --recipients 20000 --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable

from runtime_flavours import SANDBOX, cpu_seconds

CONCURRENCY = 64


def worker(api_url: str, token: str, way: str, recipients: int) -> dict[str, float]:
    import botika
    from botika import messages
    from botika.models import BulkOutcome

    client = botika.Client(token, base_url=api_url)
    numbers = [f"+62812{i:08d}" for i in range(recipients)]
    message = messages.text("Our shop opens at 9.")
    client.messages.send_bulk(numbers[:200], message)  # warm up: runtime, pool

    def one_at_a_time(native: botika._native.NativeBulkJob) -> int:
        seen = 0
        while batch := native.next_outcomes(1).wait():
            seen += len([BulkOutcome._from_native(fields) for fields in batch])
        return seen

    async def async_one_at_a_time(native: botika._native.NativeBulkJob) -> int:
        seen = 0
        while batch := await native.next_outcomes(1).future():
            seen += len([BulkOutcome._from_native(fields) for fields in batch])
        return seen

    def report_only() -> int:
        return len(client.messages.send_bulk(numbers, message, concurrency=CONCURRENCY).outcomes)

    def iterate() -> int:
        job = client.messages.start_bulk(numbers, message, concurrency=CONCURRENCY)
        return sum(1 for _ in job)

    def iterate_unbatched() -> int:
        job = client.messages.start_bulk(numbers, message, concurrency=CONCURRENCY)
        return one_at_a_time(job._job)

    def async_iterate() -> int:
        async def main() -> int:
            aclient = client.as_async()
            job = aclient.messages.start_bulk(numbers, message, concurrency=CONCURRENCY)
            return len([outcome async for outcome in job])

        return asyncio.run(main())

    def async_iterate_unbatched() -> int:
        async def main() -> int:
            job = client.as_async().messages.start_bulk(numbers, message, concurrency=CONCURRENCY)
            return await async_one_at_a_time(job._job)

        return asyncio.run(main())

    ways: dict[str, Callable[[], int]] = {
        "report only": report_only,
        "iterate": iterate,
        "iterate, 1 per crossing": iterate_unbatched,
        "async for": async_iterate,
        "async for, 1 per crossing": async_iterate_unbatched,
    }
    cpu, wall = cpu_seconds(), time.perf_counter()
    seen = ways[way]()
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    assert seen == recipients, f"{way}: {seen} outcomes for {recipients} recipients"
    return {"cpu_us_per_recipient": cpu / recipients * 1e6, "wall_s": wall}


WAYS = (
    "report only",
    "iterate",
    "iterate, 1 per crossing",
    "async for",
    "async for, 1 per crossing",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", nargs=3, metavar=("API_URL", "TOKEN", "WAY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        api_url, token, way = args.worker
        print(json.dumps(worker(api_url, token, way, args.recipients)))
        return
    sandbox = subprocess.Popen([sys.executable, "-c", SANDBOX], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert sandbox.stdout is not None
        api_url, token = sandbox.stdout.readline().split()
        rounds: dict[str, list[dict[str, float]]] = {way: [] for way in WAYS}
        control = api_url.split("/api/")[0] + "/_sandbox/reset"
        for _ in range(args.rounds):
            for way in WAYS:
                # A fresh sandbox state each time: no stored messages or status timers pile up.
                reset = urllib.request.Request(control, method="POST", headers={"Authorization": f"Bearer {token}"})
                urllib.request.urlopen(reset, timeout=30).close()
                done = subprocess.run(
                    [sys.executable, __file__, "--recipients", str(args.recipients), "--worker", api_url, token, way],
                    env=os.environ, capture_output=True, text=True,
                )
                if done.returncode != 0:
                    sys.exit(f"the {way!r} worker failed ({done.returncode}):\n{done.stderr}")
                rounds[way].append(json.loads(done.stdout))
        print(f"median of {args.rounds} rounds of {args.recipients} recipients, {CONCURRENCY} sends at once")
        for way, results in rounds.items():
            cpu = statistics.median(r["cpu_us_per_recipient"] for r in results)
            wall = statistics.median(r["wall_s"] for r in results)
            print(f"{way:27} cpu {cpu:6.1f} us per recipient   wall {wall:5.2f} s")
    finally:
        sandbox.communicate("")


if __name__ == "__main__":
    main()
