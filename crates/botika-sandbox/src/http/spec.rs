//! `GET /openapi.yaml`: the OpenAPI description of Botika's API and of this control API
//! (`api/openapi.yaml` in the repository), built into the binary so that the sandbox always
//! serves the description of the version that runs. It is public, like any published API
//! description: viewers and generators fetch it without a token, and it holds no secret.

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::engine::Engine;

/// The description, as committed.
const OPENAPI_YAML: &str = include_str!("../../../../api/openapi.yaml");

/// The route, outside the token-protected parts.
pub fn routes() -> Router<Arc<Engine>> {
    Router::new().route("/openapi.yaml", get(openapi))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI_YAML)
}
