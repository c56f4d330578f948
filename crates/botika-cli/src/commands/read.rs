//! `botika read`: marks an inbound message as read (blue ticks for the customer).

use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::failure::Failure;

/// Mark an inbound message as read.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  botika read wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMTQ0")]
pub struct ReadArgs {
    /// The id of the message the customer sent (from its webhook)
    message_id: String,
}

/// Runs `botika read`.
pub async fn run(context: Context<'_>, args: ReadArgs) -> Result<(), Failure> {
    context
        .client()?
        .messages()
        .mark_read(&args.message_id)
        .await?;
    let id = &args.message_id;
    context
        .printer
        .result(&json!({ "id": id, "status": "read" }), || {
            format!("marked {id} as read")
        });
    Ok(())
}
