//! The message template model (contract 6): the template as the API returns it, and its
//! components in Meta's schema, typed where known and kept as raw JSON where not. Reading is
//! lenient (any case, ids as numbers or strings, unknown fields and components kept).

use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::enums::{HeaderFormat, TemplateButtonType, TemplateCategory, TemplateStatus};
use crate::decode::{opt_string_lenient, string_lenient};
use crate::error::{Error, Result};
use crate::messages::ButtonParamType;
use crate::messages::wire::{extra_fields, from_json_at};

/// A message template as the API returns it.
///
/// `raw` holds the JSON object exactly as received.
///
/// ```
/// use botika::{ButtonParamType, MessageTemplate, TemplateCategory, TemplateComponent, TemplateStatus};
/// let template = MessageTemplate::from_json(serde_json::json!({
///     "id": 1024, "name": "order_shipped", "language": "id",
///     "category": "utility", "status": "APPROVED",
///     "components": [
///         {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
///         {"type": "BODY", "text": "Hi {{1}}, your order ships {{2}}."},
///         {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop promotions"}]},
///         {"type": "CAROUSEL", "cards": []}
///     ]
/// }))?;
/// assert_eq!((template.id.as_str(), template.name.as_str()), ("1024", "order_shipped"));
/// assert_eq!(template.status, Some(TemplateStatus::Approved));
/// assert_eq!(template.category, Some(TemplateCategory::Utility));
/// // What a send must fill in: the body's variables, one value per button that takes one.
/// let body = template.body().unwrap();
/// assert_eq!(botika::template_variables(&body.text).len(), 2);
/// assert_eq!(template.buttons()[0].param_type(), Some(ButtonParamType::QuickReply));
/// // Every component, in order; one this SDK does not model is kept as JSON.
/// let types: Vec<&str> = template.components.iter().map(TemplateComponent::type_name).collect();
/// assert_eq!(types, ["HEADER", "BODY", "BUTTONS", "CAROUSEL"]);
/// assert!(matches!(template.components[3], TemplateComponent::Other(_)));
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MessageTemplate {
    /// Botika's id of the template (a number on the wire, kept as text).
    pub id: String,
    /// The template's name.
    pub name: String,
    /// Its language code (`id`, `en_US`).
    pub language: String,
    /// Its category, when the API says.
    pub category: Option<TemplateCategory>,
    /// Its review status, when the API says.
    pub status: Option<TemplateStatus>,
    /// Its components, in order.
    pub components: Vec<TemplateComponent>,
    /// Why the review rejected it.
    pub rejected_reason: Option<String>,
    /// When it was created, as the API wrote it.
    pub created_at: Option<String>,
    /// The template object as received.
    pub raw: Value,
}

#[derive(Deserialize)]
struct RawTemplate {
    #[serde(default, deserialize_with = "string_lenient")]
    id: String,
    #[serde(default, deserialize_with = "string_lenient")]
    name: String,
    #[serde(default, deserialize_with = "string_lenient")]
    language: String,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    category: Option<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    status: Option<String>,
    #[serde(default, deserialize_with = "any_list")]
    components: Vec<Value>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    rejected_reason: Option<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    created_at: Option<String>,
}

/// An array, or nothing for any other value (the docs' example holds a bare string).
fn any_list<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Value>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items,
        _ => Vec::new(),
    })
}

impl MessageTemplate {
    /// Reads a template object leniently; only a value that is not a JSON object is refused
    /// (`decode` error).
    pub fn from_json(value: Value) -> Result<MessageTemplate> {
        if !value.is_object() {
            return Err(Error::decode(format!(
                "a message template must be a JSON object, got {value}"
            )));
        }
        let raw = RawTemplate::deserialize(&value)
            .map_err(|e| Error::decode(format!("unexpected message template shape: {e}")))?;
        Ok(MessageTemplate {
            id: raw.id,
            name: raw.name,
            language: raw.language,
            category: raw.category.as_deref().map(TemplateCategory::parse),
            status: raw.status.as_deref().map(TemplateStatus::parse),
            components: raw
                .components
                .into_iter()
                .map(TemplateComponent::from_json_lenient)
                .collect(),
            rejected_reason: raw.rejected_reason,
            created_at: raw.created_at,
            raw: value,
        })
    }

    /// The HEADER component, if any.
    pub fn header(&self) -> Option<&HeaderComponent> {
        self.components.iter().find_map(|c| match c {
            TemplateComponent::Header(h) => Some(h),
            _ => None,
        })
    }

    /// The BODY component, if any.
    pub fn body(&self) -> Option<&BodyComponent> {
        self.components.iter().find_map(|c| match c {
            TemplateComponent::Body(b) => Some(b),
            _ => None,
        })
    }

