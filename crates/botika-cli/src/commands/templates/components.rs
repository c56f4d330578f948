//! The component flags of `templates create` and `templates update`: header, body, footer,
//! buttons and a limited-time offer. Buttons are read in command-line order, since their order
//! is the template's and a URL button's example belongs to the button before it.

use botika::{
    BodyComponent, ButtonsComponent, FooterComponent, HeaderComponent, HeaderFormat,
    LimitedTimeOfferComponent, TemplateButton, TemplateComponent,
};
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches, ValueEnum};

use crate::ordered::{in_order, invalid};
use crate::values::pair;

/// The components, from flags.
#[derive(Debug, Args)]
#[group(id = "components", multiple = true)]
pub struct ComponentArgs {
    /// A TEXT header (at most 60 characters, at most one {{1}})
    #[arg(long, value_name = "TEXT", conflicts_with = "header_format")]
    header_text: Option<String>,
    /// A sample value of the text header's {{1}}, for the review
    #[arg(long, value_name = "VALUE", requires = "header_text")]
    header_example: Option<String>,
    /// A media or location header
    #[arg(long, value_enum, value_name = "FORMAT")]
    header_format: Option<MediaFormat>,
    /// A sample media handle of the media header, for the review
    #[arg(long, value_name = "HANDLE", requires = "header_format")]
    header_handle: Option<String>,
    /// The body text, with {{1}}, {{2}}, ... variables (1 to 1024 characters)
    #[arg(long, value_name = "TEXT")]
    body: Option<String>,
    /// A sample value of the body's next variable, for the review; repeat in order
    #[arg(long, value_name = "VALUE", requires = "body")]
    body_example: Vec<String>,
    /// The footer text (at most 60 characters)
    #[arg(long, value_name = "TEXT")]
    footer: Option<String>,
    #[command(flatten)]
    buttons: Buttons,
    /// A limited-time offer with this headline
    #[arg(long, value_name = "TEXT")]
    limited_time_offer: Option<String>,
    /// The limited-time offer expires (each send then gives its expiry)
    #[arg(long, requires = "limited_time_offer")]
    offer_expires: bool,
}

/// The header formats other than text.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum MediaFormat {
    Image,
    Video,
    Document,
    Location,
}

impl ComponentArgs {
    /// The components given, in the template's order (header, body, footer, buttons, offer);
    /// empty when none was.
    pub fn components(self) -> Vec<TemplateComponent> {
        let mut components: Vec<TemplateComponent> = Vec::new();
        if let Some(text) = self.header_text {
            let header = HeaderComponent::text(text);
            components.push(match self.header_example {
                Some(value) => header.example_text(value).into(),
                None => header.into(),
            });
        } else if let Some(format) = self.header_format {
            let header = HeaderComponent::media(format.into());
            components.push(match self.header_handle {
                Some(handle) => header.example_handle(handle).into(),
                None => header.into(),
            });
        }
        if let Some(text) = self.body {
            let body = BodyComponent::new(text);
            components.push(if self.body_example.is_empty() {
                body.into()
            } else {
                body.example(self.body_example).into()
            });
        }
        if let Some(text) = self.footer {
            components.push(FooterComponent::new(text).into());
        }
        if !self.buttons.buttons.is_empty() {
            let mut buttons = ButtonsComponent::default();
            buttons.buttons = self.buttons.buttons;
            components.push(buttons.into());
        }
        if let Some(text) = self.limited_time_offer {
            let mut offer = LimitedTimeOfferComponent::default();
            offer.limited_time_offer.text = Some(text);
            offer.limited_time_offer.has_expiration = self.offer_expires;
            components.push(offer.into());
        }
        components
    }
}

impl From<MediaFormat> for HeaderFormat {
    fn from(format: MediaFormat) -> HeaderFormat {
        match format {
            MediaFormat::Image => HeaderFormat::Image,
            MediaFormat::Video => HeaderFormat::Video,
            MediaFormat::Document => HeaderFormat::Document,
            MediaFormat::Location => HeaderFormat::Location,
        }
    }
}

