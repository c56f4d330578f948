//! The `{{n}}` variables of template text, read by the template review and the send check.

/// One `{{...}}` placeholder of a template text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placeholder<'a> {
    /// `{{n}}` with `n` a positive number written without a leading zero.
    Numbered(u32),
    /// Anything else between `{{` and `}}` (`{{name}}`, `{{ 1 }}`, `{{0}}`, `{{01}}`), kept as
    /// written inside the braces.
    Malformed(&'a str),
}

/// Every placeholder of `text` in order: each `{{` up to the next `}}`. A `{{` never closed is
/// plain text.
pub(super) fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some((_, after_open)) = rest.split_once("{{") {
        let Some((inside, after_close)) = after_open.split_once("}}") else {
            break;
        };
        found.push(classify(inside));
        rest = after_close;
    }
    found
}

fn classify(inside: &str) -> Placeholder<'_> {
    let canonical = !inside.is_empty()
        && inside.bytes().all(|b| b.is_ascii_digit())
        && !inside.starts_with('0');
    match inside.parse::<u32>() {
        Ok(n) if canonical => Placeholder::Numbered(n),
        _ => Placeholder::Malformed(inside),
    }
}

/// The distinct numbered variables of `text`, in increasing order (`{{2}} {{1}} {{2}}` gives 1, 2).
pub(super) fn numbered(text: &str) -> Vec<u32> {
    let mut numbers: Vec<u32> = placeholders(text)
        .into_iter()
        .filter_map(|p| match p {
            Placeholder::Numbered(n) => Some(n),
            Placeholder::Malformed(_) => None,
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

#[cfg(test)]
mod tests {
    use super::Placeholder::{Malformed, Numbered};
    use super::*;

    #[test]
    fn finds_numbered_and_malformed_placeholders() {
        assert_eq!(
            placeholders("Hi {{1}}, {{name}} {{ 2 }} {{0}} {{01}} {{}}"),
            [
                Numbered(1),
                Malformed("name"),
                Malformed(" 2 "),
                Malformed("0"),
                Malformed("01"),
                Malformed(""),
            ]
        );
        assert_eq!(placeholders("{{{1}}}"), [Malformed("{1")]);
        assert_eq!(placeholders("{{99999999999}}"), [Malformed("99999999999")]);
        assert_eq!(
            placeholders("no {{ end, {1}, }} {{12}}x"),
            [Malformed(" end, {1}, "), Numbered(12)]
        );
        assert_eq!(placeholders("é{{2}}ü{{"), [Numbered(2)]);
        assert!(placeholders("plain").is_empty());
    }

    #[test]
    fn numbered_are_distinct_and_sorted() {
        assert_eq!(numbered("{{2}} {{1}} {{2}} {{x}}"), [1, 2]);
        assert!(numbered("{{x}}").is_empty());
    }
}
