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

pub mod broadcasts;
pub mod bulk;
mod client;
mod config;
mod decode;
mod error;
pub mod media;
pub mod messages;
mod options;
mod profile;
mod rate_limit;
mod raw;
mod retry;
pub mod templates;
mod transport;
pub mod webhooks;

pub use broadcasts::{
    Broadcast, BroadcastContent, BroadcastCreated, BroadcastRecipients, Broadcasts, LatestBroadcast,
};
pub use client::{Client, VERSION};
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ENV_BASE_URL,
    ENV_TOKEN, Secret,
};
pub use error::{Error, ErrorKind, Result};
pub use media::{
    DownloadedFile, DownloadedMedia, Media, MediaKind, MediaSource, UploadOptions, UploadedMedia,
};
pub use messages::{
    Action, Audio, ButtonParam, ButtonParamType, Captioned, Contact, Document, Header, HeaderKind,
    Image, Interactive, InteractiveKind, InteractiveText, LimitedTimeOffer, Location, MediaObject,
    MediaObjectKind, MessageContent, Messages, OutgoingMessage, ProductItem, Reaction, Reply,
    ReplyButton, Row, Section, SentMessage, Sticker, TemplateMessage, TemplateParam, Text, Video,
    validate_recipient,
};
pub use options::RequestOptions;
pub use profile::{Profile, ProfileApi};
pub use raw::RawRequest;
pub use reqwest::Method;
pub use retry::{RetryEvent, RetryPolicy};
pub use templates::{
    BodyComponent, ButtonsComponent, FooterComponent, HeaderComponent, HeaderFormat,
    LimitedTimeOfferComponent, LimitedTimeOfferSettings, MessageTemplate, NewTemplate,
    TemplateButton, TemplateButtonType, TemplateCategory, TemplateComponent, TemplatePage,
    TemplateStatus, TemplateUpdate, Templates, template_variables,
};
pub use transport::ApiResponse;
