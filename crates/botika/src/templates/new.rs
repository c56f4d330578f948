//! Creating and updating templates (`POST /message-templates`, `PATCH /message-templates/{id}`):
//! the request builders and the creation rules of docs/rules.md. The review rules are the real
//! service's business and are not checked here.

use serde::Serialize;
use serde_json::{Map, Value};

use super::enums::{HeaderFormat, TemplateButtonType, TemplateCategory, one_of};
use super::model::{
    BodyComponent, ButtonsComponent, FooterComponent, HeaderComponent, LimitedTimeOfferComponent,
    LimitedTimeOfferSettings, TemplateButton, TemplateComponent,
};
use crate::error::{Error, Result};
use crate::messages::wire::{extra_fields, into_object, take_string};
use crate::messages::{Problems, check_length, check_non_empty, check_required, field, index};

/// A template to create: `{"name", "language", "category", "components"}`.
///
/// ```
/// use botika::{BodyComponent, NewTemplate, TemplateButton, TemplateCategory};
/// let template = NewTemplate::new("order_shipped", "id", TemplateCategory::Utility)
///     .header_text("Order shipped")
///     .body(BodyComponent::new("Hi {{1}}, order {{2}} is on its way.").example(["Budi", "#123"]))
///     .footer("Botika Store")
///     .button(TemplateButton::url("Track", "https://example.com/track/{{1}}").example(["https://example.com/track/123"]));
/// assert!(template.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewTemplate {
    /// Lower-case letters, digits and `_`, at most 512 characters.
    pub name: String,
    /// The language code (`id`, `en_US`).
    pub language: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    pub category: TemplateCategory,
    /// Exactly one BODY, and at most one each of HEADER, FOOTER, BUTTONS, LIMITED_TIME_OFFER.
    pub components: Vec<TemplateComponent>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl NewTemplate {
    /// A template without components yet (a BODY is required before creating it).
    ///
    /// ```
    /// use botika::{BodyComponent, NewTemplate, TemplateButton, TemplateCategory};
    /// let template = NewTemplate::new("delivery_update", "en_US", TemplateCategory::Utility)
    ///     .body(BodyComponent::new("Your order {{1}} arrives today.").example(["#1024"]))
    ///     .button(TemplateButton::quick_reply("Reschedule"));
    /// assert!(template.validate().is_ok());
    /// ```
    pub fn new(
        name: impl Into<String>,
        language: impl Into<String>,
        category: TemplateCategory,
    ) -> NewTemplate {
        NewTemplate {
            name: name.into(),
            language: language.into(),
            category,
            components: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Adds a component.
    ///
    /// ```
    /// use botika::{BodyComponent, HeaderComponent, HeaderFormat, NewTemplate, TemplateCategory};
    /// // Components without a shortcut, such as a media header with its sample handle.
    /// let promo = NewTemplate::new("flash_sale", "id", TemplateCategory::Marketing)
    ///     .component(HeaderComponent::media(HeaderFormat::Image).example_handle("4::aW1hZ2U="))
    ///     .body(BodyComponent::new("Sale ends tonight!"));
    /// assert!(promo.validate().is_ok());
    /// ```
    pub fn component(mut self, component: impl Into<TemplateComponent>) -> NewTemplate {
        self.components.push(component.into());
        self
    }

    /// Adds a `TEXT` header.
    pub fn header_text(self, text: impl Into<String>) -> NewTemplate {
        self.component(HeaderComponent::text(text))
    }

    /// Adds the body.
    ///
    /// ```
    /// use botika::{BodyComponent, NewTemplate, TemplateCategory};
    /// let t = NewTemplate::new("welcome", "id", TemplateCategory::Marketing)
    ///     .body(BodyComponent::new("Halo {{1}}, selamat datang!").example(["Budi"]));
    /// ```
    pub fn body(self, body: BodyComponent) -> NewTemplate {
        self.component(body)
    }

    /// Adds a footer.
    pub fn footer(self, text: impl Into<String>) -> NewTemplate {
        self.component(FooterComponent::new(text))
    }

    /// Adds a button to the BUTTONS component (created on first use).
    ///
    /// ```
    /// use botika::{BodyComponent, NewTemplate, TemplateButton, TemplateCategory};
    /// // Buttons collect into one BUTTONS component, in order.
    /// let t = NewTemplate::new("order_shipped", "id", TemplateCategory::Utility)
    ///     .body(BodyComponent::new("Your order has shipped."))
    ///     .button(TemplateButton::quick_reply("Thanks"))
    ///     .button(TemplateButton::phone_number("Call us", "+6281100000000"));
    /// assert_eq!(t.components.len(), 2);
    /// ```
    pub fn button(mut self, button: TemplateButton) -> NewTemplate {
        let existing = self.components.iter_mut().find_map(|c| match c {
            TemplateComponent::Buttons(b) => Some(b),
            _ => None,
        });
        match existing {
            Some(buttons) => buttons.buttons.push(button),
            None => self.components.push(
                ButtonsComponent {
                    buttons: vec![button],
                    extra: Map::new(),
                }
                .into(),
            ),
        }
        self
    }

    /// Adds a LIMITED_TIME_OFFER component.
    pub fn limited_time_offer(self, text: impl Into<String>, has_expiration: bool) -> NewTemplate {
        let settings = LimitedTimeOfferSettings {
            text: Some(text.into()),
            has_expiration,
            extra: Map::new(),
        };
        self.component(LimitedTimeOfferComponent {
            limited_time_offer: settings,
            extra: Map::new(),
        })
    }

    /// Reads a template to create from its wire JSON (for the bindings); errors name the path.
    /// Known component types must have their typed shape.
    pub fn from_json(value: Value) -> Result<NewTemplate> {
        let mut map = into_object(value)?;
        let name = take_string(&mut map, "name")?;
        let language = take_string(&mut map, "language")?;
        let category = TemplateCategory::parse(&take_string(&mut map, "category")?);
        let components = take_components(&mut map)?.unwrap_or_default();
        Ok(NewTemplate {
            name,
            language,
            category,
            components,
            extra: map,
        })
    }

    /// Checks the creation rules of docs/rules.md, reporting every failure with its path.
    ///
    /// ```
    /// use botika::{NewTemplate, TemplateCategory};
    /// // No body, and a name with capitals and a space: both reported at once.
    /// let t = NewTemplate::new("Order Shipped", "id", TemplateCategory::Utility);
    /// let e = t.validate().unwrap_err();
    /// assert!(e.field_errors().contains_key("name"));
    /// assert_eq!(e.field_errors().len(), 2);
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problems::new();
        check_length(&mut problems, "name", &self.name, 1, 512);
        if !self
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            problems.add(
                "name",
                "may contain only lower-case letters a-z, digits and '_'",
            );
        }
        check_non_empty(&mut problems, "language", &self.language);
        check_category(&mut problems, &self.category);
        check_components(&mut problems, &self.components);
        problems.into_result()
    }
}

