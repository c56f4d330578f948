"""Messages as values: one function per message type, each returning the message in the API's
wire shape without the recipient (``{"type": "text", "text": {"body": "Halo!"}}``).

They are what the ``client.messages.send_*`` methods send, and what a bulk send takes::

    from botika import messages

    promo = messages.template("promo", "id", param={"body": ["20%"]})
    report = client.messages.send_bulk(customers, promo)
    client.messages.send(customer, messages.text("Halo!", preview_url=True))

Nothing is checked here: the core validates a message when it is sent (for a bulk send, per
recipient) and names the offending field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._base import compact

if TYPE_CHECKING:
    from .types import ContactDict, InteractiveDict, TemplateParamDict

__all__ = [
    "audio",
    "contacts",
    "document",
    "image",
    "interactive",
    "location",
    "reaction",
    "sticker",
    "template",
    "text",
    "video",
]


def _message(kind: str, content: Any, reply_to: str | None) -> dict[str, Any]:
    """The wire message (without ``to``) of type ``kind``."""
    return compact(type=kind, **{kind: content}, reply_message_id=reply_to)


def _media(kind: str, media_id: str | None, link: str | None, reply_to: str | None, **fields: Any) -> dict[str, Any]:
    return _message(kind, compact(id=media_id, link=link, **fields), reply_to)


def text(body: str, *, preview_url: bool | None = None, reply_to: str | None = None) -> dict[str, Any]:
    """A text (1 to 4096 characters); ``preview_url`` shows a link preview; ``reply_to`` quotes
    that message."""
    return _message("text", compact(body=body, preview_url=preview_url), reply_to)


def image(
    *, media_id: str | None = None, link: str | None = None, caption: str | None = None, reply_to: str | None = None
) -> dict[str, Any]:
    """An image: an uploaded ``media_id`` or a ``link``, with an optional caption."""
    return _media("image", media_id, link, reply_to, caption=caption)


def video(
    *, media_id: str | None = None, link: str | None = None, caption: str | None = None, reply_to: str | None = None
) -> dict[str, Any]:
    """A video: an uploaded ``media_id`` or a ``link``, with an optional caption."""
    return _media("video", media_id, link, reply_to, caption=caption)


def audio(*, media_id: str | None = None, link: str | None = None, reply_to: str | None = None) -> dict[str, Any]:
    """Audio: an uploaded ``media_id`` or a ``link``."""
    return _media("audio", media_id, link, reply_to)


def document(
    *,
    media_id: str | None = None,
    link: str | None = None,
    caption: str | None = None,
    filename: str | None = None,
    reply_to: str | None = None,
) -> dict[str, Any]:
    """A document: an uploaded ``media_id`` or a ``link``, with a caption and the file name the
    recipient sees."""
    return _media("document", media_id, link, reply_to, caption=caption, filename=filename)


def sticker(*, media_id: str | None = None, link: str | None = None, reply_to: str | None = None) -> dict[str, Any]:
    """A sticker: an uploaded ``media_id`` or a ``link``."""
    return _media("sticker", media_id, link, reply_to)


def location(
    latitude: float,
    longitude: float,
    *,
    name: str | None = None,
    address: str | None = None,
    reply_to: str | None = None,
) -> dict[str, Any]:
    """A location pin."""
    content = compact(latitude=latitude, longitude=longitude, name=name, address=address)
    return _message("location", content, reply_to)


def contacts(contacts: Sequence[ContactDict], *, reply_to: str | None = None) -> dict[str, Any]:
    """Contact cards: ``[{"name": ..., "phone": ...}, ...]`` (at least one)."""
    return _message("contacts", contacts, reply_to)


def reaction(message_id: str, emoji: str) -> dict[str, Any]:
    """A reaction to message ``message_id``; an empty ``emoji`` removes the reaction."""
    return _message("reaction", {"id": message_id, "emoji": emoji}, None)


def interactive(interactive: InteractiveDict, *, reply_to: str | None = None) -> dict[str, Any]:
    """Reply buttons, a list, or products: ``interactive`` in the wire shape."""
    return _message("interactive", interactive, reply_to)


def template(
    name: str, language: str, *, param: TemplateParamDict | None = None, reply_to: str | None = None
) -> dict[str, Any]:
    """An approved template with the values of its variables."""
    return _message("template", compact(name=name, language=language, param=param), reply_to)
