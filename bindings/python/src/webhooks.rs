//! Webhooks: the core's parser and its signature and handshake checks, as module functions.
//! They are pure and fast, so they run on the calling thread.

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;

use crate::convert::to_py;
use crate::errors::IntoPyResult;
use crate::ops::unconvertible;

/// A delivery's raw body: bytes as received (or text, encoded as UTF-8).
#[derive(FromPyObject)]
pub(crate) enum Body {
    Bytes(PyBackedBytes),
    Text(String),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Bytes(bytes) => bytes,
            Body::Text(text) => text.as_bytes(),
        }
    }
}

/// Parses a delivery into `{"envelope", "object", "events": [...], "raw"}`; each event is
/// tagged by `"event"` (`message`, `status`, `template_status`, `unknown`).
#[pyfunction]
pub(crate) fn webhooks_parse<'py>(py: Python<'py>, raw_body: Body) -> PyResult<Bound<'py, PyAny>> {
    // `into_value` is the serialized form with the raw JSON trees moved rather than copied.
    let payload = botika::webhooks::parse(raw_body.as_ref())
        .and_then(|p| p.into_value().map_err(unconvertible))
        .or_raise(py)?;
    to_py(py, &payload)
}

/// Checks `X-Hub-Signature-256` against the raw body; raises when it is missing or wrong.
#[pyfunction]
#[pyo3(signature = (raw_body, signature, secret))]
pub(crate) fn webhooks_verify_signature(
    py: Python<'_>,
    raw_body: Body,
    signature: Option<&str>,
    secret: Body,
) -> PyResult<()> {
    botika::webhooks::verify_signature(raw_body.as_ref(), signature, secret).or_raise(py)
}

/// The verification handshake from its three query values: the challenge to answer, or `None`.
#[pyfunction]
#[pyo3(signature = (mode, verify_token, challenge, expected_token))]
pub(crate) fn webhooks_verify_challenge(
    mode: Option<&str>,
    verify_token: Option<&str>,
    challenge: Option<&str>,
    expected_token: &str,
) -> Option<String> {
    botika::webhooks::verify_challenge(mode, verify_token, challenge, expected_token)
}

/// The verification handshake from a raw query string.
#[pyfunction]
pub(crate) fn webhooks_verify_challenge_query(query: &str, expected_token: &str) -> Option<String> {
    botika::webhooks::verify_challenge_query(query, expected_token)
}
