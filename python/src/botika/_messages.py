"""Messages: a ``send_*`` method per message type, ``send`` for a message in its wire shape,
``send_json`` for a raw body, and ``mark_read``.

Each method only builds the message's wire dict; the core validates it (recipient, lengths,
button counts, ...) and refuses a bad one before anything is sent, naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._base import Resource, compact
from .models import SentMessage

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from . import _native
    from .types import ContactDict, InteractiveDict, RequestOptions, TemplateParamDict


def _message(kind: str, content: Any, reply_to: str | None) -> dict[str, Any]:
    """The wire message (without ``to``) of type ``kind``."""
    return compact(type=kind, **{kind: content}, reply_message_id=reply_to)


def _media(media_id: str | None, link: str | None, **fields: Any) -> dict[str, Any]:
    return compact(id=media_id, link=link, **fields)


class _Builders:
    """Builds each message type's wire dict; both resources send what these return."""

    __slots__ = ()

    @staticmethod
    def text(body: str, preview_url: bool | None, reply_to: str | None) -> dict[str, Any]:
        return _message("text", compact(body=body, preview_url=preview_url), reply_to)

    @staticmethod
    def media(
        kind: str, media_id: str | None, link: str | None, reply_to: str | None, **fields: Any
    ) -> dict[str, Any]:
        return _message(kind, _media(media_id, link, **fields), reply_to)

    @staticmethod
    def location(
        latitude: float, longitude: float, name: str | None, address: str | None, reply_to: str | None
    ) -> dict[str, Any]:
        content = compact(latitude=latitude, longitude=longitude, name=name, address=address)
        return _message("location", content, reply_to)

    @staticmethod
    def template(
        name: str, language: str, param: TemplateParamDict | None, reply_to: str | None
    ) -> dict[str, Any]:
        return _message("template", compact(name=name, language=language, param=param), reply_to)


