"""The business profile: ``client.profile.get()``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Resource
from .models import Profile

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .types import RequestOptions


class ProfileResource(Resource):
    """``client.profile``."""

    __slots__ = ()

    def get(self, **options: Unpack[RequestOptions]) -> Profile:
        """The WhatsApp business profile of the token's phone number (``GET /profile``)."""
        return Profile(self._native(options).profile_get().wait())


class AsyncProfileResource(Resource):
    """``client.profile`` of an :class:`~botika.AsyncClient`."""

    __slots__ = ()

    async def get(self, **options: Unpack[RequestOptions]) -> Profile:
        """The WhatsApp business profile of the token's phone number (``GET /profile``)."""
        return Profile(await self._native(options).profile_get().future())
