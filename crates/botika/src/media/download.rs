//! `GET /media/{id}`: the file itself (Botika's shape), or the Cloud API's JSON pointing at a
//! URL that is then fetched with the same token. The body is read chunk by chunk, hashed when a
//! SHA-256 was announced, and either collected in memory or written to a temporary file that is
//! renamed into place only once it is complete.

use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use reqwest::Method;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use url::Url;

use super::upload::clean_filename;
use super::{DownloadedFile, DownloadedMedia, Media, MediaLocation, media_path};
use crate::error::{Error, ErrorKind, Result};
use crate::transport::{self, ApiRequest, merge_headers, transport_error};

/// Preallocation cap for an announced `Content-Length`, so a lying header cannot make the SDK
/// reserve gigabytes up front.
const PREALLOCATE_AT_MOST: usize = 16 * 1024 * 1024;

/// A response whose body is the file, with what is known about it.
struct Incoming {
    response: reqwest::Response,
    mime_type: Option<String>,
    filename: Option<String>,
    /// The announced SHA-256 and the running hash of what arrived.
    checksum: Option<([u8; 32], Sha256)>,
    /// The path for errors (never a URL's query, which may hold a signature).
    path: String,
    received: u64,
}

impl Incoming {
    /// The next chunk of the file, or `None` at its end (after the checksum matched).
    async fn next(&mut self) -> Result<Option<Bytes>> {
        let chunk = self
            .response
            .chunk()
            .await
            .map_err(|e| transport_error(e, &Method::GET, &self.path))?;
        match chunk {
            Some(chunk) => {
                self.received += chunk.len() as u64;
                if let Some((_, hasher)) = &mut self.checksum {
                    hasher.update(&chunk);
                }
                Ok(Some(chunk))
            }
            None => {
                if let Some((expected, hasher)) = self.checksum.take() {
                    if hasher.finalize().as_slice() != expected {
                        return Err(Error::decode(
                            "the downloaded file does not match the sha256 the API announced for it",
                        )
                        .with_request("GET", &self.path));
                    }
                }
                Ok(None)
            }
        }
    }
}

