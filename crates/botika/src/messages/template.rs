//! Template messages (contract 4.2): `{"name", "language", "param"?}` with Botika's own `param`
//! object (header, body values, button values, limited-time offer), shared by `/messages` (header
//! an object) and `/broadcasts` (header an array).

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::check::{Problems, check_non_empty, field, index};
use super::header::Header;
use super::media::{Document, Image, Video};
use super::wire::{extra_fields, from_json_at};

/// A message template send: the template's name and language, and the values of its variables.
///
/// ```
/// use botika::{ButtonParam, Image, TemplateMessage};
/// let promo = TemplateMessage::new("flash_sale", "id")
///     .header_image(Image::from_link("https://example.com/sale.png"))
///     .body(["Budi", "50%"])
///     .button(ButtonParam::url("sale-2024"))
///     .button(ButtonParam::copy_code("HEMAT50"))
///     .limited_time_offer(1_767_225_600_000);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateMessage {
    /// The template's name.
    pub name: String,
    /// The template's language code as the list endpoint shows it (`id`, `en_US`). Read from
    /// JSON as a string or a `{"code"}` object; always sent as a string.
    #[serde(deserialize_with = "language_code")]
    pub language: String,
    /// The values of the template's variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<TemplateParam>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `param` object of a template send.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateParam {
    /// The header's value. Sent as an object on `/messages` and as a one-element array on
    /// `/broadcasts`; read from JSON in either form.
    #[serde(
        default,
        deserialize_with = "one_header",
        skip_serializing_if = "Option::is_none"
    )]
    pub header: Option<Header>,
    /// The values of `{{1}}`, `{{2}}`, ... of the body, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Vec<String>>,
    /// One value per template button that takes one, in the template's button order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button: Option<Vec<ButtonParam>>,
    /// The offer's expiry, for limited-time-offer templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limited_time_offer: Option<LimitedTimeOffer>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The type of a template button a [`ButtonParam`] gives a value to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ButtonParamType {
    /// `QUICK_REPLY`: the value is a payload echoed back when the button is tapped.
    QuickReply,
    /// `URL`: the value is appended to the button's URL.
    Url,
    /// `COPY_CODE`: the value is the code copied when the button is tapped.
    CopyCode,
}

impl ButtonParamType {
    /// The wire name (`"QUICK_REPLY"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ButtonParamType::QuickReply => "QUICK_REPLY",
            ButtonParamType::Url => "URL",
            ButtonParamType::CopyCode => "COPY_CODE",
        }
    }
}

/// A button's value: `{"type", "value"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ButtonParam {
    /// The template button's type.
    #[serde(rename = "type")]
    pub kind: ButtonParamType,
    /// The payload, URL suffix or code.
    pub value: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ButtonParam {
    /// A value for a button of type `kind`.
    pub fn new(kind: ButtonParamType, value: impl Into<String>) -> ButtonParam {
        ButtonParam {
            kind,
            value: value.into(),
            extra: Map::new(),
        }
    }

    /// The payload of a `QUICK_REPLY` button.
    ///
    /// ```
    /// use botika::{ButtonParam, ButtonParamType};
    /// // The payload comes back in the webhook when the button is tapped.
    /// let stop = ButtonParam::quick_reply("unsubscribe-promo");
    /// assert_eq!(stop.kind, ButtonParamType::QuickReply);
    /// ```
    pub fn quick_reply(payload: impl Into<String>) -> ButtonParam {
        ButtonParam::new(ButtonParamType::QuickReply, payload)
    }

    /// The suffix appended to a `URL` button's URL.
    ///
    /// ```
    /// // For a template button `https://example.com/track/{{1}}`.
    /// let track = botika::ButtonParam::url("1024");
    /// assert_eq!(track.value, "1024");
    /// ```
    pub fn url(suffix: impl Into<String>) -> ButtonParam {
        ButtonParam::new(ButtonParamType::Url, suffix)
    }

    /// The code of a `COPY_CODE` button.
    pub fn copy_code(code: impl Into<String>) -> ButtonParam {
        ButtonParam::new(ButtonParamType::CopyCode, code)
    }
}

/// `{"expiration_time": <Unix time in milliseconds>}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LimitedTimeOffer {
    /// When the offer ends, in milliseconds since the Unix epoch (must be positive).
    pub expiration_time: i64,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LimitedTimeOffer {
    /// An offer ending at `expiration_time_ms` (Unix time in milliseconds).
    pub fn new(expiration_time_ms: i64) -> LimitedTimeOffer {
        LimitedTimeOffer {
            expiration_time: expiration_time_ms,
            extra: Map::new(),
        }
    }
}

impl TemplateMessage {
    /// A send of the template `name` in `language` (a code such as `id` or `en_US`).
    ///
    /// ```
    /// use botika::{OutgoingMessage, TemplateMessage};
    /// // The name and language of an approved template; values fill its {{1}}, {{2}}, ... in order.
    /// let shipped = TemplateMessage::new("order_shipped", "id").body(["Budi", "#1024"]);
    /// let body = OutgoingMessage::from(shipped).to_json("+62 812-3456-7890");
    /// assert_eq!(body["template"]["name"], "order_shipped");
    /// ```
    pub fn new(name: impl Into<String>, language: impl Into<String>) -> TemplateMessage {
        TemplateMessage {
            name: name.into(),
            language: language.into(),
            param: None,
            extra: Map::new(),
        }
    }

