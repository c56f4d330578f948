//! The per-type rules of docs/rules.md for message content (text, media, location, contacts,
//! reaction, and the interactive and template checks their own modules define), with SDK-style
//! field paths rooted at the type's key (`text.body`, `contacts[0].name`).

use super::MessageContent;
use super::check::{Problems, check_length, check_non_empty, field, index};

/// Records every rule `content` breaks.
pub(crate) fn check_content(problems: &mut Problems, content: &MessageContent) {
    let root = content.type_name();
    match content {
        // The path is spelled out: this check runs on every text sent, and needs no allocation.
        MessageContent::Text(text) => check_length(problems, "text.body", &text.body, 1, 4096),
        MessageContent::Image(media) => media.check(problems, root),
        MessageContent::Video(media) => media.check(problems, root),
        MessageContent::Audio(media) => media.check(problems, root),
        MessageContent::Document(media) => media.check(problems, root),
        MessageContent::Sticker(media) => media.check(problems, root),
        MessageContent::Location(location) => {
            check_coordinate(problems, &field(root, "latitude"), location.latitude, 90.0);
            check_coordinate(
                problems,
                &field(root, "longitude"),
                location.longitude,
                180.0,
            );
        }
        MessageContent::Contacts(contacts) => {
            if contacts.is_empty() {
                problems.add(root, "must have at least 1 contact");
            }
            for (i, contact) in contacts.iter().enumerate() {
                let at = index(root, i);
                check_non_empty(problems, &field(&at, "name"), &contact.name);
                check_non_empty(problems, &field(&at, "phone"), &contact.phone);
            }
        }
        // An empty emoji is allowed: it removes the reaction.
        MessageContent::Reaction(reaction) => {
            check_non_empty(problems, &field(root, "id"), &reaction.message_id)
        }
        MessageContent::Interactive(interactive) => interactive.check(problems, root),
        MessageContent::Template(template) => template.check(problems, root, false),
    }
}

/// A latitude (`limit` 90) or longitude (`limit` 180) in degrees; NaN and infinities fail too.
fn check_coordinate(problems: &mut Problems, path: &str, value: f64, limit: f64) {
    if !(-limit..=limit).contains(&value) {
        problems.add(path, format!("must be a number from -{limit} to {limit}"));
    }
}
