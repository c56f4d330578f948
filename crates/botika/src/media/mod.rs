//! Media: upload files (from a path, bytes or an async reader) with their type detected and
//! Botika's limits checked before anything is sent, download them into memory or straight to a
//! file, and delete them. Reach it through [`Client::media`].
//!
//! ```no_run
//! # async fn demo() -> botika::Result<()> {
//! use botika::media::{MediaSource, UploadOptions};
//! let client = botika::Client::from_env()?;
//! let uploaded = client
//!     .media()
//!     .upload(MediaSource::path("invoice.pdf"), UploadOptions::new())
//!     .await?;
//! println!("{} is a {} of {} bytes", uploaded.id, uploaded.kind, uploaded.size);
//! client.media().download_to(&uploaded.id, "copy-of-invoice.pdf").await?;
//! client.media().delete(&uploaded.id).await?;
//! # Ok(()) }
//! ```

mod download;
mod kind;
mod models;
mod sniff;
mod upload;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::transport::ApiRequest;

pub use kind::{MAX_MEDIA_SIZE, MediaKind};
pub use models::{DownloadedFile, DownloadedMedia, MediaLocation, UploadResponse, UploadedMedia};
pub use sniff::detect_mime_type;
pub use upload::{MediaSource, UploadOptions};

/// The media endpoints (`/media`), borrowed from a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct Media<'a> {
    client: &'a Client,
}

impl Client {
    /// The media endpoints: upload, download, delete.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::media::{MediaSource, UploadOptions};
    /// let media = client.media(); // cheap: borrow it once for several calls
    /// let uploaded = media.upload(MediaSource::path("menu.pdf"), UploadOptions::new()).await?;
    /// media.delete(&uploaded.id).await?;
    /// # Ok(()) }
    /// ```
    pub fn media(&self) -> Media<'_> {
        Media { client: self }
    }
}

impl Media<'_> {
    /// Deletes an uploaded file (`DELETE /media/{id}`). An unknown id is a `not_found` error.
    ///
    /// ```no_run
    /// # async fn demo(client: botika::Client) -> botika::Result<()> {
    /// client.media().delete("1037543291543636").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.client
            .execute(ApiRequest::new(Method::DELETE, media_path(id)?))
            .await?;
        Ok(())
    }
}

/// Path characters left as they are; everything else in an id is percent-encoded so that an
/// opaque id can never change the path (`a/b` becomes `a%2Fb`).
const ID_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `/media/{id}` with the id percent-encoded.
fn media_path(id: &str) -> Result<String> {
    // URL parsers resolve `.` and `..` segments (encoded or not), which would leave `/media`.
    if id.is_empty() || id == "." || id == ".." {
        return Err(Error::invalid_argument(
            "id",
            format!("{id:?} is not a media id"),
        ));
    }
    Ok(format!("/media/{}", utf8_percent_encode(id, ID_KEEP)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_percent_encoded_into_one_path_segment() {
        assert_eq!(
            media_path("1037543291543636").unwrap(),
            "/media/1037543291543636"
        );
        assert_eq!(media_path("a/b c?d#e").unwrap(), "/media/a%2Fb%20c%3Fd%23e");
        assert_eq!(media_path("wamid.HBg-_~").unwrap(), "/media/wamid.HBg-_~");
        assert_eq!(media_path("é").unwrap(), "/media/%C3%A9");
        for bad in ["", ".", ".."] {
            assert_eq!(media_path(bad).unwrap_err().code(), "invalid_argument");
        }
    }
}
