//! Interactive messages (contract 4.1, Meta's shape): reply buttons, lists, a single product
//! and a product list, with their builders and every limit of docs/rules.md.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::check::{
    Problems, check_length, check_non_empty, check_required, check_unique, field, index,
};
use super::header::{Header, HeaderKind};
use super::wire::extra_fields;

/// Which interactive message this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractiveKind {
    /// Up to three reply buttons (`button`).
    Button,
    /// A menu of rows in sections (`list`).
    List,
    /// One product of a catalog (`product`).
    Product,
    /// Several products of a catalog in sections (`product_list`).
    ProductList,
}

/// An interactive message: `{"type", "header"?, "body"?, "footer"?, "action"}`.
///
/// Build one with [`Interactive::buttons`], [`Interactive::list`], [`Interactive::product`] or
/// [`Interactive::product_list`]:
///
/// ```
/// use botika::{Header, Interactive, Row, Section};
/// let confirm = Interactive::buttons("Confirm your booking?")
///     .header(Header::text("Booking #123"))
///     .button("yes", "Yes")
///     .button("no", "No")
///     .footer("Reply within 24 hours");
/// let menu = Interactive::list("What would you like?", "Menu")
///     .section(Section::titled("Drinks").row(Row::new("tea", "Iced tea").description("Less sugar")));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Interactive {
    /// `button`, `list`, `product` or `product_list`.
    #[serde(rename = "type")]
    pub kind: InteractiveKind,
    /// Shown above the body; not allowed on `product`, required (text) on `product_list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    /// The message text; required except on `product`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<InteractiveText>,
    /// Small print under the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<InteractiveText>,
    /// The buttons, sections or product references.
    pub action: Action,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A `{"text"}` object (an interactive body or footer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InteractiveText {
    /// The text.
    pub text: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl InteractiveText {
    /// A `{"text"}` object.
    pub fn new(text: impl Into<String>) -> InteractiveText {
        InteractiveText {
            text: text.into(),
            extra: Map::new(),
        }
    }
}

/// The `action` object; which fields apply depends on the [`InteractiveKind`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Action {
    /// `button`: the reply buttons (1 to 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<ReplyButton>>,
    /// `list`: the label of the button that opens the list (1 to 24 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button: Option<String>,
    /// `list` and `product_list`: the sections (1 to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<Section>>,
    /// `product` and `product_list`: the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<String>,
    /// `product`: the product shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_retailer_id: Option<String>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A reply button: `{"type": "reply", "reply": {"id", "title"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReplyButton {
    /// Always `reply`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The button's id and title.
    pub reply: Reply,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `reply` object of a [`ReplyButton`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reply {
    /// Echoed back in the webhook when tapped (1 to 256 characters, unique).
    pub id: String,
    /// The button's label (1 to 20 characters, unique).
    pub title: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ReplyButton {
    /// A reply button.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> ReplyButton {
        ReplyButton {
            kind: "reply".to_owned(),
            reply: Reply {
                id: id.into(),
                title: title.into(),
                extra: Map::new(),
            },
            extra: Map::new(),
        }
    }
}

/// A section of a list (rows) or of a product list (product items).
///
/// ```
/// use botika::{Row, Section};
/// let drinks = Section::titled("Drinks").row(Row::new("tea", "Iced tea"));
/// let phones = Section::titled("Phones").product("sku-1").product("sku-2");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Section {
    /// The section's title; required when there are several sections, and on product lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The rows of a list section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Row>>,
    /// The products of a product-list section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_items: Option<Vec<ProductItem>>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Section {
    /// A section without a title (allowed when a list has a single section).
    pub fn new() -> Section {
        Section::default()
    }

    /// A section with a title.
    ///
    /// ```
    /// use botika::{Row, Section};
    /// let drinks = Section::titled("Drinks").row(Row::new("tea", "Iced tea").description("Less sugar"));
    /// ```
    pub fn titled(title: impl Into<String>) -> Section {
        Section {
            title: Some(title.into()),
            ..Section::default()
        }
    }

    /// Adds a list row.
    pub fn row(mut self, row: Row) -> Section {
        self.rows.get_or_insert_with(Vec::new).push(row);
        self
    }

    /// Adds a product (by its retailer id) to a product-list section.
    pub fn product(mut self, product_retailer_id: impl Into<String>) -> Section {
        self.product_items
            .get_or_insert_with(Vec::new)
            .push(ProductItem::new(product_retailer_id));
        self
    }
}

/// A list row: `{"id", "title", "description"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Row {
    /// Echoed back in the webhook when chosen (unique in the message).
    pub id: String,
    /// The row's label (1 to 24 characters).
    pub title: String,
    /// A second line (at most 72 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Row {
    /// A row.
    ///
    /// ```
    /// // The id is echoed back in the webhook when the customer picks the row.
    /// let row = botika::Row::new("size-42", "Size 42").description("2 left");
    /// ```
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Row {
        Row {
            id: id.into(),
            title: title.into(),
            description: None,
            extra: Map::new(),
        }
    }

    /// The row's second line.
    pub fn description(mut self, description: impl Into<String>) -> Row {
        self.description = Some(description.into());
        self
    }
}

/// A product of a product-list section: `{"product_retailer_id"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProductItem {
    /// The product's id in the catalog.
    pub product_retailer_id: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ProductItem {
    /// A product reference.
    pub fn new(product_retailer_id: impl Into<String>) -> ProductItem {
        ProductItem {
            product_retailer_id: product_retailer_id.into(),
            extra: Map::new(),
        }
    }
}

impl Interactive {
    fn of(kind: InteractiveKind, body: Option<String>, action: Action) -> Interactive {
        Interactive {
            kind,
            header: None,
            body: body.map(InteractiveText::new),
            footer: None,
            action,
            extra: Map::new(),
        }
    }

    /// Reply buttons under `body`; add them with [`Interactive::button`].
    ///
    /// ```
    /// use botika::{Interactive, OutgoingMessage};
    /// let confirm = Interactive::buttons("Confirm your booking?").button("yes", "Yes").button("no", "No");
    /// assert!(OutgoingMessage::from(confirm).validate().is_ok());
    /// // Buttons are required: 1 to 3 of them.
    /// assert!(OutgoingMessage::from(Interactive::buttons("Confirm?")).validate().is_err());
    /// ```
    pub fn buttons(body: impl Into<String>) -> Interactive {
        let action = Action {
            buttons: Some(Vec::new()),
            ..Action::default()
        };
        Interactive::of(InteractiveKind::Button, Some(body.into()), action)
    }

    /// A list opened by a button labelled `label`; add sections with [`Interactive::section`].
    ///
    /// ```
    /// use botika::{Interactive, OutgoingMessage, Row, Section};
    /// let menu = Interactive::list("What would you like?", "Menu")
    ///     .section(Section::titled("Drinks").row(Row::new("tea", "Iced tea")).row(Row::new("kopi", "Coffee")))
    ///     .section(Section::titled("Food").row(Row::new("nasi", "Fried rice")));
    /// assert!(OutgoingMessage::from(menu).validate().is_ok());
    /// ```
    pub fn list(body: impl Into<String>, label: impl Into<String>) -> Interactive {
        let action = Action {
            button: Some(label.into()),
            sections: Some(Vec::new()),
            ..Action::default()
        };
        Interactive::of(InteractiveKind::List, Some(body.into()), action)
    }

    /// One product of a catalog (no header; the body is optional, see [`Interactive::body`]).
    ///
    /// ```
    /// let shoe = botika::Interactive::product("1234567890", "sku-shoe-42").body("Back in stock");
    /// assert!(botika::OutgoingMessage::from(shoe).validate().is_ok());
    /// ```
    pub fn product(
        catalog_id: impl Into<String>,
        product_retailer_id: impl Into<String>,
    ) -> Interactive {
        let action = Action {
            catalog_id: Some(catalog_id.into()),
            product_retailer_id: Some(product_retailer_id.into()),
            ..Action::default()
        };
        Interactive::of(InteractiveKind::Product, None, action)
    }

    /// Several products of a catalog under a text header; add sections with
    /// [`Interactive::section`] and [`Section::product`].
    ///
    /// ```
    /// use botika::{Interactive, Section};
    /// let picks = Interactive::product_list("New arrivals", "Picked for you", "1234567890")
    ///     .section(Section::titled("Shoes").product("sku-shoe-41").product("sku-shoe-42"));
    /// assert!(botika::OutgoingMessage::from(picks).validate().is_ok());
    /// ```
    pub fn product_list(
        header: impl Into<String>,
        body: impl Into<String>,
        catalog_id: impl Into<String>,
    ) -> Interactive {
        let action = Action {
            catalog_id: Some(catalog_id.into()),
            sections: Some(Vec::new()),
            ..Action::default()
        };
        let mut message = Interactive::of(InteractiveKind::ProductList, Some(body.into()), action);
        message.header = Some(Header::text(header));
        message
    }

    /// Sets the header.
    pub fn header(mut self, header: Header) -> Interactive {
        self.header = Some(header);
        self
    }

    /// Sets the body text.
    pub fn body(mut self, text: impl Into<String>) -> Interactive {
        self.body = Some(InteractiveText::new(text));
        self
    }

    /// Sets the footer text.
    pub fn footer(mut self, text: impl Into<String>) -> Interactive {
        self.footer = Some(InteractiveText::new(text));
        self
    }

    /// Adds a reply button.
    ///
    /// ```
    /// // The id comes back in the webhook when tapped; the title is what the customer sees.
    /// let menu = botika::Interactive::buttons("Track your order?").button("track-1024", "Track");
    /// ```
    pub fn button(mut self, id: impl Into<String>, title: impl Into<String>) -> Interactive {
        self.action
            .buttons
            .get_or_insert_with(Vec::new)
            .push(ReplyButton::new(id, title));
        self
    }

    /// Adds a section (list rows or product items).
    ///
    /// ```
    /// use botika::{Interactive, Row, Section};
    /// let menu = Interactive::list("Pick a time", "Times")
    ///     .section(Section::titled("Today").row(Row::new("t-15", "15:00")).row(Row::new("t-17", "17:00")));
    /// ```
    pub fn section(mut self, section: Section) -> Interactive {
        self.action
            .sections
            .get_or_insert_with(Vec::new)
            .push(section);
        self
    }

    /// Checks every rule of docs/rules.md for interactive messages, under `path`.
    pub(crate) fn check(&self, problems: &mut Problems, path: &str) {
        let kind = self.kind;
        let header_path = field(path, "header");
        match (&self.header, kind) {
            (Some(_), InteractiveKind::Product) => {
                problems.add(header_path, "is not allowed on a product message")
            }
            (None, InteractiveKind::ProductList) => {
                problems.add(header_path, "is required on a product_list message")
            }
            (Some(header), InteractiveKind::List | InteractiveKind::ProductList)
                if header.kind != HeaderKind::Text =>
            {
                problems.add(
                    field(&header_path, "type"),
                    "must be text on list and product_list messages",
                )
            }
            (Some(header), _) => header.check(problems, &header_path, Some(60)),
            (None, _) => {}
        }
        match &self.body {
            Some(body) => check_length(problems, &field(path, "body.text"), &body.text, 1, 1024),
            None if kind != InteractiveKind::Product => {
                problems.add(field(path, "body"), "is required")
            }
            None => {}
        }
        if let Some(footer) = &self.footer {
            check_length(problems, &field(path, "footer.text"), &footer.text, 1, 60);
        }
        let action = field(path, "action");
        match kind {
            InteractiveKind::Button => check_buttons(problems, &action, &self.action),
            InteractiveKind::List => check_list(problems, &action, &self.action),
            InteractiveKind::Product => {
                check_required(
                    problems,
                    &field(&action, "catalog_id"),
                    self.action.catalog_id.as_deref(),
                );
                let product = self.action.product_retailer_id.as_deref();
                check_required(problems, &field(&action, "product_retailer_id"), product);
            }
            InteractiveKind::ProductList => check_product_list(problems, &action, &self.action),
        }
    }
}

/// `sections` (or `buttons`) must be present with `min..=max` entries.
fn check_count<T>(
    problems: &mut Problems,
    path: &str,
    items: Option<&Vec<T>>,
    min: usize,
    max: usize,
) {
    match items {
        None => problems.add(path, "is required"),
        Some(items) if items.len() < min || items.len() > max => problems.add(
            path,
            format!("must have {min} to {max} entries (it has {})", items.len()),
        ),
        Some(_) => {}
    }
}

fn check_buttons(problems: &mut Problems, action: &str, value: &Action) {
    let path = field(action, "buttons");
    check_count(problems, &path, value.buttons.as_ref(), 1, 3);
    let buttons = value.buttons.as_deref().unwrap_or_default();
    for (i, button) in buttons.iter().enumerate() {
        let at = index(&path, i);
        if button.kind != "reply" {
            problems.add(field(&at, "type"), "must be reply");
        }
        check_length(problems, &field(&at, "reply.id"), &button.reply.id, 1, 256);
        check_length(
            problems,
            &field(&at, "reply.title"),
            &button.reply.title,
            1,
            20,
        );
    }
    let at = |i: usize, leaf: &str| field(&index(&path, i), leaf);
    check_unique(
        problems,
        buttons
            .iter()
            .enumerate()
            .map(|(i, b)| (at(i, "reply.id"), b.reply.id.as_str())),
    );
    check_unique(
        problems,
        buttons
            .iter()
            .enumerate()
            .map(|(i, b)| (at(i, "reply.title"), b.reply.title.as_str())),
    );
}

fn check_list(problems: &mut Problems, action: &str, value: &Action) {
    match &value.button {
        Some(label) => check_length(problems, &field(action, "button"), label, 1, 24),
        None => problems.add(field(action, "button"), "is required"),
    }
    let path = field(action, "sections");
    check_count(problems, &path, value.sections.as_ref(), 1, 10);
    let sections = value.sections.as_deref().unwrap_or_default();
    let mut rows = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        let at = index(&path, i);
        let required =
            (sections.len() >= 2).then_some("is required when a list has several sections");
        check_section_title(problems, &at, section, required);
        let section_rows = section.rows.as_deref().unwrap_or_default();
        if section_rows.is_empty() {
            problems.add(field(&at, "rows"), "must have at least 1 row");
        }
        for (j, row) in section_rows.iter().enumerate() {
            let row_path = index(&field(&at, "rows"), j);
            check_required(problems, &field(&row_path, "id"), Some(&row.id));
            check_length(problems, &field(&row_path, "title"), &row.title, 1, 24);
            if let Some(description) = &row.description {
                check_length(
                    problems,
                    &field(&row_path, "description"),
                    description,
                    0,
                    72,
                );
            }
            rows.push((field(&row_path, "id"), row.id.as_str()));
        }
    }
    if rows.len() > 10 {
        problems.add(
            &path,
            format!(
                "must have at most 10 rows in all sections (it has {})",
                rows.len()
            ),
        );
    }
    check_unique(problems, rows);
}

