//! The core against the sandbox started in-process: every endpoint, every error code, webhooks
//! received, verified and parsed, and behaviour under the sandbox's injected faults, counted on
//! the sandbox's side. Each test starts its own sandbox, so tests share no state.

#[path = "sandbox/broadcasts.rs"]
mod broadcasts;
#[path = "sandbox/docs.rs"]
mod docs;
#[path = "sandbox/errors.rs"]
mod errors;
#[path = "sandbox/faults.rs"]
mod faults;
#[path = "sandbox/media.rs"]
mod media;
#[path = "sandbox/messages.rs"]
mod messages;
#[path = "sandbox/support.rs"]
mod support;
#[path = "sandbox/templates.rs"]
mod templates;
#[path = "sandbox/webhooks.rs"]
mod webhooks;
