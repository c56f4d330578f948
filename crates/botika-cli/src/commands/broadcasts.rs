//! `botika broadcasts`: the API's own broadcasts. `send` asks Botika to send one template to a
//! list of numbers or to everyone with a label (`POST /broadcasts`, one request however many
//! recipients), and `latest` shows today's latest broadcast message to a number
//! (`POST /broadcasts/latest`). `botika broadcast`, by contrast, sends one message per row of a
//! CSV from this machine, each with its own values.

use botika::{Broadcast, LatestBroadcast};
use clap::{Args, Subcommand};
use serde_json::Value;

use crate::commands::send::TemplateValues;
use crate::context::Context;
use crate::failure::Failure;

/// How the two ways of broadcasting differ, for both commands' help.
pub const DIFFERENCE: &str = "\
`botika broadcasts send` is one request: Botika sends the same template values to every
contact or label member, and `botika broadcasts latest` reports what reached a number today.
`botika broadcast --csv` sends one message per CSV row from this machine, with each row's own
values, a progress bar and a file of the rows that failed.";

const SEND_EXAMPLES: &str = "\
Examples:
  botika broadcasts send --name 'June sale' --contacts '+62 812-3456-7890,+62 813-1111-2222' \\
      --template order_update --language en_US --header-text '#1024' --body-value Budi \\
      --button quick_reply=track
  botika broadcasts send --name Digest --labels 1,2 --template hello_world --language en_US";

/// `botika broadcasts`.
#[derive(Debug, Subcommand)]
pub enum BroadcastsCommand {
    /// Have Botika send one template to many contacts or to labels (POST /broadcasts)
    #[command(after_help = format!("{SEND_EXAMPLES}\n\n{DIFFERENCE}"))]
    // Boxed: its template values make it far bigger than `Latest`.
    Send(Box<SendArgs>),
    /// Show today's latest broadcast message to a number (POST /broadcasts/latest)
    #[command(
        after_help = "Examples:\n  botika broadcasts latest '+62 812-3456-7890'\n  botika broadcasts latest 6281234567890 --output json | jq .latest_status"
    )]
    Latest(LatestArgs),
}

/// `broadcasts send`: the name, the recipients and the template with its values.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("recipients")
        .args(["contacts", "labels"])
        .required(true)
))]
pub struct SendArgs {
    /// The broadcast's name, shown in Botika's dashboard
    #[arg(long)]
    name: String,
    /// The phone numbers to send to, comma-separated; repeat for more
    #[arg(long, value_name = "PHONES", value_delimiter = ',')]
    contacts: Vec<String>,
    /// The ids of labels made in Botika's dashboard, comma-separated; repeat for more
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    labels: Vec<u64>,
    /// The template's name
    #[arg(long)]
    template: String,
    /// The template's language code, as `botika templates list` shows it (id, en_US)
    #[arg(long)]
    language: String,
    #[command(flatten)]
    values: TemplateValues,
}

/// `broadcasts latest`.
#[derive(Debug, Args)]
pub struct LatestArgs {
    /// The recipient: a phone number with its country code
    to: String,
}

/// Runs `botika broadcasts`.
pub async fn run(context: Context<'_>, command: BroadcastsCommand) -> Result<(), Failure> {
    let client = context.client()?;
    match command {
        BroadcastsCommand::Send(args) => {
            let template = args.values.message(args.template, args.language);
            // The group above makes exactly one of the two non-empty.
            let broadcast = if args.labels.is_empty() {
                Broadcast::to_contacts(args.name, args.contacts, template)
            } else {
                Broadcast::to_labels(args.name, args.labels, template)
            };
            let created = client.broadcasts().send(broadcast).await?;
            context.printer.result(&created, || {
                lines([
                    ("id", Some(created.id.clone())),
                    ("name", Some(created.name.clone())),
                    ("type", Some(created.kind.clone())),
                    ("recipients", Some(created.total_recipients.to_string())),
                    ("status", Some(created.status.clone())),
                ])
            });
        }
        BroadcastsCommand::Latest(args) => {
            let latest = client.broadcasts().latest(&args.to).await?;
            context
                .printer
                .result(&latest, || describe_latest(&args.to, &latest));
        }
    }
    Ok(())
}

/// The latest broadcast as lines of `name value`, or a sentence when there is none.
fn describe_latest(to: &str, latest: &LatestBroadcast) -> String {
    if !latest.has_broadcast {
        return format!("no broadcast reached {to} today");
    }
    let template = latest.content.as_ref().and_then(|c| {
        let name = c.content.get("name")?.as_str()?;
        Some(match c.content.get("language").and_then(Value::as_str) {
            Some(language) => format!("{name} ({language})"),
            None => name.to_owned(),
        })
    });
    lines([
        ("message", latest.message_id.clone()),
        ("status", latest.latest_status.clone()),
        ("created", latest.message_created_at.clone()),
        ("template", template),
    ])
}

/// One `name value` line per field that has a value, the values aligned.
fn lines<const N: usize>(fields: [(&str, Option<String>); N]) -> String {
    fields
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name:<10} {}", value?)))
        .collect::<Vec<_>>()
        .join("\n")
}
