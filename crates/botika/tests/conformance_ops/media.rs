//! Ops of the media resource.
//!
//! - `media.upload(file, kind?, mime_type?, filename?, check?)`: `file` is `{"$base64": ...}`
//!   (bytes) or `{"$file": "fixtures/<name>"}` (a path below `tests/conformance/`); the result is
//!   the `UploadedMedia` (`id`, `kind`, `mime_type`, `size`, `filename`, `raw`).
//! - `media.download(id)`: the binary dict form `{"size", "sha256", "content_type", "filename"}`.
//! - `media.download_to(id, filename)`: saves into a fresh temporary folder under `filename`;
//!   the same dict form, of the file as written, plus `"files"`: the folder's file names
//!   afterwards (so a leftover temporary file shows).
//! - `media.delete(id)`: no result.

use std::path::Path;

use base64::Engine;
use botika::Client;
use botika::media::{MediaKind, MediaSource, UploadOptions};
use serde_json::{Value, json};
use sha2::Digest;

use super::{Args, Op, OpError, OpFuture, to_dict};

pub const OPS: &[(&str, Op)] = &[
    ("media.upload", upload),
    ("media.download", download),
    ("media.download_to", download_to),
    ("media.delete", delete),
];

/// `{"$base64": "..."}` or `{"$file": "fixtures/<name>"}`.
fn source(file: &Value) -> Result<MediaSource, OpError> {
    if let Some(encoded) = file.get("$base64").and_then(Value::as_str) {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| OpError::Case(format!("file: bad base64: {e}")))?;
        return Ok(MediaSource::bytes(bytes));
    }
    if let Some(relative) = file.get("$file").and_then(Value::as_str) {
        let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
        return Ok(MediaSource::path(cases.join(relative)));
    }
    Err(OpError::Case(format!(
        "file must be {{\"$base64\"}} or {{\"$file\"}}, not {file}"
    )))
}

fn binary(bytes: &[u8], content_type: Option<String>, filename: Option<String>) -> Value {
    json!({
        "size": bytes.len(),
        "sha256": hex::encode(sha2::Sha256::digest(bytes)),
        "content_type": content_type,
        "filename": filename,
    })
}

fn upload<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let file = source(&args.required::<Value>("file")?)?;
        let mut options = UploadOptions::new();
        if let Some(kind) = args.get::<String>("kind")? {
            options = options.kind(kind.parse::<MediaKind>()?);
        }
        if let Some(mime_type) = args.get::<String>("mime_type")? {
            options = options.mime_type(mime_type);
        }
        if let Some(filename) = args.get::<String>("filename")? {
            options = options.filename(filename);
        }
        if let Some(check) = args.get::<bool>("check")? {
            options = options.check(check);
        }
        to_dict(&client.media().upload(file, options).await?)
    })
}

fn download<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let media = client
            .media()
            .download(&args.required::<String>("id")?)
            .await?;
        Ok(binary(&media.bytes, media.mime_type, media.filename))
    })
}

fn download_to<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let folder =
            tempfile::tempdir().map_err(|e| OpError::Case(format!("no temporary folder: {e}")))?;
        let target = folder.path().join(args.required::<String>("filename")?);
        let saved = client
            .media()
            .download_to(&args.required::<String>("id")?, &target)
            .await;
        let mut files: Vec<String> = std::fs::read_dir(folder.path())
            .map_err(|e| OpError::Case(e.to_string()))?
            .filter_map(|entry| {
                entry
                    .ok()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
            })
            .collect();
        files.sort();
        let saved = saved?;
        let written = std::fs::read(&saved.path).map_err(|e| OpError::Case(e.to_string()))?;
        let mut result = binary(&written, saved.mime_type, saved.filename);
        result["files"] = json!(files);
        Ok(result)
    })
}

fn delete<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        client
            .media()
            .delete(&args.required::<String>("id")?)
            .await?;
        Ok(Value::Null)
    })
}