/// The button flags, in command-line order.
#[derive(Debug, Default)]
pub struct Buttons {
    buttons: Vec<TemplateButton>,
}

const QUICK_REPLY: &str = "quick-reply";
const URL: &str = "url-button";
const URL_EXAMPLE: &str = "url-example";
const PHONE: &str = "phone-button";
const COPY_CODE: &str = "copy-code";

impl FromArgMatches for Buttons {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut buttons: Vec<TemplateButton> = Vec::new();
        for (flag, value) in in_order(matches, &[QUICK_REPLY, URL, URL_EXAMPLE, PHONE, COPY_CODE]) {
            let button = match flag {
                QUICK_REPLY => TemplateButton::quick_reply(value),
                URL => {
                    let (text, url) = pair(value, "TEXT=URL").map_err(|p| invalid(flag, p))?;
                    TemplateButton::url(text, url)
                }
                PHONE => {
                    let (text, phone) = pair(value, "TEXT=PHONE").map_err(|p| invalid(flag, p))?;
                    TemplateButton::phone_number(text, phone)
                }
                COPY_CODE => TemplateButton::copy_code(value),
                _ => {
                    let Some(last) = buttons.last_mut().filter(|b| b.url.is_some()) else {
                        return Err(invalid(
                            flag,
                            "must follow the --url-button it is an example of",
                        ));
                    };
                    last.example = Some(serde_json::json!([value]));
                    continue;
                }
            };
            buttons.push(button);
        }
        Ok(Buttons { buttons })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for Buttons {
    fn augment_args(command: Command) -> Command {
        let flag = |id: &'static str, value_name: &'static str, help: &'static str| {
            Arg::new(id)
                .long(id)
                .value_name(value_name)
                .action(ArgAction::Append)
                .help(help)
        };
        command
            .arg(flag(
                QUICK_REPLY,
                "TEXT",
                "A quick-reply button; buttons keep the order given",
            ))
            .arg(flag(
                URL,
                "TEXT=URL",
                "A URL button; the URL may end in {{1}}",
            ))
            .arg(flag(
                URL_EXAMPLE,
                "URL",
                "A sample URL for the --url-button before it, for the review",
            ))
            .arg(flag(
                PHONE,
                "TEXT=PHONE",
                "A button that calls a phone number",
            ))
            .arg(flag(
                COPY_CODE,
                "EXAMPLE",
                "A copy-code button, with a sample code",
            ))
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Create {
        #[command(flatten)]
        components: ComponentArgs,
    }

    fn components(args: &[&str]) -> serde_json::Value {
        let parsed =
            Create::try_parse_from(std::iter::once("t").chain(args.iter().copied())).unwrap();
        serde_json::to_value(parsed.components.components()).unwrap()
    }

    #[test]
    fn flags_become_components_in_the_template_order() {
        let json = components(&[
            "--footer",
            "Botika",
            "--body",
            "Hi {{1}}",
            "--body-example",
            "Budi",
            "--header-text",
            "Order {{1}}",
            "--header-example",
            "#1",
        ]);
        let types: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["HEADER", "BODY", "FOOTER"]);
        assert_eq!(json[1]["example"]["body_text"][0][0], "Budi");
    }

    #[test]
    fn buttons_keep_their_order_and_a_url_example_joins_the_url_before_it() {
        let json = components(&[
            "--url-button",
            "Track=https://x.test/t/{{1}}",
            "--url-example",
            "https://x.test/t/1",
            "--quick-reply",
            "Stop",
            "--copy-code",
            "HEMAT50",
        ]);
        let buttons = &json[0]["buttons"];
        assert_eq!(buttons[0]["type"], "URL");
        assert_eq!(buttons[0]["example"][0], "https://x.test/t/1");
        assert_eq!(buttons[1]["type"], "QUICK_REPLY");
        assert_eq!(buttons[2]["type"], "COPY_CODE");
    }

    #[test]
    fn a_url_example_without_a_url_button_is_refused() {
        let error =
            Create::try_parse_from(["t", "--quick-reply", "a", "--url-example", "https://x.test"])
                .unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("--url-example"), "{error}");
    }
}
