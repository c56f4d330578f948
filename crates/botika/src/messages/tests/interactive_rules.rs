//! Every interactive limit of docs/rules.md, at its boundary and just past it.

use super::{field_errors, paths};
use crate::messages::*;

fn check(message: Interactive) -> Vec<String> {
    paths(MessageContent::from(message).validate())
}

fn rule(message: Interactive, path: &str) -> Vec<String> {
    field_errors(MessageContent::from(message).validate())
        .remove(path)
        .unwrap_or_default()
}

fn buttons(n: usize) -> Interactive {
    (0..n).fold(Interactive::buttons("Pick"), |m, i| {
        m.button(format!("id{i}"), format!("T{i}"))
    })
}

fn list_with_rows(per_section: &[usize]) -> Interactive {
    let mut message = Interactive::list("Pick", "Menu");
    for (s, &rows) in per_section.iter().enumerate() {
        let section = (0..rows).fold(Section::titled(format!("S{s}")), |sec, r| {
            sec.row(Row::new(format!("r{s}-{r}"), "Row"))
        });
        message = message.section(section);
    }
    message
}

#[test]
fn headers_per_kind() {
    assert!(check(buttons(1).header(Header::video(Video::from_id("v")))).is_empty());
    assert!(check(buttons(1).header(Header::text("x".repeat(60)))).is_empty());
    assert_eq!(
        rule(
            buttons(1).header(Header::text("x".repeat(61))),
            "interactive.header.text"
        ),
        ["must be 1 to 60 characters (it has 61)"]
    );
    assert_eq!(
        rule(
            Interactive::product("C", "P").header(Header::text("x")),
            "interactive.header"
        ),
        ["is not allowed on a product message"]
    );
    let mut no_header =
        Interactive::product_list("H", "B", "C").section(Section::titled("S").product("p"));
    no_header.header = None;
    assert_eq!(
        rule(no_header, "interactive.header"),
        ["is required on a product_list message"]
    );
    assert_eq!(
        rule(
            list_with_rows(&[1]).header(Header::image(Image::from_id("i"))),
            "interactive.header.type"
        ),
        ["must be text on list and product_list messages"]
    );
    let product_list =
        Interactive::product_list("H", "B", "C").section(Section::titled("S").product("p"));
    assert_eq!(
        check(product_list.header(Header::document(Document::from_id("d")))),
        ["interactive.header.type"]
    );
}

#[test]
fn body_and_footer() {
    let long = |n: usize| "é".repeat(n);
    assert!(check(buttons(1).body(long(1024)).footer(long(60))).is_empty());
    assert_eq!(
        check(buttons(1).body(long(1025))),
        ["interactive.body.text"]
    );
    assert_eq!(check(buttons(1).body("")), ["interactive.body.text"]);
    assert_eq!(
        check(buttons(1).footer(long(61))),
        ["interactive.footer.text"]
    );
    assert_eq!(check(buttons(1).footer("")), ["interactive.footer.text"]);
    let mut no_body = buttons(1);
    no_body.body = None;
    assert_eq!(rule(no_body, "interactive.body"), ["is required"]);
    assert!(
        check(Interactive::product("C", "P")).is_empty(),
        "a product message needs no body"
    );
}

#[test]
fn reply_buttons() {
    assert!(check(buttons(1)).is_empty());
    assert!(check(buttons(3)).is_empty());
    assert_eq!(
        rule(buttons(0), "interactive.action.buttons"),
        ["must have 1 to 3 entries (it has 0)"]
    );
    assert_eq!(
        rule(buttons(4), "interactive.action.buttons"),
        ["must have 1 to 3 entries (it has 4)"]
    );
    let mut missing = buttons(1);
    missing.action.buttons = None;
    assert_eq!(rule(missing, "interactive.action.buttons"), ["is required"]);

    let limits = Interactive::buttons("b").button("i".repeat(256), "t".repeat(20));
    assert!(check(limits).is_empty());
    let over = Interactive::buttons("b").button("i".repeat(257), "t".repeat(21));
    assert_eq!(
        check(over),
        [
            "interactive.action.buttons[0].reply.id",
            "interactive.action.buttons[0].reply.title"
        ]
    );
    let blank = Interactive::buttons("b").button("", "");
    assert_eq!(check(blank).len(), 2);

    let duplicates = Interactive::buttons("b")
        .button("a", "Same")
        .button("b", "Other")
        .button("a", "Same");
    let errors = field_errors(MessageContent::from(duplicates).validate());
    assert_eq!(
        errors["interactive.action.buttons[2].reply.id"],
        ["must be unique (same as interactive.action.buttons[0].reply.id)"]
    );
    assert_eq!(
        errors["interactive.action.buttons[2].reply.title"],
        ["must be unique (same as interactive.action.buttons[0].reply.title)"]
    );

    let mut wrong_type = buttons(1);
    wrong_type.action.buttons.as_mut().unwrap()[0].kind = "url".into();
    assert_eq!(
        rule(wrong_type, "interactive.action.buttons[0].type"),
        ["must be reply"]
    );
}

