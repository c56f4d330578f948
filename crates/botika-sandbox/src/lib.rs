//! botika-sandbox: a faithful, stateful emulator of Botika's WhatsApp Business API, with
//! webhooks, for testing bots locally. Start it in-process with [`Sandbox::builder`] or run the
//! `botika-sandbox` binary; `docs/sandbox.md` documents both, the test recipients and the
//! control API.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = botika_sandbox::Sandbox::builder().token("TEST").start().await?;
//! println!("API at {} with token {}", sandbox.api_url(), sandbox.token());
//! sandbox.stop().await
//! # }
//! ```

mod cli;
mod clock;
pub mod config;
mod engine;
mod error;
pub mod faults;
mod http;
mod ids;
mod inbox;
mod ops;
mod persist;
mod recipients;
pub mod rules;
mod sandbox;
mod scheduler;
mod server;
mod state;
mod webhooks;

pub use cli::{SandboxArgs, shutdown_signal};
pub use config::{Config, Envelope, RetryPolicy, StatusSchedule};
pub use error::ApiError;
pub use faults::{FaultKind, FaultSpec};
pub use ops::control::MessageFilter;
pub use sandbox::{Sandbox, SandboxBuilder, SandboxHandle};
pub use state::Direction;
pub use webhooks::signature;

/// Where Botika's API lives on the sandbox.
pub const API_PREFIX: &str = "/api/whatsapp/v1";
