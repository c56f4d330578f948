//! Creating and updating message templates (`POST /message-templates`, `PATCH
//! /message-templates/{id}`): name, language, category and components.

use serde_json::Value;

use super::FieldErrors;
use super::check::{
    Need, array, at, boolean, choice, filled, get, object, required_message, string,
};

const CATEGORIES: [&str; 3] = ["MARKETING", "UTILITY", "AUTHENTICATION"];
const COMPONENT_TYPES: [&str; 5] = ["HEADER", "BODY", "FOOTER", "BUTTONS", "LIMITED_TIME_OFFER"];
const HEADER_FORMATS: [&str; 5] = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"];
const BUTTON_TYPES: [&str; 4] = ["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE"];

const NAME_MAX: usize = 512;
const HEADER_TEXT_MAX: usize = 60;
const BODY_TEXT_MAX: usize = 1024;
const FOOTER_TEXT_MAX: usize = 60;
const BUTTON_TEXT_MAX: usize = 25;

/// `POST /message-templates`: `name`, `language`, `category` and `components`, all required.
pub(super) fn create(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if let Some(name) = string(
        &mut errors,
        get(body, "name"),
        "name",
        Need::Required,
        Some(NAME_MAX),
    ) {
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.add(
                "name",
                "The name may only contain lowercase letters, digits and underscores.",
            );
        }
    }
    string(
        &mut errors,
        get(body, "language"),
        "language",
        Need::Required,
        None,
    );
    choice(
        &mut errors,
        get(body, "category"),
        "category",
        &CATEGORIES,
        true,
    );
    components(&mut errors, get(body, "components"), true);
    errors
}

/// `PATCH /message-templates/{id}`: `category` and `components` as on creation, at least one of
/// them. (Only a `REJECTED` template may be updated: the server checks that against its state.)
pub(super) fn update(body: &Value) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let (category, components_value) = (get(body, "category"), get(body, "components"));
    if category.is_none() && components_value.is_none() {
        errors.add(
            "category",
            "The category field is required when components is not present.",
        );
        errors.add(
            "components",
            "The components field is required when category is not present.",
        );
        return errors;
    }
    choice(&mut errors, category, "category", &CATEGORIES, false);
    components(&mut errors, components_value, false);
    errors
}

/// The components: exactly one BODY and at most one of each other type, each checked by its type.
fn components(errors: &mut FieldErrors, value: Option<&Value>, required: bool) {
    let Some(components) = array(errors, value, "components", required, 0, None) else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    for (index, component) in components.iter().enumerate() {
        let path = at("components", index);
        let Some(component) = object(errors, Some(component), &path, true) else {
            continue;
        };
        let type_path = at(&path, "type");
        let Some(kind) = choice(
            errors,
            get(component, "type"),
            &type_path,
            &COMPONENT_TYPES,
            true,
        ) else {
            continue;
        };
        if seen.contains(&kind) {
            errors.add(
                type_path.as_str(),
                format!("The {type_path} field has a duplicate value."),
            );
        }
        seen.push(kind);
        let text = |errors: &mut FieldErrors, max| {
            string(
                errors,
                get(component, "text"),
                &at(&path, "text"),
                Need::Required,
                Some(max),
            );
        };
        match kind {
            "HEADER" => {
                let format = choice(
                    errors,
                    get(component, "format"),
                    &at(&path, "format"),
                    &HEADER_FORMATS,
                    true,
                );
                if format == Some("TEXT") {
                    text(errors, HEADER_TEXT_MAX);
                }
                component_example(errors, component, &path);
            }
            "BODY" => {
                text(errors, BODY_TEXT_MAX);
                component_example(errors, component, &path);
            }
            "FOOTER" => text(errors, FOOTER_TEXT_MAX),
            "BUTTONS" => buttons(errors, component, &path),
            _ => offer(errors, component, &path),
        }
    }
    if !seen.contains(&"BODY") {
        errors.add(
            "components",
            "The components must contain a BODY component.",
        );
    }
}

