"""A webhook receiver with FastAPI and the asyncio client: it answers the verification
handshake, refuses unsigned or tampered deliveries, logs every event, marks each customer text
as read and echoes it back.

    BOTIKA_WEBHOOK_SECRET=... BOTIKA_VERIFY_TOKEN=... BOTIKA_API_TOKEN=... \\
        python examples/python/fastapi_receiver.py      # listens on 127.0.0.1:9000/webhook
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse

import botika
from botika import webhooks
from echo_bot import describe, reply_to

log = logging.getLogger("botika.receiver")

#: Called with every verified event (tests use it to see what arrived).
EventHook = Callable[[webhooks.Event], Awaitable[None]]


def create_app(
    secret: str, verify_token: str, client: botika.AsyncClient, on_event: EventHook | None = None
) -> FastAPI:
    """The receiver: ``GET /webhook`` for the handshake, ``POST /webhook`` for deliveries."""
    app = FastAPI()

    @app.get("/webhook", response_class=PlainTextResponse)
    async def handshake(request: Request) -> str:
        challenge = webhooks.verify_challenge(request.query_params, verify_token)
        if challenge is None:
            raise HTTPException(status_code=403, detail="wrong verify token")
        return challenge

    @app.post("/webhook")
    async def receive(request: Request) -> dict[str, int]:
        body = await request.body()  # the raw bytes: the signature covers exactly these
        try:
            payload = webhooks.parse_verified(body, request.headers.get(webhooks.SIGNATURE_HEADER), secret)
        except botika.InvalidArgumentError as error:
            raise HTTPException(status_code=401, detail=str(error)) from error
        for event in payload.events:
            log.info(describe(event))
            answer = reply_to(event)
            if answer is not None and isinstance(event, webhooks.InboundMessage):
                await client.messages.mark_read(event.id)
                await client.messages.send_text(event.from_, answer, reply_to=event.id)
            if on_event is not None:
                await on_event(event)
        return {"events": len(payload.events)}

    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = create_app(os.environ["BOTIKA_WEBHOOK_SECRET"], os.environ["BOTIKA_VERIFY_TOKEN"], botika.AsyncClient())
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "9000")))
