"""The clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both wrap the same native client: one connection pool, retry policy and rate limiter per
client. The blocking client releases the GIL while it waits, so other threads keep running; the
async client's calls are cancelled (in Rust too) when their task is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

from . import _native
from ._base import Resource
from ._broadcasts import AsyncBroadcastsResource, BroadcastsResource
from ._media import AsyncMediaResource, MediaResource
from ._messages import AsyncMessagesResource, MessagesResource
from ._profile import AsyncProfileResource, ProfileResource
from ._templates import AsyncTemplatesResource, TemplatesResource
from .models import Response, RetryEvent

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from .types import RequestOptions

#: Query parameters: a value, or a list of values to repeat the name.
QueryValue = str | int | Sequence[str | int]

_log = logging.getLogger("botika")


def _retry_hook(on_retry: Callable[[RetryEvent], object]) -> Callable[[dict[str, Any]], None]:
    """What the native client calls (on a botika thread) with each retry's fields: the
    user's hook with a :class:`RetryEvent`, its exceptions logged, since the call it reports
    on must go on and nobody else could catch them."""

    def deliver(fields: dict[str, Any]) -> None:
        try:
            on_retry(RetryEvent(fields))
        except Exception:
            _log.exception("the on_retry hook raised an exception; the call goes on")

    return deliver


class _Base:
    """Configuration shared by both clients."""

    #: The resources each client offers, by attribute name.
    _resources: ClassVar[Mapping[str, type[Resource]]]

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        retry_base_delay: float | None = None,
        retry_max_delay: float | None = None,
        retry_after_cap: float | None = None,
        rate_limit: float | None = None,
        headers: Mapping[str, str] | None = None,
        on_retry: Callable[[RetryEvent], object] | None = None,
    ) -> None:
        """Configures the client; what is not given comes from the environment or the defaults.

        :param token: the API token; ``BOTIKA_API_TOKEN`` when not given.
        :param base_url: ``BOTIKA_BASE_URL``, else Botika's production URL.
        :param timeout: total seconds for one attempt (30 by default).
        :param connect_timeout: seconds to establish a connection (10 by default).
        :param max_retries: retries of a failed call (2 by default; sends are retried only when
            the request provably never reached the server).
        :param retry_base_delay: the first backoff ceiling in seconds (doubles each retry).
        :param retry_max_delay: the longest backoff in seconds.
        :param retry_after_cap: the longest ``Retry-After`` waited for, in seconds.
        :param rate_limit: messages per second allowed for ``POST /messages`` (shared by every
            call of this client).
        :param headers: headers sent on every request.
        :param on_retry: called with a :class:`~botika.RetryEvent` before each retry of a call,
            on a botika thread, shortly after the failure (a request never waits for it, nor
            for the GIL it needs). Its exceptions are logged to the ``botika`` logger and do
            not affect the call. Closing the client releases it.
        """
        self._attach(_native.NativeClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            retry_base_delay=retry_base_delay,
            retry_max_delay=retry_max_delay,
            retry_after_cap=retry_after_cap,
            rate_limit=rate_limit,
            headers=dict(headers) if headers is not None else None,
            on_retry=_retry_hook(on_retry) if on_retry is not None else None,
        ))

    @classmethod
    def _sharing(cls, client: _native.NativeClient) -> Self:
        """A client of this class over an existing native client (same pool and settings)."""
        shared = cls.__new__(cls)
        shared._attach(client)
        return shared

    def _attach(self, client: _native.NativeClient) -> None:
        self._client = client
        for name, resource in self._resources.items():
            setattr(self, name, resource(client))

    @property
    def base_url(self) -> str:
        """The base URL every path is appended to."""
        return self._client.base_url

    @property
    def closed(self) -> bool:
        """True once the client was closed."""
        return self._client.closed

    def __repr__(self) -> str:
        state = "closed" if self.closed else self.base_url
        return f"<{type(self).__name__} {state}>"

    def _request_call(
        self,
        method: str,
        path: str,
        json: Any,
        query: Mapping[str, QueryValue] | None,
        idempotent: bool | None,
        options: RequestOptions,
    ) -> _native.Call:
        client = self._client.with_options(**options) if options else self._client
        return client.request(method, path, json=json, query=query, idempotent=idempotent)


class Client(_Base):
    """A blocking client for Botika's WhatsApp Business API.

    ::

        with botika.Client() as client:          # BOTIKA_API_TOKEN, BOTIKA_BASE_URL
            sent = client.messages.send_text("+62 812-3456-7890", "Halo!")
    """

    messages: MessagesResource
    media: MediaResource
    profile: ProfileResource
    templates: TemplatesResource
    broadcasts: BroadcastsResource
    _resources = {
        "messages": MessagesResource,
        "media": MediaResource,
        "profile": ProfileResource,
        "templates": TemplatesResource,
        "broadcasts": BroadcastsResource,
    }


    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        query: Mapping[str, QueryValue] | None = None,
        idempotent: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> Response:
        """Any endpoint, with the client's auth, retries and rate limit.

        ``path`` is relative to the base URL (``/profile``). A ``POST`` counts as a send
        (retried only when it provably never reached the server) unless ``idempotent=True``.
        """
        return Response(self._request_call(method, path, json, query, idempotent, options).wait())

    def as_async(self) -> AsyncClient:
        """An :class:`AsyncClient` sharing this client's connection pool, settings and rate
        limit (closing either closes both)."""
        return AsyncClient._sharing(self._client)

    def close(self) -> None:
        """Releases the connection pool; later calls raise :class:`~botika.ConfigError`."""
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncClient(_Base):
    """An asyncio client for Botika's WhatsApp Business API; every call is a coroutine.

    ::

        async with botika.AsyncClient() as client:
            sent = await client.messages.send_text("+62 812-3456-7890", "Halo!")
    """

    messages: AsyncMessagesResource
    media: AsyncMediaResource
    profile: AsyncProfileResource
    templates: AsyncTemplatesResource
    broadcasts: AsyncBroadcastsResource
    _resources = {
        "messages": AsyncMessagesResource,
        "media": AsyncMediaResource,
        "profile": AsyncProfileResource,
        "templates": AsyncTemplatesResource,
        "broadcasts": AsyncBroadcastsResource,
    }


    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        query: Mapping[str, QueryValue] | None = None,
        idempotent: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> Response:
        """Any endpoint; see :meth:`Client.request`."""
        return Response(await self._request_call(method, path, json, query, idempotent, options).future())

    def as_sync(self) -> Client:
        """A blocking :class:`Client` sharing this client's connection pool, settings and rate
        limit (closing either closes both)."""
        return Client._sharing(self._client)

    async def close(self) -> None:
        """Releases the connection pool; later calls raise :class:`~botika.ConfigError`."""
        self._client.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
