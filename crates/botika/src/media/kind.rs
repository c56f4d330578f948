//! The five media kinds and Botika's table of allowed MIME types and size limits
//! (`docs/rules.md`, media table), checked before an upload leaves so that a file the API would
//! refuse is refused locally with an error that names the rule.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;

/// The largest size any kind allows (audio, document and video: 10 MB). Nothing bigger can pass
/// the check, so the uploader never buffers more than this.
pub const MAX_MEDIA_SIZE: u64 = 10 * MB;

/// What a media file is used as; also the name of its multipart part on `POST /media`.
///
/// ```
/// use botika::MediaKind;
/// assert_eq!(MediaKind::from_mime_type("image/webp"), MediaKind::Sticker);
/// assert_eq!(MediaKind::Image.max_size(), 5 * 1024 * 1024);
/// assert!(MediaKind::Image.check("image/gif", 10).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// Audio: AAC, MP4 audio, MP3, AMR, Ogg, Opus; up to 10 MB.
    Audio,
    /// Documents: plain text, PDF and Microsoft Office files; up to 10 MB.
    Document,
    /// Images: JPEG and PNG; up to 5 MB.
    Image,
    /// Stickers: WebP; up to 100 KB.
    Sticker,
    /// Video: MP4 and 3GP (H.264 video, AAC audio); up to 10 MB.
    Video,
}

impl MediaKind {
    /// Every kind, in alphabetical order.
    pub const ALL: [MediaKind; 5] = [
        MediaKind::Audio,
        MediaKind::Document,
        MediaKind::Image,
        MediaKind::Sticker,
        MediaKind::Video,
    ];

