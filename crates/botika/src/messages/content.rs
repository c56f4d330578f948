//! The simple message objects: `text`, `location`, `contacts` entries and `reaction`
//! (contract section 4).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::wire::extra_fields;

/// A text message: `{"body", "preview_url"?}`.
///
/// ```
/// let text = botika::Text::new("Halo! https://botika.online").preview_url(true);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Text {
    /// The message, 1 to 4096 characters; may contain URLs and WhatsApp formatting.
    pub body: String,
    /// Ask WhatsApp to render a preview of the first URL in `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_url: Option<bool>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Text {
    /// A text message with this body.
    ///
    /// ```
    /// use botika::{OutgoingMessage, Text};
    /// let body = OutgoingMessage::from(Text::new("Halo!")).to_json("+62 812-3456-7890");
    /// assert_eq!(body["text"]["body"], "Halo!");
    /// assert!(OutgoingMessage::from(Text::new("")).validate().is_err()); // 1 to 4096 characters
    /// ```
    pub fn new(body: impl Into<String>) -> Text {
        Text {
            body: body.into(),
            preview_url: None,
            extra: Map::new(),
        }
    }

    /// Whether a link preview is requested.
    pub fn preview_url(mut self, preview: bool) -> Text {
        self.preview_url = Some(preview);
        self
    }
}

/// A location pin: `{"latitude", "longitude", "name"?, "address"?}`, sent as JSON numbers.
///
/// ```
/// let monas = botika::Location::new(-6.1754, 106.8272).name("Monas").address("Gambir, Jakarta");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// Degrees, -90 to 90. Read from JSON as a number or a numeric string.
    #[serde(deserialize_with = "number_or_numeric_string")]
    pub latitude: f64,
    /// Degrees, -180 to 180. Read from JSON as a number or a numeric string.
    #[serde(deserialize_with = "number_or_numeric_string")]
    pub longitude: f64,
    /// The place's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The place's address (WhatsApp shows it only together with `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Location {
    /// A pin at `latitude`, `longitude` (degrees).
    ///
    /// ```
    /// use botika::{Location, OutgoingMessage};
    /// let monas = Location::new(-6.1754, 106.8272).name("Monas");
    /// assert!(OutgoingMessage::from(monas).validate().is_ok());
    /// // Swapped coordinates are caught before sending.
    /// assert!(OutgoingMessage::from(Location::new(106.8272, -6.1754)).validate().is_err());
    /// ```
    pub fn new(latitude: f64, longitude: f64) -> Location {
        Location {
            latitude,
            longitude,
            name: None,
            address: None,
            extra: Map::new(),
        }
    }

    /// The place's name.
    pub fn name(mut self, name: impl Into<String>) -> Location {
        self.name = Some(name.into());
        self
    }

    /// The place's address.
    pub fn address(mut self, address: impl Into<String>) -> Location {
        self.address = Some(address.into());
        self
    }
}

/// The docs' example sends coordinates as strings; the SDK reads either and always writes numbers.
fn number_or_numeric_string<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    struct Coordinate;
    impl serde::de::Visitor<'_> for Coordinate {
        type Value = f64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a number or a numeric string")
        }
        fn visit_f64<E>(self, n: f64) -> Result<f64, E> {
            Ok(n)
        }
        fn visit_i64<E>(self, n: i64) -> Result<f64, E> {
            Ok(n as f64)
        }
        fn visit_u64<E>(self, n: u64) -> Result<f64, E> {
            Ok(n as f64)
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<f64, E> {
            text.trim()
                .parse::<f64>()
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(text), &self))
        }
    }
    d.deserialize_any(Coordinate)
}

