//! `botika profile`: shows the business profile of the token's phone number.

use clap::Args;

use crate::context::Context;
use crate::failure::Failure;

/// Show the business profile.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  botika profile\n  botika profile --output json | jq .websites"
)]
pub struct ProfileArgs {}

/// Runs `botika profile`.
pub async fn run(context: Context<'_>, _args: ProfileArgs) -> Result<(), Failure> {
    let profile = context.client()?.profile().get().await?;
    context.printer.result(&profile, || {
        let mut lines = Vec::new();
        let fields = [
            ("about", &profile.about),
            ("description", &profile.description),
            ("address", &profile.address),
            ("email", &profile.email),
            ("vertical", &profile.vertical),
            ("picture", &profile.profile_picture_url),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                lines.push(format!("{name:<12} {value}"));
            }
        }
        for website in &profile.websites {
            lines.push(format!("{:<12} {website}", "website"));
        }
        for (name, value) in &profile.extra {
            lines.push(format!("{name:<12} {value}"));
        }
        if lines.is_empty() {
            "the profile is empty".to_owned()
        } else {
            lines.join("\n")
        }
    });
    Ok(())
}
