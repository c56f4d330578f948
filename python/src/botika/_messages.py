"""Messages: a ``send_*`` method per message type, ``send`` for a message in its wire shape,
``send_json`` for a raw body, ``mark_read``, and bulk sends (``send_bulk``, ``start_bulk`` and
their ``_pairs`` forms).

Each method only builds the message's wire dict (with :mod:`botika.messages`); the core
validates it (recipient, lengths, button counts, ...) and refuses a bad one before anything is
sent, naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import messages as build
from ._base import Resource
from ._bulk import AsyncBulkJob, BulkJob, OnOutcome, async_report_of, report_of
from .models import BulkReport, SentMessage

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from . import _native
    from .types import ContactDict, InteractiveDict, RequestOptions, TemplateParamDict


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
        return self._send(to, build.text(body, preview_url=preview_url, reply_to=reply_to), options)

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
        return self._send(to, build.image(media_id=media_id, link=link, caption=caption, reply_to=reply_to), options)

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
        return self._send(to, build.video(media_id=media_id, link=link, caption=caption, reply_to=reply_to), options)

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
        return self._send(to, build.audio(media_id=media_id, link=link, reply_to=reply_to), options)

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
        message = build.document(media_id=media_id, link=link, caption=caption, filename=filename, reply_to=reply_to)
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
        return self._send(to, build.sticker(media_id=media_id, link=link, reply_to=reply_to), options)

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
        return self._send(
            to, build.location(latitude, longitude, name=name, address=address, reply_to=reply_to), options
        )

    def send_contacts(
        self,
        to: str,
        contacts: Sequence[ContactDict],
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends contact cards: ``[{"name": ..., "phone": ...}, ...]`` (at least one)."""
        return self._send(to, build.contacts(contacts, reply_to=reply_to), options)

    def send_reaction(self, to: str, message_id: str, emoji: str, **options: Unpack[RequestOptions]) -> SentMessage:
        """Reacts to message ``message_id`` with ``emoji``; an empty emoji removes the reaction."""
        return self._send(to, build.reaction(message_id, emoji), options)

    def send_interactive(
        self,
        to: str,
        interactive: InteractiveDict,
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends reply buttons, a list, or products: ``interactive`` in the wire shape."""
        return self._send(to, build.interactive(interactive, reply_to=reply_to), options)

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
        return self._send(to, build.template(name, language, param=param, reply_to=reply_to), options, check)

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

    def send_bulk(
        self,
        recipients: Iterable[str],
        message: Mapping[str, Any],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        on_outcome: OnOutcome | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport:
        """Sends ``message`` (a :mod:`botika.messages` value or any wire dict) to every
        recipient and returns the report: one outcome per recipient, in input order.

        The job runs in Rust with the GIL released: at most ``concurrency`` sends at once (16),
        under the client's ``rate_limit``; a 429 pauses the whole job for its ``Retry-After``
        and re-queues the recipient (up to ``max_rate_limit_requeues`` times, 10), and a
        ``Retry-After`` longer than ``max_pause`` seconds (60) stops it. Nothing is sent twice.
        Invalid numbers or messages fail only their own recipients. ``on_outcome`` is called in
        this thread with each outcome as it finishes. An exception (Ctrl-C included) cancels the
        job; see :meth:`start_bulk` to follow or cancel it yourself.
        """
        job = self.start_bulk(
            recipients,
            message,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
            **options,
        )
        return report_of(job, on_outcome)

    def send_bulk_pairs(
        self,
        items: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        on_outcome: OnOutcome | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport:
        """Sends each ``(to, message)`` pair, a different message per recipient; otherwise as
        :meth:`send_bulk`. A message object given for several recipients is converted once."""
        job = self.start_bulk_pairs(
            items,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
            **options,
        )
        return report_of(job, on_outcome)

    def start_bulk(
        self,
        recipients: Iterable[str],
        message: Mapping[str, Any],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkJob:
        """Starts :meth:`send_bulk` and returns its :class:`~botika.BulkJob` at once: iterate it
        for outcomes as they finish, ``cancel()`` it from any thread, ``result()`` for the
        report. Keep a reference: a job nobody refers to any more is cancelled."""
        native = self._native(options).bulk_start(
            recipients,
            message,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
        )
        return BulkJob(native)

    def start_bulk_pairs(
        self,
        items: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkJob:
        """Starts :meth:`send_bulk_pairs` and returns its :class:`~botika.BulkJob` at once."""
        native = self._native(options).bulk_start_pairs(
            items,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
        )
        return BulkJob(native)


class AsyncMessagesResource(Resource):
    """``client.messages`` of an :class:`~botika.AsyncClient`; see :class:`MessagesResource`."""

    __slots__ = ()

    async def _send(
        self, to: str, message: Mapping[str, Any], options: RequestOptions, check: bool = False
    ) -> SentMessage:
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
        return await self._send(to, build.text(body, preview_url=preview_url, reply_to=reply_to), options)

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
        return await self._send(
            to, build.image(media_id=media_id, link=link, caption=caption, reply_to=reply_to), options
        )

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
        return await self._send(
            to, build.video(media_id=media_id, link=link, caption=caption, reply_to=reply_to), options
        )

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
        return await self._send(to, build.audio(media_id=media_id, link=link, reply_to=reply_to), options)

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
        message = build.document(media_id=media_id, link=link, caption=caption, filename=filename, reply_to=reply_to)
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
        return await self._send(to, build.sticker(media_id=media_id, link=link, reply_to=reply_to), options)

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
        return await self._send(
            to, build.location(latitude, longitude, name=name, address=address, reply_to=reply_to), options
        )

    async def send_contacts(
        self,
        to: str,
        contacts: Sequence[ContactDict],
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends contact cards: ``[{"name": ..., "phone": ...}, ...]`` (at least one)."""
        return await self._send(to, build.contacts(contacts, reply_to=reply_to), options)

    async def send_reaction(
        self, to: str, message_id: str, emoji: str, **options: Unpack[RequestOptions]
    ) -> SentMessage:
        """Reacts to message ``message_id`` with ``emoji``; an empty emoji removes the reaction."""
        return await self._send(to, build.reaction(message_id, emoji), options)

    async def send_interactive(
        self,
        to: str,
        interactive: InteractiveDict,
        *,
        reply_to: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SentMessage:
        """Sends reply buttons, a list, or products: ``interactive`` in the wire shape."""
        return await self._send(to, build.interactive(interactive, reply_to=reply_to), options)

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
        return await self._send(to, build.template(name, language, param=param, reply_to=reply_to), options, check)

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

    async def send_bulk(
        self,
        recipients: Iterable[str],
        message: Mapping[str, Any],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        on_outcome: OnOutcome | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport:
        """Sends ``message`` to every recipient; see :meth:`MessagesResource.send_bulk`.
        ``on_outcome`` is called in the event loop; cancelling the task cancels the job."""
        job = self.start_bulk(
            recipients,
            message,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
            **options,
        )
        return await async_report_of(job, on_outcome)

    async def send_bulk_pairs(
        self,
        items: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        on_outcome: OnOutcome | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkReport:
        """Sends each ``(to, message)`` pair; see :meth:`MessagesResource.send_bulk_pairs`."""
        job = self.start_bulk_pairs(
            items,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
            **options,
        )
        return await async_report_of(job, on_outcome)

    def start_bulk(
        self,
        recipients: Iterable[str],
        message: Mapping[str, Any],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncBulkJob:
        """Starts a bulk send and returns its :class:`~botika.AsyncBulkJob` at once (not a
        coroutine: starting never waits): ``async for`` its outcomes, ``await`` it for the
        report."""
        native = self._native(options).bulk_start(
            recipients,
            message,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
        )
        return AsyncBulkJob(native)

    def start_bulk_pairs(
        self,
        items: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        concurrency: int | None = None,
        max_rate_limit_requeues: int | None = None,
        max_pause: float | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncBulkJob:
        """Starts :meth:`send_bulk_pairs` and returns its :class:`~botika.AsyncBulkJob` at once."""
        native = self._native(options).bulk_start_pairs(
            items,
            concurrency=concurrency,
            max_rate_limit_requeues=max_rate_limit_requeues,
            max_pause=max_pause,
        )
        return AsyncBulkJob(native)
