//! Media: upload, download (into memory or to a file), delete.

use std::path::PathBuf;
use std::str::FromStr;

use bytes::Bytes;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict};

use super::{call_with, model_call, to_none};
use crate::call::Call;
use crate::client::NativeClient;

/// Where an upload comes from: bytes-like content, or a path (str or `os.PathLike`).
#[derive(FromPyObject)]
enum Source {
    Bytes(PyBackedBytes),
    Path(PathBuf),
}

#[pymethods]
impl NativeClient {
    /// `POST /media`: uploads bytes or the file at a path.
    #[pyo3(signature = (source, *, kind=None, mime_type=None, filename=None, check=true))]
    fn media_upload(
        &self,
        source: Source,
        kind: Option<&str>,
        mime_type: Option<String>,
        filename: Option<String>,
        check: bool,
    ) -> Call {
        let mut options = botika::UploadOptions::new().check(check);
        if let Some(kind) = kind {
            match botika::MediaKind::from_str(kind) {
                Ok(kind) => options = options.kind(kind),
                Err(error) => return Call::failed(error),
            }
        }
        if let Some(mime_type) = mime_type {
            options = options.mime_type(mime_type);
        }
        if let Some(filename) = filename {
            options = options.filename(filename);
        }
        let source = match source {
            Source::Bytes(bytes) => botika::MediaSource::Bytes(Bytes::from_owner(bytes)),
            Source::Path(path) => botika::MediaSource::Path(path),
        };
        model_call(self, move |client| async move {
            client.media().upload(source, options).await
        })
    }

    /// `GET /media/{id}` into memory: `{"content" (bytes), "mime_type", "filename", "size"}`.
    fn media_download(&self, id: String) -> Call {
        call_with(
            self,
            move |client| async move { client.media().download(&id).await },
            |py, media| {
                let result = PyDict::new(py);
                result.set_item("content", PyBytes::new(py, &media.bytes))?;
                result.set_item("mime_type", media.mime_type)?;
                result.set_item("filename", media.filename)?;
                result.set_item("size", media.size)?;
                Ok(result.into_any())
            },
        )
    }

    /// `GET /media/{id}` streamed to a file.
    fn media_download_to(&self, id: String, path: PathBuf) -> Call {
        model_call(self, move |client| async move {
            client.media().download_to(&id, &path).await
        })
    }

    /// `DELETE /media/{id}`.
    fn media_delete(&self, id: String) -> Call {
        call_with(
            self,
            move |client| async move { client.media().delete(&id).await },
            to_none,
        )
    }
}
