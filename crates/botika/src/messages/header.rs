//! The header object shared by interactive messages (contract 4.1) and template parameters
//! (contract 4.2): `{"type":"text","text"}` or `{"type":"image|video|document", "<type>": media}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::check::{Problems, check_length, check_non_empty, field};
use super::media::{Document, Image, MediaObject, MediaObjectKind, Video};
use super::wire::extra_fields;

/// What a [`Header`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeaderKind {
    /// A line of text (`text`).
    Text,
    /// An image (`image`).
    Image,
    /// A video (`video`).
    Video,
    /// A document (`document`).
    Document,
}

impl HeaderKind {
    /// The wire name (`"text"`).
    pub fn as_str(self) -> &'static str {
        match self {
            HeaderKind::Text => "text",
            HeaderKind::Image => "image",
            HeaderKind::Video => "video",
            HeaderKind::Document => "document",
        }
    }
}

/// A header: text or a media object under the key named by `type`.
///
/// ```
/// use botika::{Header, Image};
/// let title = Header::text("Your order");
/// let banner = Header::image(Image::from_link("https://example.com/banner.png"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Header {
    /// Which of `text`, `image`, `video`, `document` is shown.
    #[serde(rename = "type")]
    pub kind: HeaderKind,
    /// The text, for a `text` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The image, for an `image` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The video, for a `video` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<Video>,
    /// The document, for a `document` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Header {
    fn of(kind: HeaderKind) -> Header {
        Header {
            kind,
            text: None,
            image: None,
            video: None,
            document: None,
            extra: Map::new(),
        }
    }

    /// A text header.
    ///
    /// ```
    /// use botika::{Header, Interactive};
    /// let confirm = Interactive::buttons("Confirm?").header(Header::text("Booking #123")).button("yes", "Yes");
    /// ```
    pub fn text(text: impl Into<String>) -> Header {
        Header {
            text: Some(text.into()),
            ..Header::of(HeaderKind::Text)
        }
    }

    /// An image header.
    ///
    /// ```
    /// use botika::{Header, Image};
    /// let banner = Header::image(Image::from_link("https://example.com/banner.png"));
    /// ```
    pub fn image(image: Image) -> Header {
        Header {
            image: Some(image),
            ..Header::of(HeaderKind::Image)
        }
    }

    /// A video header.
    pub fn video(video: Video) -> Header {
        Header {
            video: Some(video),
            ..Header::of(HeaderKind::Video)
        }
    }

    /// A document header.
    pub fn document(document: Document) -> Header {
        Header {
            document: Some(document),
            ..Header::of(HeaderKind::Document)
        }
    }

    /// Checks the header at `path`; `text_max` is the text limit where one applies (60 on
    /// interactive messages; a template parameter only has to be non-empty).
    pub(crate) fn check(&self, problems: &mut Problems, path: &str, text_max: Option<usize>) {
        let key = field(path, self.kind.as_str());
        match self.kind {
            HeaderKind::Text => match (&self.text, text_max) {
                (None, _) => problems.add(key, "is required for a text header"),
                (Some(text), Some(max)) => check_length(problems, &key, text, 1, max),
                (Some(text), None) => check_non_empty(problems, &key, text),
            },
            HeaderKind::Image => check_media(problems, &key, self.image.as_ref()),
            HeaderKind::Video => check_media(problems, &key, self.video.as_ref()),
            HeaderKind::Document => check_media(problems, &key, self.document.as_ref()),
        }
    }
}

fn check_media<K: MediaObjectKind>(
    problems: &mut Problems,
    path: &str,
    media: Option<&MediaObject<K>>,
) {
    match media {
        Some(media) => media.check(problems, path),
        None => problems.add(path, "is required for this header type"),
    }
}

extra_fields! {
    impl Header;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(header: &Header, text_max: Option<usize>) -> Vec<(String, Vec<String>)> {
        let mut p = Problems::new();
        header.check(&mut p, "h", text_max);
        match p.into_result() {
            Ok(()) => Vec::new(),
            Err(e) => e.field_errors().clone().into_iter().collect(),
        }
    }

    #[test]
    fn headers_serialize_to_the_wire_shape() {
        assert_eq!(
            serde_json::to_value(Header::text("Hi")).unwrap(),
            json!({"type": "text", "text": "Hi"})
        );
        assert_eq!(
            serde_json::to_value(Header::document(Document::from_id("d").filename("a.pdf")))
                .unwrap(),
            json!({"type": "document", "document": {"id": "d", "filename": "a.pdf"}})
        );
        assert_eq!(
            serde_json::to_value(Header::video(Video::from_link("https://e.com/v.mp4"))).unwrap(),
            json!({"type": "video", "video": {"link": "https://e.com/v.mp4"}})
        );
    }

    #[test]
    fn text_limits_depend_on_where_the_header_is() {
        assert!(problems(&Header::text("a".repeat(60)), Some(60)).is_empty());
        assert_eq!(
            problems(&Header::text("a".repeat(61)), Some(60)),
            vec![(
                "h.text".to_owned(),
                vec!["must be 1 to 60 characters (it has 61)".to_owned()]
            )]
        );
        assert!(problems(&Header::text("a".repeat(500)), None).is_empty());
        assert_eq!(
            problems(&Header::text(" "), None)[0].1,
            vec!["must not be empty"]
        );
    }

    #[test]
    fn the_object_named_by_type_is_required_and_checked() {
        let mut missing = Header::image(Image::from_id("x"));
        missing.kind = HeaderKind::Video;
        assert_eq!(
            problems(&missing, Some(60)),
            vec![(
                "h.video".to_owned(),
                vec!["is required for this header type".to_owned()]
            )]
        );
        let both = Header::image(Image::from_id("x").extra("link", "https://e.com"));
        assert!(
            problems(&both, None).is_empty(),
            "extras are not modelled fields"
        );
        let mut text_missing = Header::text("x");
        text_missing.text = None;
        assert_eq!(problems(&text_missing, None)[0].0, "h.text");
        let bad_link = Header::document(Document::from_link("file:///etc/passwd"));
        assert_eq!(problems(&bad_link, None)[0].0, "h.document.link");
    }
}
