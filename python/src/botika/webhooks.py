"""Receiving webhooks: verify the signature, answer the verification handshake, and parse a
delivery into typed events.

::

    from botika import webhooks

    # POST /webhook
    webhooks.verify_signature(raw_body, request.headers.get(webhooks.SIGNATURE_HEADER), SECRET)
    for event in webhooks.parse(raw_body).events:
        if isinstance(event, webhooks.InboundMessage) and event.type == "text":
            print(event.from_, "says", event.text)
        elif isinstance(event, webhooks.StatusUpdate):
            print(event.message_id, "is", event.status)

    # GET /webhook?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...
    challenge = webhooks.verify_challenge(request.args, VERIFY_TOKEN)   # None: answer 403

Always verify and parse the **raw** body bytes, never JSON you re-encoded. Both envelopes (Meta's
Cloud API shape and the flat on-premises one) are read; Botika does not document its webhooks, so
these shapes are decided (``docs/webhooks.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from . import _native
from .models import Model

__all__ = [
    "SIGNATURE_HEADER",
    "Event",
    "InboundMessage",
    "MessageContext",
    "StatusError",
    "StatusUpdate",
    "TemplateStatusUpdate",
    "UnknownEvent",
    "WebhookPayload",
    "parse",
    "parse_verified",
    "verify_challenge",
    "verify_signature",
]

#: The header that carries a delivery's signature.
SIGNATURE_HEADER = "X-Hub-Signature-256"

Body = bytes | bytearray | memoryview | str


class MessageContext(Model):
    """The message a reply refers to."""

    #: The id of the message replied to (the business's own, for button taps).
    message_id: str | None
    #: Who sent the message replied to.
    from_: str | None
    forwarded: bool

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__({**data, "from_": data.get("from")})
        object.__setattr__(self, "_data", dict(data))


class InboundMessage(Model):
    """A message from a customer (``event == "message"``).

    ``type`` is ``text``, ``image``, ``video``, ``audio``, ``document``, ``sticker``,
    ``location``, ``contacts``, ``button_reply``, ``list_reply``, ``button``, ``reaction``, or
    an unknown kind's own name; ``content`` is the object of that kind (``{"body": ...}`` for a
    text, ``{"id", "mime_type", "caption"?}`` for media, ``{"id", "title"}`` for replies, ...).
    """

    event: ClassVar[str] = "message"
    _nested = {"context": MessageContext}

    #: The message id (``wamid...``): mark it as read, or reply to it, with this.
    id: str
    #: The customer's WhatsApp id (digits).
    from_: str
    #: When it was sent, in Unix seconds.
    timestamp: int | None
    #: The customer's profile name.
    profile_name: str | None
    context: MessageContext | None
    type: str
    content: Any
    #: The business number it was sent to (Cloud envelope).
    metadata: dict[str, Any] | None
    raw: Any

    def __init__(self, data: Mapping[str, Any]) -> None:
        kind = data.get("type", "")
        # An unknown kind named like one of the message's own fields has its content in `raw` only.
        content = None if kind in ("from", "event", *self._fields) else data.get(kind)
        super().__init__({**data, "from_": data.get("from"), "content": content})
        object.__setattr__(self, "_data", dict(data))

    @property
    def text(self) -> str | None:
        """The text of a ``text`` message (``None`` for other kinds)."""
        if self.type == "text" and isinstance(self.content, Mapping):
            body = self.content.get("body")
            return body if isinstance(body, str) else None
        return None


class StatusError(Model):
    """Why a message failed."""

    code: int | None
    title: str | None
    message: str | None
    details: str | None
    raw: Any


class StatusUpdate(Model):
    """A message the business sent changed state (``event == "status"``)."""

    event: ClassVar[str] = "status"
    _nested = {"errors": StatusError}

    #: The id of the business's message.
    message_id: str
    #: ``sent``, ``delivered``, ``read``, ``failed`` (or another status, as given).
    status: str
    #: The customer's WhatsApp id.
    recipient: str | None
    timestamp: int | None
    #: Why it failed (``failed`` only).
    errors: list[StatusError]
    metadata: dict[str, Any] | None
    raw: Any


class TemplateStatusUpdate(Model):
    """A template was reviewed or changed status (``event == "template_status"``)."""

    event: ClassVar[str] = "template_status"

    #: ``APPROVED``, ``REJECTED``, ``PAUSED``, ...
    status: str
    template_id: str | None
    template_name: str | None
    language: str | None
    #: Why it was rejected (``None`` when there is no reason).
    reason: str | None
    metadata: dict[str, Any] | None
    raw: Any


class UnknownEvent(Model):
    """A part of a delivery this SDK has no type for (``event == "unknown"``), kept as it came."""

    event: ClassVar[str] = "unknown"

    #: The change's ``field`` or the unexpected key.
    field: str | None
    raw: Any


Event = InboundMessage | StatusUpdate | TemplateStatusUpdate | UnknownEvent

_EVENTS: dict[str, type[Model]] = {
    cls.event: cls for cls in (InboundMessage, StatusUpdate, TemplateStatusUpdate, UnknownEvent)
}


class WebhookPayload(Model):
    """One delivery: its events in order, and the JSON as received."""

    #: ``cloud`` or ``flat``.
    envelope: str
    #: The envelope's ``object`` (``whatsapp_business_account``).
    object: str | None
    events: list[Event]
    raw: Any

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        events = [_EVENTS.get(event.get("event", ""), UnknownEvent)(event) for event in data.get("events", [])]
        object.__setattr__(self, "events", events)


def parse(raw_body: Body) -> WebhookPayload:
    """Parses a delivery's raw body. Raises :class:`~botika.DecodeError` only when it is not a
    JSON object; anything unexpected inside becomes an event that keeps its JSON."""
    return WebhookPayload(_native.webhooks_parse(_bytes(raw_body)))


def verify_signature(raw_body: Body, signature: str | None, secret: str | bytes) -> None:
    """Checks the ``X-Hub-Signature-256`` header (``signature``, ``None`` when absent) against
    the raw body, in constant time. Raises :class:`~botika.InvalidArgumentError` when it is
    missing or does not match, :class:`~botika.ConfigError` for an empty secret."""
    _native.webhooks_verify_signature(_bytes(raw_body), signature, secret)


def parse_verified(raw_body: Body, signature: str | None, secret: str | bytes) -> WebhookPayload:
    """:func:`verify_signature`, then :func:`parse`: the one call a webhook handler needs."""
    verify_signature(raw_body, signature, secret)
    return parse(raw_body)


def verify_challenge(query: Mapping[str, str] | str, verify_token: str) -> str | None:
    """Answers the endpoint's verification handshake: given the GET request's query (a mapping
    such as Flask's ``request.args`` or FastAPI's ``request.query_params``, or the raw query
    string), the ``hub.challenge`` to answer with when ``hub.mode`` is ``subscribe`` and
    ``hub.verify_token`` equals ``verify_token`` (compared in constant time); else ``None``
    (answer 403)."""
    if isinstance(query, str):
        return _native.webhooks_verify_challenge_query(query, verify_token)
    return _native.webhooks_verify_challenge(
        query.get("hub.mode"), query.get("hub.verify_token"), query.get("hub.challenge"), verify_token
    )


def _bytes(body: Body) -> bytes | str:
    return bytes(body) if isinstance(body, (bytearray, memoryview)) else body