/// A change to a rejected template: `{"category"?, "components"?}` (at least one).
///
/// ```
/// use botika::{BodyComponent, TemplateUpdate};
/// let fix = TemplateUpdate::new().component(BodyComponent::new("Hi {{1}}!").example(["Budi"]));
/// assert!(fix.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TemplateUpdate {
    /// The new category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<TemplateCategory>,
    /// The new components (all of them: they replace the old ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<TemplateComponent>>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TemplateUpdate {
    /// An empty update (set a category or components before sending).
    pub fn new() -> TemplateUpdate {
        TemplateUpdate::default()
    }

    /// Sets the category.
    ///
    /// ```
    /// use botika::{TemplateCategory, TemplateUpdate};
    /// // A template rejected as mis-categorised can be resubmitted under the right category.
    /// let fix = TemplateUpdate::new().category(TemplateCategory::Marketing);
    /// assert!(fix.validate().is_ok());
    /// assert!(TemplateUpdate::new().validate().is_err()); // nothing to change
    /// ```
    pub fn category(mut self, category: TemplateCategory) -> TemplateUpdate {
        self.category = Some(category);
        self
    }

    /// Adds a component to the replacement list.
    pub fn component(mut self, component: impl Into<TemplateComponent>) -> TemplateUpdate {
        self.components
            .get_or_insert_with(Vec::new)
            .push(component.into());
        self
    }

    /// Reads an update from its wire JSON (for the bindings); errors name the path.
    pub fn from_json(value: Value) -> Result<TemplateUpdate> {
        let mut map = into_object(value)?;
        let category = match map.remove("category") {
            None | Some(Value::Null) => None,
            Some(Value::String(category)) => Some(TemplateCategory::parse(&category)),
            Some(_) => return Err(Error::invalid_argument("category", "must be a string")),
        };
        let components = take_components(&mut map)?;
        Ok(TemplateUpdate {
            category,
            components,
            extra: map,
        })
    }

    /// Checks the update rules of docs/rules.md (at least one change; each as on creation).
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problems::new();
        if self.category.is_none() && self.components.is_none() {
            problems.add(".", "give a category or components to change");
        }
        if let Some(category) = &self.category {
            check_category(&mut problems, category);
        }
        if let Some(components) = &self.components {
            check_components(&mut problems, components);
        }
        problems.into_result()
    }
}

