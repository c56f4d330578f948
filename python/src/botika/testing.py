"""Test your bot offline: the Botika sandbox, a faithful emulator of the API, in your process.

::

    from botika.testing import Sandbox

    with Sandbox() as sandbox, sandbox.client() as client:
        client.messages.send_text("+62 812-3456-7890", "Halo!")
        assert sandbox.sent_messages()[0]["content"]["text"]["body"] == "Halo!"
        sandbox.inbound_text("+62 812-3456-7890", "Thanks!")   # a customer writes back

With pytest, the ``botika_sandbox`` and ``botika_client`` fixtures (registered automatically
when botika is installed) give each test a fresh sandbox; ``@pytest.mark.botika_sandbox(...)``
passes settings to it. ``docs/sandbox.md`` documents the test recipients, webhooks and faults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from . import _native
from ._base import compact
from ._client import AsyncClient, Client

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Sandbox"]

FaultKind = Literal["latency", "error", "rate_limit", "drop_before", "drop_after", "malformed"]


class Sandbox:
    """A sandbox of Botika's API listening on 127.0.0.1, running until :meth:`stop` (or the end
    of a ``with`` block).

    :param token: the bearer token it accepts (``sandbox-token`` by default).
    :param webhook_url: where it posts webhooks (statuses, inbound messages, template reviews).
    :param webhook_secret: signs every webhook (``X-Hub-Signature-256``).
    :param envelope: the webhook body shape, ``"cloud"`` (default) or ``"flat"``.
    :param status_schedule: seconds after a send when ``sent``, ``delivered`` and ``read``
        arrive (default ``(0.1, 0.3, 1.0)``).
    :param review_delay: seconds a new template stays ``PENDING`` (default 1).
    :param service_window: enforce WhatsApp's customer-service window (24 hours long unless
        ``service_window_length`` says otherwise).
    :param service_window_length: the window's length in seconds; giving it turns the window on.
        A short one (``1.0``) lets a test see free-form messages fail with 131047 once it closes.
    :param labels: label id -> phone numbers, for broadcasts to labels.
    :param state_file: keep the state in this JSON file across restarts.
    :param port: the port (0, the default, picks a free one).
    :param log_requests: print one line per request to stderr.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        envelope: Literal["cloud", "flat"] | None = None,
        status_schedule: tuple[float, float, float] | None = None,
        review_delay: float | None = None,
        service_window: bool = False,
        service_window_length: float | None = None,
        labels: Mapping[int, Sequence[str]] | None = None,
        state_file: str | os.PathLike[str] | None = None,
        port: int = 0,
        log_requests: bool = False,
    ) -> None:
        self._sandbox = _native.NativeSandbox(
            token=token,
            port=port,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            envelope=envelope,
            status_schedule=status_schedule,
            review_delay=review_delay,
            service_window=service_window,
            service_window_length=service_window_length,
            labels=labels,
            state_file=state_file,
            log_requests=log_requests,
        )

    @property
    def url(self) -> str:
        """The sandbox's address (``http://127.0.0.1:PORT``)."""
        return self._sandbox.url

    @property
    def api_url(self) -> str:
        """The API's base URL on the sandbox: use it as a client's ``base_url``."""
        return self._sandbox.api_url

    @property
    def token(self) -> str:
        """The token the sandbox accepts."""
        return self._sandbox.token

    def client(self, **settings: Any) -> Client:
        """A :class:`~botika.Client` for this sandbox; ``settings`` as for ``Client(...)``."""
        return Client(self.token, base_url=self.api_url, **settings)

    def async_client(self, **settings: Any) -> AsyncClient:
        """An :class:`~botika.AsyncClient` for this sandbox."""
        return AsyncClient(self.token, base_url=self.api_url, **settings)

    def inbound(
        self,
        from_: str,
        type: str,
        content: Any,
        *,
        name: str | None = None,
        reply_to: str | None = None,
    ) -> str:
        """A customer sends the business a message of ``type`` (``text``, ``image``,
        ``interactive``, ``button``, ``reaction``, ...) with ``content`` in the webhook's shape;
        ``reply_to`` makes it a reply to that message. The webhook goes out as for a real
        message. Returns the inbound message's id."""
        message = compact(name=name, context={"id": reply_to} if reply_to else None)
        return self._sandbox.inbound({"from": from_, "type": type, type: content, **message})

    def inbound_text(self, from_: str, body: str, *, name: str | None = None, reply_to: str | None = None) -> str:
        """A customer sends the business a text; returns its id."""
        return self.inbound(from_, "text", {"body": body}, name=name, reply_to=reply_to)

    def messages(
        self,
        *,
        to: str | None = None,
        direction: Literal["inbound", "outbound"] | None = None,
        type: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored messages, oldest first: ``id``, ``direction``, ``to``/``from``, ``type``,
        ``content`` (the request as sent), ``status``, ``statuses``, ..."""
        return self._sandbox.messages(to=to, direction=direction, type=type)

    def sent_messages(self, to: str | None = None) -> list[dict[str, Any]]:
        """What the business sent (optionally to one customer), oldest first."""
        return self.messages(to=to, direction="outbound")

    def message(self, id: str) -> dict[str, Any] | None:
        """One stored message, or ``None``."""
        return self._sandbox.message(id)

    def webhooks(self) -> list[dict[str, Any]]:
        """Every webhook event with its delivery ``state`` and attempts, oldest first."""
        return self._sandbox.webhook_log()

    def set_webhook(
        self, url: str | None, *, secret: str | None = None, envelope: Literal["cloud", "flat"] | None = None
    ) -> None:
        """Sends webhooks to ``url`` from now on (``None``: only logged), signed with ``secret``
        (unsigned when ``None``), in the ``envelope`` shape (``cloud`` when ``None``)."""
        self._sandbox.set_webhook(url=url, secret=secret, envelope=envelope)

    def set_fault(
        self,
        kind: FaultKind,
        *,
        path: str | None = None,
        method: str | None = None,
        count: int | None = None,
        rate: float | None = None,
        latency: float | None = None,
        status: int | None = None,
        retry_after: int | None = None,
    ) -> int:
        """Injects a fault into the API (never the control calls); returns its id.

        ``kind``: ``latency`` (process the request, then hold the answer ``latency`` seconds, so a
        client that times out still had its message stored), ``error`` (answer ``status``: a 5xx,
        500 by default, or 401, 403 or 404), ``rate_limit`` (429 with ``Retry-After:
        retry_after``), ``drop_before`` (close the connection, nothing processed), ``drop_after``
        (process, then close without answering), ``malformed`` (process, then answer 200 with a
        body that is not JSON).
        ``path`` (``/messages``, ``/media/*``) and ``method`` narrow it; ``count`` makes it fire
        on the next ``count`` matches only, ``rate`` on that fraction of them.
        """
        latency_ms = None if latency is None else round(latency * 1000)
        fault = compact(
            kind=kind,
            path=path,
            method=method,
            count=count,
            rate=rate,
            latency_ms=latency_ms,
            status=status,
            retry_after=retry_after,
        )
        return self._sandbox.set_fault(fault)

    def faults(self) -> list[dict[str, Any]]:
        """The active faults, with how often each matched and fired."""
        return self._sandbox.faults()

    def remove_fault(self, id: int) -> bool:
        """Removes one fault; ``False`` when no fault has that id."""
        return self._sandbox.remove_fault(id)

    def clear_faults(self) -> None:
        """Removes every fault."""
        self._sandbox.clear_faults()

    def set_rate_limit(self, messages_per_second: float | None) -> None:
        """Answers 429 to ``POST /messages`` beyond this rate (``None`` lifts the limit)."""
        self._sandbox.set_rate_limit(messages_per_second)

    def approve_template(self, id: int | str) -> dict[str, Any]:
        """Approves a template now (a review webhook goes out); returns it."""
        return self._sandbox.approve_template(int(id))

    def reject_template(self, id: int | str, reason: str) -> dict[str, Any]:
        """Rejects a template now, with ``reason``; returns it."""
        return self._sandbox.reject_template(int(id), reason)

    def set_labels(self, labels: Mapping[int, Sequence[str]]) -> None:
        """Replaces the labels (label id -> phone numbers) until the next reset."""
        self._sandbox.set_labels(labels)

    def stats(self) -> dict[str, Any]:
        """Requests processed per route, and counts of what is stored."""
        return self._sandbox.stats()

    def reset(self) -> None:
        """Back to a fresh start: the seeded templates, and no messages, media, faults or log."""
        self._sandbox.reset()

    def stop(self) -> None:
        """Stops the sandbox; stopping twice is harmless."""
        self._sandbox.stop()

    @property
    def stopped(self) -> bool:
        """True once stopped."""
        return self._sandbox.stopped

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<Sandbox {'stopped' if self.stopped else self.url}>"
