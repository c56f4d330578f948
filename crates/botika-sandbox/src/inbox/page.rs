//! The page and its files, embedded in the binary: plain HTML, CSS and JavaScript modules with
//! no build step, served with a content security policy that lets the page load only from the
//! sandbox itself.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::session;
use crate::engine::Engine;
use crate::error::ApiError;

/// Everything the page may load comes from the sandbox; nothing may frame it.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

const INDEX: &str = include_str!("../../assets/index.html");

/// The files under `/_inbox/assets/`: name, content type, contents.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "inbox.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/inbox.css"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../../assets/icon.svg"),
    ),
    ("main.js", JS, include_str!("../../assets/main.js")),
    ("api.js", JS, include_str!("../../assets/api.js")),
    ("dom.js", JS, include_str!("../../assets/dom.js")),
    ("chats.js", JS, include_str!("../../assets/chats.js")),
    ("bubbles.js", JS, include_str!("../../assets/bubbles.js")),
    (
        "templates.js",
        JS,
        include_str!("../../assets/templates.js"),
    ),
    ("webhooks.js", JS, include_str!("../../assets/webhooks.js")),
    ("faults.js", JS, include_str!("../../assets/faults.js")),
];

const JS: &str = "text/javascript; charset=utf-8";

/// The headers every file of the page gets: no guessing of types, no referrer, and always
/// asking the sandbox again (a rebuilt sandbox may serve a newer page on the same port).
fn page_headers(content_type: &'static str) -> [(HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ]
}

/// `GET /`: the page; `GET /?token=...` signs the browser in first (see [`session`]).
pub async fn index(
    State(engine): State<Arc<Engine>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(token) = query.get("token") {
        return session::sign_in_redirect(&engine, token);
    }
    (
        page_headers("text/html; charset=utf-8"),
        [(header::CONTENT_SECURITY_POLICY, POLICY)],
        INDEX,
    )
        .into_response()
}

/// `GET /_inbox/assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, body)) => (page_headers(content_type), *body).into_response(),
        None => ApiError::not_found(format!("No inbox file is named {name}.")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_named_once_and_has_content() {
        for (i, (name, _, body)) in ASSETS.iter().enumerate() {
            assert!(!body.trim().is_empty(), "{name} is empty");
            assert!(
                ASSETS[..i].iter().all(|(other, _, _)| other != name),
                "{name} twice"
            );
        }
    }

    /// Every `name.js` the page or a module mentions (its script tag, its imports) is served.
    #[test]
    fn every_script_the_page_names_is_served() {
        let sources = ASSETS.iter().map(|(_, _, body)| *body).chain([INDEX]);
        let mut named = 0;
        for source in sources {
            for (at, _) in source.match_indices(".js") {
                let start = source[..at]
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(0, |i| i + 1);
                let file = format!("{}.js", &source[start..at]);
                named += 1;
                assert!(
                    ASSETS.iter().any(|(name, _, _)| *name == file),
                    "{file} is named but not served"
                );
            }
        }
        assert!(named >= ASSETS.len() - 2, "only {named} scripts named");
    }
}
