//! Media: upload from a path, a Buffer or a Node stream (through [`ByteChannel`]), download
//! into a Buffer or to a file, delete. Detection, limits and retries are the core's.

use std::io;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};

use botika::media::{MediaKind, MediaSource, UploadOptions};
use bytes::{Buf, Bytes};
use napi::Either;
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use serde::Deserialize;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{Blame, VERBATIM, parse_or_default, result_json};

/// How many chunks a stream may have in flight before `push` waits for the uploader.
const CHANNEL_CHUNKS: usize = 8;

/// Upload settings as JavaScript passes them: everything optional, detected when absent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Upload {
    kind: Option<MediaKind>,
    mime_type: Option<String>,
    filename: Option<String>,
    check: Option<bool>,
}

impl Upload {
    fn options(self) -> UploadOptions {
        let mut options = UploadOptions::new();
        options.kind = self.kind;
        options.mime_type = self.mime_type;
        options.filename = self.filename;
        options.check = self.check.unwrap_or(options.check);
        options
    }
}

/// A file downloaded into memory.
#[napi(object)]
pub struct Download {
    pub bytes: Buffer,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    pub size: f64,
}

/// Carries a Node stream's chunks to the uploader, with backpressure: JavaScript awaits `push`
/// for each chunk, then calls `end` (or `fail` when the stream broke).
#[napi]
pub struct ByteChannel {
    sender: Mutex<Option<mpsc::Sender<io::Result<Bytes>>>>,
    receiver: Mutex<Option<mpsc::Receiver<io::Result<Bytes>>>>,
}

#[napi]
impl ByteChannel {
    /// An open, empty channel.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)] // a napi constructor, not a Rust API
    pub fn new() -> ByteChannel {
        let (sender, receiver) = mpsc::channel(CHANNEL_CHUNKS);
        ByteChannel {
            sender: Mutex::new(Some(sender)),
            receiver: Mutex::new(Some(receiver)),
        }
    }

    /// Hands one chunk to the uploader once it has room; `false` when the uploader stopped
    /// reading (it had enough, or the call ended), so the stream need not be read further.
    #[napi]
    pub async fn push(&self, chunk: Buffer) -> bool {
        let Some(sender) = self.sender() else {
            return false;
        };
        sender.send(Ok(Bytes::from(chunk.to_vec()))).await.is_ok()
    }

    /// The stream ended: the uploader sees the end of the content.
    #[napi]
    pub fn end(&self) {
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    /// The stream broke: the upload fails with this reason.
    #[napi]
    pub fn fail(&self, reason: String) {
        if let Some(sender) = self
            .sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            // A full channel or a gone uploader: either way the upload cannot succeed now,
            // and dropping the sender still ends the content.
            let _ = sender.try_send(Err(io::Error::other(reason)));
        }
    }

    fn sender(&self) -> Option<mpsc::Sender<io::Result<Bytes>>> {
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn reader(&self) -> botika::Result<ChannelReader> {
        let receiver = self
            .receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| {
                botika::Error::invalid_argument("source", "this stream is already being uploaded")
            })?;
        Ok(ChannelReader {
            receiver,
            chunk: Bytes::new(),
        })
    }
}

/// The uploader's end of a [`ByteChannel`], read as an [`AsyncRead`].
struct ChannelReader {
    receiver: mpsc::Receiver<io::Result<Bytes>>,
    chunk: Bytes,
}

impl AsyncRead for ChannelReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        while self.chunk.is_empty() {
            match self.receiver.poll_recv(cx) {
                Poll::Ready(Some(Ok(chunk))) => self.chunk = chunk,
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(error)),
                // The sender is gone: the end of the content.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = self.chunk.len().min(buf.remaining());
        buf.put_slice(&self.chunk[..n]);
        self.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}

#[napi]
impl NativeClient {
    /// `POST /media` from a path or a Buffer; `upload` is the settings as JSON text.
    #[napi]
    pub async fn upload_media(
        &self,
        source: Either<String, Buffer>,
        upload: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let source = match source {
            Either::A(path) => MediaSource::path(path),
            Either::B(buffer) => MediaSource::bytes(buffer.to_vec()),
        };
        self.upload(source, upload, options, signal).await
    }

    /// `POST /media` from a stream JavaScript pumps into `channel`.
    #[napi]
    pub async fn upload_media_stream(
        &self,
        channel: &ByteChannel,
        upload: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let reader = crate::errors::napi_result(channel.reader())?;
        self.upload(MediaSource::reader(reader), upload, options, signal)
            .await
    }

    async fn upload(
        &self,
        source: MediaSource,
        upload: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let uploaded = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let upload: Upload = parse_or_default(upload.as_deref(), "upload", Blame::Argument)?;
            client.media().upload(source, upload.options()).await
        })
        .await?;
        result_json(&uploaded, VERBATIM)
    }

    /// `GET /media/{id}` into memory.
    #[napi]
    pub async fn download_media(
        &self,
        id: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<Download> {
        let media = run(signal, async move {
            self.with_call(options.as_deref())?
                .media()
                .download(&id)
                .await
        })
        .await?;
        Ok(Download {
            size: media.size as f64,
            bytes: media.bytes.to_vec().into(),
            mime_type: media.mime_type,
            filename: media.filename,
        })
    }

    /// `GET /media/{id}` streamed to `path` (never a partial file there).
    #[napi]
    pub async fn download_media_to(
        &self,
        id: String,
        path: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let saved = run(signal, async move {
            self.with_call(options.as_deref())?
                .media()
                .download_to(&id, &path)
                .await
        })
        .await?;
        result_json(&saved, VERBATIM)
    }

    /// `DELETE /media/{id}`.
    #[napi]
    pub async fn delete_media(
        &self,
        id: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<()> {
        run(signal, async move {
            self.with_call(options.as_deref())?
                .media()
                .delete(&id)
                .await
        })
        .await
    }
}
