"""Broadcasts: one template to many contacts or to labels, and the latest broadcast to a number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from ._base import Resource
from .models import BroadcastCreated, LatestBroadcast

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .types import BroadcastTemplateDict, RequestOptions


def _broadcast(
    name: str, type: str, to: Sequence[str] | Sequence[int], template: BroadcastTemplateDict
) -> dict[str, Any]:
    return {"name": name, "type": type, "to": to, "template": template}


class BroadcastsResource(Resource):
    """``client.broadcasts``."""

    __slots__ = ()

    def send(
        self,
        name: str,
        type: Literal["contact", "label"],
        to: Sequence[str] | Sequence[int],
        template: BroadcastTemplateDict,
        **options: Unpack[RequestOptions],
    ) -> BroadcastCreated:
        """Sends ``template`` to phone numbers (``type="contact"``) or to everyone with the
        label ids in ``to`` (``type="label"``). Like a message, it is never sent twice by a
        retry."""
        return BroadcastCreated(self._native(options).broadcasts_send(_broadcast(name, type, to, template)).wait())

    def latest(self, to: str, **options: Unpack[RequestOptions]) -> LatestBroadcast:
        """Today's latest broadcast message to ``to``."""
        return LatestBroadcast(self._native(options).broadcasts_latest(to).wait())


class AsyncBroadcastsResource(Resource):
    """``client.broadcasts`` of an :class:`~botika.AsyncClient`; see :class:`BroadcastsResource`."""

    __slots__ = ()

    async def send(
        self,
        name: str,
        type: Literal["contact", "label"],
        to: Sequence[str] | Sequence[int],
        template: BroadcastTemplateDict,
        **options: Unpack[RequestOptions],
    ) -> BroadcastCreated:
        """Sends ``template`` to phone numbers or to labels."""
        call = self._native(options).broadcasts_send(_broadcast(name, type, to, template))
        return BroadcastCreated(await call.future())

    async def latest(self, to: str, **options: Unpack[RequestOptions]) -> LatestBroadcast:
        """Today's latest broadcast message to ``to``."""
        return LatestBroadcast(await self._native(options).broadcasts_latest(to).future())
