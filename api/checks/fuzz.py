"""Fuzzes botika-sandbox against the OpenAPI description it serves, with schemathesis, then runs
the explicit status cases (test_statuses.py) for the codes generated input cannot reach.

Each half of the description gets a fresh sandbox: Botika's API under `/api/whatsapp/v1`, and the
control API at the root (whose faults and rate limit would otherwise disturb the first half).
Bounded: a fixed number of examples per operation, and a deadline per run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sandbox import Sandbox

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
# Examples per operation and phase; FUZZ_EXAMPLES raises it for a longer local run.
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "25")
DEADLINE_S = 150

CONTROL = r"^/(_sandbox/|openapi\.yaml$)"


def fuzz(name: str, sandbox: Sandbox, base_url: str, selection: list[str]) -> bool:
    command = [
        str(VENV_BIN / "schemathesis"),
        "--config-file",
        str(HERE.parent / "schemathesis.toml"),
        "run",
        f"{sandbox.url}/openapi.yaml",
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {sandbox.token}",
        "--checks",
        "all",
        # The stateful phase needs links between operations, which the description has none of
        # (ids come from the sandbox's answers); test_statuses.py covers the stateful paths.
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        EXAMPLES,
        "--request-timeout",
        "10",
        # One worker: the runs share two loaded cores with the sandbox, and schemathesis's
        # example extraction has failed under CPython 3.11 with more threads.
        "--workers",
        "1",
        "--no-color",
        *selection,
    ]
    if os.environ.get("FUZZ_SEED"):
        command += ["--seed", os.environ["FUZZ_SEED"]]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "st_hooks", "PYTHONPATH": str(HERE)}
    started = time.monotonic()
    print(f"==> schemathesis: {name}", flush=True)
    try:
        code = subprocess.run(command, env=env, cwd=HERE.parent, timeout=DEADLINE_S).returncode
    except subprocess.TimeoutExpired:
        print(f"fuzz.py: {name} took longer than {DEADLINE_S} s", flush=True)
        return False
    print(f"==> {name}: exit {code} in {time.monotonic() - started:.0f} s", flush=True)
    return code == 0


def main() -> int:
    ok = True
    with Sandbox() as sandbox:
        ok &= fuzz(
            "Botika's API",
            sandbox,
            f"{sandbox.url}/api/whatsapp/v1",
            ["--exclude-path-regex", CONTROL],
        )
    with Sandbox() as sandbox:
        ok &= fuzz("the control API", sandbox, sandbox.url, ["--include-path-regex", CONTROL])
    print("==> explicit cases: every documented status", flush=True)
    tests = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_statuses.py"]
    ok &= subprocess.run(tests, cwd=HERE).returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
