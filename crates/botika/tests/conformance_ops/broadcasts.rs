//! Ops of the broadcasts resource.

use botika::{Broadcast, Client};

use super::messages::object;
use super::{Args, Op, OpFuture, to_dict};

pub const OPS: &[(&str, Op)] = &[("broadcasts.send", send), ("broadcasts.latest", latest)];

/// `send(name, type, to, template)`: `type` is `contact` or `label`, `template` in the wire shape
/// (`{"name", "language", "param"}`).
fn send<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let fields = &[
            ("name", "name"),
            ("type", "type"),
            ("to", "to"),
            ("template", "template"),
        ];
        let broadcast = Broadcast::from_json(object(args, fields)?)?;
        to_dict(&client.broadcasts().send(broadcast).await?)
    })
}

/// `latest(to)`.
fn latest<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        to_dict(
            &client
                .broadcasts()
                .latest(&args.required::<String>("to")?)
                .await?,
        )
    })
}
