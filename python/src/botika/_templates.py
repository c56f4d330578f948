"""Message templates: ``list`` (every page), ``list_page``, ``get``, ``find``, ``create``,
``update``, ``delete``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._base import Resource, compact
from .models import MessageTemplate, TemplatePage

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .types import RequestOptions, TemplateComponentDict


def _new(name: str, language: str, category: str, components: Sequence[TemplateComponentDict]) -> dict[str, Any]:
    return {"name": name, "language": language, "category": category, "components": components}


def _found(found: Any) -> MessageTemplate | None:
    return None if found is None else MessageTemplate(found)


class TemplatesResource(Resource):
    """``client.templates``."""

    __slots__ = ()

    def list(self, *, search: str | None = None, **options: Unpack[RequestOptions]) -> Iterator[MessageTemplate]:
        """Every template (matching ``search``), fetching page after page as you iterate."""
        cursor = self._native(options).templates_list(search=search)
        while (found := cursor.next().wait()) is not None:
            yield MessageTemplate(found)

    def list_page(
        self, page: int = 1, *, search: str | None = None, **options: Unpack[RequestOptions]
    ) -> TemplatePage:
        """One page of templates (10 a page); ``next_page`` says whether more follow."""
        return TemplatePage(self._native(options).templates_list_page(page, search=search).wait())

    def get(self, id: str | int, **options: Unpack[RequestOptions]) -> MessageTemplate:
        """The template with this id."""
        return MessageTemplate(self._native(options).templates_get(str(id)).wait())

    def find(self, name: str, language: str, **options: Unpack[RequestOptions]) -> MessageTemplate | None:
        """The template with this name and language, or ``None``."""
        return _found(self._native(options).templates_find(name, language).wait())

    def create(
        self,
        name: str,
        language: str,
        category: str,
        components: Sequence[TemplateComponentDict],
        **options: Unpack[RequestOptions],
    ) -> MessageTemplate:
        """Submits a new template for review; it starts ``PENDING``."""
        call = self._native(options).templates_create(_new(name, language, category, components))
        return MessageTemplate(call.wait())

    def update(
        self,
        id: str | int,
        *,
        category: str | None = None,
        components: Sequence[TemplateComponentDict] | None = None,
        **options: Unpack[RequestOptions],
    ) -> MessageTemplate:
        """Changes a ``REJECTED`` template, which goes back to ``PENDING``."""
        update = compact(category=category, components=components)
        return MessageTemplate(self._native(options).templates_update(str(id), update).wait())

    def delete(self, name: str, **options: Unpack[RequestOptions]) -> None:
        """Deletes every language of the template ``name``."""
        self._native(options).templates_delete(name).wait()


class AsyncTemplatesResource(Resource):
    """``client.templates`` of an :class:`~botika.AsyncClient`; see :class:`TemplatesResource`."""

    __slots__ = ()

    async def list(
        self, *, search: str | None = None, **options: Unpack[RequestOptions]
    ) -> AsyncIterator[MessageTemplate]:
        """Every template (matching ``search``): ``async for template in client.templates.list()``."""
        cursor = self._native(options).templates_list(search=search)
        while (found := await cursor.next().future()) is not None:
            yield MessageTemplate(found)

    async def list_page(
        self, page: int = 1, *, search: str | None = None, **options: Unpack[RequestOptions]
    ) -> TemplatePage:
        """One page of templates (10 a page); ``next_page`` says whether more follow."""
        return TemplatePage(await self._native(options).templates_list_page(page, search=search).future())

    async def get(self, id: str | int, **options: Unpack[RequestOptions]) -> MessageTemplate:
        """The template with this id."""
        return MessageTemplate(await self._native(options).templates_get(str(id)).future())

    async def find(self, name: str, language: str, **options: Unpack[RequestOptions]) -> MessageTemplate | None:
        """The template with this name and language, or ``None``."""
        return _found(await self._native(options).templates_find(name, language).future())

    async def create(
        self,
        name: str,
        language: str,
        category: str,
        components: Sequence[TemplateComponentDict],
        **options: Unpack[RequestOptions],
    ) -> MessageTemplate:
        """Submits a new template for review; it starts ``PENDING``."""
        call = self._native(options).templates_create(_new(name, language, category, components))
        return MessageTemplate(await call.future())

    async def update(
        self,
        id: str | int,
        *,
        category: str | None = None,
        components: Sequence[TemplateComponentDict] | None = None,
        **options: Unpack[RequestOptions],
    ) -> MessageTemplate:
        """Changes a ``REJECTED`` template, which goes back to ``PENDING``."""
        update = compact(category=category, components=components)
        return MessageTemplate(await self._native(options).templates_update(str(id), update).future())

    async def delete(self, name: str, **options: Unpack[RequestOptions]) -> None:
        """Deletes every language of the template ``name``."""
        await self._native(options).templates_delete(name).future()
