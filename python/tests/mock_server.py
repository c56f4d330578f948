"""A small HTTP server answering canned replies and recording every request, for the
conformance cases (format: tests/conformance/README.md) and tests that need answers the sandbox
never gives."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_PREFIX = "/api/whatsapp/v1"


@dataclass
class Reply:
    """One canned answer."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0

    @classmethod
    def from_case(cls, spec: Mapping[str, Any]) -> Reply:
        """A reply from a case's ``response`` object."""
        headers = dict(spec.get("headers", {}))
        if "body" in spec:
            body = json.dumps(spec["body"], separators=(",", ":"), ensure_ascii=False).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            body = spec.get("body_text", "").encode()
        return cls(spec["status"], headers, body, spec.get("delay_ms", 0) / 1000)


@dataclass
class Recorded:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class MockServer:
    """Answers ``replies`` in order (the last one repeats) on 127.0.0.1."""

    def __init__(self, replies: Sequence[Reply]) -> None:
        self.replies = list(replies)
        self.requests: list[Recorded] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests report what matters."""

            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                path = url.path.removeprefix(API_PREFIX)
                recorded = Recorded(
                    self.command,
                    path,
                    parse_qs(url.query, keep_blank_values=True),
                    {name.lower(): value for name, value in self.headers.items()},
                    body,
                )
                with server.lock:
                    server.requests.append(recorded)
                    index = len(server.requests) - 1
                if not server.replies:
                    reply = Reply(500, {}, b"no request was expected")
                else:
                    reply = server.replies[min(index, len(server.replies) - 1)]
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # the client gave up (a timeout case)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

        self.lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        # A short poll interval: shutdown() waits up to one interval, once per case.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}{API_PREFIX}"

    def __enter__(self) -> MockServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def serving(*replies: Reply) -> Iterator[MockServer]:
    """A running mock server with these replies."""
    with MockServer(replies) as server:
        yield server
