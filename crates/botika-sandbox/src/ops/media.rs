//! Media: uploads checked per part against the kind's MIME list and size limit, the bytes kept
//! and served back, deletion.

use bytes::Bytes;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::clock;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::rules::{self, FieldErrors};
use crate::state::MediaRecord;

/// One file part of an upload.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field's name: the media kind.
    pub kind: String,
    /// The part's MIME type.
    pub mime: String,
    /// The part's file name.
    pub filename: String,
    /// The file.
    pub bytes: Bytes,
}

impl Engine {
    /// `POST /media`: answers `{"<kind>": {"id"}}`, one key per part.
    pub fn upload(&self, parts: Vec<Upload>) -> Result<Value, ApiError> {
        if parts.is_empty() {
            return Err(ApiError::field(
                "media",
                "At least one file is required: audio, document, image, sticker or video.",
            ));
        }
        let mut errors = FieldErrors::new();
        for (i, part) in parts.iter().enumerate() {
            if parts[..i].iter().any(|p| p.kind == part.kind) {
                errors.add(
                    &part.kind,
                    format!("Only one {} file can be uploaded per request.", part.kind),
                );
            } else if let Err(message) = rules::media_part(&part.kind, &part.mime, part.bytes.len())
            {
                errors.add(&part.kind, message);
            }
        }
        ApiError::check(errors)?;
        let mut answer = Map::new();
        let now = clock::now_ms();
        {
            let mut state = self.state();
            for part in parts {
                let id = self.ids.media();
                answer.insert(part.kind.clone(), json!({ "id": id }));
                let record = MediaRecord {
                    id: id.clone(),
                    sha256: hex::encode(Sha256::digest(&part.bytes)),
                    kind: part.kind,
                    mime: part.mime,
                    filename: part.filename,
                    bytes: part.bytes,
                    created_at: now,
                };
                state.media.insert(id, record);
            }
        }
        self.touch();
        Ok(Value::Object(answer))
    }

    /// `GET /media/{id}`: the stored file.
    pub fn media(&self, id: &str) -> Result<MediaRecord, ApiError> {
        self.state()
            .media
            .get(id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Media not found."))
    }

    /// `DELETE /media/{id}`.
    pub fn delete_media(&self, id: &str) -> Result<(), ApiError> {
        let removed = self.state().media.remove(id);
        match removed {
            Some(_) => {
                self.touch();
                Ok(())
            }
            None => Err(ApiError::not_found("Media not found.")),
        }
    }
}
