"""What the API answers, as Python objects.

Every model is built from the dict form of the core's result: its fields are attributes,
``to_dict()`` gives that dict back (a copy), ``raw`` (where the API sent JSON) is the JSON exactly
as received, models compare equal when their dicts are equal, and ``repr()`` shows the fields
without the bulky ``raw`` and ``extra``. Models are immutable.
"""

from __future__ import annotations

import copy
import json as _json
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from .errors import BotikaError

__all__ = [
    "BroadcastContent",
    "BroadcastCreated",
    "BulkCounts",
    "BulkOutcome",
    "BulkReport",
    "BulkStatus",
    "DownloadedFile",
    "DownloadedMedia",
    "LatestBroadcast",
    "MessageTemplate",
    "Model",
    "Profile",
    "Response",
    "RetryEvent",
    "SentMessage",
    "TemplatePage",
    "UploadedMedia",
]


class Model:
    """Base class of every result model."""

    #: Fields that hold other models (a dict becomes one model, a list a list of them).
    _nested: ClassVar[Mapping[str, type[Model]]] = {}
    #: Fields left out of ``repr()``.
    _hidden: ClassVar[frozenset[str]] = frozenset({"raw", "extra"})

    #: The public fields (annotated names), in declaration order; set for each subclass.
    _fields: ClassVar[tuple[str, ...]] = ()
    #: The fields taken as they are, and those holding models with their model; per subclass.
    _plain: ClassVar[tuple[str, ...]] = ()
    _models: ClassVar[tuple[tuple[str, type[Model]], ...]] = ()

    _data: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Once per class rather than per instance: every result builds a model.
        cls._fields = tuple(cls._field_names())
        cls._plain = tuple(name for name in cls._fields if name not in cls._nested)
        cls._models = tuple((name, cls._nested[name]) for name in cls._fields if name in cls._nested)

    def __init__(self, data: Mapping[str, Any]) -> None:
        fields = dict(data)
        # Written into the instance dict directly (`__setattr__` refuses, the models being
        # immutable): a third faster than `object.__setattr__` per field.
        attrs = self.__dict__
        attrs["_data"] = fields
        get = fields.get
        for name in self._plain:
            attrs[name] = get(name)
        for name, model in self._models:
            value = get(name)
            if value is not None:
                value = [model(item) for item in value] if isinstance(value, list) else model(value)
            attrs[name] = value

    @classmethod
    def _field_names(cls) -> Iterator[str]:
        seen: set[str] = set()
        for klass in reversed(cls.__mro__):
            for name in vars(klass).get("__annotations__", {}):
                if not name.startswith("_") and name not in seen:
                    seen.add(name)
                    yield name

    def to_dict(self) -> dict[str, Any]:
        """The model as a plain dict (a deep copy), as the core produced it."""
        return copy.deepcopy(self._data)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]  # mutable contents (dicts), so not hashable

    def __repr__(self) -> str:
        shown = []
        for name in self._fields:
            if name in self._hidden:
                continue
            value = getattr(self, name)
            text = f"<{len(value)} bytes>" if isinstance(value, bytes) else repr(value)
            shown.append(f"{name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"


class Profile(Model):
    """The WhatsApp business profile (``client.profile.get()``); every field may be ``None``."""

    about: str | None
    address: str | None
    description: str | None
    email: str | None
    #: The business category (Meta's ``vertical``, such as ``RETAIL``).
    vertical: str | None
    websites: list[str]
    profile_picture_url: str | None
    #: Fields of the profile this SDK does not know, as received.
    extra: dict[str, Any]
    #: The profile object exactly as received (``None`` when the API sent none).
    raw: Any


class UploadedMedia(Model):
    """A file uploaded with ``client.media.upload(...)``: the id to send it by."""

    id: str
    #: ``audio``, ``document``, ``image``, ``sticker`` or ``video``.
    kind: str
    mime_type: str
    size: int
    filename: str
    #: The API's JSON answer.
    raw: Any


class DownloadedMedia(Model):
    """A file downloaded into memory with ``client.media.download(id)``."""

    content: bytes
    mime_type: str | None
    filename: str | None
    size: int


class DownloadedFile(Model):
    """A file saved with ``client.media.download_to(id, path)``."""

    #: Where it was saved.
    path: str
    mime_type: str | None
    #: Its name on the server, from ``Content-Disposition``.
    filename: str | None
    size: int


class Response(Model):
    """The answer to ``client.request(...)``: any 2xx response, whole."""

    status: int
    #: Response headers by lower-case name (repeated headers joined with ``", "``).
    headers: dict[str, str]
    content: bytes
    #: The body parsed as JSON; ``None`` when it is empty or not JSON.
    json: Any
    request_id: str | None

    @property
    def text(self) -> str:
        """The body as text (UTF-8, invalid bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    @property
    def raw(self) -> Any:
        """The body as JSON (the same as ``json``)."""
        return self.json

    def to_dict(self) -> dict[str, Any]:
        """``status``, ``headers``, ``json``, ``text`` and ``request_id`` (JSON-friendly)."""
        return {
            "status": self.status,
            "headers": dict(self.headers),
            "json": copy.deepcopy(self.json),
            "text": self.text,
            "request_id": self.request_id,
        }

    def __repr__(self) -> str:
        body = _json.dumps(self.json)[:80] if self.json is not None else f"<{len(self.content)} bytes>"
        return f"Response(status={self.status}, body={body})"


class SentMessage(Model):
    """A message the API accepted (``client.messages.send_*``)."""

    #: The message id (``wamid...``), for replies, reactions and delivery statuses.
    id: str
    #: The API's JSON answer.
    raw: Any


class MessageTemplate(Model):
    """A message template with its review status."""

    id: str
    name: str
    #: The language code (``id``, ``en_US``).
    language: str
    #: ``MARKETING``, ``UTILITY`` or ``AUTHENTICATION``.
    category: str | None
    #: ``PENDING``, ``APPROVED``, ``REJECTED``, ``PAUSED`` or ``DISABLED``.
    status: str | None
    #: The components in Meta's schema, as dicts.
    components: list[dict[str, Any]]
    rejected_reason: str | None
    created_at: str | None
    #: The template object as received.
    raw: Any


class TemplatePage(Model):
    """One page of ``client.templates.list_page(...)``."""

    _nested = {"templates": MessageTemplate}

    templates: list[MessageTemplate]
    current_page: int
    #: The next page's number, ``None`` on the last page.
    next_page: int | None
    raw: Any


class BroadcastCreated(Model):
    """A broadcast the API accepted (``client.broadcasts.send(...)``)."""

    id: str
    name: str
    #: ``contact`` or ``label``.
    type: str
    total_recipients: int
    #: ``queued``.
    status: str
    raw: Any


class BroadcastContent(Model):
    """What a broadcast sent: ``{"from": "broadcast", "type": "template", "content"}``."""

    #: ``broadcast``.
    from_: str | None
    type: str | None
    content: Any

    def __init__(self, data: Mapping[str, Any]) -> None:
        # `from` is a keyword in Python: the attribute is `from_`, the dict keeps `from`.
        super().__init__({**data, "from_": data.get("from")})
        object.__setattr__(self, "_data", dict(data))


class LatestBroadcast(Model):
    """Today's latest broadcast message to one recipient (``client.broadcasts.latest(to)``)."""

    _nested = {"content": BroadcastContent}

    has_broadcast: bool
    message_id: str | None
    #: ``None`` when there was no broadcast today.
    content: BroadcastContent | None
    message_created_at: str | None
    #: ``sent``, ``delivered``, ``read`` or ``failed``.
    latest_status: str | None
    raw: Any


class RetryEvent(Model):
    """What a client's ``on_retry`` hook is called with, before each retry of a call."""

    #: The attempt that failed, from 1 (the retry about to happen is attempt ``attempt + 1``).
    attempt: int
    #: The HTTP method (``GET``, ``POST``, ...).
    method: str
    #: The path below the base URL (``/messages``).
    path: str
    #: The error code the attempt failed with (``server``, ``timeout``, ``rate_limited``, ...),
    #: as :attr:`botika.BotikaError.code`.
    code: str
    #: The HTTP status, when the server answered.
    status: int | None
    #: Seconds the client waits before the retry.
    delay: float


#: Where one recipient of a bulk send ended up.
BulkStatus = Literal["sent", "failed", "unknown", "not_attempted"]


class BulkOutcome(Model):
    """One recipient of a bulk send: its position in the input, the recipient, and the message
    id or the error.

    ``status`` is ``"sent"`` (``id`` is the message id), ``"failed"`` (certainly not delivered),
    ``"unknown"`` (the request may have reached the API: check before sending again;
    ``error.may_have_been_sent`` is true) or ``"not_attempted"`` (the job stopped first:
    cancelled, or a ``Retry-After`` longer than ``max_pause``).
    """

    #: The recipient's position in the input, from 0.
    index: int
    #: The recipient, exactly as given.
    to: str
    status: BulkStatus
    #: The message id, when sent.
    id: str | None
    #: Why it was not sent (an instance of the :mod:`botika.errors` class for its code).
    error: BotikaError | None

    @classmethod
    def _from_native(cls, fields: Sequence[Any]) -> BulkOutcome:
        """From the native module's ``(index, to, status, id, error)``.

        A report builds one per recipient after the last send, so this skips the generic
        constructor (three times slower) and the dict of the fields it keeps: an outcome's
        ``to_dict()`` and equality are built from its attributes.
        """
        index, to, status, id, error = fields
        outcome = object.__new__(cls)
        outcome.__dict__.update(index=index, to=to, status=status, id=id, error=error)
        return outcome

    def to_dict(self) -> dict[str, Any]:
        """The outcome as a plain dict; the error as its ``to_dict()``."""
        return {
            "index": self.index,
            "to": self.to,
            "status": self.status,
            "id": self.id,
            "error": None if self.error is None else self.error.to_dict(),
        }

    def __eq__(self, other: object) -> bool:
        # Errors are exceptions, which compare by identity: compare their fields instead.
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BulkOutcome)
        return self.to_dict() == other.to_dict()


