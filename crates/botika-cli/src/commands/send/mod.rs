//! `botika send`: one subcommand per message type, each with a flag per field, or `--json` for
//! a whole message. Everything is validated by the core before it is sent.

mod content;
mod header;
mod interactive;
mod media;
mod sections;
mod template;

use botika::messages::media_kind;
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::context::Context;
use crate::failure::Failure;
use crate::values::json_input;

pub use header::{HeaderArgs, header_of};
pub use template::TemplateValues;

const EXAMPLES: &str = "\
Examples:
  botika send text --to '+62 812-3456-7890' --body 'Halo!'
  botika send document --to 6281234567890 --file invoice.pdf --filename invoice.pdf
  botika send --to 6281234567890 --json '{\"type\":\"text\",\"text\":{\"body\":\"Halo\"}}'
  botika send --json @message.json          # the JSON carries \"to\" itself";

/// Send a message: pick its type, or give the whole message with --json.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
pub struct SendArgs {
    #[command(subcommand)]
    kind: Option<SendKind>,
    /// The whole message as JSON (inline, @FILE or - for stdin): {"type": "text", "text": {...}}
    #[arg(long, value_name = "JSON")]
    json: Option<String>,
    /// Recipient (required unless the JSON has "to")
    #[arg(long, value_name = "PHONE", requires = "json")]
    to: Option<String>,
    /// Show the message as a reply to this message id
    #[arg(long, value_name = "MESSAGE_ID", requires = "json")]
    reply_to: Option<String>,
    /// Send the JSON exactly as given, checking only "to" (for shapes the SDK does not model)
    #[arg(long, requires = "json")]
    raw: bool,
}

/// Who a typed message goes to, and the message it replies to.
#[derive(Debug, Args)]
pub struct Target {
    /// Recipient: a phone number with its country code (+62 812-3456-7890) or a WhatsApp id
    #[arg(long, value_name = "PHONE")]
    to: String,
    /// Show the message as a reply to this message id
    #[arg(long, value_name = "MESSAGE_ID")]
    reply_to: Option<String>,
}

/// A message type's own flags, with the recipient's.
#[derive(Debug, Args)]
pub struct With<T: Args> {
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    fields: T,
}

#[derive(Debug, Subcommand)]
enum SendKind {
    /// A text message
    #[command(
        after_help = "Example:\n  botika send text --to 6281234567890 --body 'See https://botika.online' --preview-url"
    )]
    Text(With<content::TextArgs>),
    /// An image (JPEG or PNG, up to 5 MB)
    #[command(
        after_help = "Example:\n  botika send image --to 6281234567890 --file photo.jpg --caption 'Your order'"
    )]
    Image(With<media::CaptionedArgs>),
    /// A video (MP4 or 3GP, up to 10 MB)
    #[command(
        after_help = "Example:\n  botika send video --to 6281234567890 --link https://example.com/clip.mp4"
    )]
    Video(With<media::CaptionedArgs>),
    /// An audio file
    #[command(
        after_help = "Example:\n  botika send audio --to 6281234567890 --id 1037543291543636"
    )]
    Audio(With<media::SourceArgs>),
    /// A document (PDF, text, Office files)
    #[command(
        after_help = "Example:\n  botika send document --to 6281234567890 --file invoice.pdf --caption 'Invoice #12'"
    )]
    Document(With<media::DocumentArgs>),
    /// A sticker (WebP, up to 100 KB)
    #[command(after_help = "Example:\n  botika send sticker --to 6281234567890 --file smile.webp")]
    Sticker(With<media::SourceArgs>),
    /// A location pin
    #[command(
        after_help = "Example:\n  botika send location --to 6281234567890 --latitude -6.1754 --longitude 106.8272 --name Monas"
    )]
    Location(With<content::LocationArgs>),
    /// One or more contact cards
    #[command(
        after_help = "Example:\n  botika send contacts --to 6281234567890 --contact 'Budi=+62 812-1111-2222' --contact 'Sari=+62 813-3333-4444'"
    )]
    Contacts(With<content::ContactsArgs>),
    /// A reaction to a message (or --remove to take it back)
    #[command(
        after_help = "Example:\n  botika send reaction --to 6281234567890 --message-id wamid.HBgL --emoji 👍"
    )]
    Reaction(With<content::ReactionArgs>),
    /// Reply buttons, a list, a product or a product list
    #[command(
        subcommand,
        after_help = "Example:\n  botika send interactive buttons --to 6281234567890 --body 'Confirm?' --button yes=Yes --button no=No"
    )]
    Interactive(interactive::InteractiveKind),
    /// An approved message template with its values
    #[command(
        after_help = "Example:\n  botika send template --to 6281234567890 --name order_update --language en_US \\\n    --header-text '#1024' --body-value Budi --button quick_reply=track --check"
    )]
    Template(With<template::TemplateArgs>),
}

