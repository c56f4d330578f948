//! One line of text for a message: the conversation list's last line and the quote above a
//! reply. Media and other non-text kinds say what they are, with their caption or name. (Words
//! rather than emoji: the page must read the same on machines without an emoji font.)

use serde_json::Value;

use super::template_view;
use crate::state::{MessageRecord, State};

/// Longest preview, in characters.
const MAX_CHARS: usize = 120;

/// The preview of a stored message.
pub fn of(state: &State, message: &MessageRecord) -> String {
    let content = &message.payload[message.kind.as_str()];
    let line = match message.kind.as_str() {
        "template" => template_view::render(state, content)["body"]
            .as_str()
            .map_or_else(|| template_name(content), str::to_owned),
        kind => of_content(kind, content),
    };
    shorten(&line)
}

/// The preview of one message object (`content` is the object named by `kind`).
fn of_content(kind: &str, content: &Value) -> String {
    let text = |key: &str| content[key].as_str().filter(|s| !s.trim().is_empty());
    match kind {
        "text" => text("body").unwrap_or_default().to_owned(),
        "image" => labelled("Photo", text("caption")),
        "video" => labelled("Video", text("caption")),
        "audio" => "Audio".to_owned(),
        "sticker" => "Sticker".to_owned(),
        "document" => labelled("Document", text("filename").or(text("caption"))),
        "location" => labelled("Location", text("name").or(text("address"))),
        "contacts" => {
            let names: Vec<&str> = content
                .as_array()
                .map(|cards| cards.iter().filter_map(contact_name).collect())
                .unwrap_or_default();
            labelled(
                "Contact",
                Some(names.join(", ").as_str()).filter(|s| !s.is_empty()),
            )
        }
        "interactive" => interactive(content),
        "button" => text("text").unwrap_or("Button").to_owned(),
        "reaction" => match text("emoji") {
            Some(emoji) => format!("Reacted {emoji}"),
            None => "Removed a reaction".to_owned(),
        },
        other => other.to_owned(),
    }
}

/// A contact card's name: the sandbox's `{"name"}` string, or the Cloud API's
/// `{"name": {"formatted_name"}}`.
fn contact_name(card: &Value) -> Option<&str> {
    card["name"]
        .as_str()
        .or_else(|| card["name"]["formatted_name"].as_str())
}

/// A business's interactive message shows its body; a customer's reply, the option tapped.
fn interactive(content: &Value) -> String {
    let tapped = content["button_reply"]["title"]
        .as_str()
        .or_else(|| content["list_reply"]["title"].as_str());
    tapped
        .or_else(|| content["body"]["text"].as_str())
        .unwrap_or("Interactive message")
        .to_owned()
}

fn template_name(content: &Value) -> String {
    format!("Template {}", content["name"].as_str().unwrap_or_default())
}

fn labelled(label: &str, text: Option<&str>) -> String {
    match text {
        Some(text) => format!("{label}: {text}"),
        None => label.to_owned(),
    }
}

/// At most [`MAX_CHARS`] characters on one line, with an ellipsis when cut.
fn shorten(line: &str) -> String {
    let flat: String = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kinds_say_what_they_are() {
        assert_eq!(of_content("text", &json!({"body": "Halo"})), "Halo");
        assert_eq!(of_content("image", &json!({"id": "1"})), "Photo");
        assert_eq!(
            of_content("image", &json!({"id": "1", "caption": "Menu"})),
            "Photo: Menu"
        );
        assert_eq!(
            of_content("document", &json!({"id": "1", "filename": "a.pdf"})),
            "Document: a.pdf"
        );
        assert_eq!(
            of_content("location", &json!({"latitude": 1, "longitude": 2})),
            "Location"
        );
        assert_eq!(
            of_content(
                "contacts",
                &json!([{"name": "Budi", "phone": "1"}, {"name": {"formatted_name": "Sari"}}])
            ),
            "Contact: Budi, Sari"
        );
        assert_eq!(
            of_content(
                "interactive",
                &json!({"type": "button_reply", "button_reply": {"id": "y", "title": "Yes"}})
            ),
            "Yes"
        );
        assert_eq!(
            of_content(
                "interactive",
                &json!({"type": "button", "body": {"text": "Confirm?"}})
            ),
            "Confirm?"
        );
        assert_eq!(
            of_content("reaction", &json!({"emoji": ""})),
            "Removed a reaction"
        );
        assert_eq!(
            of_content("reaction", &json!({"emoji": "👍"})),
            "Reacted 👍"
        );
    }

    #[test]
    fn long_lines_are_cut_on_a_character_and_flattened() {
        let long = "é".repeat(200);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), MAX_CHARS + 1);
        assert!(short.ends_with('…'));
        assert_eq!(shorten("a\nb"), "a b");
    }
}