class MessagesResource(Resource):
    """``client.messages``."""

    __slots__ = ()

    def _send(self, to: str, message: Mapping[str, Any], options: RequestOptions, check: bool = False) -> SentMessage:
        call: _native.Call = self._native(options).send_message(to, message, check_template=check)
        return SentMessage(call.wait())

    def send_text(
        self,
        to: str,
        body: str,
        *,
        preview_url: bool | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a text (1 to 4096 characters); ``preview_url`` shows a link preview."""
        return self._send(to, _Builders.text(body, preview_url, reply_to), options)

    def send_image(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        caption: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends an image: an uploaded ``media_id`` or a ``link``, with an optional caption."""
        return self._send(to, _Builders.media("image", media_id, link, reply_to, caption=caption), options)

    def send_video(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        caption: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a video: an uploaded ``media_id`` or a ``link``, with an optional caption."""
        return self._send(to, _Builders.media("video", media_id, link, reply_to, caption=caption), options)

    def send_audio(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends audio: an uploaded ``media_id`` or a ``link``."""
        return self._send(to, _Builders.media("audio", media_id, link, reply_to), options)

    def send_document(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        caption: str | None = None,
        filename: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a document: an uploaded ``media_id`` or a ``link``, with a caption and the file
        name the recipient sees."""
        message = _Builders.media("document", media_id, link, reply_to, caption=caption, filename=filename)
        return self._send(to, message, options)

    def send_sticker(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a sticker: an uploaded ``media_id`` or a ``link``."""
        return self._send(to, _Builders.media("sticker", media_id, link, reply_to), options)

    def send_location(
        self,
        to: str,
        latitude: float,
        longitude: float,
        *,
        name: str | None = None,
        address: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a location pin."""
        return self._send(to, _Builders.location(latitude, longitude, name, address, reply_to), options)

    def send_contacts(
        self,
        to: str,
        contacts: Sequence[ContactDict],
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends contact cards: ``[{"name": ..., "phone": ...}, ...]`` (at least one)."""
        return self._send(to, _message("contacts", contacts, reply_to), options)

    def send_reaction(self, to: str, message_id: str, emoji: str, **options: Unpack[RequestOptions]) -> SentMessage:
        """Reacts to message ``message_id`` with ``emoji``; an empty emoji removes the reaction."""
        return self._send(to, _message("reaction", {"id": message_id, "emoji": emoji}, None), options)

    def send_interactive(
        self,
        to: str,
        interactive: InteractiveDict,
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends reply buttons, a list, or products: ``interactive`` in the wire shape."""
        return self._send(to, _message("interactive", interactive, reply_to), options)

    def send_template(
        self,
        to: str,
        name: str,
        language: str,
        *,
        param: TemplateParamDict | None = None,
        reply_to: str | None = None,
        check: bool = False,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends an approved template with the values of its variables.

        With ``check=True`` the template is fetched first and the values are checked against
        it, so a mismatch is refused with the component named instead of failing on delivery.
        """
        return self._send(to, _Builders.template(name, language, param, reply_to), options, check)

    def send(self, to: str, message: Mapping[str, Any], **options: Unpack[RequestOptions]) -> SentMessage:
        """Sends a message given in the wire shape without ``to``:
        ``{"type": "text", "text": {"body": "Halo!"}, "reply_message_id"?: ..., ...}``."""
        return self._send(to, message, options)

    def send_json(self, body: Mapping[str, Any], **options: Unpack[RequestOptions]) -> SentMessage:
        """Sends ``body`` exactly as given (only ``to`` is checked): the escape hatch for
        shapes this SDK does not model."""
        return SentMessage(self._native(options).send_json(body).wait())

    def mark_read(self, message_id: str, **options: Unpack[RequestOptions]) -> None:
        """Marks an inbound message as read (``PUT /messages/{id}``)."""
        self._native(options).mark_read(message_id).wait()


class AsyncMessagesResource(Resource):
    """``client.messages`` of an :class:`~botika.AsyncClient`; see :class:`MessagesResource`."""

    __slots__ = ()

    async def _send(self, to: str, message: Mapping[str, Any], options: RequestOptions, check: bool = False) -> SentMessage:
        call: _native.Call = self._native(options).send_message(to, message, check_template=check)
        return SentMessage(await call.future())

    async def send_text(
        self,
        to: str,
        body: str,
        *,
        preview_url: bool | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a text (1 to 4096 characters); ``preview_url`` shows a link preview."""
        return await self._send(to, _Builders.text(body, preview_url, reply_to), options)

    async def send_image(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        caption: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends an image: an uploaded ``media_id`` or a ``link``, with an optional caption."""
        return await self._send(to, _Builders.media("image", media_id, link, reply_to, caption=caption), options)

    async def send_video(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        caption: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a video: an uploaded ``media_id`` or a ``link``, with an optional caption."""
        return await self._send(to, _Builders.media("video", media_id, link, reply_to, caption=caption), options)

    async def send_audio(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends audio: an uploaded ``media_id`` or a ``link``."""
        return await self._send(to, _Builders.media("audio", media_id, link, reply_to), options)

    async def send_document(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        caption: str | None = None,
        filename: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a document: an uploaded ``media_id`` or a ``link``, with a caption and the file
        name the recipient sees."""
        message = _Builders.media("document", media_id, link, reply_to, caption=caption, filename=filename)
        return await self._send(to, message, options)

    async def send_sticker(
        self,
        to: str,
        *,
        media_id: str | None = None,
        link: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a sticker: an uploaded ``media_id`` or a ``link``."""
        return await self._send(to, _Builders.media("sticker", media_id, link, reply_to), options)

    async def send_location(
        self,
        to: str,
        latitude: float,
        longitude: float,
        *,
        name: str | None = None,
        address: str | None = None,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends a location pin."""
        return await self._send(to, _Builders.location(latitude, longitude, name, address, reply_to), options)

    async def send_contacts(
        self,
        to: str,
        contacts: Sequence[ContactDict],
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends contact cards: ``[{"name": ..., "phone": ...}, ...]`` (at least one)."""
        return await self._send(to, _message("contacts", contacts, reply_to), options)

    async def send_reaction(self, to: str, message_id: str, emoji: str, **options: Unpack[RequestOptions]) -> SentMessage:
        """Reacts to message ``message_id`` with ``emoji``; an empty emoji removes the reaction."""
        return await self._send(to, _message("reaction", {"id": message_id, "emoji": emoji}, None), options)

    async def send_interactive(
        self,
        to: str,
        interactive: InteractiveDict,
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends reply buttons, a list, or products: ``interactive`` in the wire shape."""
        return await self._send(to, _message("interactive", interactive, reply_to), options)

    async def send_template(
        self,
        to: str,
        name: str,
        language: str,
        *,
        param: TemplateParamDict | None = None,
        reply_to: str | None = None,
        check: bool = False,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends an approved template with the values of its variables.

        With ``check=True`` the template is fetched first and the values are checked against
        it, so a mismatch is refused with the component named instead of failing on delivery.
        """
        return await self._send(to, _Builders.template(name, language, param, reply_to), options, check)

    async def send(self, to: str, message: Mapping[str, Any], **options: Unpack[RequestOptions]) -> SentMessage:
        """Sends a message given in the wire shape without ``to``:
        ``{"type": "text", "text": {"body": "Halo!"}, "reply_message_id"?: ..., ...}``."""
        return await self._send(to, message, options)

    async def send_json(self, body: Mapping[str, Any], **options: Unpack[RequestOptions]) -> SentMessage:
        """Sends ``body`` exactly as given (only ``to`` is checked): the escape hatch for
        shapes this SDK does not model."""
        return SentMessage(await self._native(options).send_json(body).future())

    async def mark_read(self, message_id: str, **options: Unpack[RequestOptions]) -> None:
        """Marks an inbound message as read (``PUT /messages/{id}``)."""
        await self._native(options).mark_read(message_id).future()
