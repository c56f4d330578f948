//! The HTTP surface: Botika's API under `/api/whatsapp/v1` and the control API under
//! `/_sandbox`, both bearer-protected, with Laravel-shaped answers for unknown routes (404) and
//! wrong methods (405), a request id on every answer, and the fault layer on the API.

pub(crate) mod api;
pub(crate) mod control;
pub mod extract;
mod spec;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::engine::Engine;
use crate::error::ApiError;
use crate::faults::{Action, MALFORMED_BODY, api_relative, error_message};
use crate::server::ConnKill;

/// The whole application.
pub fn router(engine: Arc<Engine>) -> Router {
    let api = api::routes()
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&engine),
            authenticate,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&engine),
            inject_faults,
        ));
    let control = control::routes().route_layer(middleware::from_fn_with_state(
        Arc::clone(&engine),
        authenticate,
    ));
    Router::new()
        .nest(crate::API_PREFIX, api)
        .nest("/_sandbox", control)
        .merge(spec::routes())
        .merge(crate::inbox::routes(Arc::clone(&engine)))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(engine.config.body_limit))
        .layer(middleware::from_fn(method_not_allowed))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&engine),
            request_id,
        ))
        .with_state(engine)
}

/// `Authorization: Bearer <token>` with one of the configured tokens.
async fn authenticate(State(engine): State<Arc<Engine>>, request: Request, next: Next) -> Response {
    if !bearer_accepted(&engine, request.headers()) {
        return ApiError::unauthenticated().into_response();
    }
    next.run(request).await
}

/// Whether `headers` carry `Authorization: Bearer <token>` with one of the configured tokens.
pub(crate) fn bearer_accepted(engine: &Engine, headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .is_some_and(|(_, token)| token_accepted(engine, token.trim().as_bytes()))
}

/// Whether `presented` is one of the configured tokens, compared in constant time with each.
pub(crate) fn token_accepted(engine: &Engine, presented: &[u8]) -> bool {
    engine.config.tokens.iter().fold(false, |found, token| {
        found | bool::from(token.expose().as_bytes().ct_eq(presented))
    })
}

/// Applies the injected faults to an API request and counts the requests that were processed.
async fn inject_faults(
    State(engine): State<Arc<Engine>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let path = request.uri().path().to_owned();
    let plan = engine.faults.plan(&method, api_relative(&path));
    let kill = request.extensions().get::<ConnKill>().cloned();
    // `None`: the connection is closed without an answer.
    let answer = match plan.action {
        Some(Action::Error(status)) => {
            let message = error_message(status);
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(ApiError::message(status, message).into_response())
        }
        Some(Action::RateLimit(seconds)) => Some(ApiError::too_many(seconds).into_response()),
        Some(Action::DropBefore) => None,
        Some(Action::DropAfter | Action::Malformed) | None => {
            let response = next.run(request).await;
            engine.count(format!("{method} {}", route.unwrap_or(path)));
            match plan.action {
                None => Some(response),
                Some(Action::Malformed) => Some(malformed()),
                Some(_) => None,
            }
        }
    };
    // The wait comes after the processing, as on a slow server that finishes what it started:
    // a client that gives up waiting (a send that timed out) leaves the request processed all
    // the same. The handlers do their work without awaiting once the body is in, so this wait
    // is the only point where a hang-up drops the request, and by then it is done.
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    match answer {
        Some(response) => response,
        None => drop_connection(kill).await,
    }
}

/// The answer of a `malformed` fault: `200`, said to be JSON, cut short.
fn malformed() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        MALFORMED_BODY,
    )
        .into_response()
}

/// Closes the request's connection without an answer; the serve loop does the closing.
async fn drop_connection(kill: Option<ConnKill>) -> Response {
    match kill {
        Some(kill) => {
            kill.kill();
            std::future::pending().await
        }
        // Only a router served outside the sandbox's own loop lacks the handle.
        None => ApiError::message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "This connection cannot be dropped.",
        )
        .into_response(),
    }
}

async fn not_found(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "The route {} could not be found.",
        request.uri().path().trim_start_matches('/')
    ))
}

/// Gives the framework's bare 405 a Laravel-shaped body. (The router adds the `Allow` header
/// around this layer, after it ran, so the body does not repeat the methods.)
async fn method_not_allowed(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().trim_start_matches('/').to_owned();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let message = format!("The {method} method is not supported for route {path}.");
    ApiError::message(StatusCode::METHOD_NOT_ALLOWED, message).into_response()
}

/// Adds `X-Request-Id` to every answer and, when asked, logs one line per request to stderr
/// (the path only: queries can carry phone numbers).
async fn request_id(State(engine): State<Arc<Engine>>, request: Request, next: Next) -> Response {
    let id = engine.ids.request();
    let started = Instant::now();
    let line = engine
        .config
        .log_requests
        .then(|| format!("{} {}", request.method(), request.uri().path()));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    if let Some(line) = line {
        eprintln!(
            "{line} -> {} ({} ms) {id}",
            response.status().as_u16(),
            started.elapsed().as_millis()
        );
    }
    response
}
