"""The errors botika raises: one class per stable error code, all under :class:`BotikaError`.

Every error carries what is known about the failure: the HTTP ``status``, the ``method`` and
``path`` of the request, the server's ``message``, per-field messages (``field_errors``), the raw
response ``body``, the ``request_id`` header, how long to wait (``retry_after``, seconds) and, for
sends, whether the message ``may_have_been_sent`` although the call failed. Errors never contain
the API token, and they survive pickling (so they cross process pools).

The classes are chosen by the core's stable codes::

    try:
        client.messages.send_text(to, "Halo!")
    except botika.RateLimitError as e:
        time.sleep(e.retry_after or 1)
    except botika.ValidationError as e:      # also a ValueError
        print(e.field_errors)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BotikaError",
    "ConfigError",
    "DecodeError",
    "InternalError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestCancelledError",
    "ServerError",
    "ValidationError",
]


class BotikaError(Exception):
    """Base class of every error botika raises."""

    #: The stable string code of this kind of error (``"not_found"``, ``"timeout"``, ...).
    code: str = "unknown"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        field_errors: Mapping[str, Sequence[str]] | None = None,
        body: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        may_have_been_sent: bool = False,
        text: str | None = None,
    ) -> None:
        super().__init__(message)
        #: The human-readable message (the server's own words for API errors).
        self.message = message
        #: The HTTP status, for errors the API answered.
        self.status = status
        #: The HTTP method of the failed request.
        self.method = method
        #: The path of the failed request, relative to the base URL (``/messages``).
        self.path = path
        #: Field path -> messages: a 422's ``errors``, or the SDK's own refusal.
        self.field_errors: dict[str, list[str]] = {k: list(v) for k, v in (field_errors or {}).items()}
        #: The raw response body, when there was one.
        self.body = body
        #: The response's ``X-Request-Id``, when the server sent one.
        self.request_id = request_id
        #: Seconds the server asked to wait (429 ``Retry-After``).
        self.retry_after = retry_after
        #: True when a send failed after the request may have reached the server.
        self.may_have_been_sent = may_have_been_sent
        self._text = text

    def __str__(self) -> str:
        return self._text or self.message

    def __repr__(self) -> str:
        details = [f"code={self.code!r}", f"message={self.message!r}"]
        if self.status is not None:
            details.append(f"status={self.status}")
        if self.method and self.path:
            details.append(f"request={self.method + ' ' + self.path!r}")
        if self.request_id:
            details.append(f"request_id={self.request_id!r}")
        return f"{type(self).__name__}({', '.join(details)})"

    def to_dict(self) -> dict[str, Any]:
        """The error's fields, as the conformance cases and logs want them."""
        return {
            "code": self.code,
            "message": self.message,
            "status": self.status,
            "method": self.method,
            "path": self.path,
            "field_errors": {k: list(v) for k, v in self.field_errors.items()},
            "body": self.body,
            "request_id": self.request_id,
            "retry_after": self.retry_after,
            "may_have_been_sent": self.may_have_been_sent,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their positional args by default, which would lose the keywords.
        fields = self.to_dict()
        del fields["code"]
        fields["text"] = self._text
        return (_rebuild, (type(self), fields))


def _rebuild(cls: type[BotikaError], fields: dict[str, Any]) -> BotikaError:
    message = fields.pop("message")
    return cls(message, **fields)


class APIStatusError(BotikaError):
    """The API answered with an error status; ``status`` says which."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, wrong or revoked."""

    code = "authentication"


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but may not do this."""

    code = "permission"


class NotFoundError(APIStatusError):
    """404: the message, media or template does not exist."""

    code = "not_found"


class ValidationError(APIStatusError, ValueError):
    """422: the API refused the request's content; see ``field_errors``."""

    code = "validation"


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` says how long to wait."""

    code = "rate_limited"


class BadRequestError(APIStatusError):
    """Any other 4xx (400, 405, 409, 413, ...): the request was malformed for the server."""

    code = "bad_request"


class ServerError(APIStatusError):
    """5xx: the server failed."""

    code = "server"


#: The name other SDKs use for :class:`ServerError`.
InternalServerError = ServerError


class APITimeoutError(BotikaError, TimeoutError):
    """The request or the connection attempt took longer than allowed."""

    code = "timeout"


class APIConnectionError(BotikaError):
    """The connection could not be made, or broke before a response arrived."""

    code = "connection"


class DecodeError(BotikaError):
    """A response arrived but could not be read as the expected shape."""

    code = "decode"


class InvalidArgumentError(BotikaError, ValueError):
    """Refused before sending: an argument breaks a rule of the API.

    ``field_errors`` maps the path of the offending field (``interactive.action.buttons[3]``) to
    the rules it breaks.
    """

    code = "invalid_argument"


class ConfigError(BotikaError):
    """The client is misconfigured (no token, a bad base URL, a closed client, ...), or a bulk
    job is used in a process forked after it started."""

    code = "config"


class RequestCancelledError(BotikaError):
    """The call was cancelled before it finished."""

    code = "cancelled"


class InternalError(BotikaError):
    """A bug in botika's native code, caught before it could crash the interpreter."""

    code = "internal"


_BY_CODE: dict[str, type[BotikaError]] = {
    cls.code: cls
    for cls in (
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ValidationError,
        RateLimitError,
        BadRequestError,
        ServerError,
        APITimeoutError,
        APIConnectionError,
        DecodeError,
        InvalidArgumentError,
        ConfigError,
        RequestCancelledError,
        InternalError,
    )
}


def _from_native(fields: dict[str, Any]) -> BotikaError:
    """Builds the error the native module reports (called by it, with the core's fields)."""
    code = fields.pop("code")
    cls = _BY_CODE.get(code, BotikaError)
    error = cls(fields.pop("message"), **fields)
    # A code newer than this module still reaches the caller.
    error.code = code
    return error
