//! Recipient phone numbers (`to`, a broadcast's `to` entries, an inbound message's `from`).

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, string};

/// Fewest and most digits a number may have with its country code (E.164 allows 15).
const DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// Checks a recipient: a non-empty string of digits, spaces, `-`, `(`, `)`, `.` and one `+` only as
/// its first character, with 7 to 15 digits of which the first is not `0` (so it carries a country
/// code). Bare digits, a WhatsApp id, pass. Each broken rule gets its own message.
pub(super) fn recipient(errors: &mut FieldErrors, value: Option<&Value>, path: &str) {
    let Some(number) = string(errors, value, path, Need::Required, None) else {
        return;
    };
    let mut digits = 0;
    let mut first_digit = None;
    let mut stray = false;
    for (index, c) in number.chars().enumerate() {
        match c {
            '0'..='9' => {
                digits += 1;
                first_digit.get_or_insert(c);
            }
            ' ' | '-' | '(' | ')' | '.' => {}
            '+' if index == 0 => {}
            _ => stray = true,
        }
    }
    if stray {
        errors.add(
            path,
            format!("The {path} may only contain digits, spaces, -, (, ), . and a leading +."),
        );
    }
    if !DIGITS.contains(&digits) {
        errors.add(
            path,
            format!("The {path} must have between 7 and 15 digits."),
        );
    }
    if first_digit == Some('0') {
        errors.add(
            path,
            format!("The {path} must start with a country code, which never begins with 0."),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::testing::{fails, only, passes};

    fn check(value: Value) -> FieldErrors {
        let mut errors = FieldErrors::new();
        recipient(&mut errors, Some(&value), "to");
        errors
    }

    const CHARS: &str = "The to may only contain digits, spaces, -, (, ), . and a leading +.";
    const COUNT: &str = "The to must have between 7 and 15 digits.";
    const COUNTRY: &str = "The to must start with a country code, which never begins with 0.";

    #[test]
    fn documented_formats_and_whatsapp_ids_pass() {
        for number in [
            "+1-000-000-0000",
            "+1 (000) 000-0000",
            "+1 000 000 0000",
            "+1 (000) 000 0000",
            "+62 812-3456-7890",
            "62.812.3456.7890",
            "6281234567890",
        ] {
            passes(&check(json!(number)));
        }
    }

    #[test]
    fn digit_count_bounds() {
        passes(&check(json!("1234567")));
        passes(&check(json!("+123456789012345")));
        only(&check(json!("123456")), "to", COUNT);
        only(&check(json!("+1234567890123456")), "to", COUNT);
        // Separators do not count as digits.
        only(&check(json!("+1 (23) 45-6")), "to", COUNT);
    }

    #[test]
    fn the_country_code_cannot_start_with_zero() {
        only(&check(json!("08123456789")), "to", COUNTRY);
        only(&check(json!("+0 812 3456 789")), "to", COUNTRY);
        only(&check(json!("(0) 812 3456 789")), "to", COUNTRY);
    }

    #[test]
    fn plus_only_first_and_no_other_characters() {
        only(&check(json!("62+8123456789")), "to", CHARS);
        only(&check(json!(" +628123456789")), "to", CHARS);
        only(&check(json!("++628123456789")), "to", CHARS);
        only(&check(json!("+62/812/3456789")), "to", CHARS);
        only(&check(json!("+62\t8123456789")), "to", CHARS);
        only(&check(json!("+62 812 ３４５６ 789")), "to", CHARS);
    }

    #[test]
    fn every_broken_rule_is_reported() {
        let errors = check(json!("0x1"));
        fails(&errors, "to", CHARS);
        fails(&errors, "to", COUNT);
        fails(&errors, "to", COUNTRY);
        assert_eq!(errors.fields().get("to").map(Vec::len), Some(3));
    }

    #[test]
    fn required_and_a_string() {
        let mut errors = FieldErrors::new();
        recipient(&mut errors, None, "to");
        only(&errors, "to", "The to field is required.");
        only(&check(json!("  ")), "to", "The to field is required.");
        only(
            &check(json!(6281234567890_u64)),
            "to",
            "The to must be a string.",
        );
    }
}
