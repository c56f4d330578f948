"""botika.webhooks: typed events from both envelopes, signature and handshake checks."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import botika
from botika import webhooks
from botika.testing import Sandbox
from conftest import wait_for

CLOUD = json.dumps(
    {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "100",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "200"},
                            "contacts": [{"profile": {"name": "Sari"}, "wa_id": "6281234567890"}],
                            "messages": [
                                {
                                    "from": "6281234567890",
                                    "id": "wamid.in1",
                                    "timestamp": "1764089402",
                                    "type": "text",
                                    "text": {"body": "Halo"},
                                    "context": {"id": "wamid.out0", "from": "6281100000000"},
                                },
                                {
                                    "from": "6281234567890",
                                    "id": "wamid.in2",
                                    "timestamp": "1764089403",
                                    "type": "interactive",
                                    "interactive": {
                                        "type": "button_reply",
                                        "button_reply": {"id": "yes", "title": "Yes"},
                                    },
                                },
                            ],
                        },
                    },
                    {
                        "field": "message_template_status_update",
                        "value": {
                            "event": "REJECTED",
                            "message_template_id": 7,
                            "message_template_name": "promo",
                            "message_template_language": "id",
                            "reason": "INVALID_FORMAT",
                        },
                    },
                    {"field": "account_update", "value": {"ban_info": {}}},
                ],
            }
        ],
    }
).encode()

FLAT = json.dumps(
    {
        "statuses": [
            {
                "id": "wamid.out1",
                "status": "failed",
                "timestamp": "1764089500",
                "recipient_id": "15550100001",
                "errors": [{"code": 131026, "title": "Message undeliverable"}],
            }
        ]
    }
)


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_cloud_deliveries_become_typed_events() -> None:
    payload = webhooks.parse(CLOUD)
    assert (payload.envelope, payload.object) == ("cloud", "whatsapp_business_account")
    text, button, template, unknown = payload.events
    assert isinstance(text, webhooks.InboundMessage)
    assert (text.id, text.from_, text.text, text.profile_name, text.timestamp) == (
        "wamid.in1", "6281234567890", "Halo", "Sari", 1764089402,
    )
    assert text.context is not None and text.context.message_id == "wamid.out0"
    assert text.to_dict()["from"] == "6281234567890" and text.raw["id"] == "wamid.in1"
    assert isinstance(button, webhooks.InboundMessage)
    assert (button.type, button.content, button.text) == ("button_reply", {"id": "yes", "title": "Yes"}, None)
    assert isinstance(template, webhooks.TemplateStatusUpdate)
    assert (template.status, template.template_id, template.reason) == ("REJECTED", "7", "INVALID_FORMAT")
    assert isinstance(unknown, webhooks.UnknownEvent) and unknown.field == "account_update"
    assert payload.raw == json.loads(CLOUD)


def test_flat_deliveries_and_failed_statuses() -> None:
    (status,) = webhooks.parse(FLAT).events
    assert isinstance(status, webhooks.StatusUpdate)
    assert (status.message_id, status.status, status.recipient) == ("wamid.out1", "failed", "15550100001")
    assert status.errors[0].code == 131026 and status.errors[0].title == "Message undeliverable"
    assert "failed" in repr(status) and "raw" not in repr(status)


def test_a_body_that_is_not_json_is_a_decode_error() -> None:
    for body in (b"", b"<html>", b"not json"):
        with pytest.raises(botika.DecodeError):
            webhooks.parse(body)


def test_signatures_are_checked_over_the_raw_bytes() -> None:
    webhooks.verify_signature(CLOUD, sign(CLOUD, "s3cret"), "s3cret")
    webhooks.verify_signature(bytearray(CLOUD), sign(CLOUD, "s3cret"), b"s3cret")
    assert webhooks.parse_verified(CLOUD, sign(CLOUD, "s3cret"), "s3cret").events
    reencoded = json.dumps(json.loads(CLOUD), indent=2).encode()
    refused_deliveries = [
        (reencoded, sign(CLOUD, "s3cret")),
        (CLOUD, sign(CLOUD, "other")),
        (CLOUD, None),
        (CLOUD, "md5=00"),
    ]
    for body, header in refused_deliveries:
        with pytest.raises(botika.InvalidArgumentError) as refused:
            webhooks.verify_signature(body, header, "s3cret")
        assert webhooks.SIGNATURE_HEADER in refused.value.field_errors
        assert "s3cret" not in str(refused.value)
    with pytest.raises(botika.ConfigError):
        webhooks.verify_signature(CLOUD, sign(CLOUD, ""), "")


def test_the_handshake_answers_the_challenge_only_for_the_right_token() -> None:
    query = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "42"}
    assert webhooks.verify_challenge(query, "tok") == "42"
    assert webhooks.verify_challenge("hub.mode=subscribe&hub.verify_token=tok&hub.challenge=42", "tok") == "42"
    assert webhooks.verify_challenge({**query, "hub.verify_token": "nope"}, "tok") is None
    assert webhooks.verify_challenge({**query, "hub.mode": "unsubscribe"}, "tok") is None
    assert webhooks.verify_challenge({"hub.mode": "subscribe"}, "tok") is None


def test_unknown_kinds_keep_their_content_and_never_shadow_fields() -> None:
    body = {
        "messages": [
            {"from": "628", "id": "wamid.o", "timestamp": "1", "type": "order", "order": {"catalog_id": "c"}},
            {"from": "628", "id": "wamid.x", "timestamp": "1", "type": "id"},
        ]
    }
    order, odd = webhooks.parse(json.dumps(body)).events
    assert isinstance(order, webhooks.InboundMessage) and isinstance(odd, webhooks.InboundMessage)
    assert (order.type, order.content) == ("order", {"catalog_id": "c"})
    assert (odd.type, odd.id, odd.content) == ("id", "wamid.x", None)


@contextmanager
def receiver(answers: list[int]) -> Iterator[tuple[str, list[bytes]]]:
    """A webhook receiver on 127.0.0.1: answers the statuses in ``answers`` one request after
    the other, then 200; yields its URL and the bodies it received (verified with SECRET)."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            webhooks.verify_signature(body, self.headers[webhooks.SIGNATURE_HEADER], SECRET)
            bodies.append(body)
            self.send_response(answers.pop(0) if answers else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", bodies
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


SECRET = "webhook-secret"


def test_the_sandboxs_webhook_log_holds_every_delivery_and_attempt() -> None:
    with receiver([500]) as (url, bodies), Sandbox(status_schedule=(0.01, 0.02, 0.03)) as sandbox:
        assert sandbox.webhooks() == []
        with sandbox.client() as client:
            client.messages.send_text("+62 812-3456-7890", "Before the receiver")
            wait_for(lambda: len(sandbox.webhooks()) == 3 and all(e["state"] == "no_url" for e in sandbox.webhooks()),
                     "the statuses logged without a URL")
            assert all(e["attempts"] == [] and e["url"] is None for e in sandbox.webhooks())

            sandbox.set_webhook(url, secret=SECRET)
            sent = client.messages.send_text("+62 812-3456-7890", "Halo")
            wait_for(lambda: len(bodies) == 4, "the three statuses (the first retried once)")
            inbound = sandbox.inbound_text("+62 812-3456-7890", "Balas")
            wait_for(lambda: len(bodies) == 5, "the inbound message")
            wait_for(lambda: all(e["state"] != "pending" for e in sandbox.webhooks()), "the log to settle")

        log = sandbox.webhooks()
    assert isinstance(log, list) and all(isinstance(entry, dict) for entry in log)
    assert [entry["id"] for entry in log] == sorted(entry["id"] for entry in log)  # oldest first
    delivered = log[3:]
    assert [(e["event"], e["state"], e["url"]) for e in delivered] == [
        ("statuses", "delivered", url), ("statuses", "delivered", url), ("statuses", "delivered", url),
        ("messages", "delivered", url),
    ]
    events = [webhooks.parse(json.dumps(e["payload"])).events[0] for e in delivered]
    assert [(e.message_id, e.status) for e in events[:3] if isinstance(e, webhooks.StatusUpdate)] == [
        (sent.id, "sent"), (sent.id, "delivered"), (sent.id, "read"),
    ]
    assert isinstance(events[3], webhooks.InboundMessage) and (events[3].id, events[3].text) == (inbound, "Balas")
    # The receiver refused the first delivery once: a second attempt, the same bytes sent again.
    first, *rest = delivered
    attempts = [(a["attempt"], a["status"], a["error"] is None) for a in first["attempts"]]
    assert attempts == [(1, 500, False), (2, 200, True)]
    assert "500" in first["attempts"][0]["error"] and bodies[0] == bodies[1]
    assert all(a["at"] and isinstance(a["duration_ms"], int) for a in first["attempts"])
    assert [[(a["attempt"], a["status"]) for a in e["attempts"]] for e in rest] == [[(1, 200)]] * 3
