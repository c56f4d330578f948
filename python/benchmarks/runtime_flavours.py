"""CPU cost per call of the two tokio runtime flavours the native module can run on
(``BOTIKA_PYTHON_RUNTIME=current_thread|multi_thread``), measured as DESIGN.md section 2 asks.

A sandbox runs in a separate process, so only the client's CPU is counted. Each flavour then
runs in a fresh worker process that reads its own CPU time (user + system, all threads) around
three workloads: blocking calls one after another, blocking calls from 8 threads, and asyncio
calls 64 at a time. The flavours take turns for several rounds and the median round is shown,
which keeps the comparison fair on a machine shared with other work. Run it against a release
build::

    python benchmarks/runtime_flavours.py --calls 2000 --rounds 7
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable

FLAVOURS = ("current_thread", "multi_thread")
SANDBOX = (
    "import sys\n"
    "from botika.testing import Sandbox\n"
    "with Sandbox() as sandbox:\n"
    "    print(sandbox.api_url, sandbox.token, flush=True)\n"
    "    sys.stdin.read()\n"
)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(calls: int, run: Callable[[], None]) -> dict[str, float]:
    cpu, wall = cpu_seconds(), time.perf_counter()
    run()
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    return {"cpu_us_per_call": cpu / calls * 1e6, "wall_us_per_call": wall / calls * 1e6}


def worker(api_url: str, token: str, calls: int) -> dict[str, dict[str, float]]:
    import botika

    client = botika.Client(token, base_url=api_url)
    aclient = botika.AsyncClient(token, base_url=api_url)
    client.profile.get()  # warm up: runtime, pool

    def sequential() -> None:
        for _ in range(calls):
            client.profile.get()

    def threads() -> None:
        def loop() -> None:
            for _ in range(calls // 8):
                client.profile.get()

        pool = [threading.Thread(target=loop) for _ in range(8)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()

    def in_flight() -> None:
        async def main() -> None:
            gate = asyncio.Semaphore(64)

            async def one() -> None:
                async with gate:
                    await aclient.profile.get()

            await asyncio.gather(*(one() for _ in range(calls)))

        asyncio.run(main())

    return {
        "sequential": measure(calls, sequential),
        "8 threads": measure(calls // 8 * 8, threads),
        "asyncio, 64 in flight": measure(calls, in_flight),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", nargs=2, metavar=("API_URL", "TOKEN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker, args.calls)))
        return
    sandbox = subprocess.Popen([sys.executable, "-c", SANDBOX], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert sandbox.stdout is not None
        api_url, token = sandbox.stdout.readline().split()
        rounds: dict[str, list[dict[str, dict[str, float]]]] = {flavour: [] for flavour in FLAVOURS}
        for _ in range(args.rounds):
            for flavour in FLAVOURS:
                env = {**os.environ, "BOTIKA_PYTHON_RUNTIME": flavour}
                done = subprocess.run(
                    [sys.executable, __file__, "--calls", str(args.calls), "--worker", api_url, token],
                    env=env, capture_output=True, text=True,
                )
                if done.returncode != 0:
                    sys.exit(f"the {flavour} worker failed ({done.returncode}):\n{done.stderr}")
                rounds[flavour].append(json.loads(done.stdout))
        print(f"median of {args.rounds} rounds of {args.calls} calls (us per call)")
        for flavour, results in rounds.items():
            for workload in results[0]:
                cpu = statistics.median(r[workload]["cpu_us_per_call"] for r in results)
                wall = statistics.median(r[workload]["wall_us_per_call"] for r in results)
                print(f"{flavour:15} {workload:22} cpu {cpu:7.1f}   wall {wall:7.1f}")
    finally:
        sandbox.communicate("")


if __name__ == "__main__":
    main()