/// One entry of a `contacts` message: `{"name", "phone"}` (Botika's flat shape).
///
/// ```
/// use botika::{Contact, OutgoingMessage};
/// let card: OutgoingMessage = vec![Contact::new("Budi", "+62 812-3456-7890")].into();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Contact {
    /// The contact's full display name.
    pub name: String,
    /// The contact's phone number, as it should be shown.
    pub phone: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Contact {
    /// A contact card entry.
    ///
    /// ```
    /// use botika::{Contact, OutgoingMessage};
    /// // Several cards travel in one `contacts` message.
    /// let cards = OutgoingMessage::from([
    ///     Contact::new("Budi", "+62 812-3456-7890"),
    ///     Contact::new("Sari", "+62 813-1111-2222"),
    /// ]);
    /// assert_eq!(cards.to_json("+62 811-0000-0000")["contacts"][1]["name"], "Sari");
    /// ```
    pub fn new(name: impl Into<String>, phone: impl Into<String>) -> Contact {
        Contact {
            name: name.into(),
            phone: phone.into(),
            extra: Map::new(),
        }
    }
}

/// A reaction to a message: `{"id": <message id>, "emoji"}`; an empty emoji removes it.
/// A reaction cannot carry `reply_message_id`.
///
/// ```
/// let like = botika::Reaction::new("wamid.HBgL", "👍");
/// let undo = botika::Reaction::remove("wamid.HBgL");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reaction {
    /// The id of the message reacted to.
    #[serde(rename = "id")]
    pub message_id: String,
    /// The emoji, or `""` to remove the reaction.
    pub emoji: String,
    /// Fields the SDK does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Reaction {
    /// Reacts to `message_id` with `emoji`.
    ///
    /// ```
    /// use botika::{OutgoingMessage, Reaction};
    /// let like = OutgoingMessage::from(Reaction::new("wamid.HBgL", "👍"));
    /// assert_eq!(like.to_json("+62 812-3456-7890")["reaction"]["id"], "wamid.HBgL");
    /// ```
    pub fn new(message_id: impl Into<String>, emoji: impl Into<String>) -> Reaction {
        Reaction {
            message_id: message_id.into(),
            emoji: emoji.into(),
            extra: Map::new(),
        }
    }

    /// Removes this business's reaction from `message_id` (an empty emoji).
    ///
    /// ```
    /// let undo = botika::Reaction::remove("wamid.HBgL");
    /// assert_eq!(undo.emoji, "");
    /// ```
    pub fn remove(message_id: impl Into<String>) -> Reaction {
        Reaction::new(message_id, "")
    }
}

extra_fields! {
    impl Text;
    impl Location;
    impl Contact;
    impl Reaction;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wire(value: impl Serialize) -> Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn builders_produce_the_wire_objects() {
        assert_eq!(wire(Text::new("Halo!")), json!({"body": "Halo!"}));
        assert_eq!(
            wire(Text::new("https://e.com").preview_url(true)),
            json!({"body": "https://e.com", "preview_url": true})
        );
        assert_eq!(
            wire(Location::new(-6.2, 106.8).name("Monas").address("Jakarta")),
            json!({"latitude": -6.2, "longitude": 106.8, "name": "Monas", "address": "Jakarta"})
        );
        assert_eq!(
            wire(Contact::new("Budi", "+62812")),
            json!({"name": "Budi", "phone": "+62812"})
        );
        assert_eq!(
            wire(Reaction::new("wamid.1", "😁")),
            json!({"id": "wamid.1", "emoji": "😁"})
        );
        assert_eq!(
            wire(Reaction::remove("wamid.1")),
            json!({"id": "wamid.1", "emoji": ""})
        );
    }

    #[test]
    fn extra_fields_are_sent_and_override_modelled_ones() {
        let text = Text::new("a").extra("body", "b").extra("x", json!([1]));
        assert_eq!(wire(text), json!({"body": "b", "x": [1]}));
    }

    #[test]
    fn coordinates_read_from_numbers_or_numeric_strings() {
        let l: Location =
            serde_json::from_value(json!({"latitude": "-6.5", "longitude": 106})).unwrap();
        assert_eq!((l.latitude, l.longitude), (-6.5, 106.0));
        assert_eq!(wire(&l), json!({"latitude": -6.5, "longitude": 106.0}));
        let err = serde_json::from_value::<Location>(json!({"latitude": "north", "longitude": 1}))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a number or a numeric string"),
            "{err}"
        );
        assert!(
            serde_json::from_value::<Location>(json!({"latitude": true, "longitude": 1})).is_err()
        );
    }
}
