"""What the webhook receivers do with each event: log it, and answer a customer's text.

Shared by ``fastapi_receiver.py`` (asyncio) and ``flask_receiver.py`` (blocking).
"""

from __future__ import annotations

from botika import webhooks


def describe(event: webhooks.Event) -> str:
    """One line about an event, for the log."""
    if isinstance(event, webhooks.InboundMessage):
        return f"message {event.id} from {event.from_} ({event.type}): {event.text or event.content!r}"
    if isinstance(event, webhooks.StatusUpdate):
        errors = "; ".join(f"{e.code} {e.title}" for e in event.errors)
        return f"status of {event.message_id}: {event.status}" + (f" ({errors})" if errors else "")
    if isinstance(event, webhooks.TemplateStatusUpdate):
        return f"template {event.template_name} ({event.language}): {event.status}"
    return f"unknown event in {event.field!r}"


def reply_to(event: webhooks.Event) -> str | None:
    """The echo bot's answer to an event: a customer's text is repeated back."""
    if isinstance(event, webhooks.InboundMessage) and event.text is not None:
        return f"You said: {event.text}"
    return None
