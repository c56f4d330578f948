//! `POST /media`: where the file comes from, how its kind and MIME type are settled and checked,
//! and the multipart form, rebuilt for every attempt so that retries resend the same file.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use tokio::io::{AsyncRead, AsyncReadExt};

use super::kind::{MAX_MEDIA_SIZE, SizeSeen, mime_essence};
use super::sniff::{SNIFF_HEAD, detect_mime_type};
use super::{Media, MediaKind, UploadResponse, UploadedMedia};
use crate::error::{Error, ErrorKind, Result};
use crate::transport::{ApiRequest, Idempotency, RequestBody};

/// Where an upload's content comes from.
///
/// With the check on (the default) at most the kind's limit (10 MB at most) is read into
/// memory, and that copy is what gets sent. With it off, a path is streamed from the file on
/// every attempt; bytes are sent as they are; a reader is read to its end into memory, since a
/// retry must send the same content again.
pub enum MediaSource {
    /// A file on disk; its name gives the upload's file name and the extension hint.
    Path(PathBuf),
    /// Content already in memory.
    Bytes(Bytes),
    /// Content from an async reader (a socket, a decompressor, ...).
    Reader(Box<dyn AsyncRead + Send + Unpin>),
}

impl MediaSource {
    /// A file on disk.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::media::{MediaSource, UploadOptions};
    /// // The file name and its content decide the MIME type and the kind (here a document).
    /// let invoice = client.media().upload(MediaSource::path("invoices/1024.pdf"), UploadOptions::new()).await?;
    /// println!("{} ({}, {} bytes)", invoice.id, invoice.mime_type, invoice.size);
    /// # Ok(()) }
    /// ```
    pub fn path(path: impl Into<PathBuf>) -> MediaSource {
        MediaSource::Path(path.into())
    }

    /// Content in memory; name it with [`UploadOptions::filename`].
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client, png: Vec<u8>) -> botika::Result<()> {
    /// use botika::media::{MediaSource, UploadOptions};
    /// // Bytes have no name of their own; the magic bytes still give the type.
    /// let options = UploadOptions::new().filename("chart.png");
    /// let chart = client.media().upload(MediaSource::bytes(png), options).await?;
    /// # Ok(()) }
    /// ```
    pub fn bytes(bytes: impl Into<Bytes>) -> MediaSource {
        MediaSource::Bytes(bytes.into())
    }

    /// Content from an async reader; name it with [`UploadOptions::filename`].
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use botika::media::{MediaKind, MediaSource, UploadOptions};
    /// let file = tokio::fs::File::open("voice-note.ogg").await?;
    /// let options = UploadOptions::new().kind(MediaKind::Audio).filename("voice-note.ogg");
    /// let note = client.media().upload(MediaSource::reader(file), options).await?;
    /// # Ok(()) }
    /// ```
    pub fn reader(reader: impl AsyncRead + Send + Unpin + 'static) -> MediaSource {
        MediaSource::Reader(Box::new(reader))
    }
}

impl fmt::Debug for MediaSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaSource::Path(path) => f.debug_tuple("Path").field(path).finish(),
            MediaSource::Bytes(bytes) => write!(f, "Bytes(<{} bytes>)", bytes.len()),
            MediaSource::Reader(_) => f.write_str("Reader(..)"),
        }
    }
}

impl From<PathBuf> for MediaSource {
    fn from(path: PathBuf) -> MediaSource {
        MediaSource::Path(path)
    }
}

impl From<&Path> for MediaSource {
    fn from(path: &Path) -> MediaSource {
        MediaSource::Path(path.to_owned())
    }
}

impl From<Bytes> for MediaSource {
    fn from(bytes: Bytes) -> MediaSource {
        MediaSource::Bytes(bytes)
    }
}

impl From<Vec<u8>> for MediaSource {
    fn from(bytes: Vec<u8>) -> MediaSource {
        MediaSource::Bytes(bytes.into())
    }
}

