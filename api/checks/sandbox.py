"""Runs the botika-sandbox binary for the checks: on 127.0.0.1, port 0, quiet, with a token; the
first line it prints is its base URL."""

from __future__ import annotations

import os
import secrets
import subprocess
import threading
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]


def binary() -> Path:
    """The debug binary cargo builds with the Makefile's settings (CARGO_TARGET_DIR,
    CARGO_BUILD_TARGET), the defaults being the Makefile's too."""
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    triple = os.environ.get("CARGO_BUILD_TARGET")
    if not triple:
        triple = next(
            line.split(": ", 1)[1]
            for line in subprocess.run(
                ["rustc", "-vV"], check=True, capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("host: ")
        )
    return target_dir / triple / "debug" / "botika-sandbox"


class Sandbox:
    """`with Sandbox(*args) as sandbox:` gives `sandbox.url` and `sandbox.token`, and stops the
    process (SIGTERM, then SIGKILL after 10 s) on the way out."""

    def __init__(self, *args: str) -> None:
        self.token = "fuzz-" + secrets.token_hex(8)
        self.args = [str(binary()), "--port", "0", "--token", self.token, "--quiet", *args]
        self.url = ""
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Sandbox:
        # No webhook URL is ever set from the environment: deliveries stay in the log.
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOTIKA_SANDBOX_")}
        self.process = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        first: list[str] = []
        reader = threading.Thread(
            target=lambda: first.append(self.process.stdout.readline()), daemon=True
        )
        reader.start()
        reader.join(timeout=60)
        if not first or not first[0].startswith("http://"):
            self.__exit__(None, None, None)
            raise RuntimeError(f"botika-sandbox did not print its URL: {first!r}")
        self.url = first[0].strip()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
