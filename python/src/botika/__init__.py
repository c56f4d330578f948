"""botika: the SDK for Botika's WhatsApp Business API.

::

    import botika

    with botika.Client() as client:                       # BOTIKA_API_TOKEN, BOTIKA_BASE_URL
        sent = client.messages.send_text("+62 812-3456-7890", "Halo!", preview_url=True)
        media = client.media.upload("invoice.pdf")
        client.messages.send_document("+62 812-3456-7890", media_id=media.id, filename="invoice.pdf")

:class:`AsyncClient` offers the same calls as coroutines. Errors are in :mod:`botika.errors`
(also importable from here), webhook helpers in :mod:`botika.webhooks`, and an in-process
sandbox of the API for tests in :mod:`botika.testing`.
"""

from __future__ import annotations

from . import messages
from ._bulk import AsyncBulkJob, BulkJob
from ._client import AsyncClient, Client
from ._native import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BotikaError,
    ConfigError,
    DecodeError,
    InternalError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestCancelledError,
    ServerError,
    ValidationError,
)
from .models import (
    BroadcastContent,
    BroadcastCreated,
    BulkCounts,
    BulkOutcome,
    BulkReport,
    BulkStatus,
    DownloadedFile,
    DownloadedMedia,
    LatestBroadcast,
    MessageTemplate,
    Profile,
    Response,
    RetryEvent,
    SentMessage,
    TemplatePage,
    UploadedMedia,
)

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncBulkJob",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "BotikaError",
    "BroadcastContent",
    "BroadcastCreated",
    "BulkCounts",
    "BulkJob",
    "BulkOutcome",
    "BulkReport",
    "BulkStatus",
    "Client",
    "ConfigError",
    "DecodeError",
    "DownloadedFile",
    "DownloadedMedia",
    "InternalError",
    "InternalServerError",
    "InvalidArgumentError",
    "LatestBroadcast",
    "MessageTemplate",
    "NotFoundError",
    "PermissionDeniedError",
    "Profile",
    "RateLimitError",
    "RequestCancelledError",
    "Response",
    "RetryEvent",
    "SentMessage",
    "ServerError",
    "TemplatePage",
    "UploadedMedia",
    "ValidationError",
    "__version__",
    "messages",
]