    fn param_mut(&mut self) -> &mut TemplateParam {
        self.param.get_or_insert_with(TemplateParam::default)
    }

    /// Reads a template send from its wire JSON (`{"name", "language", "param"?}`, as a binding
    /// receives it); errors (`invalid_argument`) name the path below `template`.
    ///
    /// ```
    /// let t = botika::TemplateMessage::from_json(serde_json::json!({
    ///     "name": "promo", "language": {"code": "id"}, "param": {"body": ["Budi"]}
    /// }))?;
    /// assert_eq!(t.language, "id");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn from_json(value: Value) -> crate::Result<TemplateMessage> {
        from_json_at(value, "template")
    }

    /// Replaces the whole `param` object.
    pub fn param(mut self, param: TemplateParam) -> TemplateMessage {
        self.param = Some(param);
        self
    }

    /// Sets the header value.
    pub fn header(mut self, header: Header) -> TemplateMessage {
        self.param_mut().header = Some(header);
        self
    }

    /// Sets the value of a text header's `{{1}}`.
    ///
    /// ```
    /// let t = botika::TemplateMessage::new("welcome", "id").header_text("Budi").body(["Budi"]);
    /// ```
    pub fn header_text(self, text: impl Into<String>) -> TemplateMessage {
        self.header(Header::text(text))
    }

    /// Sets an image header.
    pub fn header_image(self, image: Image) -> TemplateMessage {
        self.header(Header::image(image))
    }

    /// Sets a video header.
    pub fn header_video(self, video: Video) -> TemplateMessage {
        self.header(Header::video(video))
    }

    /// Sets a document header.
    pub fn header_document(self, document: Document) -> TemplateMessage {
        self.header(Header::document(document))
    }

    /// Sets the body's variable values (`{{1}}`, `{{2}}`, ...), in order.
    ///
    /// ```
    /// let t = botika::TemplateMessage::new("order_shipped", "id").body(["Budi", "#1024"]);
    /// assert_eq!(t.param.unwrap().body.unwrap(), ["Budi", "#1024"]);
    /// ```
    pub fn body<I>(mut self, values: I) -> TemplateMessage
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.param_mut().body = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// Adds the value of the next template button that takes one.
    ///
    /// ```
    /// use botika::{ButtonParam, TemplateMessage};
    /// // One value per template button that takes one, in the template's order.
    /// let promo = TemplateMessage::new("flash_sale", "id")
    ///     .button(ButtonParam::url("sale-2024"))
    ///     .button(ButtonParam::copy_code("HEMAT50"));
    /// ```
    pub fn button(mut self, button: ButtonParam) -> TemplateMessage {
        self.param_mut()
            .button
            .get_or_insert_with(Vec::new)
            .push(button);
        self
    }

    /// Sets the limited-time offer's expiry (Unix time in milliseconds).
    pub fn limited_time_offer(mut self, expiration_time_ms: i64) -> TemplateMessage {
        self.param_mut().limited_time_offer = Some(LimitedTimeOffer::new(expiration_time_ms));
        self
    }

    /// Checks the shape rules of docs/rules.md under `path` (`template`); `header_array` names
    /// the header as the first element of an array, as `/broadcasts` sends it.
    pub(crate) fn check(&self, problems: &mut Problems, path: &str, header_array: bool) {
        check_non_empty(problems, &field(path, "name"), &self.name);
        check_non_empty(problems, &field(path, "language"), &self.language);
        let Some(param) = &self.param else { return };
        let param_path = field(path, "param");
        if let Some(header) = &param.header {
            let header_path = field(&param_path, "header");
            let header_path = if header_array {
                index(&header_path, 0)
            } else {
                header_path
            };
            header.check(problems, &header_path, None);
        }
        if let Some(offer) = &param.limited_time_offer {
            if offer.expiration_time <= 0 {
                let at = field(&param_path, "limited_time_offer.expiration_time");
                problems.add(at, "must be a positive Unix time in milliseconds");
            }
        }
    }
}

extra_fields! {
    impl TemplateMessage;
    impl TemplateParam;
    impl ButtonParam;
    impl LimitedTimeOffer;
}

/// The language as a string, or the `code` of a `{"code": ...}` object (the docs call it a
/// "language object" on one page).
fn language_code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    struct Code {
        code: String,
    }
    struct Language;
    impl<'de> Visitor<'de> for Language {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a language code string or a {\"code\": ...} object")
        }
        fn visit_str<E: de::Error>(self, code: &str) -> Result<String, E> {
            Ok(code.to_owned())
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            Code::deserialize(de::value::MapAccessDeserializer::new(map)).map(|c| c.code)
        }
    }
    d.deserialize_any(Language)
}

/// A header object, or an array of at most one (the `/broadcasts` form).
fn one_header<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Header>, D::Error> {
    struct OneHeader;
    impl<'de> Visitor<'de> for OneHeader {
        type Value = Option<Header>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a header object or an array of at most one header object")
        }
        fn visit_unit<E>(self) -> Result<Option<Header>, E> {
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Header>, A::Error> {
            Header::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Header>, A::Error> {
            let first = seq.next_element::<Header>()?;
            if seq.next_element::<de::IgnoredAny>()?.is_some() {
                return Err(de::Error::invalid_length(2, &"at most one header object"));
            }
            Ok(first)
        }
    }
    d.deserialize_any(OneHeader)
}