impl Media<'_> {
    /// Downloads a file into memory (`GET /media/{id}`).
    ///
    /// ```no_run
    /// # async fn demo(client: botika::Client) -> botika::Result<()> {
    /// let media = client.media().download("1037543291543636").await?;
    /// println!("{:?}, {} bytes", media.mime_type, media.bytes.len());
    /// # Ok(()) }
    /// ```
    pub async fn download(&self, id: &str) -> Result<DownloadedMedia> {
        let mut incoming = self.open(id).await?;
        let announced = incoming.response.content_length().unwrap_or(0);
        let mut bytes = BytesMut::with_capacity(
            usize::try_from(announced)
                .unwrap_or(0)
                .min(PREALLOCATE_AT_MOST),
        );
        while let Some(chunk) = incoming.next().await? {
            bytes.extend_from_slice(&chunk);
        }
        Ok(DownloadedMedia {
            size: incoming.received,
            bytes: bytes.freeze(),
            mime_type: incoming.mime_type,
            filename: incoming.filename,
        })
    }

    /// Downloads a file straight to `path`, never holding it in memory. It is written to a
    /// temporary file beside `path` and renamed over `path` once complete, so `path` never holds
    /// a partial file; on any failure (or if the call is dropped) the temporary file is removed.
    ///
    /// ```no_run
    /// # async fn demo(client: botika::Client) -> botika::Result<()> {
    /// let saved = client.media().download_to("1037543291543636", "downloads/photo.jpg").await?;
    /// println!("{} bytes in {}", saved.size, saved.path.display());
    /// # Ok(()) }
    /// ```
    pub async fn download_to(&self, id: &str, path: impl AsRef<Path>) -> Result<DownloadedFile> {
        let path = path.as_ref();
        let mut incoming = self.open(id).await?;
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let temporary = temporary_file_in(folder).map_err(|e| write_error(path, e))?;
        let handle = temporary
            .as_file()
            .try_clone()
            .map_err(|e| write_error(path, e))?;
        let mut file = tokio::fs::File::from_std(handle);
        while let Some(chunk) = incoming.next().await? {
            file.write_all(&chunk)
                .await
                .map_err(|e| write_error(path, e))?;
        }
        file.flush().await.map_err(|e| write_error(path, e))?;
        file.sync_all().await.map_err(|e| write_error(path, e))?;
        drop(file);
        temporary
            .persist(path)
            .map_err(|e| write_error(path, e.error))?;
        Ok(DownloadedFile {
            path: PathBuf::from(path),
            mime_type: incoming.mime_type,
            filename: incoming.filename,
            size: incoming.received,
        })
    }

    /// Sends `GET /media/{id}` and, for a JSON answer, follows its `url`.
    async fn open(&self, id: &str) -> Result<Incoming> {
        let path = media_path(id)?;
        let response = self
            .client
            .execute_streaming(ApiRequest::new(Method::GET, path.clone()))
            .await?;
        if !is_json(response.headers()) {
            return Ok(Incoming {
                mime_type: header_text(response.headers(), CONTENT_TYPE),
                filename: disposition_filename(response.headers()),
                checksum: None,
                path,
                received: 0,
                response,
            });
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(e, &Method::GET, &path))?;
        let location: MediaLocation = serde_json::from_slice(&body).map_err(|e| {
            Error::decode(format!(
                "the media answer is JSON but not a file location: {e}"
            ))
            .with_request("GET", &path)
            .with_source(e)
        })?;
        self.follow(location).await
    }

    /// Fetches the file a [`MediaLocation`] points at, with the client's token and headers.
    async fn follow(&self, location: MediaLocation) -> Result<Incoming> {
        let client = self.client;
        let base = &client.inner.base_url;
        let url = base.join(location.url.trim()).map_err(|e| {
            Error::decode(format!("the media url is not a valid URL: {e}"))
                .with_request("GET", base.path())
        })?;
        check_token_may_go_to(base, &url)?;
        let path = url.path().to_owned();
        let mut headers = client.inner.headers.clone();
        merge_headers(&mut headers, &client.options.extra_headers)?;
        let response = client
            .inner
            .http
            .get(url)
            .headers(headers)
            .timeout(client.options.timeout.unwrap_or(client.inner.timeout))
            .send()
            .await
            .map_err(|e| transport_error(e, &Method::GET, &path))?;
        if !response.status().is_success() {
            let status = response.status().as_u16();
            let request_id = transport::request_id(response.headers());
            let retry_after = transport::retry_after(response.headers());
            let body = response.bytes().await.unwrap_or_default();
            return Err(Error::from_response(
                "GET",
                &path,
                status,
                &body,
                request_id,
                retry_after,
            ));
        }
        let checksum = location
            .sha256
            .as_deref()
            .and_then(parse_sha256)
            .map(|expected| (expected, Sha256::new()));
        Ok(Incoming {
            mime_type: location
                .mime_type
                .or_else(|| header_text(response.headers(), CONTENT_TYPE)),
            filename: disposition_filename(response.headers()),
            checksum,
            path,
            received: 0,
            response,
        })
    }
}

/// The token is only sent over HTTPS, or over HTTP when the API itself is reached over HTTP (a
/// local sandbox): a media URL must not downgrade it to clear text.
fn check_token_may_go_to(base: &Url, url: &Url) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if base.scheme() == "http" => Ok(()),
        scheme => Err(Error::new(
            ErrorKind::Decode,
            format!(
                "the media url uses {scheme}:// while the API is reached over {}://; the API token is not sent there",
                base.scheme()
            ),
        )
        .with_request("GET", url.path())),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    header_text(headers, CONTENT_TYPE).is_some_and(|value| {
        let essence = super::kind::mime_essence(&value);
        essence == "application/json" || essence.ends_with("+json")
    })
}

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A SHA-256 given as 64 hex digits; anything else cannot be checked and is ignored.
fn parse_sha256(text: &str) -> Option<[u8; 32]> {
    let mut digest = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut digest).ok()?;
    Some(digest)
}

