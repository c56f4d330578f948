"""Running the measurement scripts: one run, interleaved rounds (the best one kept), wrk, import
times, and the rate-limit run against the sandbox."""

import bisect
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

TIMEOUT_S = 300


def log(message):
    print(message, file=sys.stderr, flush=True)


def error_line(stderr):
    """The line of a failed program's stderr that says what went wrong."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    found = next((line for line in lines if "Error" in line or "error" in line), None)
    return (found or (lines[-1] if lines else "(nothing on stderr)"))[:300]


def run(argv, timeout=TIMEOUT_S):
    """Runs one script; its JSON result, or {"failed": why} when it printed none."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failed": f"no result within {timeout} s"}
    except FileNotFoundError:
        return {"unavailable": f"{argv[0]} was not built (see bench/.build/)"}
    except OSError as error:
        return {"failed": str(error)}
    lines = done.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"failed": f"exit {done.returncode}: {error_line(done.stderr)}"}
    if done.returncode != 0:
        # It printed its result, then died (a crash at exit): kept, and shown beside the errors.
        result["exit_status"] = done.returncode
    return result


def best_of(results):
    """One result from several rounds: the round with the highest throughput, whole (load from
    elsewhere on the machine only ever slows a run down), with the errors and any crash at exit
    of every round."""
    best = dict(max(results, key=lambda r: r["per_s"]))
    best["errors"] = sum(r.get("errors", 0) for r in results)
    best["rounds"] = len(results)
    crashes = [r["exit_status"] for r in results if "exit_status" in r]
    if crashes:
        best["exit_status"] = crashes[0]
    return best


def scaled(args, contender):
    """`args` with `--n` multiplied by the contender's scale."""
    args = list(args)
    if contender.scale != 1 and "--n" in args:
        at = args.index("--n") + 1
        args[at] = str(max(1, round(int(args[at]) * contender.scale)))
    return args


def rounds(contenders, args, n_rounds):
    """Runs every contender `n_rounds` times, interleaved (A B C A B C ...), so that load from
    elsewhere on the machine falls on all of them alike; one result per contender, in order."""
    runs = {c: [] for c in contenders}
    stopped = {}
    for round_number in range(1, n_rounds + 1):
        for c in contenders:
            if c in stopped:
                continue
            result = run([*c.argv, *scaled(args, c)])
            if "unavailable" in result or "failed" in result:
                stopped[c] = result
                log(f"  {c.lang:6} {c.label}: {result.get('unavailable') or result.get('failed')}")
                continue
            runs[c].append(result)
            log(f"  {c.lang:6} {c.label} (round {round_number}): {result['per_s']:,.0f}/s")
    return {c: stopped.get(c) or best_of(runs[c]) for c in contenders}


WRK_SCRIPT = """wrk.method = "POST"
wrk.body = '{"to":"+6282112345678","type":"text","text":{"body":"Halo!"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer T"
"""


def wrk(url, connections, seconds, n_rounds, workdir):
    """wrk (one thread, `connections` connections) against `url`: requests per second of the best
    round, and wrk's own CPU per request in it (from the children's rusage)."""
    script = workdir / "post.lua"
    script.write_text(WRK_SCRIPT)
    per_s, cpu_us = [], []
    for _ in range(n_rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
                             capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        found = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
        total = re.search(r"(\d+) requests in", out.stdout)
        if out.returncode != 0 or not found or not total:
            return {"failed": (out.stderr or out.stdout).strip()[-300:] or f"wrk exited {out.returncode}"}
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        per_s.append(float(found.group(1)))
        cpu_us.append(cpu * 1e6 / int(total.group(1)))
        log(f"  wrk (round {len(per_s)}): {per_s[-1]:,.0f}/s")
    best = per_s.index(max(per_s))
    return {"per_s": per_s[best], "cpu_us_per_call": cpu_us[best], "errors": 0}


def import_times(commands, repeats):
    """Median wall time of each command (a fresh interpreter importing one module), the commands
    interleaved; a command that fails on its first run is reported with its error instead."""
    times, failed = {label: [] for label, _ in commands}, {}
    for _ in range(repeats):
        for label, argv in commands:
            if label in failed:
                continue
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True)
            if done.returncode != 0:
                failed[label] = error_line(done.stderr)
                continue
            times[label].append(time.perf_counter() - start)
    results = {}
    for label, _ in commands:
        if label in failed:
            results[label] = {"failed": failed[label]}
        else:
            results[label] = {"ms": statistics.median(times[label]) * 1e3, "min_ms": min(times[label]) * 1e3}
    return results


def iso_ms(stamp):
    """Milliseconds since the epoch of the sandbox's `2026-11-25T17:10:00.000000Z`."""
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return moment.timestamp() * 1e3


def rate_run(contender, sandbox, rate, seconds, inflight):
    """One bulk send of rate × seconds messages at `rate` per second; the rate the sandbox saw."""
    sandbox.control("POST", "/reset")
    n = int(rate * seconds)
    result = run([*contender.argv, "--mode", "rate", "--url", sandbox.url, "--token", "bench-token",
                  "--n", str(n), "--rate", str(rate), "--inflight", str(inflight)])
    if "per_s" not in result:
        return result
    stored = sandbox.control("GET", "/messages?direction=outbound")["data"]
    accepted = sorted(iso_ms(m["created_at"]) for m in stored)
    result["stored"] = len(accepted)
    if len(accepted) > 1:
        result["sandbox_per_s"] = (len(accepted) - 1) * 1e3 / (accepted[-1] - accepted[0])
        result["max_in_1s"] = max(bisect.bisect_left(accepted, start + 1000) - i
                                  for i, start in enumerate(accepted))
    return result
