//! The request body of a send, serialized straight to bytes.
//!
//! [`OutgoingMessage::to_json`] builds a `serde_json::Value` tree, which merges extra fields over
//! modelled ones of the same name, and which then has to be serialized and freed again. A send
//! needs only the bytes, so [`OutgoingMessage::to_body`] writes them directly, in the same order,
//! and checks as it goes that no object repeats a key. Only a message whose extra field replaces
//! a modelled one (rare, and refused at the top level by validation) takes the `Value` route,
//! which keeps one key with the extra's value: the bytes are the same either way.

use std::io;
use std::ops::Range;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use super::OutgoingMessage;
use crate::error::Result;
use crate::transport::json_bytes;

impl OutgoingMessage {
    /// The bytes of `serde_json::to_vec(&self.to_json(to))`, without the `Value` in between
    /// when no object of the message repeats a key.
    pub(crate) fn to_body(&self, to: &str) -> Result<Vec<u8>> {
        let mut keys = Keys::default();
        let mut body = Vec::with_capacity(128);
        let wire = Wire { to, message: self };
        let written = wire.serialize(&mut serde_json::Serializer::with_formatter(
            &mut body,
            UniqueKeys { keys: &mut keys },
        ));
        if written.is_ok() && !keys.repeated {
            return Ok(body);
        }
        json_bytes(&self.to_json(to))
    }
}

/// A message for one recipient, in the order `to_json` builds it:
/// `{"to", "reply_message_id"?, "type", "<type>", ...extra}`.
struct Wire<'a> {
    to: &'a str,
    message: &'a OutgoingMessage,
}

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let message = self.message;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("to", self.to)?;
        if let Some(id) = &message.reply_message_id {
            map.serialize_entry("reply_message_id", id)?;
        }
        let kind = message.content.type_name();
        map.serialize_entry("type", kind)?;
        map.serialize_entry(kind, &message.content)?;
        for (key, value) in &message.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The keys of the objects being written, innermost last.
#[derive(Default)]
struct Keys {
    /// Every key of the open objects, one after another (one buffer, not a string per key).
    text: String,
    /// Where each key lies in `text`.
    keys: Vec<Range<usize>>,
    /// For each open object, the index in `keys` of its first key.
    objects: Vec<usize>,
    /// Where the key being written starts in `text`, while one is.
    key_start: Option<usize>,
    /// Some object had a key twice.
    repeated: bool,
}

impl Keys {
    /// The key just written (from `start` to the end of `text`) completes: note a repeat within
    /// its object, and remember it.
    fn close_key(&mut self, start: usize) {
        let object_start = self.objects.last().copied().unwrap_or(0);
        let key = &self.text[start..];
        let seen = self.keys[object_start..]
            .iter()
            .any(|range| self.text.get(range.clone()) == Some(key));
        if seen {
            self.repeated = true;
        }
        self.keys.push(start..self.text.len());
    }

    fn close_object(&mut self) {
        let first = self.objects.pop().unwrap_or(0);
        if let Some(range) = self.keys.get(first) {
            self.text.truncate(range.start);
        }
        self.keys.truncate(first);
    }
}

/// serde_json's compact output, recording the keys of every object in [`Keys`].
struct UniqueKeys<'a> {
    keys: &'a mut Keys,
}

