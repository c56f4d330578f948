"""The examples run: the quickstart and the bulk send against the in-process sandbox, and both
webhook receivers (FastAPI and Flask) served on 127.0.0.1:0, fed signed webhooks by the
sandbox."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from werkzeug.serving import make_server

from botika import webhooks
from botika.testing import Sandbox
from conftest import PHONE, wait_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"
sys.path.insert(0, str(EXAMPLES))

import fastapi_receiver  # noqa: E402
import flask_receiver  # noqa: E402

SECRET = "webhook-secret"
VERIFY_TOKEN = "verify-me"


def test_quickstart_runs_against_the_sandbox() -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("BOTIKA_")}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py")], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "The sandbox received 4 messages" in done.stdout
    assert "Refused before sending: to:" in done.stdout


def test_bulk_send_example_saves_every_outcome(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("BOTIKA_")}
    out = tmp_path / "outcomes.csv"
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "bulk_send.py"), "--out", str(out)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with out.open() as file:
        rows = list(csv.DictReader(file))
    assert [int(row["index"]) for row in rows] == list(range(300))
    assert {row["status"] for row in rows} == {"sent"} and all(row["message_id"] for row in rows)
    # The sandbox's limit of 100 a second answered 429s, which slowed the job without failing anyone.
    assert "300 sent, 0 failed" in done.stdout and " 0 429s slowed" not in done.stdout, done.stdout


@contextmanager
def serve_fastapi(app: Any) -> Iterator[int]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serve_flask(app: Any) -> Iterator[int]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        server.shutdown()
        thread.join(10)


def fastapi_app(
    sandbox: Sandbox, events: list[webhooks.Event]
) -> tuple[Any, Callable[[Any], AbstractContextManager[int]]]:
    async def record(event: webhooks.Event) -> None:
        events.append(event)

    return fastapi_receiver.create_app(SECRET, VERIFY_TOKEN, sandbox.async_client(), record), serve_fastapi


def flask_app(
    sandbox: Sandbox, events: list[webhooks.Event]
) -> tuple[Any, Callable[[Any], AbstractContextManager[int]]]:
    return flask_receiver.create_app(SECRET, VERIFY_TOKEN, sandbox.client(), events.append), serve_flask


@pytest.mark.parametrize("make_app", [fastapi_app, flask_app], ids=["fastapi", "flask"])
def test_receiver_verifies_handles_and_answers(make_app: Any) -> None:
    events: list[webhooks.Event] = []
    with Sandbox(status_schedule=(0.01, 0.02, 0.03)) as sandbox:
        app, serve = make_app(sandbox, events)
        with serve(app) as port:
            url = f"http://127.0.0.1:{port}/webhook"
            handshake = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
            answered = httpx.get(url, params=handshake)
            assert (answered.status_code, answered.text) == (200, "1158201444")
            assert httpx.get(url, params={**handshake, "hub.verify_token": "wrong"}).status_code == 403
            assert httpx.post(url, content=b'{"statuses": []}').status_code == 401
            forged = {webhooks.SIGNATURE_HEADER: "sha256=" + "0" * 64}
            assert httpx.post(url, content=b'{"statuses": []}', headers=forged).status_code == 401
            assert events == []

            sandbox.set_webhook(url, secret=SECRET)
            inbound = sandbox.inbound_text(PHONE, "Halo bot")

            def echoed() -> list[dict[str, Any]]:
                return [m for m in sandbox.sent_messages() if m["content"].get("reply_message_id") == inbound]

            wait_for(lambda: bool(echoed()), "the echo")
            reply = echoed()[0]
            assert reply["content"]["text"]["body"] == "You said: Halo bot"
            assert sandbox.message(inbound)["status"] == "read"  # type: ignore[index]
            wait_for(
                lambda: any(
                    isinstance(e, webhooks.StatusUpdate) and e.message_id == reply["id"] and e.status == "read"
                    for e in events
                ),
                "the reply's read status",
            )
    message = next(e for e in events if isinstance(e, webhooks.InboundMessage))
    assert (message.id, message.text, message.type) == (inbound, "Halo bot", "text")
