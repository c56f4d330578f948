//! Interactive messages (contract 4.1): reply buttons, lists, single products and product lists.

use serde_json::Value;

use super::FieldErrors;
use super::check::{Need, array, at, choice, distinct, get, object, string};
use super::media_object::typed_header;

const PATH: &str = "interactive";
const KINDS: [&str; 4] = ["button", "list", "product", "product_list"];

// Reply buttons a message may carry, and a button's id and title lengths.
const BUTTONS_MAX: usize = 3;
const BUTTON_ID_MAX: usize = 256;
const BUTTON_TITLE_MAX: usize = 20;
// Sections of a list or product list, rows of a list and items of a product list, all sections
// together; a list's label and row title, and a row's description.
const SECTIONS_MAX: usize = 10;
const ROWS_MAX: usize = 10;
const ITEMS_MAX: usize = 30;
const LABEL_MAX: usize = 24;
const ROW_TITLE_MAX: usize = 24;
const ROW_DESCRIPTION_MAX: usize = 72;
// Header and footer text, and body text.
const HEADER_TEXT_MAX: usize = 60;
const FOOTER_TEXT_MAX: usize = 60;
const BODY_TEXT_MAX: usize = 1024;

/// Checks the `interactive` object of a message. Its parts are checked whatever its type (so every
/// failure is reported); `action` only when the type is a known one, since its shape depends on it.
pub(super) fn interactive(errors: &mut FieldErrors, value: Option<&Value>) {
    let Some(message) = object(errors, value, PATH, true) else {
        return;
    };
    let kind = choice(
        errors,
        get(message, "type"),
        "interactive.type",
        &KINDS,
        true,
    );
    header(errors, get(message, "header"), kind);
    if let Some(body) = object(
        errors,
        get(message, "body"),
        "interactive.body",
        kind.is_some_and(|k| k != "product"),
    ) {
        string(
            errors,
            get(body, "text"),
            "interactive.body.text",
            Need::Required,
            Some(BODY_TEXT_MAX),
        );
    }
    if let Some(footer) = object(errors, get(message, "footer"), "interactive.footer", false) {
        string(
            errors,
            get(footer, "text"),
            "interactive.footer.text",
            Need::Required,
            Some(FOOTER_TEXT_MAX),
        );
    }
    let Some(kind) = kind else {
        return;
    };
    let Some(action) = object(errors, get(message, "action"), "interactive.action", true) else {
        return;
    };
    match kind {
        "button" => buttons(errors, action),
        "list" => list(errors, action),
        "product" => {
            for key in ["catalog_id", "product_retailer_id"] {
                string(
                    errors,
                    get(action, key),
                    &at("interactive.action", key),
                    Need::Required,
                    None,
                );
            }
        }
        _ => product_list(errors, action),
    }
}

/// The header: forbidden on `product`, required on `product_list`, text only on lists.
fn header(errors: &mut FieldErrors, value: Option<&Value>, kind: Option<&str>) {
    const HEADER: &str = "interactive.header";
    match (kind, value) {
        (Some("product"), Some(_)) => {
            errors.add(
                HEADER,
                "The interactive.header field is prohibited when interactive.type is product.",
            );
            return;
        }
        (Some("product_list"), None) => {
            errors.add(
                HEADER,
                "The interactive.header field is required when interactive.type is product_list.",
            );
            return;
        }
        (_, None) => return,
        _ => {}
    }
    let header_type = typed_header(errors, value, HEADER, Some(HEADER_TEXT_MAX));
    if let (Some(kind @ ("list" | "product_list")), Some(header_type)) = (kind, header_type) {
        if header_type != "text" {
            errors.add(
                "interactive.header.type",
                format!(
                    "The interactive.header.type must be text when interactive.type is {kind}."
                ),
            );
        }
    }
}

/// `action.buttons`: 1 to 3 reply buttons with unique ids and unique titles.
fn buttons(errors: &mut FieldErrors, action: &Value) {
    const BUTTONS: &str = "interactive.action.buttons";
    let Some(buttons) = array(
        errors,
        get(action, "buttons"),
        BUTTONS,
        true,
        1,
        Some(BUTTONS_MAX),
    ) else {
        return;
    };
    let mut ids = Vec::new();
    let mut titles = Vec::new();
    for (index, button) in buttons.iter().enumerate() {
        let path = at(BUTTONS, index);
        let Some(button) = object(errors, Some(button), &path, true) else {
            continue;
        };
        choice(
            errors,
            get(button, "type"),
            &at(&path, "type"),
            &["reply"],
            true,
        );
        let reply_path = at(&path, "reply");
        let (id, title) = reply_button(errors, get(button, "reply"), &reply_path);
        ids.extend(id.map(|id| (at(&reply_path, "id"), id)));
        titles.extend(title.map(|title| (at(&reply_path, "title"), title)));
    }
    distinct(errors, ids);
    distinct(errors, titles);
}

