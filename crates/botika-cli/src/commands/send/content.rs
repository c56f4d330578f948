//! The flags of the message types that carry no media: text, location, contacts, reaction.

use botika::{Contact, Location, Reaction, Text};
use clap::Args;

use crate::values::pair;

/// `send text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The text (1 to 4096 characters)
    #[arg(long)]
    body: String,
    /// Show a preview of the first URL in the text
    #[arg(long)]
    preview_url: bool,
}

impl TextArgs {
    /// The text content.
    pub fn content(self) -> Text {
        let text = Text::new(self.body);
        if self.preview_url {
            text.preview_url(true)
        } else {
            text
        }
    }
}

/// `send location`.
#[derive(Debug, Args)]
pub struct LocationArgs {
    /// Latitude in degrees (-90 to 90)
    #[arg(long, allow_negative_numbers = true)]
    latitude: f64,
    /// Longitude in degrees (-180 to 180)
    #[arg(long, allow_negative_numbers = true)]
    longitude: f64,
    /// The place's name
    #[arg(long)]
    name: Option<String>,
    /// The place's address
    #[arg(long)]
    address: Option<String>,
}

impl LocationArgs {
    /// The location content.
    pub fn content(self) -> Location {
        let mut location = Location::new(self.latitude, self.longitude);
        if let Some(name) = self.name {
            location = location.name(name);
        }
        if let Some(address) = self.address {
            location = location.address(address);
        }
        location
    }
}

/// `send contacts`.
#[derive(Debug, Args)]
pub struct ContactsArgs {
    /// A contact card as NAME=PHONE; repeat for more
    #[arg(long = "contact", value_name = "NAME=PHONE", required = true, value_parser = contact)]
    contacts: Vec<Contact>,
}

fn contact(text: &str) -> Result<Contact, String> {
    // Names may hold '=' more often than numbers do: split at the last one.
    match text.rsplit_once('=') {
        Some((name, phone)) if !name.is_empty() && !phone.is_empty() => {
            Ok(Contact::new(name, phone))
        }
        _ => pair(text, "NAME=PHONE").map(|(name, phone)| Contact::new(name, phone)),
    }
}

impl ContactsArgs {
    /// The contact cards.
    pub fn content(self) -> Vec<Contact> {
        self.contacts
    }
}

/// `send reaction`.
#[derive(Debug, Args)]
pub struct ReactionArgs {
    /// The message reacted to
    #[arg(long, value_name = "MESSAGE_ID")]
    message_id: String,
    /// The emoji
    #[arg(long, required_unless_present = "remove")]
    emoji: Option<String>,
    /// Remove your reaction instead
    #[arg(long, conflicts_with = "emoji")]
    remove: bool,
}

impl ReactionArgs {
    /// The reaction content.
    pub fn content(self) -> Reaction {
        match self.emoji {
            Some(emoji) => Reaction::new(self.message_id, emoji),
            None => Reaction::remove(self.message_id),
        }
    }
}
