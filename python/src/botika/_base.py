"""What every resource shares: the native client and how per-call options reach it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _native

if TYPE_CHECKING:
    from .types import RequestOptions


class Resource:
    """A group of API calls (``client.messages``, ``client.media``, ...)."""

    __slots__ = ("_client",)

    def __init__(self, client: _native.NativeClient) -> None:
        self._client = client

    def _native(self, options: RequestOptions) -> _native.NativeClient:
        """The native client to call, with the per-call options applied (unknown option names
        raise ``TypeError``)."""
        return self._client.with_options(**options) if options else self._client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client.base_url}>"


def compact(**fields: Any) -> dict[str, Any]:
    """The fields that were given: ``None`` means "leave it out", as in the wire format."""
    return {name: value for name, value in fields.items() if value is not None}