#[test]
fn list_sections_and_rows() {
    assert!(check(list_with_rows(&[1])).is_empty());
    assert!(
        check(list_with_rows(&[4, 3, 3])).is_empty(),
        "10 rows in all"
    );
    assert!(check(list_with_rows(&[1; 10])).is_empty(), "10 sections");
    assert_eq!(
        rule(list_with_rows(&[6, 5]), "interactive.action.sections"),
        ["must have at most 10 rows in all sections (it has 11)"]
    );
    assert_eq!(
        rule(list_with_rows(&[1; 11]), "interactive.action.sections"),
        [
            "must have 1 to 10 entries (it has 11)",
            "must have at most 10 rows in all sections (it has 11)"
        ]
    );
    assert_eq!(
        rule(list_with_rows(&[]), "interactive.action.sections"),
        ["must have 1 to 10 entries (it has 0)"]
    );
    assert_eq!(
        rule(
            list_with_rows(&[1, 0]),
            "interactive.action.sections[1].rows"
        ),
        ["must have at least 1 row"]
    );
}

#[test]
fn list_label_titles_and_descriptions() {
    let ok = Interactive::list("b", "l".repeat(24))
        .section(Section::new().row(Row::new("r", "t".repeat(24)).description("d".repeat(72))));
    assert!(check(ok).is_empty(), "one untitled section is fine");
    let over = Interactive::list("b", "l".repeat(25))
        .section(Section::new().row(Row::new("", "t".repeat(25)).description("d".repeat(73))));
    assert_eq!(
        check(over),
        [
            "interactive.action.button",
            "interactive.action.sections[0].rows[0].description",
            "interactive.action.sections[0].rows[0].id",
            "interactive.action.sections[0].rows[0].title",
        ]
    );
    let mut no_label = list_with_rows(&[1]);
    no_label.action.button = None;
    assert_eq!(rule(no_label, "interactive.action.button"), ["is required"]);

    let untitled = Interactive::list("b", "l")
        .section(Section::new().row(Row::new("a", "A")))
        .section(Section::titled(" ").row(Row::new("b", "B")));
    let errors = field_errors(MessageContent::from(untitled).validate());
    assert_eq!(
        errors["interactive.action.sections[0].title"],
        ["is required when a list has several sections"]
    );
    assert_eq!(
        errors["interactive.action.sections[1].title"],
        ["must not be empty"]
    );
}

#[test]
fn row_ids_are_unique_across_sections() {
    let message = Interactive::list("b", "l")
        .section(Section::titled("A").row(Row::new("same", "One")))
        .section(Section::titled("B").row(Row::new("same", "One")));
    assert_eq!(
        rule(message, "interactive.action.sections[1].rows[0].id"),
        ["must be unique (same as interactive.action.sections[0].rows[0].id)"]
    );
}

#[test]
fn single_product() {
    assert_eq!(
        check(Interactive::product("", " ")),
        [
            "interactive.action.catalog_id",
            "interactive.action.product_retailer_id"
        ]
    );
    let mut missing = Interactive::product("C", "P");
    missing.action.product_retailer_id = None;
    assert_eq!(
        rule(missing, "interactive.action.product_retailer_id"),
        ["is required"]
    );
}

#[test]
fn product_lists() {
    let items = |n: usize| (0..n).fold(Section::titled("S"), |s, i| s.product(format!("p{i}")));
    let list = |sections: Vec<Section>| {
        sections.into_iter().fold(
            Interactive::product_list("H", "B", "CAT"),
            Interactive::section,
        )
    };
    assert!(
        check(list(vec![items(10), items(10), items(10)])).is_empty(),
        "30 items"
    );
    assert_eq!(
        rule(
            list(vec![items(10), items(10), items(11)]),
            "interactive.action.sections"
        ),
        ["must have at most 30 products in all sections (it has 31)"]
    );
    assert!(check(list(vec![items(1); 10])).is_empty());
    assert_eq!(
        check(list(vec![items(1); 11])),
        ["interactive.action.sections"]
    );
    assert_eq!(check(list(vec![])), ["interactive.action.sections"]);
    assert_eq!(
        rule(
            list(vec![items(0)]),
            "interactive.action.sections[0].product_items"
        ),
        ["must have at least 1 product"]
    );
    assert_eq!(
        rule(
            list(vec![Section::new().product("p")]),
            "interactive.action.sections[0].title"
        ),
        ["is required on product_list sections"]
    );
    assert_eq!(
        check(list(vec![Section::titled("S").product(" ")])),
        ["interactive.action.sections[0].product_items[0].product_retailer_id"]
    );
    let mut no_catalog = list(vec![items(1)]);
    no_catalog.action.catalog_id = None;
    assert_eq!(check(no_catalog), ["interactive.action.catalog_id"]);
    assert_eq!(
        check(Interactive::product_list("", "B", "C").section(items(1))),
        ["interactive.header.text"]
    );
}
