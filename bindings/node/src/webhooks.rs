//! Webhooks: parse a delivery's raw body into events, verify its signature, answer the
//! verification handshake. Pure functions of the core; a panic is caught rather than crossing
//! into Node.

use botika::webhooks;
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::convert::{VERBATIM, result_json};
use crate::errors::napi_result;

/// The events of a delivery (`rawBody` exactly as received), as JSON text.
#[napi(catch_unwind)]
pub fn parse_webhook(raw_body: Buffer) -> napi::Result<String> {
    let payload = napi_result(webhooks::parse(&raw_body))?;
    result_json(&payload, VERBATIM)
}

/// Checks `X-Hub-Signature-256` over the raw body; throws when it is missing or wrong.
#[napi(catch_unwind)]
pub fn verify_signature(
    raw_body: Buffer,
    signature: Option<String>,
    secret: String,
) -> napi::Result<()> {
    napi_result(webhooks::verify_signature(
        &raw_body,
        signature.as_deref(),
        secret,
    ))
}

/// The handshake's answer from its three parameters: the challenge when the mode is
/// `subscribe` and the token matches, else `null`.
#[napi(catch_unwind)]
pub fn verify_challenge(
    mode: Option<String>,
    verify_token: Option<String>,
    challenge: Option<String>,
    expected_token: String,
) -> Option<String> {
    webhooks::verify_challenge(
        mode.as_deref(),
        verify_token.as_deref(),
        challenge.as_deref(),
        &expected_token,
    )
}

/// The handshake's answer from a query string (`hub.mode=subscribe&hub.verify_token=...`).
#[napi(catch_unwind)]
pub fn verify_challenge_query(query: String, expected_token: String) -> Option<String> {
    webhooks::verify_challenge_query(&query, &expected_token)
}