class BulkCounts(Model):
    """The counters of a bulk job: how many recipients ended each way, and what is happening."""

    #: Recipients in the job.
    total: int
    sent: int
    failed: int
    unknown: int
    not_attempted: int
    #: Sends under way right now (including the wait for the client's rate limiter).
    in_flight: int
    #: 429 answers received so far (each one paused the job and re-queued its recipient).
    rate_limited: int

    @property
    def done(self) -> int:
        """Recipients with a final outcome."""
        return self.sent + self.failed + self.unknown + self.not_attempted


class BulkReport(Model):
    """The end of a bulk send: one outcome per recipient, in input order (``outcomes[i]``
    belongs to the ``i``-th recipient), and the totals."""

    _nested = {"counts": BulkCounts}

    outcomes: list[BulkOutcome]
    #: The totals (``in_flight`` is 0).
    counts: BulkCounts

    def with_status(self, status: BulkStatus) -> list[BulkOutcome]:
        """The outcomes with this status, in input order."""
        return [outcome for outcome in self.outcomes if outcome.status == status]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain dicts and lists."""
        return {"outcomes": [outcome.to_dict() for outcome in self.outcomes], "counts": self.counts.to_dict()}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BulkReport)
        return self.counts == other.counts and self.outcomes == other.outcomes

    def __repr__(self) -> str:
        # The counts only: the outcomes are customers' phone numbers, and there may be many.
        return f"BulkReport({self.counts!r})"
