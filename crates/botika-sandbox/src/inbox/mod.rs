//! The web inbox at `/`: the sandbox's conversations drawn as WhatsApp chats, with replies and
//! taps as the customer, template reviews by hand, the webhook delivery log and the faults, all
//! updated live. `docs/inbox.md` describes the page and how it signs in.
//!
//! The page is served to anyone (it holds nothing); everything it reads or does lives under
//! `/_inbox` and needs a token or the session cookie ([`session`]). Besides its own endpoints it
//! reaches the control API itself under `/_inbox/control`, so every action the page takes is the
//! same operation a test takes through `/_sandbox`.

mod conversations;
pub mod live;
mod media;
mod message_view;
mod page;
mod preview;
mod session;
mod taps;
mod template_view;

use std::sync::Arc;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde_json::{Value, json};

use crate::engine::Engine;
use crate::state::TemplateRecord;

/// The page and its endpoints, to merge into the sandbox's router.
pub fn routes(engine: Arc<Engine>) -> Router<Arc<Engine>> {
    let private = Router::new()
        .route("/conversations", get(conversations::list))
        .route("/conversations/{number}", get(conversations::show))
        .route("/templates", get(templates))
        .route("/media/{id}", get(media::serve))
        .route("/taps", post(taps::tap))
        .route("/events", get(live::events))
        .nest("/control", crate::http::control::routes())
        .route_layer(middleware::from_fn_with_state(engine, session::authorise));
    let inbox = Router::new()
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/assets/{name}", get(page::asset))
        .merge(private);
    Router::new()
        .route("/", get(page::index))
        .nest("/_inbox", inbox)
}

/// `GET /_inbox/templates`: every template in id order, as the API shows them, but all at once
/// and without the API's faults.
async fn templates(State(engine): State<Arc<Engine>>) -> Json<Value> {
    let templates: Vec<Value> = engine
        .state()
        .templates
        .iter()
        .map(TemplateRecord::to_json)
        .collect();
    Json(json!({ "data": templates }))
}
