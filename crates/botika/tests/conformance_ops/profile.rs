//! Ops of the profile resource.

use botika::Client;

use super::{Args, Op, OpFuture, to_dict};

pub const OPS: &[(&str, Op)] = &[("profile.get", get)];

/// `client.profile.get()`.
fn get<'a>(client: &'a Client, _args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move { to_dict(&client.profile().get().await?) })
}
