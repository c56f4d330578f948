//! Parsers for flag values shared by several commands: durations, `KEY=VALUE` pairs, media
//! references and JSON given inline, from a file or from stdin.

use std::io::Read;
use std::time::Duration;

use serde_json::Value;

use crate::failure::Failure;

/// A positive number of seconds (fractions allowed): `--timeout 2.5`.
pub fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(value.is_finite() && value > 0.0) {
        return Err(format!("must be more than 0 seconds (got {text})"));
    }
    Duration::try_from_secs_f64(value).map_err(|_| format!("{text} seconds is too long"))
}

/// Splits `KEY=VALUE` at the first `=`; `what` names the two halves for the error
/// (`"ID=TITLE"`). Both halves must be non-empty.
pub fn pair(text: &str, what: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => {
            Ok((key.to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected {what} (got {text:?})")),
    }
}

/// True when a media reference is a URL (`http://`, `https://`) rather than an uploaded id.
pub fn is_link(reference: &str) -> bool {
    let lower = reference.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A media object from a reference that is either an uploaded id or an `http(s)` link.
pub fn media_object<K: botika::MediaObjectKind>(reference: &str) -> botika::MediaObject<K> {
    if is_link(reference) {
        botika::MediaObject::from_link(reference)
    } else {
        botika::MediaObject::from_id(reference)
    }
}

/// JSON given as `-` (read stdin), `@PATH` (read a file) or inline text; `flag` names the flag
/// in errors.
pub fn json_input(text: &str, flag: &str) -> Result<Value, Failure> {
    let (source, content) = if text == "-" {
        let mut content = String::new();
        std::io::stdin()
            .read_to_string(&mut content)
            .map_err(|e| Failure::other(format!("cannot read {flag} from stdin: {e}")))?;
        ("stdin".to_owned(), content)
    } else if let Some(path) = text.strip_prefix('@') {
        let content = std::fs::read_to_string(path)
            .map_err(|e| Failure::usage(format!("cannot read {flag} file {path}: {e}")))?;
        (path.to_owned(), content)
    } else {
        ("the command line".to_owned(), text.to_owned())
    };
    serde_json::from_str(&content).map_err(|e| {
        Failure::usage(format!("{flag}: the JSON from {source} is not valid: {e}"))
            .hint("give JSON inline, @FILE to read a file, or - to read stdin")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accept_fractions_and_refuse_zero_and_words() {
        assert_eq!(seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert!(seconds("0").is_err());
        assert!(seconds("-1").is_err());
        assert!(seconds("soon").unwrap_err().contains("soon"));
    }

    #[test]
    fn pairs_split_at_the_first_equals_sign() {
        assert_eq!(
            pair("track=https://x.test/?a=1", "TEXT=URL"),
            Ok(("track".into(), "https://x.test/?a=1".into()))
        );
        assert!(pair("=x", "ID=TITLE").unwrap_err().contains("ID=TITLE"));
        assert!(pair("x", "ID=TITLE").is_err());
    }

    #[test]
    fn links_are_told_from_ids() {
        assert!(is_link("https://example.com/a.png"));
        assert!(is_link("HTTP://example.com/a.png"));
        assert!(!is_link("1037543291543636"));
    }

    #[test]
    fn json_input_reads_inline_text_and_files_and_names_the_flag_on_errors() {
        assert_eq!(json_input("{\"a\":1}", "--json").unwrap()["a"], 1);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.json");
        std::fs::write(&file, "[1]").unwrap();
        assert_eq!(
            json_input(&format!("@{}", file.display()), "--json").unwrap()[0],
            1
        );
        let failure = json_input("{oops", "--json").unwrap_err();
        assert!(
            failure.message.starts_with("--json:"),
            "{}",
            failure.message
        );
        assert_eq!(failure.category.code(), 2);
    }
}