extra_fields! {
    impl NewTemplate;
    impl TemplateUpdate;
}

fn take_components(map: &mut Map<String, Value>) -> Result<Option<Vec<TemplateComponent>>> {
    match map.remove("components") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| TemplateComponent::from_json_at(item, &index("components", i)))
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(_) => Err(Error::invalid_argument("components", "must be an array")),
    }
}

fn check_category(problems: &mut Problems, category: &TemplateCategory) {
    if let TemplateCategory::Other(_) = category {
        problems.add(
            "category",
            format!(
                "must be {}",
                one_of(TemplateCategory::KNOWN, TemplateCategory::as_str)
            ),
        );
    }
}

/// The component rules: one BODY, at most one of each other type, each well formed.
fn check_components(problems: &mut Problems, components: &[TemplateComponent]) {
    let count = |name: &str| components.iter().filter(|c| c.type_name() == name).count();
    match count("BODY") {
        1 => {}
        n => problems.add(
            "components",
            format!("must have exactly one BODY (it has {n})"),
        ),
    }
    for name in ["HEADER", "FOOTER", "BUTTONS", "LIMITED_TIME_OFFER"] {
        let n = count(name);
        if n > 1 {
            problems.add(
                "components",
                format!("must have at most one {name} (it has {n})"),
            );
        }
    }
    for (i, component) in components.iter().enumerate() {
        let at = index("components", i);
        match component {
            TemplateComponent::Header(header) => check_header(problems, &at, header),
            TemplateComponent::Body(body) => {
                check_length(problems, &field(&at, "text"), &body.text, 1, 1024)
            }
            TemplateComponent::Footer(footer) => {
                check_length(problems, &field(&at, "text"), &footer.text, 1, 60)
            }
            TemplateComponent::Buttons(buttons) => check_buttons(problems, &at, &buttons.buttons),
            TemplateComponent::LimitedTimeOffer(_) => {}
            TemplateComponent::Other(_) => problems.add(
                field(&at, "type"),
                "must be HEADER, BODY, FOOTER, BUTTONS or LIMITED_TIME_OFFER",
            ),
        }
    }
}

fn check_header(problems: &mut Problems, at: &str, header: &HeaderComponent) {
    let format_path = field(at, "format");
    match &header.format {
        None => problems.add(format_path, "is required"),
        Some(HeaderFormat::Other(_)) => problems.add(
            format_path,
            format!(
                "must be {}",
                one_of(HeaderFormat::KNOWN, HeaderFormat::as_str)
            ),
        ),
        Some(HeaderFormat::Text) => match &header.text {
            Some(text) => check_length(problems, &field(at, "text"), text, 1, 60),
            None => problems.add(field(at, "text"), "is required on a TEXT header"),
        },
        Some(_) => {}
    }
}

fn check_buttons(problems: &mut Problems, at: &str, buttons: &[TemplateButton]) {
    let path = field(at, "buttons");
    if buttons.is_empty() {
        problems.add(&path, "must have at least 1 button");
    }
    for (i, button) in buttons.iter().enumerate() {
        let at = index(&path, i);
        let kind = match &button.kind {
            None => {
                problems.add(field(&at, "type"), "is required");
                continue;
            }
            Some(TemplateButtonType::Other(_)) => {
                problems.add(
                    field(&at, "type"),
                    format!(
                        "must be {}",
                        one_of(TemplateButtonType::KNOWN, TemplateButtonType::as_str)
                    ),
                );
                continue;
            }
            Some(kind) => kind,
        };
        match (&button.text, kind) {
            (Some(text), _) => check_length(problems, &field(&at, "text"), text, 1, 25),
            (None, TemplateButtonType::CopyCode) => {}
            (None, _) => problems.add(field(&at, "text"), "is required"),
        }
        match kind {
            TemplateButtonType::Url => {
                check_required(problems, &field(&at, "url"), button.url.as_deref())
            }
            TemplateButtonType::PhoneNumber => check_required(
                problems,
                &field(&at, "phone_number"),
                button.phone_number.as_deref(),
            ),
            TemplateButtonType::CopyCode => match &button.example {
                None | Some(Value::Null) => {
                    problems.add(field(&at, "example"), "is required on a COPY_CODE button")
                }
                Some(Value::String(code)) => {
                    check_non_empty(problems, &field(&at, "example"), code)
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
}
