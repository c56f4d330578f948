//! The `botika` binary, run as a user runs it, against a sandbox started in this process.

mod broadcast;
mod broadcasts;
mod common;
mod config;
mod errors;
mod media;
mod messages;
mod misc;
mod read;
mod sandbox;
mod templates;
mod webhooks;
