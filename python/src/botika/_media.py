"""Media: ``client.media.upload(...)``, ``download``, ``download_to``, ``delete``.

Uploads take a path (``str`` or ``os.PathLike``), bytes-like content, or a binary file object
(read here, at most the largest media size while the check is on; its ``name`` gives the file
name). The core detects the MIME type from the content,
infers the kind, and refuses a file that breaks Botika's media table before anything is sent.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, BinaryIO, Union

from . import _native
from ._base import Resource
from .models import DownloadedFile, DownloadedMedia, UploadedMedia

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .types import RequestOptions

#: What ``upload`` accepts.
MediaInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


def _upload_call(
    client: _native.NativeClient,
    file: MediaInput,
    kind: str | None,
    mime_type: str | None,
    filename: str | None,
    check: bool,
) -> _native.Call:
    if isinstance(file, (str, os.PathLike)):
        content: bytes | str = os.fspath(file)
    elif isinstance(file, (bytes, bytearray, memoryview)):
        content = bytes(file)
    elif hasattr(file, "read"):
        # With the check on, a file past the largest limit is refused anyway: read no more.
        data = file.read(_native.MAX_MEDIA_SIZE + 1) if check else file.read()
        if not isinstance(data, bytes):
            raise TypeError("upload() needs a file opened in binary mode ('rb'), got text")
        content = data
        name = getattr(file, "name", None)
        if filename is None and isinstance(name, str):
            filename = os.path.basename(name)
    else:
        raise TypeError(f"upload() takes a path, bytes or a binary file object, not {type(file).__name__}")
    return client.media_upload(content, kind=kind, mime_type=mime_type, filename=filename, check=check)


class MediaResource(Resource):
    """``client.media``."""

    __slots__ = ()

    def upload(
        self,
        file: MediaInput,
        *,
        kind: str | None = None,
        mime_type: str | None = None,
        filename: str | None = None,
        check: bool = True,
        **options: Unpack[RequestOptions],
    ) -> UploadedMedia:
        """Uploads a file (``POST /media``) and returns its id.

        ``kind`` (``audio``, ``document``, ``image``, ``sticker``, ``video``) and ``mime_type``
        override what is detected; ``filename`` the name sent; ``check=False`` skips the media
        table check.
        """
        call = _upload_call(self._native(options), file, kind, mime_type, filename, check)
        return UploadedMedia(call.wait())

    def download(self, id: str, **options: Unpack[RequestOptions]) -> DownloadedMedia:
        """Downloads a file into memory (``GET /media/{id}``)."""
        return DownloadedMedia(self._native(options).media_download(id).wait())

    def download_to(
        self, id: str, path: str | os.PathLike[str], **options: Unpack[RequestOptions]
    ) -> DownloadedFile:
        """Downloads a file straight to ``path`` without holding it in memory; ``path`` never
        holds a partial file."""
        return DownloadedFile(self._native(options).media_download_to(id, path).wait())

    def delete(self, id: str, **options: Unpack[RequestOptions]) -> None:
        """Deletes an uploaded file (``DELETE /media/{id}``)."""
        self._native(options).media_delete(id).wait()


class AsyncMediaResource(Resource):
    """``client.media`` of an :class:`~botika.AsyncClient`."""

    __slots__ = ()

    async def upload(
        self,
        file: MediaInput,
        *,
        kind: str | None = None,
        mime_type: str | None = None,
        filename: str | None = None,
        check: bool = True,
        **options: Unpack[RequestOptions],
    ) -> UploadedMedia:
        """Uploads a file (``POST /media``) and returns its id; see :meth:`MediaResource.upload`."""
        call = _upload_call(self._native(options), file, kind, mime_type, filename, check)
        return UploadedMedia(await call.future())

    async def download(self, id: str, **options: Unpack[RequestOptions]) -> DownloadedMedia:
        """Downloads a file into memory (``GET /media/{id}``)."""
        return DownloadedMedia(await self._native(options).media_download(id).future())

    async def download_to(
        self, id: str, path: str | os.PathLike[str], **options: Unpack[RequestOptions]
    ) -> DownloadedFile:
        """Downloads a file straight to ``path`` without holding it in memory."""
        return DownloadedFile(await self._native(options).media_download_to(id, path).future())

    async def delete(self, id: str, **options: Unpack[RequestOptions]) -> None:
        """Deletes an uploaded file (``DELETE /media/{id}``)."""
        await self._native(options).media_delete(id).future()
