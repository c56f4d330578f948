//! What the media endpoints answer, read leniently (ids as strings or numbers, an optional
//! `data` wrapper), each model keeping the raw JSON it came from.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::MediaKind;
use crate::decode::opt_string_lenient;

/// A file uploaded with [`Media::upload`](super::Media::upload): the id to send it by, and what
/// was sent.
///
/// ```no_run
/// # async fn demo(client: botika::Client) -> botika::Result<()> {
/// use botika::media::{MediaKind, MediaSource, UploadOptions};
/// use botika::{Document, Image, OutgoingMessage};
/// let uploaded = client.media().upload(MediaSource::path("receipt.pdf"), UploadOptions::new()).await?;
/// println!("{} ({}, {} bytes) is media {}", uploaded.filename, uploaded.mime_type, uploaded.size, uploaded.id);
/// // Send it by id, as the kind it was uploaded as.
/// let message: OutgoingMessage = match uploaded.kind {
///     MediaKind::Image => Image::from_id(&uploaded.id).into(),
///     _ => Document::from_id(&uploaded.id).filename(&uploaded.filename).into(),
/// };
/// client.messages().send("+62 812-3456-7890", message).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UploadedMedia {
    /// The media id, for `image.id`, `document.id`, ... in a message.
    pub id: String,
    /// The kind it was uploaded as (the multipart part's name).
    pub kind: MediaKind,
    /// The MIME type it was sent with.
    pub mime_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// The file name it was sent with.
    pub filename: String,
    /// The API's JSON answer.
    pub raw: Value,
}

/// A file downloaded into memory with [`Media::download`](super::Media::download).
#[derive(Clone, PartialEq)]
pub struct DownloadedMedia {
    /// The file's content.
    pub bytes: Bytes,
    /// Its MIME type, as the API gave it.
    pub mime_type: Option<String>,
    /// Its file name, from `Content-Disposition`, reduced to a bare name (no folders).
    pub filename: Option<String>,
    /// Its size in bytes.
    pub size: u64,
}

impl fmt::Debug for DownloadedMedia {
    // The content can be megabytes; its size says enough.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownloadedMedia")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("mime_type", &self.mime_type)
            .field("filename", &self.filename)
            .field("size", &self.size)
            .finish()
    }
}

/// A file saved with [`Media::download_to`](super::Media::download_to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownloadedFile {
    /// Where it was saved.
    pub path: PathBuf,
    /// Its MIME type, as the API gave it.
    pub mime_type: Option<String>,
    /// Its file name on the server, from `Content-Disposition`, reduced to a bare name.
    pub filename: Option<String>,
    /// Its size in bytes.
    pub size: u64,
}

/// The answer of `POST /media`: `{"<kind>": {"id": "<MEDIA_ID>"}}`, one key per uploaded part.
///
/// Also read: the same inside a `data` wrapper, and the Cloud API's `{"id": "..."}`.
///
/// ```
/// use botika::media::{MediaKind, UploadResponse};
/// let answer: UploadResponse = serde_json::from_str(r#"{"image": {"id": 1037543291543636}}"#)?;
/// assert_eq!(answer.id(MediaKind::Image), Some("1037543291543636"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UploadResponse {
    /// Media ids by part name (`"image"` -> id).
    pub ids: BTreeMap<String, String>,
    /// A top-level `id`, as the Cloud API answers a single upload.
    pub id: Option<String>,
    /// The JSON as received.
    pub raw: Value,
}

impl UploadResponse {
    /// Reads an upload answer; unknown shapes give an answer without ids.
    pub fn from_json(raw: Value) -> UploadResponse {
        #[derive(Deserialize)]
        struct WithId {
            #[serde(default, deserialize_with = "opt_string_lenient")]
            id: Option<String>,
        }
        let id_of = |value: &Value| {
            let value = match value {
                Value::Array(items) => items.first()?,
                other => other,
            };
            WithId::deserialize(value)
                .ok()?
                .id
                .filter(|id| !id.is_empty())
        };
        let body = unwrap_data(&raw);
        let mut ids = BTreeMap::new();
        if let Value::Object(parts) = body {
            for (name, value) in parts {
                if value.is_object() || value.is_array() {
                    if let Some(id) = id_of(value) {
                        ids.insert(name.clone(), id);
                    }
                }
            }
        }
        let id = id_of(body);
        UploadResponse { ids, id, raw }
    }

    /// The id of the part uploaded as `kind`: its own key, else the only key there is, else the
    /// top-level `id`.
    pub fn id(&self, kind: MediaKind) -> Option<&str> {
        self.ids
            .get(kind.as_str())
            .or_else(|| match self.ids.len() {
                1 => self.ids.values().next(),
                _ => None,
            })
            .or(self.id.as_ref())
            .map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for UploadResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(UploadResponse::from_json)
    }
}