/// How to upload: overrides for what is otherwise detected, and the table check.
///
/// ```
/// use botika::media::{MediaKind, UploadOptions};
/// let options = UploadOptions::new()
///     .kind(MediaKind::Document)
///     .filename("report.pdf")
///     .mime_type("application/pdf");
/// assert!(options.check);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadOptions {
    /// Upload as this kind instead of the one the MIME type suggests.
    pub kind: Option<MediaKind>,
    /// Send this MIME type instead of the detected one (sent exactly as given).
    pub mime_type: Option<String>,
    /// Send this file name instead of the path's (bytes and readers otherwise get
    /// `<kind>.<extension>`).
    pub filename: Option<String>,
    /// Refuse, before sending, a file whose type or size breaks Botika's media table
    /// (default `true`).
    pub check: bool,
}

impl Default for UploadOptions {
    fn default() -> UploadOptions {
        UploadOptions {
            kind: None,
            mime_type: None,
            filename: None,
            check: true,
        }
    }
}

impl UploadOptions {
    /// Everything detected, the check on.
    pub fn new() -> UploadOptions {
        UploadOptions::default()
    }

    /// Uploads as `kind`.
    ///
    /// ```
    /// use botika::media::{MediaKind, UploadOptions};
    /// // A PNG sent as a document keeps its full resolution.
    /// let options = UploadOptions::new().kind(MediaKind::Document).filename("floor-plan.png");
    /// ```
    pub fn kind(mut self, kind: MediaKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sends `mime_type` instead of the detected type.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// Sends `filename` as the file's name.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Turns the table check on or off.
    ///
    /// ```
    /// // Let the API judge a file the SDK's media table would refuse.
    /// let options = botika::media::UploadOptions::new().check(false);
    /// assert!(!options.check);
    /// ```
    pub fn check(mut self, check: bool) -> Self {
        self.check = check;
        self
    }
}

/// The content as it will be sent on each attempt.
#[derive(Clone)]
enum Content {
    Memory(Bytes),
    File(PathBuf),
}

/// An upload with everything settled, ready to become a form.
struct Prepared {
    kind: MediaKind,
    mime_type: String,
    filename: String,
    size: u64,
    content: Content,
}

impl Media<'_> {
    /// Uploads one file (`POST /media`) and returns its id.
    ///
    /// The MIME type comes from the content's magic bytes, else the file name's extension;
    /// the kind from the MIME type (`image/webp` is a sticker); both can be overridden in
    /// `options`. Unless `options.check` is off, a file that breaks Botika's media table is
    /// refused before anything is sent, with an `invalid_argument` error naming the rule.
    /// Uploads are retried like reads: the same content is sent again.
    ///
    /// ```no_run
    /// # async fn demo(client: botika::Client) -> botika::Result<()> {
    /// use botika::media::{MediaSource, UploadOptions};
    /// let photo = client.media().upload(MediaSource::path("photo.jpg"), UploadOptions::new()).await?;
    /// let note = client
    ///     .media()
    ///     .upload(MediaSource::bytes(b"Halo!".to_vec()), UploadOptions::new().filename("note.txt"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn upload(
        &self,
        source: impl Into<MediaSource>,
        options: UploadOptions,
    ) -> Result<UploadedMedia> {
        let prepared = prepare(source.into(), &options).await?;
        let factory = form_factory(&prepared);
        let mut request = ApiRequest::new(Method::POST, "/media").idempotency(Idempotency::Safe);
        request.body = RequestBody::Multipart(factory);
        let response = self.client.execute(request).await?;
        let answer = UploadResponse::from_json(response.json_value()?);
        let id = answer.id(prepared.kind).map(str::to_owned).ok_or_else(|| {
            Error::decode(format!(
                "the upload answer names no media id for the {} part",
                prepared.kind
            ))
            .with_request("POST", "/media")
        })?;
        Ok(UploadedMedia {
            id,
            kind: prepared.kind,
            mime_type: prepared.mime_type,
            size: prepared.size,
            filename: prepared.filename,
            raw: answer.raw,
        })
    }
}