fn check_product_list(problems: &mut Problems, action: &str, value: &Action) {
    check_required(
        problems,
        &field(action, "catalog_id"),
        value.catalog_id.as_deref(),
    );
    let path = field(action, "sections");
    check_count(problems, &path, value.sections.as_ref(), 1, 10);
    let mut total = 0;
    for (i, section) in value
        .sections
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = index(&path, i);
        check_section_title(
            problems,
            &at,
            section,
            Some("is required on product_list sections"),
        );
        let items = section.product_items.as_deref().unwrap_or_default();
        if items.is_empty() {
            problems.add(field(&at, "product_items"), "must have at least 1 product");
        }
        for (j, item) in items.iter().enumerate() {
            let item_path = field(
                &index(&field(&at, "product_items"), j),
                "product_retailer_id",
            );
            check_required(problems, &item_path, Some(&item.product_retailer_id));
        }
        total += items.len();
    }
    if total > 30 {
        problems.add(
            &path,
            format!("must have at most 30 products in all sections (it has {total})"),
        );
    }
}

/// A section title must be non-empty when given; `required` is the rule when it is mandatory.
fn check_section_title(
    problems: &mut Problems,
    section: &str,
    value: &Section,
    required: Option<&str>,
) {
    let path = field(section, "title");
    match (&value.title, required) {
        (Some(title), _) => check_non_empty(problems, &path, title),
        (None, Some(rule)) => problems.add(path, rule),
        (None, None) => {}
    }
}

extra_fields! {
    impl Interactive;
    impl InteractiveText;
    impl Action;
    impl ReplyButton;
    impl Section;
    impl Row;
    impl ProductItem;
}
