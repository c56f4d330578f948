//! `send template`: the template's name and language and the values of its variables (the
//! values' flags are shared with `broadcasts send`).

use botika::{ButtonParam, ButtonParamType, TemplateMessage};
use clap::Args;

use super::HeaderArgs;
use crate::values::pair;

/// `send template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The template's name
    #[arg(long)]
    name: String,
    /// The template's language code, as `botika templates list` shows it (id, en_US)
    #[arg(long)]
    language: String,
    #[command(flatten)]
    values: TemplateValues,
    /// Fetch the template first and check that the values fit it before sending
    #[arg(long)]
    pub check: bool,
}

/// The values of a template's variables and buttons, for a template send or a broadcast.
#[derive(Debug, Args)]
pub struct TemplateValues {
    /// The value of the body's next variable ({{1}}, then {{2}}, ...); repeat
    #[arg(long = "body-value", visible_alias = "body", value_name = "VALUE")]
    body: Vec<String>,
    #[command(flatten)]
    header: HeaderArgs,
    /// The value of the next button that takes one, as TYPE=VALUE with TYPE quick_reply, url or copy_code; repeat in the template's button order
    #[arg(long = "button", value_name = "TYPE=VALUE", value_parser = button_param)]
    buttons: Vec<ButtonParam>,
    /// When a limited-time offer expires, in Unix milliseconds
    #[arg(long, value_name = "UNIX_MS")]
    limited_time_offer: Option<i64>,
}

/// `quick_reply=yes`, `url=order/123`, `copy_code=HEMAT50` (any case).
pub fn button_param(text: &str) -> Result<ButtonParam, String> {
    let (kind, value) = pair(text, "TYPE=VALUE")?;
    button_of(&kind, value)
}

/// A button value of the type named `kind` (quick_reply, url, copy_code; any case).
pub fn button_of(kind: &str, value: String) -> Result<ButtonParam, String> {
    let kind = match kind.to_ascii_lowercase().as_str() {
        "quick_reply" => ButtonParamType::QuickReply,
        "url" => ButtonParamType::Url,
        "copy_code" => ButtonParamType::CopyCode,
        other => {
            return Err(format!(
                "button type {other:?} is not one of quick_reply, url, copy_code"
            ));
        }
    };
    Ok(ButtonParam::new(kind, value))
}

impl TemplateArgs {
    /// The template message.
    pub fn content(self) -> TemplateMessage {
        self.values.message(self.name, self.language)
    }
}

impl TemplateValues {
    /// The template `name` in `language` with these values.
    pub fn message(self, name: String, language: String) -> TemplateMessage {
        let mut message = TemplateMessage::new(name, language);
        if !self.body.is_empty() {
            message = message.body(self.body);
        }
        if let Some(header) = self.header.header() {
            message = message.header(header);
        }
        for button in self.buttons {
            message = message.button(button);
        }
        if let Some(expiry) = self.limited_time_offer {
            message = message.limited_time_offer(expiry);
        }
        message
    }
}