impl Formatter for UniqueKeys<'_> {
    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.keys.objects.push(self.keys.keys.len());
        CompactFormatter.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.keys.close_object();
        CompactFormatter.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.keys.key_start = Some(self.keys.text.len());
        CompactFormatter.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if let Some(start) = self.keys.key_start.take() {
            self.keys.close_key(start);
        }
        CompactFormatter.end_object_key(writer)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if self.keys.key_start.is_some() {
            self.keys.text.push_str(fragment);
        }
        CompactFormatter.write_string_fragment(writer, fragment)
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        if self.keys.key_start.is_some() {
            // The character the escape stands for, so two keys compare as the strings they are.
            self.keys.text.push(match char_escape {
                CharEscape::Quote => '"',
                CharEscape::ReverseSolidus => '\\',
                CharEscape::Solidus => '/',
                CharEscape::Backspace => '\u{8}',
                CharEscape::FormFeed => '\u{c}',
                CharEscape::LineFeed => '\n',
                CharEscape::CarriageReturn => '\r',
                CharEscape::Tab => '\t',
                CharEscape::AsciiControl(byte) => char::from(byte),
            });
        }
        CompactFormatter.write_char_escape(writer, char_escape)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use crate::messages::tests::no_panic::{arbitrary_json, mutated};
    use crate::messages::*;

    const TO: &str = "+62 812-3456-7890";

    /// The body a send wrote before: the `Value` of `to_json`, serialized.
    fn through_value(message: &OutgoingMessage) -> Vec<u8> {
        serde_json::to_vec(&message.to_json(TO)).unwrap()
    }

    fn assert_same_body(message: &OutgoingMessage) {
        let body = message.to_body(TO).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&through_value(message)),
        );
    }

    #[test]
    fn every_type_is_written_as_its_value_would_be() {
        let messages: Vec<OutgoingMessage> = vec![
            Text::new("Halo \"quoted\" \\ \n\u{1} é 👍")
                .preview_url(true)
                .reply_to("m")
                .extra("biz_opaque_callback_data", "order-7"),
            Image::from_id("i").caption("c").into(),
            Sticker::from_link("https://e.com/s.webp").into(),
            Location::new(-6.1754, 106.8272).name("Monas").into(),
            vec![Contact::new("a", "1"), Contact::new("b", "2")].into(),
            Reaction::new("m", "👍").into(),
            Interactive::buttons("b")
                .header(Header::image(Image::from_id("i")))
                .button("a", "A")
                .footer("f")
                .extra("x", json!({"nested": [1, {"k": null}]}))
                .into(),
            Interactive::list("b", "l")
                .section(Section::titled("s").row(Row::new("r", "R").description("d")))
                .into(),
            Interactive::product_list("h", "b", "c")
                .section(Section::titled("s").product("p"))
                .into(),
            TemplateMessage::new("t", "id")
                .header_text("h")
                .body(["a", "b"])
                .button(ButtonParam::url("u"))
                .limited_time_offer(5)
                .into(),
        ];
        for message in &messages {
            assert_same_body(message);
        }
    }

    #[test]
    fn an_extra_field_replacing_a_modelled_one_is_written_once() {
        let replaced: Vec<OutgoingMessage> = vec![
            Text::new("a").extra("body", "b").into(),
            TemplateMessage::new("t", "id")
                .extra("language", json!({"code": "id"}))
                .into(),
            Interactive::buttons("b")
                .button("a", "A")
                .extra("type", "list")
                .into(),
            // The escaped form of a key is compared as the key itself.
            Text::new("a").extra("bo\"dy", 1).extra("bo\ndy", 2).into(),
            // Refused by validation, yet written the same way.
            OutgoingMessage::from(Text::new("a")).extra("to", "+1"),
        ];
        for message in &replaced {
            assert_same_body(message);
        }
        let body = OutgoingMessage::from(Text::new("a").extra("body", "b"))
            .to_body(TO)
            .unwrap();
        let text = String::from_utf8(body).unwrap();
        assert_eq!(text.matches("\"body\"").count(), 1, "{text}");
        assert!(text.contains(r#""body":"b""#), "{text}");
        // The same key in two different objects is no repeat.
        let nested = OutgoingMessage::from(Text::new("a").extra("text", json!({"text": 1})));
        let value: Value = serde_json::from_slice(&nested.to_body(TO).unwrap()).unwrap();
        assert_eq!(value["text"]["text"], json!({"text": 1}));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        // Whatever a binding hands over as JSON and the SDK reads as a message, extra fields
        // anywhere included, is sent as the bytes of its `Value`.
        #[test]
        fn read_messages_are_written_as_their_value_would_be(
            value in prop_oneof![mutated(), arbitrary_json()],
        ) {
            let mut value = value;
            if let Value::Object(map) = &mut value {
                map.remove("to");
            }
            if let Ok(message) = OutgoingMessage::from_json(value) {
                prop_assert_eq!(message.to_body(TO).unwrap(), through_value(&message));
            }
        }
    }
}