/// A BUTTONS component: a non-empty `buttons` array, each with a known type, a `text` of 1 to 25
/// characters (optional on COPY_CODE) and the field its type needs.
fn buttons(errors: &mut FieldErrors, component: &Value, path: &str) {
    let buttons_path = at(path, "buttons");
    let Some(buttons) = array(
        errors,
        get(component, "buttons"),
        &buttons_path,
        true,
        1,
        None,
    ) else {
        return;
    };
    for (index, button) in buttons.iter().enumerate() {
        let path = at(&buttons_path, index);
        let Some(button) = object(errors, Some(button), &path, true) else {
            continue;
        };
        let kind = choice(
            errors,
            get(button, "type"),
            &at(&path, "type"),
            &BUTTON_TYPES,
            true,
        );
        let text_need = if kind == Some("COPY_CODE") {
            Need::FilledIfGiven
        } else {
            Need::Required
        };
        string(
            errors,
            get(button, "text"),
            &at(&path, "text"),
            text_need,
            Some(BUTTON_TEXT_MAX),
        );
        match kind {
            Some("URL") => {
                string(
                    errors,
                    get(button, "url"),
                    &at(&path, "url"),
                    Need::Required,
                    None,
                );
            }
            Some("PHONE_NUMBER") => {
                string(
                    errors,
                    get(button, "phone_number"),
                    &at(&path, "phone_number"),
                    Need::Required,
                    None,
                );
            }
            Some("COPY_CODE") if !filled(get(button, "example")) => {
                let example_path = at(&path, "example");
                errors.add(example_path.as_str(), required_message(&example_path));
            }
            _ => {}
        }
        button_example(errors, button, &path);
    }
}

/// The samples of a HEADER or BODY, when given: `example` is an object whose `header_text` and
/// `header_handle` are arrays of strings and whose `body_text` is an array of arrays of strings.
/// The review counts them, and the template answers them back as they were stored.
fn component_example(errors: &mut FieldErrors, component: &Value, path: &str) {
    let example_path = at(path, "example");
    let Some(example) = object(errors, get(component, "example"), &example_path, false) else {
        return;
    };
    for key in ["header_text", "header_handle"] {
        strings(errors, get(example, key), &at(&example_path, key));
    }
    let body_path = at(&example_path, "body_text");
    if let Some(rows) = array(
        errors,
        get(example, "body_text"),
        &body_path,
        false,
        0,
        None,
    ) {
        for (index, row) in rows.iter().enumerate() {
            strings(errors, Some(row), &at(&body_path, index));
        }
    }
}

/// A button's `example`, when given: a string or an array of strings.
fn button_example(errors: &mut FieldErrors, button: &Value, path: &str) {
    let example = get(button, "example");
    if !matches!(example, Some(Value::String(_))) {
        strings(errors, example, &at(path, "example"));
    }
}

/// An optional array whose items are all strings.
fn strings(errors: &mut FieldErrors, value: Option<&Value>, path: &str) {
    if let Some(items) = array(errors, value, path, false, 0, None) {
        for (index, item) in items.iter().enumerate() {
            if !item.is_string() {
                let item_path = at(path, index);
                errors.add(
                    item_path.as_str(),
                    format!("The {item_path} must be a string."),
                );
            }
        }
    }
}

/// A LIMITED_TIME_OFFER component: when it has a `limited_time_offer` object, its `has_expiration`
/// is a boolean, since a send's check relies on it, and its `text` a string.
fn offer(errors: &mut FieldErrors, component: &Value, path: &str) {
    let offer_path = at(path, "limited_time_offer");
    if let Some(offer) = object(
        errors,
        get(component, "limited_time_offer"),
        &offer_path,
        false,
    ) {
        boolean(
            errors,
            get(offer, "has_expiration"),
            &at(&offer_path, "has_expiration"),
        );
        string(
            errors,
            get(offer, "text"),
            &at(&offer_path, "text"),
            Need::Optional,
            None,
        );
    }
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
