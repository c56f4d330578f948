//! Media message objects (`image`, `video`, `audio`, `document`, `sticker`): one generic
//! [`MediaObject`] type whose kind marker decides which builder methods exist (a caption on image,
//! video and document; a filename on document), so the five share one implementation.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::check::{Problems, check_media_source};
use super::wire::extra_fields;
use crate::media::MediaKind;

/// The kind markers of [`MediaObject`]; they only select the wire name and the builder methods.
pub mod media_kind {
    /// `image`: JPEG or PNG, up to 5 MB.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Image {}
    /// `video`: MP4 or 3GP, up to 10 MB.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Video {}
    /// `audio`: AAC, MP4, MPEG, AMR, OGG or Opus, up to 10 MB.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Audio {}
    /// `document`: PDF, plain text and Office files, up to 10 MB.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Document {}
    /// `sticker`: WebP, up to 100 KB.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Sticker {}
}

mod sealed {
    pub trait Sealed {}
}

/// A kind of media message; implemented by the markers in [`media_kind`] only.
///
/// ```
/// use botika::media::MediaKind;
/// use botika::messages::{MediaObjectKind, media_kind};
/// // Upload a file as the kind of message it is for.
/// assert_eq!(media_kind::Sticker::MEDIA_KIND, MediaKind::Sticker);
/// assert_eq!(media_kind::Sticker::TYPE, "sticker");
/// ```
pub trait MediaObjectKind:
    sealed::Sealed + Copy + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The message `type` and object key (`"image"`).
    const TYPE: &'static str;
    /// The kind a file is uploaded as for a message of this type
    /// ([`UploadOptions::kind`](crate::media::UploadOptions::kind)).
    const MEDIA_KIND: MediaKind;
}

/// Kinds whose object takes a `caption` (image, video, document).
pub trait Captioned: MediaObjectKind {}

// Each marker is named like its `MediaKind`, whose name is also the message type: one table.
macro_rules! kinds {
    ($($kind:ident $(, $captioned:ident)?;)+) => {$(
        impl sealed::Sealed for media_kind::$kind {}
        impl MediaObjectKind for media_kind::$kind {
            const TYPE: &'static str = MediaKind::$kind.as_str();
            const MEDIA_KIND: MediaKind = MediaKind::$kind;
        }
        $(impl $captioned for media_kind::$kind {})?
    )+};
}
kinds! {
    Image, Captioned;
    Video, Captioned;
    Audio;
    Document, Captioned;
    Sticker;
}

/// A media object: an uploaded media id or an `http(s)` link (exactly one), with a caption and a
/// filename where the kind takes them. Used for media messages and for media headers.
///
/// ```
/// use botika::{Document, Image};
/// let photo = Image::from_id("1234567890").caption("Our new store");
/// let invoice = Document::from_link("https://example.com/invoice.pdf").filename("invoice.pdf");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
#[non_exhaustive]
pub struct MediaObject<K: MediaObjectKind> {
    /// The id of media uploaded with the media endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A public `http://` or `https://` URL of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Text shown with the media (image, video, document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The file name shown for a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    kind: PhantomData<K>,
}

/// An image message or header: `{"id" or "link", "caption"?}`.
pub type Image = MediaObject<media_kind::Image>;
/// A video message or header: `{"id" or "link", "caption"?}`.
pub type Video = MediaObject<media_kind::Video>;
/// An audio message: `{"id" or "link"}`.
pub type Audio = MediaObject<media_kind::Audio>;
/// A document message or header: `{"id" or "link", "caption"?, "filename"?}`.
pub type Document = MediaObject<media_kind::Document>;
/// A sticker message: `{"id" or "link"}`.
pub type Sticker = MediaObject<media_kind::Sticker>;

impl<K: MediaObjectKind> MediaObject<K> {
    fn empty() -> Self {
        MediaObject {
            id: None,
            link: None,
            caption: None,
            filename: None,
            extra: Map::new(),
            kind: PhantomData,
        }
    }