/// Reads what is needed of `source`, settles kind, type and name, and applies the check.
async fn prepare(source: MediaSource, options: &UploadOptions) -> Result<Prepared> {
    let name_hint = options.filename.clone().or_else(|| match &source {
        MediaSource::Path(path) => path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned()),
        _ => None,
    });
    let (content, size, kind, mime_type) = match source {
        MediaSource::Bytes(bytes) => {
            let size = SizeSeen::Exact(bytes.len() as u64);
            let (kind, mime_type) = settle(&bytes, name_hint.as_deref(), size, options)?;
            (Content::Memory(bytes), size, kind, mime_type)
        }
        MediaSource::Path(path) => {
            let mut file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| path_error(&path, e))?;
            let length = file
                .metadata()
                .await
                .map_err(|e| path_error(&path, e))?
                .len();
            // Past the largest limit only a head is needed (to name the kind in the refusal);
            // with the check off the file is streamed, so a head is all that is read here.
            let whole = options.check && length <= MAX_MEDIA_SIZE;
            let limit = if whole {
                MAX_MEDIA_SIZE + 1
            } else {
                SNIFF_HEAD as u64
            };
            let read = read_up_to(&mut file, limit)
                .await
                .map_err(|e| path_error(&path, e))?;
            if whole {
                let size = SizeSeen::Exact(read.len() as u64);
                let (kind, mime_type) = settle(&read, name_hint.as_deref(), size, options)?;
                (Content::Memory(read), size, kind, mime_type)
            } else {
                let size = SizeSeen::Exact(length);
                let (kind, mime_type) = settle(&read, name_hint.as_deref(), size, options)?;
                (Content::File(path), size, kind, mime_type)
            }
        }
        MediaSource::Reader(mut reader) => {
            let limit = if options.check {
                MAX_MEDIA_SIZE + 1
            } else {
                u64::MAX
            };
            let read = read_up_to(&mut reader, limit).await.map_err(|e| {
                Error::invalid_argument("source", format!("the reader failed: {e}")).with_source(e)
            })?;
            let size = if read.len() as u64 > MAX_MEDIA_SIZE {
                SizeSeen::MoreThan(MAX_MEDIA_SIZE)
            } else {
                SizeSeen::Exact(read.len() as u64)
            };
            let (kind, mime_type) = settle(&read, name_hint.as_deref(), size, options)?;
            (Content::Memory(read), size, kind, mime_type)
        }
    };
    let size = match size {
        SizeSeen::Exact(size) | SizeSeen::MoreThan(size) => size,
    };
    let filename = name_hint
        .as_deref()
        .and_then(clean_filename)
        .unwrap_or_else(|| format!("{kind}.{}", MediaKind::default_extension(&mime_type)));
    Ok(Prepared {
        kind,
        mime_type,
        filename,
        size,
        content,
    })
}

/// The kind and MIME type to send: the caller's, else detected; checked against the table
/// unless the check is off. `head` is the content, or its first bytes for large files.
fn settle(
    head: &[u8],
    name: Option<&str>,
    size: SizeSeen,
    options: &UploadOptions,
) -> Result<(MediaKind, String)> {
    let detected = detect_mime_type(head, name);
    let mime_type = match (&options.mime_type, detected) {
        (Some(given), _) => given.trim().to_owned(),
        // An MP4 container holds audio as well as video; asked for audio, send its audio type.
        (None, Some("video/mp4")) if options.kind == Some(MediaKind::Audio) => {
            "audio/mp4".to_owned()
        }
        (None, Some(found)) => found.to_owned(),
        (None, None) if options.check => {
            return Err(Error::invalid_argument(
                "mime_type",
                "the file's type could not be detected from its content or its name; pass mime_type (and kind), or turn the check off",
            ));
        }
        (None, None) => "application/octet-stream".to_owned(),
    };
    if Part::bytes(Vec::new()).mime_str(&mime_type).is_err() {
        return Err(Error::invalid_argument(
            "mime_type",
            format!("{mime_type:?} is not a valid MIME type"),
        ));
    }
    let kind = options
        .kind
        .unwrap_or_else(|| MediaKind::from_mime_type(&mime_essence(&mime_type)));
    if options.check {
        kind.check_size_seen(&mime_type, size)?;
    }
    Ok((kind, mime_type))
}

