//! A template send checked against the stored template: body values, header, buttons and the
//! limited-time offer must be what the template takes.

use serde_json::Value;

use super::FieldErrors;
use super::check::{at, count, get};
use super::template_send::BUTTON_TYPES;
use super::variables::numbered;

/// The first component of the stored template whose `type` is `kind` (any case, as stored data is
/// read leniently).
pub(super) fn component<'a>(template: &'a Value, kind: &str) -> Option<&'a Value> {
    get(template, "components")?.as_array()?.iter().find(|c| {
        get(c, "type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
    })
}

/// A string field of a stored component, `""` when absent or not a string.
fn text_of<'a>(value: &'a Value, key: &str) -> &'a str {
    get(value, key).and_then(Value::as_str).unwrap_or_default()
}

/// A parameter's `type` for a message: the type, or "no type" when it has none (the shape check
/// reports that).
fn type_of(parameter: &Value) -> &str {
    match text_of(parameter, "type") {
        "" => "no type",
        kind => kind,
    }
}

/// Checks `param` (the send's `param`, `None` when absent) against `template`. Parts of `param` of
/// the wrong JSON type are skipped: the shape check reports them.
pub(super) fn fits(
    template: &Value,
    param: Option<&Value>,
    prefix: &str,
    header_is_array: bool,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let param_path = at(prefix, "param");
    let given = |key: &str| param.and_then(|p| get(p, key));
    body(
        &mut errors,
        template,
        given("body"),
        &at(&param_path, "body"),
    );
    header(
        &mut errors,
        template,
        given("header"),
        &at(&param_path, "header"),
        header_is_array,
    );
    buttons(
        &mut errors,
        template,
        given("button"),
        &at(&param_path, "button"),
    );
    offer(
        &mut errors,
        template,
        given("limited_time_offer"),
        &at(&param_path, "limited_time_offer"),
    );
    errors
}

/// One value per distinct `{{n}}` of the BODY text.
fn body(errors: &mut FieldErrors, template: &Value, given: Option<&Value>, path: &str) {
    let needed =
        component(template, "BODY").map_or(0, |body| numbered(text_of(body, "text")).len());
    let given = match given {
        None => 0,
        Some(Value::Array(values)) => values.len(),
        Some(_) => return,
    };
    if needed != given {
        errors.add(
            path,
            format!(
                "The template's body has {}, {} given.",
                count(needed, "variable"),
                count(given, "value")
            ),
        );
    }
}

/// The header parameter's type the template needs: `text` for a TEXT header with a variable, the
/// media kind for a media header, none otherwise (a LOCATION header cannot take one).
fn needed_header(template: &Value) -> Option<&'static str> {
    let header = component(template, "HEADER")?;
    let format = text_of(header, "format");
    if format.eq_ignore_ascii_case("TEXT") {
        (!numbered(text_of(header, "text")).is_empty()).then_some("text")
    } else {
        ["image", "video", "document"]
            .into_iter()
            .find(|kind| format.eq_ignore_ascii_case(kind))
    }
}

fn header(
    errors: &mut FieldErrors,
    template: &Value,
    given: Option<&Value>,
    path: &str,
    is_array: bool,
) {
    let needed = needed_header(template);
    let given: Option<&Value> = match (given, is_array) {
        (None, _) => None,
        (Some(Value::Array(headers)), true) => match headers.as_slice() {
            [] => None,
            [header] => Some(header),
            more => {
                errors.add(
                    path,
                    format!(
                        "The template's header takes at most 1 parameter, {} given.",
                        more.len()
                    ),
                );
                return;
            }
        },
        (Some(header @ Value::Object(_)), false) => Some(header),
        (Some(_), _) => return,
    };
    let given_type = given.map(type_of);
    let message = match (needed, given_type) {
        (None, Some(_)) => "The template's header takes no parameter.".to_owned(),
        (Some(needed), None) => {
            format!("The template's header needs a parameter of type {needed}.")
        }
        (Some(needed), Some(given)) if given != needed => {
            format!("The template's header needs a parameter of type {needed}, {given} given.")
        }
        _ => return,
    };
    errors.add(path, message);
}

/// One value per QUICK_REPLY, URL and COPY_CODE button, in the template's order and of its type.
fn buttons(errors: &mut FieldErrors, template: &Value, given: Option<&Value>, path: &str) {
    let needed: Vec<&str> = component(template, "BUTTONS")
        .and_then(|c| get(c, "buttons"))
        .and_then(Value::as_array)
        .map(|buttons| {
            buttons
                .iter()
                .filter_map(|b| {
                    let kind = text_of(b, "type");
                    BUTTON_TYPES
                        .into_iter()
                        .find(|t| kind.eq_ignore_ascii_case(t))
                })
                .collect()
        })
        .unwrap_or_default();
    let given: &[Value] = match given {
        None => &[],
        Some(Value::Array(values)) => values,
        Some(_) => return,
    };
    if needed.len() != given.len() {
        let listed = if needed.is_empty() {
            String::new()
        } else {
            format!(" ({})", needed.join(", "))
        };
        errors.add(
            path,
            format!(
                "The template has {} that take a value{listed}, {} given.",
                count(needed.len(), "button"),
                given.len()
            ),
        );
    }
    for (index, (needed, value)) in needed.iter().zip(given).enumerate() {
        let given_type = type_of(value);
        if given_type != *needed {
            let path = at(path, index);
            errors.add(
                path.as_str(),
                format!("The {path} must be of type {needed} to match the template's buttons, {given_type} given."),
            );
        }
    }
}

/// An offer parameter exactly when the template's offer expires; refused without an offer.
fn offer(errors: &mut FieldErrors, template: &Value, given: Option<&Value>, path: &str) {
    let offer = component(template, "LIMITED_TIME_OFFER");
    let expires = offer
        .and_then(|c| get(c, "limited_time_offer"))
        .and_then(|o| get(o, "has_expiration"))
        .and_then(Value::as_bool)
        == Some(true);
    match (offer, given) {
        (Some(_), None) if expires => errors.add(
            path,
            format!("The {path} field is required: the template's offer has an expiration."),
        ),
        (None, Some(_)) => errors.add(
            path,
            format!("The {path} field is prohibited: the template has no limited-time offer."),
        ),
        _ => {}
    }
}

#[cfg(test)]
#[path = "template_fit_tests.rs"]
mod tests;