    /// The buttons of the BUTTONS component (empty when there is none).
    pub fn buttons(&self) -> &[TemplateButton] {
        self.components
            .iter()
            .find_map(|c| match c {
                TemplateComponent::Buttons(b) => Some(b.buttons.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The LIMITED_TIME_OFFER component, if any.
    pub fn limited_time_offer(&self) -> Option<&LimitedTimeOfferComponent> {
        self.components.iter().find_map(|c| match c {
            TemplateComponent::LimitedTimeOffer(o) => Some(o),
            _ => None,
        })
    }
}

/// The distinct `{{n}}` variables of a template text (`{{1}}` twice counts once).
pub fn template_variables(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        rest = &rest[start + 2..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with("}}") {
            let number = rest[..digits].trim_start_matches('0');
            found.insert(if number.is_empty() {
                "0".to_owned()
            } else {
                number.to_owned()
            });
        }
    }
    found
}

/// One component of a template, in Meta's schema.
///
/// Read from JSON leniently (any case; a component that does not fit its shape is kept as
/// `Other`), and written back with its upper-case `type`.
///
/// ```
/// use botika::TemplateComponent;
/// use serde_json::json;
/// let footer: TemplateComponent = serde_json::from_value(json!({"type": "footer", "text": "Reply STOP to opt out"}))?;
/// let TemplateComponent::Footer(text) = &footer else { panic!("a footer") };
/// assert_eq!(text.text, "Reply STOP to opt out");
/// assert_eq!(serde_json::to_value(&footer)?, json!({"type": "FOOTER", "text": "Reply STOP to opt out"}));
///
/// let odd: TemplateComponent = serde_json::from_value(json!({"type": "BUTTONS", "buttons": "none"}))?;
/// assert!(matches!(odd, TemplateComponent::Other(_)));
/// assert_eq!(odd.type_name(), "BUTTONS");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TemplateComponent {
    /// `{"type": "HEADER", "format", "text"?, "example"?}`.
    Header(HeaderComponent),
    /// `{"type": "BODY", "text", "example"?}`.
    Body(BodyComponent),
    /// `{"type": "FOOTER", "text"}`.
    Footer(FooterComponent),
    /// `{"type": "BUTTONS", "buttons": [...]}`.
    Buttons(ButtonsComponent),
    /// `{"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text"?, "has_expiration"}}`.
    LimitedTimeOffer(LimitedTimeOfferComponent),
    /// A component this SDK does not model (or could not read), as received.
    Other(Value),
}

/// A HEADER component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HeaderComponent {
    /// `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT` or `LOCATION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<HeaderFormat>,
    /// The text of a `TEXT` header (1 to 60 characters, at most one `{{1}}`).
    #[serde(
        default,
        deserialize_with = "opt_string_lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub text: Option<String>,
    /// Sample values for review: `{"header_text": [..]}` or `{"header_handle": [..]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A BODY component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BodyComponent {
    /// The text with `{{1}}`, `{{2}}`, ... variables (1 to 1024 characters).
    #[serde(default, deserialize_with = "string_lenient")]
    pub text: String,
    /// Sample values for review: `{"body_text": [["value 1", "value 2"]]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A FOOTER component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FooterComponent {
    /// The footer text (1 to 60 characters).
    #[serde(default, deserialize_with = "string_lenient")]
    pub text: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A BUTTONS component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ButtonsComponent {
    /// The buttons, in order.
    #[serde(default, deserialize_with = "crate::decode::null_as_default")]
    pub buttons: Vec<TemplateButton>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A template button.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateButton {
    /// `QUICK_REPLY`, `URL`, `PHONE_NUMBER` or `COPY_CODE`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TemplateButtonType>,
    /// The label (1 to 25 characters; not on `COPY_CODE`).
    #[serde(
        default,
        deserialize_with = "opt_string_lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub text: Option<String>,
    /// The URL of a `URL` button, possibly ending in `{{1}}`.
    #[serde(
        default,
        deserialize_with = "opt_string_lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    /// The number a `PHONE_NUMBER` button calls.
    #[serde(
        default,
        deserialize_with = "opt_string_lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    /// A sample: the URL of a `URL` button with a variable (`["https://..."]`), the code of a
    /// `COPY_CODE` button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A LIMITED_TIME_OFFER component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LimitedTimeOfferComponent {
    /// The offer's settings.
    #[serde(default)]
    pub limited_time_offer: LimitedTimeOfferSettings,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `limited_time_offer` object of a LIMITED_TIME_OFFER component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LimitedTimeOfferSettings {
    /// The offer's headline.
    #[serde(
        default,
        deserialize_with = "opt_string_lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub text: Option<String>,
    /// Whether the offer expires; sends must then give `param.limited_time_offer`.
    #[serde(default)]
    pub has_expiration: bool,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HeaderComponent {
    /// A `TEXT` header.
    ///
    /// ```
    /// use botika::HeaderComponent;
    /// // A variable in the header needs a sample value for the review.
    /// let header = HeaderComponent::text("Order {{1}}").example_text("#1024");
    /// ```
    pub fn text(text: impl Into<String>) -> HeaderComponent {
        HeaderComponent {
            format: Some(HeaderFormat::Text),
            text: Some(text.into()),
            ..Default::default()
        }
    }

    /// A media or location header of `format` (`IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`).
    ///
    /// ```
    /// use botika::{HeaderComponent, HeaderFormat};
    /// let header = HeaderComponent::media(HeaderFormat::Document).example_handle("4::cGRm");
    /// ```
    pub fn media(format: HeaderFormat) -> HeaderComponent {
        HeaderComponent {
            format: Some(format),
            ..Default::default()
        }
    }

    /// The sample value of a text header's `{{1}}` (`{"header_text": [value]}`).
    pub fn example_text(mut self, value: impl Into<String>) -> HeaderComponent {
        self.example = Some(serde_json::json!({ "header_text": [value.into()] }));
        self
    }

    /// A sample media handle for a media header (`{"header_handle": [handle]}`).
    pub fn example_handle(mut self, handle: impl Into<String>) -> HeaderComponent {
        self.example = Some(serde_json::json!({ "header_handle": [handle.into()] }));
        self
    }
}

impl BodyComponent {
    /// A body with this text.
    ///
    /// ```
    /// use botika::BodyComponent;
    /// let body = BodyComponent::new("Hi {{1}}, your code is {{2}}.").example(["Budi", "481516"]);
    /// ```
    pub fn new(text: impl Into<String>) -> BodyComponent {
        BodyComponent {
            text: text.into(),
            ..Default::default()
        }
    }

    /// Sample values of the variables, in order (`{"body_text": [[...]]}`).
    pub fn example<I>(mut self, values: I) -> BodyComponent
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        self.example = Some(serde_json::json!({ "body_text": [values] }));
        self
    }
}

impl FooterComponent {
    /// A footer with this text.
    pub fn new(text: impl Into<String>) -> FooterComponent {
        FooterComponent {
            text: text.into(),
            ..Default::default()
        }
    }
}

impl TemplateButton {
    fn of(kind: TemplateButtonType) -> TemplateButton {
        TemplateButton {
            kind: Some(kind),
            ..Default::default()
        }
    }

    /// A `QUICK_REPLY` button.
    ///
    /// ```
    /// let stop = botika::TemplateButton::quick_reply("Stop promotions");
    /// ```
    pub fn quick_reply(text: impl Into<String>) -> TemplateButton {
        TemplateButton {
            text: Some(text.into()),
            ..TemplateButton::of(TemplateButtonType::QuickReply)
        }
    }

    /// A `URL` button; end `url` with `{{1}}` for a per-send suffix (then add an example).
    ///
    /// ```
    /// use botika::TemplateButton;
    /// let track = TemplateButton::url("Track", "https://example.com/track/{{1}}")
    ///     .example(["https://example.com/track/1024"]);
    /// ```
    pub fn url(text: impl Into<String>, url: impl Into<String>) -> TemplateButton {
        TemplateButton {
            text: Some(text.into()),
            url: Some(url.into()),
            ..TemplateButton::of(TemplateButtonType::Url)
        }
    }

    /// A `PHONE_NUMBER` button.
    pub fn phone_number(
        text: impl Into<String>,
        phone_number: impl Into<String>,
    ) -> TemplateButton {
        let kind = TemplateButton::of(TemplateButtonType::PhoneNumber);
        TemplateButton {
            text: Some(text.into()),
            phone_number: Some(phone_number.into()),
            ..kind
        }
    }

    /// A `COPY_CODE` button with a sample code.
    pub fn copy_code(example: impl Into<String>) -> TemplateButton {
        TemplateButton {
            example: Some(Value::String(example.into())),
            ..TemplateButton::of(TemplateButtonType::CopyCode)
        }
    }

    /// Sets the sample (`["https://example.com/track/123"]` for a URL with a variable).
    pub fn example(mut self, example: impl Into<Value>) -> TemplateButton {
        self.example = Some(example.into());
        self
    }

    /// The type of the value a send gives this button in `param.button`
    /// ([`ButtonParam`](crate::ButtonParam)), or `None` when it takes none: a `PHONE_NUMBER`
    /// button, or a type this SDK does not know. Sends list one value per button that takes one,
    /// in the template's order.
    ///
    /// ```
    /// use botika::{ButtonParamType, TemplateButton};
    /// assert_eq!(TemplateButton::quick_reply("Track").param_type(), Some(ButtonParamType::QuickReply));
    /// assert_eq!(TemplateButton::phone_number("Call", "+6281100000000").param_type(), None);
    /// ```
    pub fn param_type(&self) -> Option<ButtonParamType> {
        match self.kind.as_ref()? {
            TemplateButtonType::QuickReply => Some(ButtonParamType::QuickReply),
            TemplateButtonType::Url => Some(ButtonParamType::Url),
            TemplateButtonType::CopyCode => Some(ButtonParamType::CopyCode),
            _ => None,
        }
    }
}

extra_fields! {
    impl HeaderComponent;
    impl BodyComponent;
    impl FooterComponent;
    impl ButtonsComponent;
    impl TemplateButton;
    impl LimitedTimeOfferComponent;
    impl LimitedTimeOfferSettings;
}

impl TemplateComponent {
    /// The wire `type` (`"BODY"`); for `Other`, its `type` as received (or `""`).
    pub fn type_name(&self) -> &str {
        match self {
            TemplateComponent::Header(_) => "HEADER",
            TemplateComponent::Body(_) => "BODY",
            TemplateComponent::Footer(_) => "FOOTER",
            TemplateComponent::Buttons(_) => "BUTTONS",
            TemplateComponent::LimitedTimeOffer(_) => "LIMITED_TIME_OFFER",
            TemplateComponent::Other(value) => {
                value.get("type").and_then(Value::as_str).unwrap_or("")
            }
        }
    }

    /// Reads a component for a request: a known `type` (any case) must have its typed shape,
    /// and an error (`invalid_argument`) names the path below `path`. Other types are kept as
    /// `Other`.
    pub(crate) fn from_json_at(value: Value, path: &str) -> Result<TemplateComponent> {
        let Value::Object(mut map) = value else {
            return Err(Error::invalid_argument(path, "must be a JSON object"));
        };
        let kind = map
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_uppercase();
        let known = ["HEADER", "BODY", "FOOTER", "BUTTONS", "LIMITED_TIME_OFFER"];
        if !known.contains(&kind.as_str()) {
            return Ok(TemplateComponent::Other(Value::Object(map)));
        }
        map.remove("type");
        let rest = Value::Object(map);
        Ok(match kind.as_str() {
            "HEADER" => TemplateComponent::Header(from_json_at(rest, path)?),
            "BODY" => TemplateComponent::Body(from_json_at(rest, path)?),
            "FOOTER" => TemplateComponent::Footer(from_json_at(rest, path)?),
            "BUTTONS" => TemplateComponent::Buttons(from_json_at(rest, path)?),
            _ => TemplateComponent::LimitedTimeOffer(from_json_at(rest, path)?),
        })
    }

    /// Reads a component from a response: anything that does not fit its typed shape is kept
    /// as `Other`.
    fn from_json_lenient(value: Value) -> TemplateComponent {
        TemplateComponent::from_json_at(value.clone(), "")
            .unwrap_or(TemplateComponent::Other(value))
    }
}

impl<'de> Deserialize<'de> for TemplateComponent {
    /// Lenient, like a response: unreadable components become `Other`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(deserializer).map(TemplateComponent::from_json_lenient)
    }
}

impl Serialize for TemplateComponent {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let fields = match self {
            TemplateComponent::Header(c) => serde_json::to_value(c),
            TemplateComponent::Body(c) => serde_json::to_value(c),
            TemplateComponent::Footer(c) => serde_json::to_value(c),
            TemplateComponent::Buttons(c) => serde_json::to_value(c),
            TemplateComponent::LimitedTimeOffer(c) => serde_json::to_value(c),
            TemplateComponent::Other(value) => return value.serialize(serializer),
        };
        let mut map = Map::new();
        map.insert("type".to_owned(), Value::from(self.type_name()));
        if let Value::Object(fields) = fields.map_err(serde::ser::Error::custom)? {
            map.extend(fields);
        }
        map.serialize(serializer)
    }
}

macro_rules! component_from {
    ($($variant:ident($ty:ty);)+) => {$(
        impl From<$ty> for TemplateComponent {
            fn from(component: $ty) -> TemplateComponent {
                TemplateComponent::$variant(component)
            }
        }
    )+};
}
component_from! {
    Header(HeaderComponent);
    Body(BodyComponent);
    Footer(FooterComponent);
    Buttons(ButtonsComponent);
    LimitedTimeOffer(LimitedTimeOfferComponent);
}
