//! `botika media upload|download|delete`.

use std::io::Write;
use std::path::PathBuf;

use botika::media::{MediaKind, MediaSource, UploadOptions};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::context::Context;
use crate::failure::Failure;

/// Media commands.
#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Upload a file; prints its media id
    #[command(
        after_help = "Examples:\n  botika media upload invoice.pdf\n  botika media upload banner.png --kind image\n  ID=$(botika media upload photo.jpg --output json | jq -r .id)"
    )]
    Upload(UploadArgs),
    /// Download a file by its media id
    #[command(
        after_help = "Examples:\n  botika media download 1037543291543636            # saved under the server's file name\n  botika media download 1037543291543636 --file photo.jpg\n  botika media download 1037543291543636 --file - > photo.jpg"
    )]
    Download(DownloadArgs),
    /// Delete an uploaded file
    #[command(after_help = "Example:\n  botika media delete 1037543291543636")]
    Delete(DeleteArgs),
}

/// `media upload`.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// The file
    path: PathBuf,
    /// Upload as this kind [default: from the file's type]
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Send this MIME type [default: detected from the content, else the extension]
    #[arg(long)]
    mime_type: Option<String>,
    /// Send this file name [default: the path's]
    #[arg(long)]
    filename: Option<String>,
    /// Skip the check of Botika's type and size limits before uploading
    #[arg(long)]
    no_check: bool,
}

/// The media kinds, as flag values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    Audio,
    Document,
    Image,
    Sticker,
    Video,
}

impl From<Kind> for MediaKind {
    fn from(kind: Kind) -> MediaKind {
        match kind {
            Kind::Audio => MediaKind::Audio,
            Kind::Document => MediaKind::Document,
            Kind::Image => MediaKind::Image,
            Kind::Sticker => MediaKind::Sticker,
            Kind::Video => MediaKind::Video,
        }
    }
}

/// `media download`.
#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// The media id
    id: String,
    /// Where to save it; - writes to stdout [default: the server's file name, else the id]
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
}

/// `media delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The media id
    id: String,
}

/// Runs a media command.
pub async fn run(context: Context<'_>, command: MediaCommand) -> Result<(), Failure> {
    let client = context.client()?;
    let media = client.media();
    match command {
        MediaCommand::Upload(args) => {
            let mut options = UploadOptions::new().check(!args.no_check);
            if let Some(kind) = args.kind {
                options = options.kind(kind.into());
            }
            if let Some(mime_type) = args.mime_type {
                options = options.mime_type(mime_type);
            }
            if let Some(filename) = args.filename {
                options = options.filename(filename);
            }
            let uploaded = media.upload(MediaSource::path(args.path), options).await?;
            context.printer.result(&uploaded, || {
                format!(
                    "uploaded {} ({}, {}, {} bytes) as {}",
                    uploaded.filename,
                    uploaded.kind,
                    uploaded.mime_type,
                    uploaded.size,
                    uploaded.id
                )
            });
        }
        MediaCommand::Download(args) => download(&context, &client, args).await?,
        MediaCommand::Delete(args) => {
            media.delete(&args.id).await?;
            let id = &args.id;
            context
                .printer
                .result(&json!({ "id": id, "deleted": true }), || {
                    format!("deleted media {id}")
                });
        }
    }
    Ok(())
}

async fn download(
    context: &Context<'_>,
    client: &botika::Client,
    args: DownloadArgs,
) -> Result<(), Failure> {
    let media = client.media();
    let saved = match args.file {
        Some(path) if path.as_os_str() == "-" => {
            let file = media.download(&args.id).await?;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&file.bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| Failure::other(format!("cannot write to stdout: {e}")))?;
            // The file is the output: nothing else may go to stdout.
            return Ok(());
        }
        Some(path) => media.download_to(&args.id, path).await?,
        None => {
            // The name is known only once the download starts, so it is held in memory
            // (media files are 10 MB at most).
            let file = media.download(&args.id).await?;
            let name = (file.filename.clone()).unwrap_or_else(|| args.id.replace(['/', '\\'], "_"));
            let path = PathBuf::from(name);
            std::fs::write(&path, &file.bytes)
                .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))?;
            botika::DownloadedFile {
                path,
                mime_type: file.mime_type,
                filename: file.filename,
                size: file.size,
            }
        }
    };
    context.printer.result(&saved, || {
        let mime = saved.mime_type.as_deref().unwrap_or("unknown type");
        format!(
            "saved {} ({mime}, {} bytes)",
            saved.path.display(),
            saved.size
        )
    });
    Ok(())
}
