//! Proving a delivery came from Botika: the `X-Hub-Signature-256` HMAC over the raw body, and
//! the `hub.challenge` handshake that confirms the endpoint. Both compare in constant time, and
//! no error ever contains the secret or the expected value.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

/// The header that carries a delivery's signature.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

/// Checks a delivery's `X-Hub-Signature-256` (`sha256=<hex HMAC-SHA256 of the raw body>`).
///
/// `raw_body` must be the exact bytes received, before any JSON parsing: re-encoded JSON does
/// not match. `signature` is the header's value, `None` when the header is missing. A missing,
/// malformed or wrong signature is an `invalid_argument` error on the field
/// `X-Hub-Signature-256`; an empty secret is a `config` error.
///
/// ```
/// use hmac::{Hmac, Mac};
/// let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
/// # let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"s3cret").unwrap();
/// # mac.update(body);
/// # let header = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
/// botika::webhooks::verify_signature(body, Some(&header), "s3cret")?;
/// assert!(botika::webhooks::verify_signature(body, None, "s3cret").is_err());
/// # Ok::<(), botika::Error>(())
/// ```
pub fn verify_signature(
    raw_body: &[u8],
    signature: Option<&str>,
    secret: impl AsRef<[u8]>,
) -> Result<()> {
    let secret = secret.as_ref();
    if secret.is_empty() {
        return Err(Error::config("the webhook secret is empty"));
    }
    let Some(signature) = signature.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(refusal("is missing: the delivery is not signed"));
    };
    let digest = signature
        .split_once('=')
        .filter(|(scheme, _)| scheme.trim().eq_ignore_ascii_case("sha256"))
        .and_then(|(_, hex_digits)| {
            let mut digest = [0u8; 32];
            hex::decode_to_slice(hex_digits.trim(), &mut digest).ok()?;
            Some(digest)
        })
        .ok_or_else(|| refusal("is malformed: expected sha256= followed by 64 hex digits"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret)
        .map_err(|_| Error::config("the webhook secret cannot key an HMAC"))?;
    mac.update(raw_body);
    mac.verify_slice(&digest).map_err(|_| {
        refusal(
            "does not match the body: the secret differs, or the body was changed before it was verified (verify the raw bytes, not re-encoded JSON)",
        )
    })
}

fn refusal(rule: &str) -> Error {
    Error::invalid_argument(SIGNATURE_HEADER, rule)
}

/// Answers the endpoint verification handshake (`GET ?hub.mode=subscribe&hub.verify_token=T&
/// hub.challenge=C`): `Some(C)`, to send back as a plain-text `200`, when the mode is
/// `subscribe` and `T` equals `expected_token`; `None` (answer `403`) otherwise, also when any
/// value is missing or `expected_token` is empty. The tokens are compared in constant time.
///
/// ```
/// use botika::webhooks::verify_challenge;
/// assert_eq!(verify_challenge(Some("subscribe"), Some("tok"), Some("1158201444"), "tok").as_deref(), Some("1158201444"));
/// assert_eq!(verify_challenge(Some("subscribe"), Some("nope"), Some("1158201444"), "tok"), None);
/// ```
pub fn verify_challenge(
    mode: Option<&str>,
    verify_token: Option<&str>,
    challenge: Option<&str>,
    expected_token: &str,
) -> Option<String> {
    let challenge = challenge.filter(|c| !c.is_empty())?;
    let token = verify_token?;
    if mode != Some("subscribe") || expected_token.is_empty() {
        return None;
    }
    // Comparing digests keeps the comparison's time independent of the tokens' lengths too.
    let same: bool = Sha256::digest(token.as_bytes())
        .ct_eq(&Sha256::digest(expected_token.as_bytes()))
        .into();
    same.then(|| challenge.to_owned())
}