/// Builds the form anew for each attempt: one part named after the kind, with the file name and
/// MIME type. A file source is reopened, so every attempt streams it from the start.
fn form_factory(prepared: &Prepared) -> crate::transport::FormFactory {
    let kind = prepared.kind;
    let mime_type = prepared.mime_type.clone();
    let filename = prepared.filename.clone();
    let size = prepared.size;
    let content = prepared.content.clone();
    Arc::new(move || {
        let body = match &content {
            Content::Memory(bytes) => reqwest::Body::from(bytes.clone()),
            Content::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| path_error(path, e))?;
                reqwest::Body::from(tokio::fs::File::from_std(file))
            }
        };
        let part = Part::stream_with_length(body, size)
            .file_name(filename.clone())
            .mime_str(&mime_type)
            .map_err(|_| {
                Error::invalid_argument(
                    "mime_type",
                    format!("{mime_type:?} is not a valid MIME type"),
                )
            })?;
        Ok(Form::new().part(kind.as_str(), part))
    })
}

/// Reads until the end or until `limit` bytes, whichever comes first.
async fn read_up_to(reader: &mut (impl AsyncRead + Unpin), limit: u64) -> std::io::Result<Bytes> {
    let mut buffer = Vec::new();
    reader.take(limit).read_to_end(&mut buffer).await?;
    Ok(Bytes::from(buffer))
}

fn path_error(path: &Path, error: std::io::Error) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("cannot read {}: {error}", path.display()),
    )
    .with_source(error)
}

/// The last component of a name, without control characters (which would break the multipart
/// header); `None` when nothing is left.
pub(crate) fn clean_filename(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    (!cleaned.is_empty() && cleaned != "." && cleaned != "..").then(|| cleaned.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_folders_and_control_characters() {
        assert_eq!(
            clean_filename("invoice.pdf").as_deref(),
            Some("invoice.pdf")
        );
        assert_eq!(
            clean_filename("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            clean_filename("C:\\Users\\a\\b c.txt").as_deref(),
            Some("b c.txt")
        );
        assert_eq!(
            clean_filename("a\r\nX-Evil: 1.txt").as_deref(),
            Some("a__X-Evil: 1.txt")
        );
        for nothing in ["", "dir/", " ", "..", "a/."] {
            assert_eq!(clean_filename(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn settling_uses_overrides_and_refuses_the_undetectable() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let exact = SizeSeen::Exact(png.len() as u64);
        let (kind, mime) = settle(png, None, exact, &UploadOptions::new()).unwrap();
        assert_eq!((kind, mime.as_str()), (MediaKind::Image, "image/png"));
        let err = settle(
            png,
            None,
            exact,
            &UploadOptions::new().kind(MediaKind::Sticker),
        )
        .unwrap_err();
        assert_eq!(
            err.message(),
            "sticker: image/png is not allowed for sticker; allowed: image/webp"
        );
        let (kind, _) = settle(
            png,
            None,
            exact,
            &UploadOptions::new().kind(MediaKind::Sticker).check(false),
        )
        .unwrap();
        assert_eq!(kind, MediaKind::Sticker);
        let mp4 = b"\0\0\0\x10ftypisom\0\0\0\0";
        let (kind, mime) = settle(
            mp4,
            None,
            exact,
            &UploadOptions::new().kind(MediaKind::Audio),
        )
        .unwrap();
        assert_eq!((kind, mime.as_str()), (MediaKind::Audio, "audio/mp4"));
        let unknown = b"\0\x01\x02";
        let err = settle(unknown, None, exact, &UploadOptions::new()).unwrap_err();
        assert!(err.field_errors().contains_key("mime_type"), "{err}");
        let (kind, mime) =
            settle(unknown, None, exact, &UploadOptions::new().check(false)).unwrap();
        assert_eq!(
            (kind, mime.as_str()),
            (MediaKind::Document, "application/octet-stream")
        );
        let (kind, mime) = settle(
            unknown,
            None,
            exact,
            &UploadOptions::new().mime_type("Video/MP4"),
        )
        .unwrap();
        assert_eq!((kind, mime.as_str()), (MediaKind::Video, "Video/MP4"));
        let err = settle(
            unknown,
            None,
            exact,
            &UploadOptions::new().mime_type("not a mime").check(false),
        )
        .unwrap_err();
        assert!(err.message().contains("not a valid MIME type"), "{err}");
    }
}