/// A reply button's `{"id": 1 to 256 characters, "title": 1 to 20}` (also an inbound
/// `button_reply`). Gives back the id and title that are strings, for the uniqueness checks.
pub(super) fn reply_button<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
) -> (Option<&'a str>, Option<&'a str>) {
    let Some(reply) = object(errors, value, path, true) else {
        return (None, None);
    };
    let id = string(
        errors,
        get(reply, "id"),
        &at(path, "id"),
        Need::Required,
        Some(BUTTON_ID_MAX),
    );
    let title = string(
        errors,
        get(reply, "title"),
        &at(path, "title"),
        Need::Required,
        Some(BUTTON_TITLE_MAX),
    );
    (id, title)
}

/// A list: its label, 1 to 10 sections of at least one row, 10 rows in all with unique ids, and a
/// title on every section when there are several.
fn list(errors: &mut FieldErrors, action: &Value) {
    const SECTIONS: &str = "interactive.action.sections";
    string(
        errors,
        get(action, "button"),
        "interactive.action.button",
        Need::Required,
        Some(LABEL_MAX),
    );
    let Some(sections) = array(
        errors,
        get(action, "sections"),
        SECTIONS,
        true,
        1,
        Some(SECTIONS_MAX),
    ) else {
        return;
    };
    let mut rows_in_all = 0;
    let mut ids = Vec::new();
    for (index, section) in sections.iter().enumerate() {
        let path = at(SECTIONS, index);
        let Some(section) = object(errors, Some(section), &path, true) else {
            continue;
        };
        let title_path = at(&path, "title");
        if sections.len() > 1 && get(section, "title").is_none() {
            errors.add(
                title_path.as_str(),
                format!("The {title_path} field is required when {SECTIONS} has more than 1 item."),
            );
        } else {
            string(
                errors,
                get(section, "title"),
                &title_path,
                Need::FilledIfGiven,
                None,
            );
        }
        let rows_path = at(&path, "rows");
        let Some(rows) = array(errors, get(section, "rows"), &rows_path, true, 1, None) else {
            continue;
        };
        rows_in_all += rows.len();
        for (row_index, row) in rows.iter().enumerate() {
            let row_path = at(&rows_path, row_index);
            if let Some(id) = list_row(errors, Some(row), &row_path) {
                ids.push((at(&row_path, "id"), id));
            }
        }
    }
    if rows_in_all > ROWS_MAX {
        errors.add(
            SECTIONS,
            format!("The {SECTIONS} may not have more than {ROWS_MAX} rows in all."),
        );
    }
    distinct(errors, ids);
}

/// A list row `{"id": non-empty, "title": 1 to 24 characters, "description"?: at most 72}` (also an
/// inbound `list_reply`). Gives back the id when it is a non-empty string, for the uniqueness
/// check.
pub(super) fn list_row<'a>(
    errors: &mut FieldErrors,
    value: Option<&'a Value>,
    path: &str,
) -> Option<&'a str> {
    let row = object(errors, value, path, true)?;
    let id = string(
        errors,
        get(row, "id"),
        &at(path, "id"),
        Need::Required,
        None,
    );
    string(
        errors,
        get(row, "title"),
        &at(path, "title"),
        Need::Required,
        Some(ROW_TITLE_MAX),
    );
    string(
        errors,
        get(row, "description"),
        &at(path, "description"),
        Need::Optional,
        Some(ROW_DESCRIPTION_MAX),
    );
    id
}

/// A product list: a catalog, 1 to 10 titled sections of at least one item, 30 items in all.
fn product_list(errors: &mut FieldErrors, action: &Value) {
    const SECTIONS: &str = "interactive.action.sections";
    string(
        errors,
        get(action, "catalog_id"),
        "interactive.action.catalog_id",
        Need::Required,
        None,
    );
    let Some(sections) = array(
        errors,
        get(action, "sections"),
        SECTIONS,
        true,
        1,
        Some(SECTIONS_MAX),
    ) else {
        return;
    };
    let mut items_in_all = 0;
    for (index, section) in sections.iter().enumerate() {
        let path = at(SECTIONS, index);
        let Some(section) = object(errors, Some(section), &path, true) else {
            continue;
        };
        string(
            errors,
            get(section, "title"),
            &at(&path, "title"),
            Need::Required,
            None,
        );
        let items_path = at(&path, "product_items");
        let Some(items) = array(
            errors,
            get(section, "product_items"),
            &items_path,
            true,
            1,
            None,
        ) else {
            continue;
        };
        items_in_all += items.len();
        for (item_index, item) in items.iter().enumerate() {
            let item_path = at(&items_path, item_index);
            if let Some(item) = object(errors, Some(item), &item_path, true) {
                let id_path = at(&item_path, "product_retailer_id");
                string(
                    errors,
                    get(item, "product_retailer_id"),
                    &id_path,
                    Need::Required,
                    None,
                );
            }
        }
    }
    if items_in_all > ITEMS_MAX {
        errors.add(
            SECTIONS,
            format!("The {SECTIONS} may not have more than {ITEMS_MAX} product items in all."),
        );
    }
}

#[cfg(test)]
#[path = "interactive_tests.rs"]
mod tests;
