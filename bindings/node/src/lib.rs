//! botika-node: the Node addon of botika (napi 3).
//!
//! It only converts arguments, maps errors and bridges runtimes; every endpoint, rule and retry
//! lives in the `botika` crate. The npm package's JavaScript (`node/`) wraps this surface into
//! the idiomatic API. Conventions of the boundary:
//!
//! - Wire-shaped data (message content, templates, options, results) crosses as JSON text, which
//!   JavaScript produces and reads natively; [`convert`] turns keys between camelCase and the
//!   wire's snake_case and reads options with errors that name the field.
//! - Every call is a napi `async fn` on napi's tokio runtime, so nothing blocks the event loop;
//!   [`call::CancelToken`] lets an `AbortSignal` drop the Rust future.
//! - Failures reach JavaScript as a tagged error ([`errors`]) that `node/errors.js` turns into
//!   the matching `BotikaError` subclass.

mod broadcasts;
mod bulk;
mod call;
mod client;
mod convert;
mod errors;
mod media;
mod messages;
// Public so their free `#[napi]` functions stay reachable in test builds, where napi-derive
// leaves out the registration that uses them.
pub mod sandbox;
mod templates;
pub mod webhooks;

use napi_derive::napi;

/// The SDK's version, as sent in the `User-Agent` (`botika-node/<version>`).
#[napi]
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every stable error code of the core, in its declaration order (`node/errors.js` has one class
/// per code; its tests check the two agree).
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    botika::ErrorKind::ALL
        .iter()
        .map(|kind| kind.code())
        .collect()
}
