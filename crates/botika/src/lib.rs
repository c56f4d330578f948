//! botika: the SDK for Botika's WhatsApp Business API.
//!
//! One async client ([`Client`]) reaches every endpoint: messages of all eleven types, media,
//! message templates, broadcasts and the business profile. Requests are validated before they
//! leave, failures come back as one [`Error`] type with stable codes, and retries never send a
//! message twice. The [`webhooks`] module parses and verifies what Botika posts to your server.
//!
//! ```no_run
//! # async fn demo() -> botika::Result<()> {
//! let client = botika::Client::from_env()?; // BOTIKA_API_TOKEN, BOTIKA_BASE_URL
//! # Ok(()) }
//! ```

mod client;
mod config;
mod decode;
mod error;
pub mod media;
mod options;
mod profile;
mod rate_limit;
mod raw;
mod retry;
mod transport;
pub mod webhooks;

pub use client::{Client, VERSION};
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ENV_BASE_URL, ENV_TOKEN,
    Secret,
};
pub use error::{Error, ErrorKind, Result};
pub use media::{
    DownloadedFile, DownloadedMedia, Media, MediaKind, MediaSource, UploadOptions, UploadedMedia,
};
pub use options::RequestOptions;
pub use profile::{Profile, ProfileApi};
pub use raw::RawRequest;
pub use reqwest::Method;
pub use retry::{RetryEvent, RetryPolicy};
pub use transport::ApiResponse;
