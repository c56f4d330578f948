"""Typed shapes of the dicts botika accepts: per-call options and the nested parts of requests.

They are plain ``TypedDict``\\ s, written in the API's wire shape: pass ordinary dicts and lists.
The core validates them, and its errors name the path of the offending field
(``interactive.action.buttons[0].reply.title``), so nothing is checked twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict

__all__ = [
    "ActionDict",
    "BroadcastTemplateDict",
    "ButtonParamDict",
    "ContactDict",
    "HeaderDict",
    "InteractiveDict",
    "LimitedTimeOfferDict",
    "MediaObjectDict",
    "ProductItemDict",
    "ReplyButtonDict",
    "ReplyDict",
    "RequestOptions",
    "RowDict",
    "SectionDict",
    "TemplateButtonDict",
    "TemplateComponentDict",
    "TemplateParamDict",
    "TextDict",
]


class RequestOptions(TypedDict, total=False):
    """Per-call options, accepted as keyword arguments by every API method."""

    #: Total seconds allowed for one attempt (the client's ``timeout`` otherwise).
    timeout: float
    #: How many times the call may be retried (0 disables retries).
    max_retries: int
    #: Headers added to the request, overriding the client's of the same name.
    extra_headers: Mapping[str, str]
    #: Retry ``POST /messages`` and ``/broadcasts`` after a timeout or 5xx too (may send twice).
    retry_unsafe_sends: bool


class MediaObjectDict(TypedDict, total=False):
    """A media reference: exactly one of ``id`` (an uploaded media id) and ``link`` (http/https)."""

    id: str
    link: str


class TextDict(TypedDict):
    """``{"text": ...}``: a body or footer of an interactive message."""

    text: str


class _HeaderBase(TypedDict):
    type: Literal["text", "image", "video", "document"]


class HeaderDict(_HeaderBase, total=False):
    """A header: ``{"type": "text", "text"}`` or ``{"type": "image", "image": {"id" | "link"}}``."""

    text: str
    image: MediaObjectDict
    video: MediaObjectDict
    document: MediaObjectDict


class ReplyDict(TypedDict):
    """A reply button's ``id`` (at most 256 characters) and ``title`` (at most 20)."""

    id: str
    title: str


class ReplyButtonDict(TypedDict):
    """``{"type": "reply", "reply": {"id", "title"}}``."""

    type: Literal["reply"]
    reply: ReplyDict


class _RowBase(TypedDict):
    id: str
    title: str


class RowDict(_RowBase, total=False):
    """A list row: ``id``, ``title`` (at most 24 characters), ``description`` (at most 72)."""

    description: str


class ProductItemDict(TypedDict):
    """A product of a ``product_list`` section."""

    product_retailer_id: str


class SectionDict(TypedDict, total=False):
    """A list section (``rows``) or a product-list section (``product_items``)."""

    title: str
    rows: Sequence[RowDict]
    product_items: Sequence[ProductItemDict]


class ActionDict(TypedDict, total=False):
    """The ``action`` of an interactive message; which keys apply depends on its type."""

    #: ``button`` messages: 1 to 3 reply buttons.
    buttons: Sequence[ReplyButtonDict]
    #: ``list`` messages: the label of the button that opens the list.
    button: str
    #: ``list`` and ``product_list`` messages.
    sections: Sequence[SectionDict]
    #: ``product`` and ``product_list`` messages.
    catalog_id: str
    #: ``product`` messages.
    product_retailer_id: str


class _InteractiveBase(TypedDict):
    type: Literal["button", "list", "product", "product_list"]
    action: ActionDict


class InteractiveDict(_InteractiveBase, total=False):
    """An interactive message in the wire shape (contract section 4.1)."""

    header: HeaderDict
    body: TextDict
    footer: TextDict


class ContactDict(TypedDict):
    """One entry of a contacts message."""

    name: str
    phone: str


class ButtonParamDict(TypedDict):
    """The value of one template button, in the template's button order."""

    type: Literal["QUICK_REPLY", "URL", "COPY_CODE"]
    value: str


class LimitedTimeOfferDict(TypedDict):
    """The expiry of a limited-time offer, in Unix milliseconds."""

    expiration_time: int


class TemplateParamDict(TypedDict, total=False):
    """The values of a template's variables (contract section 4.2)."""

    header: HeaderDict
    #: The values of ``{{1}}``, ``{{2}}``, ... of the body, in order.
    body: Sequence[str]
    button: Sequence[ButtonParamDict]
    limited_time_offer: LimitedTimeOfferDict


class _BroadcastTemplateBase(TypedDict):
    name: str
    language: str


class BroadcastTemplateDict(_BroadcastTemplateBase, total=False):
    """The template a broadcast sends: ``{"name", "language", "param"?}``."""

    param: TemplateParamDict


class _TemplateButtonBase(TypedDict):
    type: Literal["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE"]


class TemplateButtonDict(_TemplateButtonBase, total=False):
    """A button of a template's ``BUTTONS`` component."""

    text: str
    url: str
    phone_number: str
    example: Any


class _TemplateComponentBase(TypedDict):
    type: Literal["HEADER", "BODY", "FOOTER", "BUTTONS", "LIMITED_TIME_OFFER"]


class TemplateComponentDict(_TemplateComponentBase, total=False):
    """A component of a template, in Meta's schema (contract section 6)."""

    #: ``HEADER``: ``TEXT``, ``IMAGE``, ``VIDEO``, ``DOCUMENT`` or ``LOCATION``.
    format: str
    text: str
    example: Any
    buttons: Sequence[TemplateButtonDict]
    limited_time_offer: Mapping[str, Any]
