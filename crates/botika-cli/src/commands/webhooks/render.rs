//! One line of text per webhook event: who, what, and the content in brief.

use botika::webhooks::{Event, InboundMedia, InboundMessage, MessageContent, StatusUpdate};

/// The event as one readable line (two for a failed status: its reasons follow).
pub fn event(event: &Event) -> String {
    match event {
        Event::Message(message) => inbound(message),
        Event::Status(status) => status_line(status),
        Event::TemplateStatus(update) => {
            let name = update.template_name.as_deref().unwrap_or("?");
            let language = update.language.as_deref().unwrap_or("?");
            let reason = update
                .reason
                .as_deref()
                .map(|reason| format!(": {reason}"))
                .unwrap_or_default();
            format!("template {name} ({language}) {}{reason}", update.status)
        }
        Event::Unknown(unknown) => {
            let field = unknown.field.as_deref().unwrap_or("?");
            format!("unknown  {field}: {}", unknown.raw)
        }
        // An event kind added to the core after this was written: show it as the core writes it.
        other => format!(
            "event    {}",
            serde_json::to_string(other).unwrap_or_default()
        ),
    }
}

fn inbound(message: &InboundMessage) -> String {
    let who = match &message.profile_name {
        Some(name) => format!("{} ({name})", message.from),
        None => message.from.clone(),
    };
    let reply = message
        .context
        .as_ref()
        .and_then(|context| context.message_id.as_deref())
        .map(|id| format!(" in reply to {id}"))
        .unwrap_or_default();
    format!(
        "message  {} from {who}{reply}: {}",
        message.id,
        content(&message.content)
    )
}

fn content(content: &MessageContent) -> String {
    match content {
        MessageContent::Text(text) => format!("text {:?}", text.body),
        MessageContent::Image(media) => media_line("image", media),
        MessageContent::Video(media) => media_line("video", media),
        MessageContent::Audio(media) => media_line("audio", media),
        MessageContent::Document(media) => media_line("document", media),
        MessageContent::Sticker(media) => media_line("sticker", media),
        MessageContent::Location(place) => {
            let at = match (place.latitude, place.longitude) {
                (Some(lat), Some(lon)) => format!("{lat},{lon}"),
                _ => "?".to_owned(),
            };
            let name = [&place.name, &place.address]
                .into_iter()
                .flatten()
                .map(|part| format!(" {part:?}"))
                .collect::<String>();
            format!("location {at}{name}")
        }
        MessageContent::Contacts(cards) => {
            let cards: Vec<String> = cards
                .iter()
                .map(|card| {
                    let name = card.name.as_deref().unwrap_or("?");
                    format!("{name} ({})", card.phones.join(", "))
                })
                .collect();
            format!("contacts {}", cards.join("; "))
        }
        MessageContent::ButtonReply(reply) => {
            format!("button reply {} {:?}", reply.id, reply.title)
        }
        MessageContent::ListReply(reply) => format!("list reply {} {:?}", reply.id, reply.title),
        MessageContent::Button(press) => {
            let payload = press.payload.as_deref().unwrap_or("");
            format!("template button {:?} (payload {payload:?})", press.text)
        }
        MessageContent::Reaction(reaction) => {
            match reaction.emoji.as_deref().filter(|e| !e.is_empty()) {
                Some(emoji) => format!("reaction {emoji} to {}", reaction.message_id),
                None => format!("reaction removed from {}", reaction.message_id),
            }
        }
        MessageContent::Unknown { kind, content } => format!("{kind} {content}"),
        other => other.kind().to_owned(),
    }
}

fn media_line(kind: &str, media: &InboundMedia) -> String {
    let mut line = kind.to_owned();
    let parts = [
        ("id", &media.id),
        ("link", &media.link),
        ("type", &media.mime_type),
        ("file", &media.filename),
    ];
    for (name, value) in parts {
        if let Some(value) = value {
            line.push_str(&format!(" {name}={value}"));
        }
    }
    if let Some(caption) = &media.caption {
        line.push_str(&format!(" caption={caption:?}"));
    }
    line
}

fn status_line(status: &StatusUpdate) -> String {
    let to = status
        .recipient
        .as_deref()
        .map(|to| format!(" to {to}"))
        .unwrap_or_default();
    let mut line = format!(
        "status   {} {}{to}",
        status.message_id,
        status.status.as_str()
    );
    for error in &status.errors {
        let code = error.code.map(|c| c.to_string()).unwrap_or_default();
        let title = error
            .title
            .as_deref()
            .or(error.message.as_deref())
            .unwrap_or("");
        line.push_str(&format!("\n         {code} {title}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(body: &str) -> Vec<String> {
        botika::webhooks::parse(body.as_bytes())
            .unwrap()
            .events
            .iter()
            .map(event)
            .collect()
    }

    #[test]
    fn an_inbound_text_names_the_sender_and_quotes_the_text() {
        let lines = events(
            r#"{"contacts":[{"profile":{"name":"Sari"},"wa_id":"628123"}],
                "messages":[{"from":"628123","id":"wamid.1","timestamp":"1","type":"text","text":{"body":"Halo"},
                             "context":{"id":"wamid.0"}}]}"#,
        );
        assert_eq!(
            lines,
            [r#"message  wamid.1 from 628123 (Sari) in reply to wamid.0: text "Halo""#]
        );
    }

    #[test]
    fn a_failed_status_lists_its_reasons() {
        let lines = events(
            r#"{"statuses":[{"id":"wamid.2","status":"failed","recipient_id":"15550100001","timestamp":"1",
                "errors":[{"code":131026,"title":"Message undeliverable"}]}]}"#,
        );
        assert_eq!(
            lines,
            ["status   wamid.2 failed to 15550100001\n         131026 Message undeliverable"]
        );
    }
}
