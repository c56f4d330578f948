//! Who may use the inbox. The page itself holds nothing secret and is served to anyone on
//! 127.0.0.1; what it reads and does (`/_inbox/...`) needs one of the sandbox's tokens, either
//! as the usual bearer header or as a session cookie that a browser gets by signing in once
//! (`/?token=...` or the page's sign-in form). The cookie's value is derived from the token, so
//! the token itself is never stored in the browser, and the cookie stays valid across restarts
//! on the same port with the same token.
//!
//! A cookie is sent by the browser on its own, so requests that change something must also
//! carry the [`PAGE_HEADER`]: another site's page cannot add a custom header to a request to
//! the sandbox without a CORS preflight, which the sandbox never grants.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::engine::Engine;
use crate::error::ApiError;
use crate::http::extract::JsonBody;

/// The header the page adds to every request it makes.
pub const PAGE_HEADER: &str = "x-botika-inbox";

/// What a session cookie's value is derived from, with the token as the key.
const CONTEXT: &[u8] = b"botika-sandbox inbox session v1";

/// The cookie's name carries the port, because browsers share cookies between the ports of a
/// host: two sandboxes with different tokens would otherwise sign each other out.
fn cookie_name(engine: &Engine) -> String {
    let port = engine.base_url.rsplit(':').next().unwrap_or_default();
    format!("botika_inbox_{port}")
}

/// The session value for one token: hex HMAC-SHA256 of a fixed context. (HMAC takes keys of
/// any length, so there is always one; `None` would mean no session can match.)
fn session_value(token: &str) -> Option<String> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(token.as_bytes()).ok()?;
    mac.update(CONTEXT);
    Some(hex::encode(mac.finalize().into_bytes()))
}

/// Whether the request carries a valid session cookie for this sandbox.
fn has_session(engine: &Engine, headers: &HeaderMap) -> bool {
    let name = cookie_name(engine);
    let presented: Vec<&str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .collect();
    engine
        .config
        .tokens
        .iter()
        .filter_map(|token| session_value(token.expose()))
        .any(|expected| {
            presented.iter().fold(false, |found, value| {
                found | bool::from(expected.as_bytes().ct_eq(value.as_bytes()))
            })
        })
}

/// The `Set-Cookie` that signs a browser in with `token`, when it is one of the sandbox's.
fn sign_in_cookie(engine: &Engine, token: &str) -> Option<HeaderValue> {
    if !crate::http::token_accepted(engine, token.as_bytes()) {
        return None;
    }
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        cookie_name(engine),
        session_value(token)?
    );
    HeaderValue::from_str(&cookie).ok()
}

/// Middleware for the inbox's endpoints: a bearer token, or a session cookie (with the
/// [`PAGE_HEADER`] on anything but a read).
pub async fn authorise(
    State(engine): State<Arc<Engine>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    if crate::http::bearer_accepted(&engine, headers) {
        return next.run(request).await;
    }
    if !has_session(&engine, headers) {
        return ApiError::unauthenticated().into_response();
    }
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if !reads && !headers.contains_key(PAGE_HEADER) {
        return ApiError::message(
            StatusCode::FORBIDDEN,
            "Requests signed in by cookie must carry the X-Botika-Inbox header.",
        )
        .into_response();
    }
    next.run(request).await
}

/// A redirect to the page that signs the browser in when `token` is one of the sandbox's, and
/// tells the page it was refused otherwise. The redirect takes the token out of the address
/// bar and the history.
pub fn sign_in_redirect(engine: &Engine, token: &str) -> Response {
    let cookie = sign_in_cookie(engine, token);
    let location = if cookie.is_some() {
        "/"
    } else {
        "/#token-refused"
    };
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    if let Some(cookie) = cookie {
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `POST /_inbox/session` with `{"token"}`: the page's sign-in form. `204` with the cookie, or
/// `401`.
pub async fn sign_in(State(engine): State<Arc<Engine>>, JsonBody(body): JsonBody) -> Response {
    let token = body["token"].as_str().unwrap_or_default();
    match sign_in_cookie(&engine, token) {
        Some(cookie) => (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response(),
        None => ApiError::unauthenticated().into_response(),
    }
}

/// `DELETE /_inbox/session`: forgets the cookie.
pub async fn sign_out(State(engine): State<Arc<Engine>>) -> Response {
    let expired = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        cookie_name(&engine)
    );
    match HeaderValue::from_str(&expired) {
        Ok(cookie) => (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response(),
        Err(_) => StatusCode::NO_CONTENT.into_response(),
    }
}