    /// The kind's name as the API writes it (`"image"`); also the message type that sends it.
    pub const fn as_str(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Document => "document",
            MediaKind::Image => "image",
            MediaKind::Sticker => "sticker",
            MediaKind::Video => "video",
        }
    }

    /// The MIME types Botika accepts for this kind (`video/3gp` is Botika's spelling of 3GPP).
    pub fn allowed_mime_types(self) -> &'static [&'static str] {
        match self {
            MediaKind::Audio => &[
                "audio/aac",
                "audio/mp4",
                "audio/mpeg",
                "audio/amr",
                "audio/ogg",
                "audio/opus",
            ],
            MediaKind::Document => &[
                "text/plain",
                "application/pdf",
                "application/vnd.ms-powerpoint",
                "application/msword",
                "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ],
            MediaKind::Image => &["image/jpeg", "image/png"],
            MediaKind::Sticker => &["image/webp"],
            MediaKind::Video => &["video/mp4", "video/3gp"],
        }
    }

    /// The largest file this kind allows, in bytes (binary units: 1 KB = 1024 bytes).
    pub fn max_size(self) -> u64 {
        match self {
            MediaKind::Image => 5 * MB,
            MediaKind::Sticker => 100 * KB,
            MediaKind::Audio | MediaKind::Document | MediaKind::Video => 10 * MB,
        }
    }

    /// The kind a file of this MIME type is sent as: the kind whose list holds it, else the kind
    /// its top-level type suggests (`image/gif` is an image, `application/zip` a document), so
    /// that the check can say which rule a disallowed type breaks.
    pub fn from_mime_type(mime_type: &str) -> MediaKind {
        let essence = mime_essence(mime_type);
        if let Some(kind) = MediaKind::ALL
            .into_iter()
            .find(|kind| kind.allowed_mime_types().contains(&essence.as_str()))
        {
            return kind;
        }
        match essence.split('/').next() {
            Some("image") => MediaKind::Image,
            Some("video") => MediaKind::Video,
            Some("audio") => MediaKind::Audio,
            _ => MediaKind::Document,
        }
    }

    /// Whether `mime_type` is on this kind's list (MIME parameters and case are ignored).
    pub fn allows(self, mime_type: &str) -> bool {
        self.allowed_mime_types()
            .contains(&mime_essence(mime_type).as_str())
    }

    /// Checks a file of `size` bytes and type `mime_type` against this kind's row of the table.
    ///
    /// The error is `invalid_argument` on the field named after the kind (the multipart part)
    /// and lists every rule broken: "image/gif is not allowed for image; allowed: image/jpeg,
    /// image/png", "sticker files may be at most 100 KB (102,400 bytes); this one is 150,000
    /// bytes", or "the file is empty".
    pub fn check(self, mime_type: &str, size: u64) -> Result<()> {
        self.check_size_seen(mime_type, SizeSeen::Exact(size))
    }

    /// [`MediaKind::check`] for a size that may only be known as a lower bound (a reader that
    /// was not read to its end once it passed the limit).
    pub(crate) fn check_size_seen(self, mime_type: &str, size: SizeSeen) -> Result<()> {
        let mut broken = Vec::new();
        if !self.allows(mime_type) {
            broken.push(format!(
                "{} is not allowed for {self}; allowed: {}",
                mime_essence(mime_type),
                self.allowed_mime_types().join(", ")
            ));
        }
        let max = self.max_size();
        match size {
            SizeSeen::Exact(0) => broken.push("the file is empty".to_owned()),
            SizeSeen::Exact(size) if size > max => broken.push(format!(
                "{self} files may be at most {}; this one is {} bytes",
                describe_limit(max),
                group_digits(size)
            )),
            SizeSeen::MoreThan(seen) if seen >= max => broken.push(format!(
                "{self} files may be at most {}; this one is larger (more than {} bytes)",
                describe_limit(max),
                group_digits(seen)
            )),
            _ => {}
        }
        if broken.is_empty() {
            return Ok(());
        }
        Err(Error::invalid_arguments(BTreeMap::from([(
            self.as_str().to_owned(),
            broken,
        )])))
    }

    /// A file extension for this MIME type, used to name an upload that came without a name.
    pub(crate) fn default_extension(mime_type: &str) -> &'static str {
        match mime_essence(mime_type).as_str() {
            // mime_guess has no entry for Botika's `video/3gp`, and its first pick for some
            // types is an odd one (`jpe` for JPEG), so the allowed types are named here.
            "image/jpeg" => "jpg",
            "image/png" => "png",
            "image/webp" => "webp",
            "video/mp4" => "mp4",
            "video/3gp" => "3gp",
            "audio/aac" => "aac",
            "audio/mp4" => "m4a",
            "audio/mpeg" => "mp3",
            "audio/amr" => "amr",
            "audio/ogg" => "ogg",
            "audio/opus" => "opus",
            "text/plain" => "txt",
            "application/pdf" => "pdf",
            "application/msword" => "doc",
            "application/vnd.ms-excel" => "xls",
            "application/vnd.ms-powerpoint" => "ppt",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "pptx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
            other => mime_guess::get_mime_extensions_str(other)
                .and_then(|extensions| extensions.first().copied())
                .unwrap_or("bin"),
        }
    }
}

/// How much of a file was seen when its size was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SizeSeen {
    /// The whole file: its exact size.
    Exact(u64),
    /// Reading stopped after this many bytes, past every limit; the file is at least this big.
    MoreThan(u64),
}

impl fmt::Display for MediaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MediaKind {
    type Err = Error;

    /// Parses `"audio"`, `"document"`, `"image"`, `"sticker"` or `"video"` (any case).
    fn from_str(name: &str) -> Result<MediaKind> {
        MediaKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                Error::invalid_argument(
                    "kind",
                    format!(
                        "{name:?} is not a media kind; use audio, document, image, sticker or video"
                    ),
                )
            })
    }
}

/// The MIME type without parameters, trimmed and lower-cased (`Text/Plain; charset=utf-8` ->
/// `text/plain`), as the table is matched.
pub(crate) fn mime_essence(mime_type: &str) -> String {
    mime_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `102400` -> `100 KB (102,400 bytes)`.
fn describe_limit(bytes: u64) -> String {
    let unit = if bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} KB", bytes / KB)
    };
    format!("{unit} ({} bytes)", group_digits(bytes))
}