    /// Media uploaded earlier, by its media id.
    ///
    /// ```
    /// use botika::{Image, OutgoingMessage};
    /// // The id comes from `client.media().upload(..)`.
    /// let photo = Image::from_id("1037543291543636").caption("Your receipt");
    /// assert_eq!(OutgoingMessage::from(photo).to_json("+62 812-3456-7890")["image"]["id"], "1037543291543636");
    /// ```
    pub fn from_id(id: impl Into<String>) -> Self {
        MediaObject {
            id: Some(id.into()),
            ..Self::empty()
        }
    }

    /// Media fetched by Botika from a public `http://` or `https://` URL.
    ///
    /// ```
    /// use botika::{OutgoingMessage, Video};
    /// let tour = Video::from_link("https://example.com/tour.mp4");
    /// assert!(OutgoingMessage::from(tour).validate().is_ok());
    /// // Botika fetches the file itself, so the link must be absolute.
    /// assert!(OutgoingMessage::from(Video::from_link("/tour.mp4")).validate().is_err());
    /// ```
    pub fn from_link(url: impl Into<String>) -> Self {
        MediaObject {
            link: Some(url.into()),
            ..Self::empty()
        }
    }

    /// The wire name of this kind (`"image"`).
    pub fn kind(&self) -> &'static str {
        K::TYPE
    }

    pub(crate) fn check(&self, problems: &mut Problems, path: &str) {
        check_media_source(problems, path, self.id.as_deref(), self.link.as_deref());
    }
}

impl<K: Captioned> MediaObject<K> {
    /// Text shown with the media.
    ///
    /// ```
    /// let photo = botika::Image::from_id("1037543291543636").caption("Our new store");
    /// assert_eq!(photo.caption.as_deref(), Some("Our new store"));
    /// ```
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }
}

impl Document {
    /// The file name shown to the recipient.
    ///
    /// ```
    /// // Without it, the recipient sees the upload's own name.
    /// let invoice = botika::Document::from_id("1037543291543636").filename("invoice-1024.pdf");
    /// ```
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }
}

extra_fields! {
    impl<K: MediaObjectKind> MediaObject<K>;
}

impl<K: MediaObjectKind> fmt::Debug for MediaObject<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaObject")
            .field("kind", &K::TYPE)
            .field("id", &self.id)
            .field("link", &self.link)
            .field("caption", &self.caption)
            .field("filename", &self.filename)
            .field("extra", &self.extra)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builders_produce_the_wire_objects() {
        let cases = [
            (
                serde_json::to_value(Image::from_id("m1").caption("c")).unwrap(),
                json!({"id": "m1", "caption": "c"}),
            ),
            (
                serde_json::to_value(Video::from_link("https://e.com/v.mp4")).unwrap(),
                json!({"link": "https://e.com/v.mp4"}),
            ),
            (
                serde_json::to_value(Audio::from_id("a")).unwrap(),
                json!({"id": "a"}),
            ),
            (
                serde_json::to_value(
                    Document::from_link("https://e.com/i.pdf")
                        .caption("Invoice")
                        .filename("i.pdf"),
                )
                .unwrap(),
                json!({"link": "https://e.com/i.pdf", "caption": "Invoice", "filename": "i.pdf"}),
            ),
            (
                serde_json::to_value(Sticker::from_id("s").extra("animated", false)).unwrap(),
                json!({"id": "s", "animated": false}),
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn unknown_fields_are_kept_and_kinds_named() {
        let doc: Document =
            serde_json::from_value(json!({"id": "d", "filename": "a.pdf", "x": 1})).unwrap();
        assert_eq!(doc.filename.as_deref(), Some("a.pdf"));
        assert_eq!(doc.extra["x"], json!(1));
        assert_eq!(doc.kind(), "document");
        assert_eq!(
            serde_json::to_value(&doc).unwrap(),
            json!({"id": "d", "filename": "a.pdf", "x": 1})
        );
        assert!(format!("{doc:?}").contains("document"));
    }
}
