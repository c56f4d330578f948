//! The sandbox's template review: which templates are rejected, and with what reason.

use serde_json::Value;

use super::check::{count, filled, get};
use super::template_fit::component;
use super::variables::{Placeholder, placeholders};

/// The documented name prefix that always gets a template rejected, so that tests can reach
/// `REJECTED`.
const REJECT_PREFIX: &str = "reject_";

// Most buttons in all, and of each limited type.
const BUTTONS_MAX: usize = 10;
const BUTTON_LIMITS: [(&str, usize); 3] = [("URL", 2), ("PHONE_NUMBER", 1), ("COPY_CODE", 1)];

/// Decides a template's review; the reason of a rejection is the first rule broken, in the order of
/// docs/rules.md, worded like Meta's (`INVALID_FORMAT: ...`).
pub(super) fn review(template: &Value) -> Result<(), String> {
    let rejected = |why: String| Err(format!("INVALID_FORMAT: {why}"));
    let name = get(template, "name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if name.starts_with(REJECT_PREFIX) {
        return rejected(format!(
            "the sandbox rejects every template whose name starts with {REJECT_PREFIX}"
        ));
    }
    let body = component(template, "BODY");
    let body_text = body
        .and_then(|b| get(b, "text"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let variables = body_variables(body_text).map_err(|why| format!("INVALID_FORMAT: {why}"))?;
    let text_header = component(template, "HEADER").filter(|h| {
        get(h, "format")
            .and_then(Value::as_str)
            .is_some_and(|f| f.eq_ignore_ascii_case("TEXT"))
    });
    let header_text = text_header
        .and_then(|h| get(h, "text"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let header_variable = match placeholders(header_text).as_slice() {
        [] => false,
        [Placeholder::Numbered(1)] => true,
        _ => return rejected("a TEXT header may have one variable only, written {{1}}".into()),
    };
    if variables > 0 {
        let examples = body
            .and_then(|b| example(b, "body_text"))
            .and_then(|sets| sets.first())
            .and_then(Value::as_array)
            .map(Vec::len);
        if examples != Some(variables) {
            return rejected(format!(
                "the body has {} but example.body_text[0] does not give {}",
                count(variables, "variable"),
                count(variables, "value")
            ));
        }
    }
    if header_variable
        && text_header
            .and_then(|h| example(h, "header_text"))
            .map(Vec::len)
            != Some(1)
    {
        return rejected("the header's {{1}} needs example.header_text with 1 value".into());
    }
    let buttons: &[Value] = component(template, "BUTTONS")
        .and_then(|c| get(c, "buttons"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    for (index, button) in buttons.iter().enumerate() {
        let kind = get(button, "type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let url = get(button, "url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if kind.eq_ignore_ascii_case("URL")
            && url.contains("{{1}}")
            && !filled(get(button, "example"))
        {
            return rejected(format!(
                "URL button {index} has {{{{1}}}} in its url but no example"
            ));
        }
    }
    if buttons.len() > BUTTONS_MAX {
        return rejected(format!(
            "{} in all, at most {BUTTONS_MAX} allowed",
            count(buttons.len(), "button")
        ));
    }
    for (kind, max) in BUTTON_LIMITS {
        let n = buttons
            .iter()
            .filter(|b| {
                get(b, "type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case(kind))
            })
            .count();
        if n > max {
            return rejected(format!("{n} {kind} buttons, at most {max} allowed"));
        }
    }
    Ok(())
}

/// The number of BODY variables when they are exactly `{{1}}` to `{{n}}` (repeats allowed), or why
/// not.
fn body_variables(text: &str) -> Result<usize, String> {
    let mut numbers = Vec::new();
    for placeholder in placeholders(text) {
        match placeholder {
            Placeholder::Numbered(n) => numbers.push(n),
            Placeholder::Malformed(inside) => {
                return Err(format!(
                    "the body has a malformed variable {{{{{inside}}}}}; use {{{{1}}}}, {{{{2}}}}, ..."
                ));
            }
        }
    }
    numbers.sort_unstable();
    numbers.dedup();
    let consecutive = numbers.iter().zip(1..).all(|(&n, expected)| n == expected);
    if consecutive {
        Ok(numbers.len())
    } else {
        let found: Vec<String> = numbers.iter().map(|n| format!("{{{{{n}}}}}")).collect();
        Err(format!(
            "the body's variables must be numbered from {{{{1}}}} without gaps, found {}",
            found.join(", ")
        ))
    }
}

/// The array `example.<key>` of a component.
fn example<'a>(component: &'a Value, key: &str) -> Option<&'a Vec<Value>> {
    get(component, "example")
        .and_then(|e| get(e, key))
        .and_then(Value::as_array)
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
