//! The header flags shared by interactive messages and template sends: text, or an image,
//! video or document given by uploaded id or `http(s)` link.

use botika::{Header, HeaderKind};
use clap::Args;

use crate::values::media_object;

/// `--header-text`, `--header-image`, `--header-video` or `--header-document` (one at most).
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct HeaderArgs {
    /// A text header
    #[arg(long, value_name = "TEXT")]
    header_text: Option<String>,
    /// An image header: a media id or an http(s) link
    #[arg(long, value_name = "ID|URL")]
    header_image: Option<String>,
    /// A video header: a media id or an http(s) link
    #[arg(long, value_name = "ID|URL")]
    header_video: Option<String>,
    /// A document header: a media id or an http(s) link
    #[arg(long, value_name = "ID|URL")]
    header_document: Option<String>,
}

impl HeaderArgs {
    /// The header given, if any.
    pub fn header(self) -> Option<Header> {
        let given = [
            (HeaderKind::Text, self.header_text),
            (HeaderKind::Image, self.header_image),
            (HeaderKind::Video, self.header_video),
            (HeaderKind::Document, self.header_document),
        ];
        given
            .into_iter()
            .find_map(|(kind, value)| value.map(|value| header_of(kind, &value)))
    }
}

/// A header of `kind` from its value: the text, or a media id or link.
pub fn header_of(kind: HeaderKind, value: &str) -> Header {
    match kind {
        HeaderKind::Image => Header::image(media_object(value)),
        HeaderKind::Video => Header::video(media_object(value)),
        HeaderKind::Document => Header::document(media_object(value)),
        HeaderKind::Text => Header::text(value),
    }
}
