"""A webhook receiver with Flask and the blocking client: it answers the verification
handshake, refuses unsigned or tampered deliveries, logs every event, marks each customer text
as read and echoes it back.

    BOTIKA_WEBHOOK_SECRET=... BOTIKA_VERIFY_TOKEN=... BOTIKA_API_TOKEN=... \\
        python examples/python/flask_receiver.py        # listens on 127.0.0.1:9000/webhook
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from flask import Flask, abort, request

import botika
from botika import webhooks
from echo_bot import describe, reply_to

log = logging.getLogger("botika.receiver")

#: Called with every verified event (tests use it to see what arrived).
EventHook = Callable[[webhooks.Event], None]


def create_app(secret: str, verify_token: str, client: botika.Client, on_event: EventHook | None = None) -> Flask:
    """The receiver: ``GET /webhook`` for the handshake, ``POST /webhook`` for deliveries."""
    app = Flask(__name__)

    @app.get("/webhook")
    def handshake() -> str:
        challenge = webhooks.verify_challenge(request.args, verify_token)
        if challenge is None:
            abort(403)
        return challenge

    @app.post("/webhook")
    def receive() -> dict[str, int]:
        body = request.get_data()  # the raw bytes: the signature covers exactly these
        try:
            payload = webhooks.parse_verified(body, request.headers.get(webhooks.SIGNATURE_HEADER), secret)
        except botika.InvalidArgumentError:
            abort(401)
        for event in payload.events:
            log.info(describe(event))
            answer = reply_to(event)
            if answer is not None and isinstance(event, webhooks.InboundMessage):
                client.messages.mark_read(event.id)
                client.messages.send_text(event.from_, answer, reply_to=event.id)
            if on_event is not None:
                on_event(event)
        return {"events": len(payload.events)}

    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = create_app(os.environ["BOTIKA_WEBHOOK_SECRET"], os.environ["BOTIKA_VERIFY_TOKEN"], botika.Client())
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "9000")))
