"""Who is measured: each contender is one (language, client) and the script that measures it.
Ratios in each table are taken against the peer named in PEERS for that table and language."""

import os
import pathlib
from dataclasses import dataclass

BENCH = pathlib.Path(__file__).resolve().parent.parent
VENV_PYTHON = BENCH / ".venv" / "bin" / "python"


def rust_bin_dir():
    """Where cargo put the release binaries: $CARGO_TARGET_DIR[/$CARGO_BUILD_TARGET]/release."""
    target_dir = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or BENCH.parent / "target")
    triple = os.environ.get("CARGO_BUILD_TARGET")
    return target_dir / triple / "release" if triple else target_dir / "release"


@dataclass(frozen=True)
class Contender:
    lang: str
    label: str
    argv: tuple
    # A fraction of the table's number of sends, for a client too slow to do them all in time.
    scale: float = 1.0


def py(label, script, scale=1.0):
    return Contender("Python", label, (str(VENV_PYTHON), str(BENCH / "python" / f"{script}.py")), scale)


def node(label, script):
    return Contender("Node", label, ("node", "--expose-gc", str(BENCH / "node" / f"{script}.mjs")))


def rust(label, binary, *args):
    return Contender("Rust", label, (str(rust_bin_dir() / binary), *args))


SEQUENTIAL = [
    py("botika Client", "botika_sync"),
    py("requests.Session", "requests_session"),
    py("httpx.Client", "httpx_sync"),
    node("botika Client", "botika_client"),
    node("fetch (built in)", "fetch_builtin"),
    node("undici.request", "undici_request"),
    rust("botika core, messages().send", "bench-core", "--client", "send"),
    rust("botika core, request()", "bench-core", "--client", "request"),
    rust("raw reqwest", "bench-reqwest"),
]

CONCURRENT = [
    py("botika AsyncClient", "botika_async"),
    py("botika bulk send", "botika_bulk"),
    # About 250 sends/s here (its pool's bookkeeping grows with every connection: bench/notes.md);
    # 20,000 would take 80 s a round.
    py("httpx.AsyncClient", "httpx_async", scale=0.1),
    py("aiohttp", "aiohttp_session"),
    node("botika Client", "botika_client"),
    node("botika bulk send", "botika_bulk"),
    node("undici.request", "undici_request"),
    node("fetch (built in)", "fetch_builtin"),
    rust("botika core, messages().send, current_thread", "bench-core", "--client", "send"),
    rust("botika core, messages().send, multi_thread", "bench-core", "--client", "send", "--runtime", "multi"),
    rust("botika core, request(), current_thread", "bench-core", "--client", "request"),
    rust("botika core bulk send", "bench-core", "--client", "bulk"),
    rust("raw reqwest, current_thread", "bench-reqwest"),
    rust("raw reqwest, multi_thread", "bench-reqwest", "--runtime", "multi"),
]

WEBHOOKS = [
    py("botika.webhooks", "webhook_botika"),
    py("json + hmac", "webhook_plain"),
    node("botika webhooks", "webhook_botika"),
    node("JSON.parse + node:crypto", "webhook_plain"),
]

# A bulk send at 80 messages per second against the sandbox. Until the bulk send exists, the
# core's own rate limiter under 64 concurrent sends shows what the bulk send will build on.
RATE = [
    rust("botika core bulk send", "bench-core", "--client", "bulk"),
    py("botika bulk send", "botika_bulk"),
    node("botika bulk send", "botika_bulk"),
    rust("botika core rate limiter, 64 concurrent messages().send", "bench-core", "--client", "send"),
]

PEERS = {
    "sequential": {"Python": "httpx.Client", "Node": "undici.request", "Rust": "raw reqwest"},
    "concurrent": {"Python": "aiohttp", "Node": "undici.request", "Rust": "raw reqwest, current_thread"},
    "webhooks": {"Python": "json + hmac", "Node": "JSON.parse + node:crypto"},
}