/// What a send prints.
#[derive(Debug, Serialize)]
struct Sent<'a> {
    id: &'a str,
    to: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// Runs `botika send`.
pub async fn run(context: Context<'_>, args: SendArgs) -> Result<(), Failure> {
    let client = context.client()?;
    let (to, message, checked) = match args.kind {
        Some(kind) => {
            let checked = matches!(&kind, SendKind::Template(w) if w.fields.check);
            let (target, content) = typed(&client, kind).await?;
            let message = botika::OutgoingMessage::new(content);
            (target.to, with_reply(message, target.reply_to), checked)
        }
        None => {
            let Some(json) = args.json else {
                return Err(Failure::usage(
                    "give a message type (botika send text ...) or --json",
                ));
            };
            let mut value = json_input(&json, "--json")?;
            let to = recipient(&mut value, args.to)?;
            if args.raw {
                return send_raw(&context, &client, value, to, args.reply_to).await;
            }
            let message = botika::OutgoingMessage::from_json(value)?;
            (to, with_reply(message, args.reply_to), false)
        }
    };
    let kind = message.content.type_name();
    let sent = if checked {
        client
            .messages()
            .send_template_checked(&to, message)
            .await?
    } else {
        client.messages().send(&to, message).await?
    };
    print(&context, &sent.id, &to, kind);
    Ok(())
}

/// `--raw`: the JSON as given, with the recipient and reply put back in.
async fn send_raw(
    context: &Context<'_>,
    client: &botika::Client,
    mut value: serde_json::Value,
    to: String,
    reply_to: Option<String>,
) -> Result<(), Failure> {
    let Some(map) = value.as_object_mut() else {
        return Err(botika::Error::invalid_argument(".", "must be a JSON object").into());
    };
    map.insert("to".to_owned(), to.as_str().into());
    if let Some(id) = reply_to {
        map.insert("reply_message_id".to_owned(), id.into());
    }
    let kind = map
        .get("type")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("untyped")
        .to_owned();
    let sent = client.messages().send_json(value).await?;
    print(context, &sent.id, &to, &kind);
    Ok(())
}

/// The recipient and content a typed subcommand describes (uploading `--file`s first).
async fn typed(
    client: &botika::Client,
    kind: SendKind,
) -> Result<(Target, botika::MessageContent), Failure> {
    Ok(match kind {
        SendKind::Text(w) => (w.target, w.fields.content().into()),
        SendKind::Image(w) => {
            let image = w.fields.media::<media_kind::Image>(client).await?;
            (w.target, image.into())
        }
        SendKind::Video(w) => {
            let video = w.fields.media::<media_kind::Video>(client).await?;
            (w.target, video.into())
        }
        SendKind::Audio(w) => {
            let audio = w.fields.media::<media_kind::Audio>(client).await?;
            (w.target, audio.into())
        }
        SendKind::Document(w) => (w.target, w.fields.document(client).await?.into()),
        SendKind::Sticker(w) => {
            let sticker = w.fields.media::<media_kind::Sticker>(client).await?;
            (w.target, sticker.into())
        }
        SendKind::Location(w) => (w.target, w.fields.content().into()),
        SendKind::Contacts(w) => (w.target, w.fields.content().into()),
        SendKind::Reaction(w) => (w.target, w.fields.content().into()),
        SendKind::Interactive(kind) => {
            let (target, content) = kind.content();
            (target, content.into())
        }
        SendKind::Template(w) => (w.target, w.fields.content().into()),
    })
}

fn with_reply(
    message: botika::OutgoingMessage,
    reply_to: Option<String>,
) -> botika::OutgoingMessage {
    match reply_to {
        Some(id) => message.reply_to(id),
        None => message,
    }
}

/// The recipient from `--to`, else the JSON's own `"to"` (taken out of it, since the message
/// object the core reads has no recipient).
fn recipient(value: &mut serde_json::Value, flag: Option<String>) -> Result<String, Failure> {
    let in_json = value.as_object_mut().and_then(|map| map.remove("to"));
    match (flag, in_json) {
        (Some(to), _) => Ok(to),
        (None, Some(serde_json::Value::String(to))) => Ok(to),
        (None, Some(_)) => Err(botika::Error::invalid_argument("to", "must be a string").into()),
        (None, None) => Err(Failure::usage(
            "no recipient: pass --to or put \"to\" in the JSON",
        )),
    }
}

fn print(context: &Context<'_>, id: &str, to: &str, kind: &str) {
    let sent = Sent { id, to, kind };
    context
        .printer
        .result(&sent, || format!("sent {kind} message {id} to {to}"));
}
