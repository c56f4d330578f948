//! Media objects (`{"id"}` or `{"link"}`, with a caption or filename by kind) and the headers built
//! on them (`{"type": "text", "text"}` or `{"type": kind, kind: media object}`).

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, at, choice, get, object, string};

/// The kinds a header may have, text first.
pub(super) const HEADER_TYPES: [&str; 4] = ["text", "image", "video", "document"];

/// Checks a required media object of `kind` at `path`: exactly one of `id` (a non-empty string) and
/// `link` (an absolute `http://` or `https://` URL with a host), an optional string `caption` on
/// image, video and document, and an optional string `filename` on document. Gives the object back.
pub(super) fn media_object<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
    kind: &str,
) -> Option<&'a Value> {
    let media = object(errors, value, path, true)?;
    let (id_path, link_path) = (at(path, "id"), at(path, "link"));
    let (id, link) = (get(media, "id"), get(media, "link"));
    match (id, link) {
        (None, None) => errors.add(
            id_path.as_str(),
            format!("The {id_path} field is required when {link_path} is not present."),
        ),
        (Some(_), Some(_)) => errors.add(
            id_path.as_str(),
            format!("The {id_path} field prohibits {link_path} from being present."),
        ),
        _ => {}
    }
    if id.is_some() {
        string(errors, id, &id_path, Need::Required, None);
    }
    if link.is_some() {
        if let Some(url) = string(errors, link, &link_path, Need::Required, None) {
            if !is_web_url(url) {
                errors.add(
                    link_path.as_str(),
                    format!("The {link_path} must be a valid http:// or https:// URL."),
                );
            }
        }
    }
    if matches!(kind, "image" | "video" | "document") {
        string(
            errors,
            get(media, "caption"),
            &at(path, "caption"),
            Need::Optional,
            None,
        );
    }
    if kind == "document" {
        string(
            errors,
            get(media, "filename"),
            &at(path, "filename"),
            Need::Optional,
            None,
        );
    }
    Some(media)
}

/// True for an absolute `http://` or `https://` URL with a host, written without whitespace (a URL
/// parser would quietly drop or encode it, and the real service would not fetch such a link).
fn is_web_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
    else {
        return false;
    };
    // `https:///host` and `https://\host` parse as URLs with a host, but only by forgiving a typo.
    if rest.starts_with(['/', '\\']) || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    url::Url::parse(text).is_ok_and(|url| url.host_str().is_some_and(|host| !host.is_empty()))
}

/// Checks a header object at `path`: `type` one of [`HEADER_TYPES`]; a `text` header needs `text`
/// (non-empty, at most `text_max` characters when given), a media header a media object under the
/// key named after its type. Gives the header's type back when it is a valid one.
pub(super) fn typed_header<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
    text_max: Option<usize>,
) -> Option<&'a str> {
    let header = object(errors, value, path, true)?;
    let kind = choice(
        errors,
        get(header, "type"),
        &at(path, "type"),
        &HEADER_TYPES,
        true,
    )?;
    if kind == "text" {
        string(
            errors,
            get(header, "text"),
            &at(path, "text"),
            Need::Required,
            text_max,
        );
    } else {
        media_object(errors, get(header, kind), &at(path, kind), kind);
    }
    Some(kind)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{only, passes};

    fn check(value: Value, kind: &str) -> FieldErrors {
        let mut errors = FieldErrors::new();
        media_object(&mut errors, Some(&value), "image", kind);
        errors
    }

    #[test]
    fn an_id_or_a_link() {
        passes(&check(json!({"id": "media-1"}), "image"));
        passes(&check(
            json!({"link": "https://example.com/cat.png"}),
            "image",
        ));
        passes(&check(
            json!({"link": "HTTP://Example.com:8080/a?b=c#d"}),
            "image",
        ));
        passes(&check(json!({"link": "http://127.0.0.1/a.png"}), "image"));
        passes(&check(json!({"id": "media-1", "link": null}), "image"));
    }

    #[test]
    fn exactly_one_of_id_and_link() {
        only(
            &check(json!({}), "image"),
            "image.id",
            "The image.id field is required when image.link is not present.",
        );
        only(
            &check(
                json!({"id": "m", "link": "https://example.com/a.png"}),
                "image",
            ),
            "image.id",
            "The image.id field prohibits image.link from being present.",
        );
    }

    #[test]
    fn the_id_is_a_non_empty_string() {
        only(
            &check(json!({"id": ""}), "image"),
            "image.id",
            "The image.id field is required.",
        );
        only(
            &check(json!({"id": 17}), "image"),
            "image.id",
            "The image.id must be a string.",
        );
    }

    #[test]
    fn the_link_is_an_http_url_with_a_host() {
        const BAD: &str = "The image.link must be a valid http:// or https:// URL.";
        for link in [
            "ftp://example.com/a.png",
            "example.com/a.png",
            "https://",
            "http:///example.com",
            "https://exa mple.com/a.png",
            "https://example.com/a b.png",
            "http:example.com",
            "https://[::1",
            "mailto:a@example.com",
        ] {
            only(&check(json!({ "link": link }), "image"), "image.link", BAD);
        }
        only(
            &check(json!({"link": ["x"]}), "image"),
            "image.link",
            "The image.link must be a string.",
        );
    }

    #[test]
    fn caption_and_filename_by_kind() {
        passes(&check(
            json!({"id": "m", "caption": "", "filename": "a.pdf"}),
            "document",
        ));
        only(
            &check(json!({"id": "m", "caption": 1}), "video"),
            "image.caption",
            "The image.caption must be a string.",
        );
        only(
            &check(json!({"id": "m", "filename": 1}), "document"),
            "image.filename",
            "The image.filename must be a string.",
        );
        // Fields a kind does not have are ignored, like any unknown field.
        passes(&check(
            json!({"id": "m", "caption": 1, "filename": 1}),
            "sticker",
        ));
    }

    #[test]
    fn the_object_itself() {
        only(
            &check(json!("media-1"), "image"),
            "image",
            "The image must be an object.",
        );
        let mut errors = FieldErrors::new();
        media_object(&mut errors, None, "image", "image");
        only(&errors, "image", "The image field is required.");
    }

    #[test]
    fn headers() {
        let check = |value: Value| {
            let mut errors = FieldErrors::new();
            let kind = typed_header(&mut errors, Some(&value), "h", Some(5)).map(str::to_owned);
            (kind, errors)
        };
        let (kind, errors) = check(json!({"type": "text", "text": "12345"}));
        assert_eq!(kind.as_deref(), Some("text"));
        passes(&errors);
        let (kind, errors) = check(json!({"type": "video", "video": {"id": "m"}}));
        assert_eq!(kind.as_deref(), Some("video"));
        passes(&errors);
        only(
            &check(json!({"type": "text", "text": "123456"})).1,
            "h.text",
            "The h.text may not be greater than 5 characters.",
        );
        only(
            &check(json!({"type": "text"})).1,
            "h.text",
            "The h.text field is required.",
        );
        only(
            &check(json!({"type": "document"})).1,
            "h.document",
            "The h.document field is required.",
        );
        let (kind, errors) = check(json!({"type": "location"}));
        assert_eq!(kind, None);
        only(&errors, "h.type", "The selected h.type is invalid.");
        let errors = check(json!({"type": "image", "image": {"link": "nope"}, "text": 1})).1;
        only(
            &errors,
            "h.image.link",
            "The h.image.link must be a valid http:// or https:// URL.",
        );
    }
}
