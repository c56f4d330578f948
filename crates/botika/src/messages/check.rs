//! The checking toolkit every request validator shares (messages, templates, broadcasts): a
//! collector that gathers *all* failures with their field paths, and the rules docs/rules.md
//! states once and applies in many places (lengths in characters, non-empty strings,
//! recipients, media objects, uniqueness).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use crate::error::{Error, Result};

/// Collects refusals as `field path -> rules broken`, so one error can report every problem of
/// a request instead of the first one only.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    fields: BTreeMap<String, Vec<String>>,
}

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Records that the field at `path` breaks `rule`.
    pub fn add(&mut self, path: impl Into<String>, rule: impl Into<String>) {
        self.fields
            .entry(path.into())
            .or_default()
            .push(rule.into());
    }

    /// `Ok(())` when nothing was recorded, else one `invalid_argument` error naming every field.
    pub fn into_result(self) -> Result<()> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid_arguments(self.fields))
        }
    }
}

/// `base.name`, or `name` at the root.
pub(crate) fn field(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_owned()
    } else {
        format!("{base}.{name}")
    }
}

/// `base[i]`.
pub(crate) fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// Lengths count Unicode scalar values, not bytes (docs/rules.md).
pub(crate) fn char_len(value: &str) -> usize {
    value.chars().count()
}

/// "Non-empty" in docs/rules.md: at least one non-whitespace character.
pub(crate) fn is_blank(value: &str) -> bool {
    value.trim().is_empty()
}

/// `value` must be `min` to `max` characters long.
pub(crate) fn check_length(
    problems: &mut Problems,
    path: &str,
    value: &str,
    min: usize,
    max: usize,
) {
    let len = char_len(value);
    if len < min || len > max {
        let rule = if min == 0 {
            format!("must be at most {max} characters (it has {len})")
        } else {
            format!("must be {min} to {max} characters (it has {len})")
        };
        problems.add(path, rule);
    }
}

/// `value` must hold at least one non-whitespace character.
pub(crate) fn check_non_empty(problems: &mut Problems, path: &str, value: &str) {
    if is_blank(value) {
        problems.add(path, "must not be empty");
    }
}

/// A field that must be present and non-empty.
pub(crate) fn check_required(problems: &mut Problems, path: &str, value: Option<&str>) {
    match value {
        Some(value) => check_non_empty(problems, path, value),
        None => problems.add(path, "is required"),
    }
}

/// A recipient (`to`): digits, spaces, `-`, `(`, `)`, `.` and one leading `+`; 7 to 15 digits,
/// the first not `0` (so a country code is present). The value is sent as given.
pub(crate) fn check_recipient(problems: &mut Problems, path: &str, to: &str) {
    if is_blank(to) {
        problems.add(path, "is required");
        return;
    }
    let allowed = to.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.') || (c == '+' && i == 0)
    });
    if !allowed {
        problems.add(
            path,
            "may contain only digits, spaces, '-', '(', ')', '.' and one leading '+'",
        );
        return;
    }
    let digits = to.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        problems.add(
            path,
            format!("must have 7 to 15 digits, country code included (it has {digits})"),
        );
    } else if to.bytes().find(u8::is_ascii_digit) == Some(b'0') {
        problems.add(
            path,
            "must start with a country code (the first digit cannot be 0)",
        );
    }
}

/// A media object: exactly one of `id` (non-empty) and `link` (an absolute `http(s)` URL with a
/// host).
pub(crate) fn check_media_source(
    problems: &mut Problems,
    path: &str,
    id: Option<&str>,
    link: Option<&str>,
) {
    match (id, link) {
        (Some(_), Some(_)) => problems.add(path, "give exactly one of id and link, not both"),
        (None, None) => problems.add(path, "give exactly one of id and link"),
        (Some(id), None) => check_non_empty(problems, &field(path, "id"), id),
        (None, Some(link)) => {
            if !is_http_url(link) {
                problems.add(
                    field(path, "link"),
                    "must be an absolute http:// or https:// URL with a host",
                );
            }
        }
    }
}

