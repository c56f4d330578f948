//! Uploaded media parts (`POST /media`): each kind's MIME types and size limit, in binary units.

/// One media kind: its form field name, the MIME types it accepts and its largest size in bytes.
struct Kind {
    name: &'static str,
    mime_types: &'static [&'static str],
    max_bytes: usize,
}

const KB: usize = 1024;
const MB: usize = 1024 * KB;

/// The media table of docs/rules.md (Botika's docs, §3.4).
const KINDS: [Kind; 5] = [
    Kind {
        name: "audio",
        mime_types: &[
            "audio/aac",
            "audio/mp4",
            "audio/mpeg",
            "audio/amr",
            "audio/ogg",
            "audio/opus",
        ],
        max_bytes: 10 * MB,
    },
    Kind {
        name: "document",
        mime_types: &[
            "text/plain",
            "application/pdf",
            "application/vnd.ms-powerpoint",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ],
        max_bytes: 10 * MB,
    },
    Kind {
        name: "image",
        mime_types: &["image/jpeg", "image/png"],
        max_bytes: 5 * MB,
    },
    Kind {
        name: "sticker",
        mime_types: &["image/webp"],
        max_bytes: 100 * KB,
    },
    Kind {
        name: "video",
        mime_types: &["video/mp4", "video/3gp"],
        max_bytes: 10 * MB,
    },
];

/// Checks one part: its name is a kind, its MIME type (parameters ignored, any case) is on the
/// kind's list, and its size is 1 byte to the kind's limit. Every broken rule is one sentence of
/// the message, worded like Laravel's file rules (limits in kilobytes of 1024 bytes).
pub(super) fn media_part(kind: &str, mime: &str, size: usize) -> Result<(), String> {
    let Some(spec) = KINDS.iter().find(|k| k.name == kind) else {
        return Err(format!(
            "The {kind} field is not a media kind: use audio, document, image, sticker or video."
        ));
    };
    let essence = mime
        .split_once(';')
        .map_or(mime, |(essence, _)| essence)
        .trim()
        .to_ascii_lowercase();
    let mut problems = Vec::new();
    if size == 0 {
        problems.push(format!("The {kind} must not be empty."));
    }
    if !spec.mime_types.contains(&essence.as_str()) {
        problems.push(format!(
            "The {kind} must be a file of type: {}.",
            spec.mime_types.join(", ")
        ));
    }
    if size > spec.max_bytes {
        problems.push(format!(
            "The {kind} may not be greater than {} kilobytes.",
            spec.max_bytes / KB
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_binary() {
        let limits = [
            ("audio", 10_485_760),
            ("document", 10_485_760),
            ("image", 5_242_880),
            ("sticker", 102_400),
            ("video", 10_485_760),
        ];
        for (kind, max) in limits {
            let mime = KINDS
                .iter()
                .find(|k| k.name == kind)
                .and_then(|k| k.mime_types.first())
                .copied()
                .unwrap_or_default();
            assert_eq!(media_part(kind, mime, max), Ok(()), "{kind} at its limit");
            assert_eq!(media_part(kind, mime, 1), Ok(()), "{kind} of 1 byte");
            assert_eq!(
                media_part(kind, mime, max + 1),
                Err(format!(
                    "The {kind} may not be greater than {} kilobytes.",
                    max / 1024
                )),
            );
        }
    }

    #[test]
    fn every_listed_type_passes() {
        for kind in &KINDS {
            for mime in kind.mime_types {
                assert_eq!(
                    media_part(kind.name, mime, 1),
                    Ok(()),
                    "{} {mime}",
                    kind.name
                );
            }
        }
    }

    #[test]
    fn mime_parameters_and_case_are_ignored() {
        assert_eq!(
            media_part("document", "text/plain; charset=utf-8", 10),
            Ok(())
        );
        assert_eq!(media_part("image", " Image/PNG ", 10), Ok(()));
    }

    #[test]
    fn types_off_the_list_are_refused() {
        assert_eq!(
            media_part("image", "image/webp", 10),
            Err("The image must be a file of type: image/jpeg, image/png.".into())
        );
        assert_eq!(
            media_part("video", "video/3gpp", 10),
            Err("The video must be a file of type: video/mp4, video/3gp.".into())
        );
        assert_eq!(
            media_part("sticker", "", 10),
            Err("The sticker must be a file of type: image/webp.".into())
        );
    }

    #[test]
    fn empty_files_are_refused() {
        assert_eq!(
            media_part("audio", "audio/ogg", 0),
            Err("The audio must not be empty.".into())
        );
    }

    #[test]
    fn unknown_kinds_are_refused() {
        assert_eq!(
            media_part("file", "application/pdf", 10),
            Err(
                "The file field is not a media kind: use audio, document, image, sticker or video."
                    .into()
            )
        );
        assert!(media_part("Image", "image/png", 10).is_err());
    }

    #[test]
    fn every_broken_rule_is_in_the_message() {
        assert_eq!(
            media_part("sticker", "image/png", 102_401),
            Err("The sticker must be a file of type: image/webp. The sticker may not be greater than 100 kilobytes.".into())
        );
        assert_eq!(
            media_part("image", "image/gif", 0),
            Err("The image must not be empty. The image must be a file of type: image/jpeg, image/png.".into())
        );
    }
}