/// [`verify_challenge`] from the request's raw query string (`hub.mode=subscribe&...`, with or
/// without the leading `?`), percent-decoding it; the first value of each name counts.
///
/// ```
/// use botika::webhooks::verify_challenge_query;
/// let query = "hub.mode=subscribe&hub.verify_token=my%20token&hub.challenge=42";
/// assert_eq!(verify_challenge_query(query, "my token").as_deref(), Some("42"));
/// ```
pub fn verify_challenge_query(query: &str, expected_token: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let first = |name: &str| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    verify_challenge(
        first("hub.mode").as_deref(),
        first("hub.verify_token").as_deref(),
        first("hub.challenge").as_deref(),
        expected_token,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "webhook-secret-value";

    fn sign(body: &[u8], secret: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    fn rule_of(err: &Error) -> &str {
        &err.field_errors()[SIGNATURE_HEADER][0]
    }

    #[test]
    fn a_good_signature_passes_in_any_hex_case() {
        let body = br#"{"entry":[]}"#;
        let header = sign(body, SECRET);
        assert!(verify_signature(body, Some(&header), SECRET).is_ok());
        let upper = format!("SHA256={}", header["sha256=".len()..].to_uppercase());
        assert!(verify_signature(body, Some(&upper), SECRET.as_bytes()).is_ok());
        assert!(verify_signature(body, Some(&format!("  {header}\t")), SECRET).is_ok());
    }

    #[test]
    fn wrong_missing_and_malformed_signatures_are_refused_without_the_secret() {
        let body = br#"{"entry":[]}"#;
        let good = sign(body, SECRET);
        let cases = [
            (Some(sign(body, "other-secret")), "does not match"),
            (Some(sign(br#"{"entry": []}"#, SECRET)), "does not match"),
            (None, "is missing"),
            (Some(String::new()), "is missing"),
            (
                Some(good.trim_start_matches("sha256=").to_owned()),
                "is malformed",
            ),
            (Some(good.replace("sha256=", "sha1=")), "is malformed"),
            (Some(good[..good.len() - 2].to_owned()), "is malformed"),
            (Some(format!("{good}00")), "is malformed"),
            (Some(good.replace('a', "g")), "is malformed"),
            (Some("sha256=é".to_owned()), "is malformed"),
        ];
        for (header, want) in cases {
            let err = verify_signature(body, header.as_deref(), SECRET).unwrap_err();
            assert_eq!(err.code(), "invalid_argument");
            assert!(rule_of(&err).starts_with(want), "{header:?}: {err}");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(SECRET), "{shown}");
        }
        // The signature of the right body under another secret must also fail (guards against a
        // comparison that ignores the key).
        assert!(verify_signature(b"", Some(&sign(b"", "x")), SECRET).is_err());
    }

    #[test]
    fn an_empty_secret_is_a_configuration_error() {
        let err = verify_signature(b"{}", Some(&sign(b"{}", "")), "").unwrap_err();
        assert_eq!(err.code(), "config");
    }

    #[test]
    fn the_challenge_is_echoed_only_for_a_subscribe_with_the_right_token() {
        let ok = verify_challenge(Some("subscribe"), Some("T"), Some("C 1"), "T");
        assert_eq!(ok.as_deref(), Some("C 1"));
        let refused = [
            (Some("subscribe"), Some("t"), Some("C"), "T"),
            (Some("subscribe"), Some("TT"), Some("C"), "T"),
            (Some("unsubscribe"), Some("T"), Some("C"), "T"),
            (None, Some("T"), Some("C"), "T"),
            (Some("subscribe"), None, Some("C"), "T"),
            (Some("subscribe"), Some("T"), None, "T"),
            (Some("subscribe"), Some("T"), Some(""), "T"),
            (Some("subscribe"), Some(""), Some("C"), ""),
        ];
        for (mode, token, challenge, expected) in refused {
            assert_eq!(
                verify_challenge(mode, token, challenge, expected),
                None,
                "{mode:?} {token:?} {challenge:?}"
            );
        }
    }

    #[test]
    fn the_challenge_query_is_decoded() {
        let query = "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=a%2Bb%20c&hub.verify_token=x";
        assert_eq!(
            verify_challenge_query(query, "a+b c").as_deref(),
            Some("1158201444")
        );
        assert_eq!(verify_challenge_query(query, "x"), None);
        assert_eq!(verify_challenge_query("", "x"), None);
        assert_eq!(
            verify_challenge_query(
                "hub.mode=subscribe&hub.verify_token=x&hub.challenge=%FF",
                "x"
            )
            .as_deref(),
            Some("\u{fffd}")
        );
    }
}