fn is_http_url(link: &str) -> bool {
    url::Url::parse(link)
        .map(|url| {
            matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false)
}

/// Reports every value of `items` (`(path, value)`) that repeats an earlier one.
pub(crate) fn check_unique<'a>(
    problems: &mut Problems,
    items: impl IntoIterator<Item = (String, &'a str)>,
) {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (path, value) in items {
        match seen.entry(value) {
            Entry::Occupied(first) => {
                problems.add(path, format!("must be unique (same as {})", first.get()))
            }
            Entry::Vacant(slot) => {
                slot.insert(path);
            }
        }
    }
}

/// Checks a recipient on its own, as [`send`](crate::Messages::send) does before sending: the
/// error (`invalid_argument`) names `path`.
pub(crate) fn recipient(path: &str, to: &str) -> Result<()> {
    let mut problems = Problems::new();
    check_recipient(&mut problems, path, to);
    problems.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(f: impl FnOnce(&mut Problems)) -> BTreeMap<String, Vec<String>> {
        let mut problems = Problems::new();
        f(&mut problems);
        match problems.into_result() {
            Ok(()) => BTreeMap::new(),
            Err(err) => err.field_errors().clone(),
        }
    }

    #[test]
    fn documented_recipient_formats_and_bare_ids_pass() {
        for to in [
            "+1-000-000-0000",
            "+1 (000) 000-0000",
            "+1 000 000 0000",
            "+1 (000) 000 0000",
            "+62 812-3456-7890",
            "6281234567890",
            "1234567",
            "123456789012345",
            "+62.812.3456",
        ] {
            assert!(recipient("to", to).is_ok(), "{to} should pass");
        }
    }

    #[test]
    fn recipients_break_at_the_boundaries() {
        let cases = [
            ("", "is required"),
            ("   ", "is required"),
            (
                "123456",
                "must have 7 to 15 digits, country code included (it has 6)",
            ),
            (
                "1234567890123456",
                "must have 7 to 15 digits, country code included (it has 16)",
            ),
            (
                "0812345678",
                "must start with a country code (the first digit cannot be 0)",
            ),
            (
                "+0 812 345 678",
                "must start with a country code (the first digit cannot be 0)",
            ),
            (
                "62+812345678",
                "may contain only digits, spaces, '-', '(', ')', '.' and one leading '+'",
            ),
            (
                "++62812345678",
                "may contain only digits, spaces, '-', '(', ')', '.' and one leading '+'",
            ),
            (
                "+62 812 abc 678",
                "may contain only digits, spaces, '-', '(', ')', '.' and one leading '+'",
            ),
            (
                "+６２８１２３４５６７",
                "may contain only digits, spaces, '-', '(', ')', '.' and one leading '+'",
            ),
        ];
        for (to, rule) in cases {
            let err = recipient("to", to).expect_err(to);
            assert_eq!(err.field_errors()["to"], vec![rule.to_owned()], "{to:?}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(rules(|p| check_length(p, "t", &"é".repeat(20), 1, 20)).is_empty());
        let got = rules(|p| check_length(p, "t", &"é".repeat(21), 1, 20));
        assert_eq!(got["t"], vec!["must be 1 to 20 characters (it has 21)"]);
        let got = rules(|p| check_length(p, "t", "", 1, 20));
        assert_eq!(got["t"], vec!["must be 1 to 20 characters (it has 0)"]);
        let got = rules(|p| check_length(p, "t", "abc", 0, 2));
        assert_eq!(got["t"], vec!["must be at most 2 characters (it has 3)"]);
    }

    #[test]
    fn media_sources_need_exactly_one_valid_reference() {
        assert!(rules(|p| check_media_source(p, "m", Some("123"), None)).is_empty());
        assert!(
            rules(|p| check_media_source(p, "m", None, Some("https://example.com/a.jpg")))
                .is_empty()
        );
        assert!(rules(|p| check_media_source(p, "m", None, Some("http://example.com"))).is_empty());
        let cases = [
            (
                Some("1"),
                Some("https://e.com"),
                "m",
                "give exactly one of id and link, not both",
            ),
            (None, None, "m", "give exactly one of id and link"),
            (Some(" "), None, "m.id", "must not be empty"),
            (
                None,
                Some("ftp://e.com/a"),
                "m.link",
                "must be an absolute http:// or https:// URL with a host",
            ),
            (
                None,
                Some("/relative/a.jpg"),
                "m.link",
                "must be an absolute http:// or https:// URL with a host",
            ),
            (
                None,
                Some("https://"),
                "m.link",
                "must be an absolute http:// or https:// URL with a host",
            ),
        ];
        for (id, link, path, rule) in cases {
            let got = rules(|p| check_media_source(p, "m", id, link));
            assert_eq!(got[path], vec![rule.to_owned()], "{id:?} {link:?}");
        }
    }

    #[test]
    fn duplicates_name_the_first_occurrence() {
        let got = rules(|p| {
            check_unique(
                p,
                [
                    ("a[0]".to_owned(), "x"),
                    ("a[1]".to_owned(), "y"),
                    ("a[2]".to_owned(), "x"),
                ],
            )
        });
        assert_eq!(got.len(), 1);
        assert_eq!(got["a[2]"], vec!["must be unique (same as a[0])"]);
    }

    #[test]
    fn required_distinguishes_absent_from_blank() {
        assert_eq!(
            rules(|p| check_required(p, "f", None))["f"],
            vec!["is required"]
        );
        assert_eq!(
            rules(|p| check_required(p, "f", Some("\t")))["f"],
            vec!["must not be empty"]
        );
        assert!(rules(|p| check_required(p, "f", Some("x"))).is_empty());
    }
}
