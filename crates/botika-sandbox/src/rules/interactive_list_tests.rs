//! Tests of the list and product-list rules: sections, rows, items and their bounds.

use serde_json::{Value, json};

use super::check;
use crate::rules::testing::{fails, interactive_of, only, passes, with, without};

/// `n` sections holding `rows[i]` rows each, with unique ids.
fn sections(rows: &[usize]) -> Value {
    rows.iter()
        .enumerate()
        .map(|(s, &n)| {
            let rows: Value = (0..n)
                .map(|r| json!({"id": format!("s{s}r{r}"), "title": "t"}))
                .collect();
            json!({"title": format!("S{s}"), "rows": rows})
        })
        .collect()
}

/// `n` product sections holding `items[i]` items each.
fn product_sections(items: &[usize]) -> Value {
    items
        .iter()
        .map(|&n| {
            let items: Value = (0..n)
                .map(|i| json!({"product_retailer_id": format!("sku{i}")}))
                .collect();
            json!({"title": "S", "product_items": items})
        })
        .collect()
}

#[test]
fn list_label_length() {
    let label = |n: usize| {
        with(
            interactive_of("list"),
            "/action/button",
            json!("l".repeat(n)),
        )
    };
    passes(&check(label(24)));
    only(
        &check(label(25)),
        "interactive.action.button",
        "The interactive.action.button may not be greater than 24 characters.",
    );
    only(
        &check(label(0)),
        "interactive.action.button",
        "The interactive.action.button field is required.",
    );
}

#[test]
fn one_to_ten_sections() {
    let message = |rows: &[usize]| with(interactive_of("list"), "/action/sections", sections(rows));
    passes(&check(message(&[1; 10])));
    let errors = check(message(&[1; 11]));
    fails(
        &errors,
        "interactive.action.sections",
        "The interactive.action.sections may not have more than 10 items.",
    );
    only(
        &check(message(&[])),
        "interactive.action.sections",
        "The interactive.action.sections must have at least 1 item.",
    );
}

#[test]
fn ten_rows_in_all() {
    let message = |rows: &[usize]| with(interactive_of("list"), "/action/sections", sections(rows));
    passes(&check(message(&[10])));
    passes(&check(message(&[4, 6])));
    only(
        &check(message(&[5, 6])),
        "interactive.action.sections",
        "The interactive.action.sections may not have more than 10 rows in all.",
    );
    only(
        &check(message(&[11])),
        "interactive.action.sections",
        "The interactive.action.sections may not have more than 10 rows in all.",
    );
    only(
        &check(message(&[1, 0])),
        "interactive.action.sections.1.rows",
        "The interactive.action.sections.1.rows must have at least 1 item.",
    );
}

#[test]
fn section_titles_are_needed_only_with_several_sections() {
    let one = with(interactive_of("list"), "/action/sections", sections(&[2]));
    passes(&check(without(one.clone(), "/action/sections/0/title")));
    only(
        &check(with(one, "/action/sections/0/title", json!(""))),
        "interactive.action.sections.0.title",
        "The interactive.action.sections.0.title field must have a value.",
    );
    only(
        &check(without(interactive_of("list"), "/action/sections/1/title")),
        "interactive.action.sections.1.title",
        "The interactive.action.sections.1.title field is required when interactive.action.sections has more than 1 item.",
    );
}

#[test]
fn row_fields() {
    let row = |r: Value| with(interactive_of("list"), "/action/sections/0/rows/0", r);
    passes(&check(row(
        json!({"id": "a", "title": "t".repeat(24), "description": "d".repeat(72)}),
    )));
    let errors = check(row(
        json!({"id": "", "title": "t".repeat(25), "description": "d".repeat(73)}),
    ));
    fails(
        &errors,
        "interactive.action.sections.0.rows.0.id",
        "The interactive.action.sections.0.rows.0.id field is required.",
    );
    fails(
        &errors,
        "interactive.action.sections.0.rows.0.title",
        "The interactive.action.sections.0.rows.0.title may not be greater than 24 characters.",
    );
    fails(
        &errors,
        "interactive.action.sections.0.rows.0.description",
        "The interactive.action.sections.0.rows.0.description may not be greater than 72 characters.",
    );
    assert_eq!(errors.fields().len(), 3);
}

#[test]
fn row_ids_are_unique_across_sections() {
    let message = with(
        interactive_of("list"),
        "/action/sections/1/rows/0/id",
        json!("tea"),
    );
    only(
        &check(message),
        "interactive.action.sections.1.rows.0.id",
        "The interactive.action.sections.1.rows.0.id field has a duplicate value.",
    );
}

#[test]
fn product_needs_catalog_and_product() {
    let errors = check(with(
        interactive_of("product"),
        "/action",
        json!({"catalog_id": ""}),
    ));
    fails(
        &errors,
        "interactive.action.catalog_id",
        "The interactive.action.catalog_id field is required.",
    );
    fails(
        &errors,
        "interactive.action.product_retailer_id",
        "The interactive.action.product_retailer_id field is required.",
    );
    only(
        &check(with(
            interactive_of("product"),
            "/action/catalog_id",
            json!(12),
        )),
        "interactive.action.catalog_id",
        "The interactive.action.catalog_id must be a string.",
    );
}

#[test]
fn thirty_product_items_in_all() {
    let message = |items: &[usize]| {
        with(
            interactive_of("product_list"),
            "/action/sections",
            product_sections(items),
        )
    };
    passes(&check(message(&[30])));
    passes(&check(message(&[10, 20])));
    only(
        &check(message(&[15, 16])),
        "interactive.action.sections",
        "The interactive.action.sections may not have more than 30 product items in all.",
    );
    only(
        &check(message(&[1; 11])),
        "interactive.action.sections",
        "The interactive.action.sections may not have more than 10 items.",
    );
}

#[test]
fn product_sections_need_a_title_and_items() {
    let section = |s: Value| with(interactive_of("product_list"), "/action/sections/0", s);
    let errors = check(section(json!({"product_items": []})));
    fails(
        &errors,
        "interactive.action.sections.0.title",
        "The interactive.action.sections.0.title field is required.",
    );
    fails(
        &errors,
        "interactive.action.sections.0.product_items",
        "The interactive.action.sections.0.product_items must have at least 1 item.",
    );
    only(
        &check(section(
            json!({"title": "S", "product_items": [{"product_retailer_id": " "}]}),
        )),
        "interactive.action.sections.0.product_items.0.product_retailer_id",
        "The interactive.action.sections.0.product_items.0.product_retailer_id field is required.",
    );
    only(
        &check(without(
            interactive_of("product_list"),
            "/action/catalog_id",
        )),
        "interactive.action.catalog_id",
        "The interactive.action.catalog_id field is required.",
    );
}