/// The file name of a `Content-Disposition` header: `filename*` (RFC 8187, percent-encoded
/// UTF-8) when present, else `filename`, reduced to a bare name.
fn disposition_filename(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_DISPOSITION)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let mut plain = None;
    let mut extended = None;
    for parameter in split_parameters(&text) {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => extended = decode_extended(value.trim()),
            "filename" => plain = Some(unquote(value.trim())),
            _ => {}
        }
    }
    extended.or(plain).as_deref().and_then(clean_filename)
}

/// Splits a header on `;` outside quoted strings.
fn split_parameters(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `"a \"b\""` -> `a "b"`; an unquoted token is returned as it is.
fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"') else {
        return value.to_owned();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

/// `UTF-8''na%C3%AFve.txt` -> `naïve.txt` (other charsets are read as UTF-8, lossily).
fn decode_extended(value: &str) -> Option<String> {
    let mut pieces = value.splitn(3, '\'');
    let (_charset, _language, encoded) = (pieces.next()?, pieces.next()?, pieces.next()?);
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(encoded).collect();
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// A new, empty temporary file in `folder`, created with the permissions a plain file would get.
fn temporary_file_in(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".botika-download-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile's 0600 would make the downloaded file private; 0666 minus the umask is
        // what `File::create` gives.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

fn write_error(path: &Path, error: std::io::Error) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("cannot write {}: {error}", path.display()),
    )
    .with_source(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn filename_of(header: &'static str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_DISPOSITION, HeaderValue::from_static(header));
        disposition_filename(&headers)
    }

    #[test]
    fn content_disposition_file_names_are_read_in_both_notations() {
        assert_eq!(
            filename_of(r#"attachment; filename="invoice.pdf""#).as_deref(),
            Some("invoice.pdf")
        );
        assert_eq!(
            filename_of("attachment; filename=plain.txt").as_deref(),
            Some("plain.txt")
        );
        assert_eq!(
            filename_of(r#"attachment; filename="a;b \"c\".txt""#).as_deref(),
            Some(r#"a;b "c".txt"#)
        );
        assert_eq!(
            filename_of(
                r#"attachment; filename="fallback.txt"; filename*=UTF-8''na%C3%AFve%20file.txt"#
            )
            .as_deref(),
            Some("naïve file.txt")
        );
        assert_eq!(
            filename_of(r#"attachment; filename="../../etc/passwd""#).as_deref(),
            Some("passwd")
        );
        assert_eq!(filename_of("attachment"), None);
        assert_eq!(filename_of(r#"attachment; filename="""#), None);
        assert_eq!(filename_of(r#"attachment; filename*=garbage"#), None);
    }

    #[test]
    fn sha256_must_be_64_hex_digits() {
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(parse_sha256(hex), Some(Sha256::digest(b"").into()));
        assert_eq!(
            parse_sha256(&hex.to_uppercase()),
            Some(Sha256::digest(b"").into())
        );
        assert_eq!(parse_sha256("abc"), None);
        assert_eq!(
            parse_sha256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
            None
        );
    }

    fn filename_from(value: HeaderValue) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_DISPOSITION, value);
        disposition_filename(&headers)
    }

    /// What `DownloadedMedia::filename` promises: a bare name, no folders, nothing that would
    /// break a header, never empty, `.` or `..`.
    fn assert_bare_name(
        name: &str,
    ) -> std::result::Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert!(!name.contains(['/', '\\']), "{:?} has a folder", name);
        proptest::prop_assert!(
            !name.chars().any(char::is_control),
            "{:?} has a control character",
            name
        );
        proptest::prop_assert!(
            !name.is_empty() && name != "." && name != "..",
            "{:?}",
            name
        );
        Ok(())
    }

    #[test]
    fn odd_content_dispositions_give_a_bare_name_or_none() {
        for (raw, expected) in [
            (
                &b"attachment; filename=\"\xff\xfe.bin\""[..],
                Some("\u{fffd}\u{fffd}.bin"),
            ),
            (b"attachment; filename*=UTF-8''%FF%2F..%2F%2E%2E", None),
            (
                b"attachment; filename*=UTF-8''a%2Fb%5Cc%0A.txt",
                Some("c_.txt"),
            ),
            (b"attachment; filename*=UTF-8''%", Some("%")),
            (b"attachment; filename*=''", None),
            (b"attachment; filename=\"unterminated", Some("unterminated")),
            (b"attachment; filename=\"ends in a backslash\\", None),
            (b"attachment; filename=\"", None),
            (b"; ; ;=;filename", None),
            (b"attachment; filename= . ", None),
        ] {
            let value = HeaderValue::from_bytes(raw).unwrap();
            assert_eq!(
                filename_from(value).as_deref(),
                expected,
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        // Any bytes a header can carry (non-UTF-8 included) give a bare name or none.
        #[test]
        fn any_content_disposition_gives_a_bare_name_or_none(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            if let Ok(value) = HeaderValue::from_bytes(&bytes) {
                if let Some(name) = filename_from(value) {
                    assert_bare_name(&name)?;
                }
            }
        }

        // Header-shaped text with folders, quotes, escapes and percent signs in the names.
        #[test]
        fn hostile_file_names_are_reduced_to_bare_names(
            plain in r#"[a-z./\\"%; =*']{0,24}"#,
            extended in r#"[a-zA-Z0-9./\\%; '-]{0,24}"#,
            quoted in proptest::prelude::any::<bool>(),
            with_extended in proptest::prelude::any::<bool>(),
        ) {
            let mut text = if quoted {
                format!("attachment; filename=\"{plain}\"")
            } else {
                format!("attachment; filename={plain}")
            };
            if with_extended {
                text.push_str(&format!("; filename*=UTF-8''{extended}"));
            }
            if let Some(name) = filename_from(HeaderValue::from_str(&text).unwrap()) {
                assert_bare_name(&name)?;
            }
        }

        // Any name, percent-encoded into `filename*`, comes back as its last component
        // (control characters replaced), whatever the plain `filename` says.
        #[test]
        fn extended_file_names_are_decoded_to_their_last_component(
            name in "\\PC{0,16}",
            fallback in "[a-z]{1,8}",
        ) {
            let encoded = percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC);
            let text = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
            let found = filename_from(HeaderValue::from_str(&text).unwrap());
            proptest::prop_assert_eq!(found, clean_filename(&name));
        }

        // Only 64 hex digits (either case, surrounding whitespace ignored) are a checksum, and
        // they are read exactly; anything else is ignored, never a panic.
        #[test]
        fn sha256_is_read_exactly_or_ignored(
            digest in proptest::prelude::any::<[u8; 32]>(),
            upper in proptest::prelude::any::<bool>(),
            pad in "[ \t\n]{0,2}",
        ) {
            let hex = hex::encode(digest);
            let hex = if upper { hex.to_uppercase() } else { hex };
            proptest::prop_assert_eq!(parse_sha256(&format!("{pad}{hex}{pad}")), Some(digest));
            proptest::prop_assert_eq!(parse_sha256(&hex[1..]), None);
            proptest::prop_assert_eq!(parse_sha256(&format!("{hex}0")), None);
        }

        #[test]
        fn any_sha256_text_is_a_checksum_only_when_it_is_64_hex_digits(text in "\\PC{0,70}|[0-9a-fA-F ]{62,66}") {
            let parsed = parse_sha256(&text);
            let trimmed = text.trim();
            let is_hex = trimmed.len() == 64 && trimmed.bytes().all(|b| b.is_ascii_hexdigit());
            proptest::prop_assert_eq!(parsed.is_some(), is_hex);
            if let Some(digest) = parsed {
                proptest::prop_assert_eq!(hex::encode(digest), trimmed.to_ascii_lowercase());
            }
        }
    }

    #[test]
    fn the_token_never_goes_out_over_plain_http_from_an_https_api() {
        let https = Url::parse("https://api.example/v1/").unwrap();
        let http = Url::parse("http://127.0.0.1:1/v1/").unwrap();
        let cdn_https = Url::parse("https://cdn.example/f").unwrap();
        let cdn_http = Url::parse("http://cdn.example/f").unwrap();
        assert!(check_token_may_go_to(&https, &cdn_https).is_ok());
        assert!(check_token_may_go_to(&http, &cdn_http).is_ok());
        assert!(check_token_may_go_to(&https, &cdn_http).is_err());
        assert!(check_token_may_go_to(&http, &Url::parse("ftp://x/f").unwrap()).is_err());
    }
}
