//! The flags of media messages: where the file is (an uploaded id, a link, or a local file that
//! is uploaded first), and the caption and file name where the type takes them.

use std::path::PathBuf;

use botika::media::{MediaSource, UploadOptions};
use botika::messages::media_kind;
use botika::{Captioned, Client, Document, MediaObject, MediaObjectKind};
use clap::Args;

use crate::failure::Failure;

/// Where the media is: exactly one of `--id`, `--link`, `--file`.
#[derive(Debug, Args)]
#[group(id = "source", required = true, multiple = false)]
pub struct SourceArgs {
    /// The id of media uploaded earlier (botika media upload)
    #[arg(long)]
    id: Option<String>,
    /// A public http(s) URL Botika fetches the file from
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// A local file: uploaded first, then sent by its new id
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
}

impl SourceArgs {
    /// The media object of kind `K`, uploading `--file` as that kind first.
    pub async fn media<K: MediaObjectKind>(
        self,
        client: &Client,
    ) -> Result<MediaObject<K>, Failure> {
        if let Some(path) = self.file {
            let options = UploadOptions::new().kind(K::MEDIA_KIND);
            let uploaded = client
                .media()
                .upload(MediaSource::path(path), options)
                .await?;
            return Ok(MediaObject::from_id(uploaded.id));
        }
        Ok(match (self.id, self.link) {
            (Some(id), _) => MediaObject::from_id(id),
            // clap's group guarantees that one of the three was given.
            (None, link) => MediaObject::from_link(link.unwrap_or_default()),
        })
    }
}

/// Image and video: the source and a caption.
#[derive(Debug, Args)]
pub struct CaptionedArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Text shown with the media
    #[arg(long)]
    caption: Option<String>,
}

impl CaptionedArgs {
    /// The captioned media object of kind `K`.
    pub async fn media<K: Captioned>(self, client: &Client) -> Result<MediaObject<K>, Failure> {
        let media = self.source.media::<K>(client).await?;
        Ok(match self.caption {
            Some(caption) => media.caption(caption),
            None => media,
        })
    }
}

/// Document: the source, a caption and the file name shown.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    #[command(flatten)]
    media: CaptionedArgs,
    /// The file name shown to the recipient
    #[arg(long)]
    filename: Option<String>,
}

impl DocumentArgs {
    /// A document message.
    pub async fn document(self, client: &Client) -> Result<Document, Failure> {
        let document = self.media.media::<media_kind::Document>(client).await?;
        Ok(match self.filename {
            Some(filename) => document.filename(filename),
            None => document,
        })
    }
}