/// The Cloud API's answer to `GET /media/{id}`: where the file is, and what it is. The SDK then
/// fetches `url` with the same token; Botika's own answer is the file itself.
///
/// ```
/// use botika::media::MediaLocation;
/// let location: MediaLocation = serde_json::from_str(
///     r#"{"url": "https://cdn.example/f", "mime_type": "image/jpeg", "file_size": "2048"}"#,
/// )?;
/// assert_eq!(location.file_size, Some(2048));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaLocation {
    /// Where to download the file.
    pub url: String,
    /// The file's MIME type.
    pub mime_type: Option<String>,
    /// The SHA-256 of the file, in hex; a download is checked against it.
    pub sha256: Option<String>,
    /// The file's size in bytes.
    pub file_size: Option<u64>,
    /// The media id.
    pub id: Option<String>,
    /// The JSON as received.
    pub raw: Value,
}

impl<'de> Deserialize<'de> for MediaLocation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default, deserialize_with = "opt_string_lenient")]
            url: Option<String>,
            #[serde(default, deserialize_with = "opt_string_lenient")]
            mime_type: Option<String>,
            #[serde(default, deserialize_with = "opt_string_lenient")]
            sha256: Option<String>,
            #[serde(default, deserialize_with = "opt_string_lenient")]
            file_size: Option<String>,
            #[serde(default, deserialize_with = "opt_string_lenient")]
            id: Option<String>,
        }
        let raw = Value::deserialize(deserializer)?;
        let body = unwrap_data(&raw);
        // serde would read a list as the struct's fields in order; only an object is an answer.
        if !body.is_object() {
            return Err(D::Error::custom("the media answer is not a JSON object"));
        }
        let wire = Wire::deserialize(body).map_err(D::Error::custom)?;
        let url = wire
            .url
            .filter(|url| !url.trim().is_empty())
            .ok_or_else(|| D::Error::custom("the media answer has no url"))?;
        Ok(MediaLocation {
            url,
            mime_type: wire.mime_type,
            sha256: wire.sha256,
            file_size: wire.file_size.and_then(|size| size.trim().parse().ok()),
            id: wire.id,
            raw,
        })
    }
}

/// The object inside a `{"data": {...}}` wrapper (other Botika endpoints use one), else the value.
fn unwrap_data(raw: &Value) -> &Value {
    raw.get("data")
        .filter(|data| data.is_object())
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn upload_answers_are_read_in_every_known_shape() {
        let documented = UploadResponse::from_json(json!({"image": {"id": "MEDIA_1"}}));
        assert_eq!(documented.id(MediaKind::Image), Some("MEDIA_1"));
        let several = UploadResponse::from_json(json!({"image": {"id": 1}, "video": {"id": 2}}));
        assert_eq!(several.id(MediaKind::Video), Some("2"));
        assert_eq!(several.id(MediaKind::Audio), None);
        let wrapped = UploadResponse::from_json(json!({"data": {"document": {"id": "D"}}}));
        assert_eq!(wrapped.id(MediaKind::Document), Some("D"));
        let cloud = UploadResponse::from_json(json!({"id": "C"}));
        assert_eq!(cloud.id(MediaKind::Sticker), Some("C"));
        let listed = UploadResponse::from_json(json!({"audio": [{"id": "A"}]}));
        assert_eq!(listed.id(MediaKind::Audio), Some("A"));
        for odd in [
            json!(null),
            json!([]),
            json!("x"),
            json!({"image": {"id": null}}),
            json!({"image": {}}),
        ] {
            assert_eq!(
                UploadResponse::from_json(odd.clone()).id(MediaKind::Image),
                None,
                "{odd}"
            );
        }
    }

    #[test]
    fn media_locations_are_read_leniently_and_need_a_url() {
        let location: MediaLocation = serde_json::from_value(json!({
            "data": {"url": "https://x/y", "mime_type": "audio/ogg", "sha256": "ab", "file_size": 12, "id": 7}
        }))
        .unwrap();
        assert_eq!(location.url, "https://x/y");
        assert_eq!(
            (location.file_size, location.id.as_deref()),
            (Some(12), Some("7"))
        );
        assert!(
            serde_json::from_value::<MediaLocation>(json!({"mime_type": "image/png"})).is_err()
        );
        assert!(serde_json::from_value::<MediaLocation>(json!({"url": " "})).is_err());
        assert!(serde_json::from_value::<MediaLocation>(json!([1])).is_err());
    }

    #[test]
    fn downloaded_media_debug_shows_the_size_not_the_bytes() {
        let media = DownloadedMedia {
            bytes: Bytes::from_static(b"secret-content"),
            mime_type: None,
            filename: None,
            size: 14,
        };
        let debug = format!("{media:?}");
        assert!(
            debug.contains("<14 bytes>") && !debug.contains("secret"),
            "{debug}"
        );
    }
}