/// `150000` -> `150,000`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn rules(err: &Error) -> Vec<String> {
        err.field_errors().values().flatten().cloned().collect()
    }

    #[test]
    fn every_limit_holds_at_its_boundary() {
        let cases = [
            (MediaKind::Audio, "audio/mpeg", 10_485_760),
            (MediaKind::Document, "application/pdf", 10_485_760),
            (MediaKind::Image, "image/png", 5_242_880),
            (MediaKind::Sticker, "image/webp", 102_400),
            (MediaKind::Video, "video/3gp", 10_485_760),
        ];
        for (kind, mime, max) in cases {
            assert_eq!(kind.max_size(), max);
            assert!(kind.check(mime, max).is_ok(), "{kind} at its limit");
            assert!(kind.check(mime, 1).is_ok(), "{kind} of one byte");
            let err = kind.check(mime, max + 1).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument);
            assert!(err.field_errors().contains_key(kind.as_str()));
            let err = kind.check(mime, 0).unwrap_err();
            assert_eq!(rules(&err), ["the file is empty"]);
        }
        assert_eq!(
            MAX_MEDIA_SIZE,
            MediaKind::ALL
                .map(MediaKind::max_size)
                .into_iter()
                .max()
                .unwrap()
        );
    }

    #[test]
    fn errors_name_the_rule_in_plain_words() {
        let err = MediaKind::Image.check("image/gif", 10).unwrap_err();
        assert_eq!(
            err.message(),
            "image: image/gif is not allowed for image; allowed: image/jpeg, image/png"
        );
        let err = MediaKind::Sticker.check("image/webp", 150_000).unwrap_err();
        assert_eq!(
            rules(&err),
            ["sticker files may be at most 100 KB (102,400 bytes); this one is 150,000 bytes"]
        );
        let err = MediaKind::Image
            .check_size_seen("image/bmp", SizeSeen::MoreThan(10_485_761))
            .unwrap_err();
        assert_eq!(
            rules(&err),
            [
                "image/bmp is not allowed for image; allowed: image/jpeg, image/png",
                "image files may be at most 5 MB (5,242,880 bytes); this one is larger (more than 10,485,761 bytes)",
            ]
        );
    }

    #[test]
    fn mime_parameters_and_case_are_ignored() {
        assert!(MediaKind::Document.allows("Text/Plain; charset=utf-8"));
        assert!(!MediaKind::Video.allows("video/3gpp"));
    }

    #[test]
    fn kind_follows_the_table_then_the_top_level_type() {
        let cases = [
            ("image/png", MediaKind::Image),
            ("image/webp", MediaKind::Sticker),
            ("image/gif", MediaKind::Image),
            ("video/3gp", MediaKind::Video),
            ("video/quicktime", MediaKind::Video),
            ("audio/opus", MediaKind::Audio),
            ("audio/wav", MediaKind::Audio),
            ("text/plain", MediaKind::Document),
            ("application/zip", MediaKind::Document),
            ("", MediaKind::Document),
        ];
        for (mime, kind) in cases {
            assert_eq!(MediaKind::from_mime_type(mime), kind, "{mime}");
        }
    }

    #[test]
    fn kinds_parse_and_print_as_the_api_names_them() {
        for kind in MediaKind::ALL {
            assert_eq!(kind.as_str().parse::<MediaKind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(" Image ".parse::<MediaKind>().unwrap(), MediaKind::Image);
        assert!("gif".parse::<MediaKind>().is_err());
    }

    #[test]
    fn unnamed_uploads_get_a_fitting_extension() {
        assert_eq!(MediaKind::default_extension("video/3gp"), "3gp");
        assert_eq!(MediaKind::default_extension("image/jpeg"), "jpg");
        assert_eq!(
            MediaKind::default_extension("application/x-unknown-thing"),
            "bin"
        );
    }
}
