//! What the recipients CSV's columns mean: `to`, one header column, `body_1`, `body_2`, ...,
//! `button_1`, ... and `limited_time_offer`, checked once against the template's shape so that
//! a wrong column fails before anything is sent.

use botika::{
    ButtonParam, ButtonParamType, HeaderKind, MessageTemplate, TemplateButton, TemplateMessage,
};
use csv::StringRecord;

use crate::commands::send::header_of;
use crate::failure::Failure;

/// The columns a failures file adds; they are ignored when it is read back as input.
pub const REPORT_COLUMNS: [&str; 3] = ["line", "error_code", "error"];

const ACCEPTED: &str = "to, header, header_image, header_video, header_document, body_1, body_2, ..., button_1, button_2, ..., limited_time_offer";

/// Where each part of a template send is in a row.
#[derive(Debug)]
pub struct Columns {
    to: usize,
    header: Option<(HeaderKind, usize)>,
    body: Vec<usize>,
    buttons: Vec<(ButtonParamType, usize)>,
    offer: Option<usize>,
}

/// The button types of the template's buttons that take a value, in order.
fn value_buttons(template: &MessageTemplate) -> Vec<ButtonParamType> {
    template
        .buttons()
        .iter()
        .filter_map(TemplateButton::param_type)
        .collect()
}

/// `body_3` -> 3, for the prefix `body_`.
fn numbered(name: &str, prefix: &str) -> Option<usize> {
    name.strip_prefix(prefix)?.parse().ok().filter(|n| *n > 0)
}

/// Numbered columns `prefix1..prefixN` -> their positions in order; a gap is an error.
fn in_sequence(found: Vec<(usize, usize)>, prefix: &str) -> Result<Vec<usize>, Failure> {
    let mut found = found;
    found.sort();
    for (expected, (number, _)) in (1..).zip(&found) {
        if *number != expected {
            return Err(Failure::usage(format!(
                "the CSV has {prefix}{number} but no {prefix}{expected}: number the columns from 1 without gaps"
            )));
        }
    }
    Ok(found.into_iter().map(|(_, at)| at).collect())
}

impl Columns {
    /// Reads the header row, with the template the rows are sent with.
    pub fn plan(headers: &StringRecord, template: &MessageTemplate) -> Result<Columns, Failure> {
        let mut to = None;
        let mut header = None;
        let (mut body, mut buttons, mut offer) = (Vec::new(), Vec::new(), None);
        for (at, name) in headers.iter().enumerate() {
            let name = name.trim();
            let header_kind = match name {
                "header" => Some(HeaderKind::Text),
                "header_image" => Some(HeaderKind::Image),
                "header_video" => Some(HeaderKind::Video),
                "header_document" => Some(HeaderKind::Document),
                _ => None,
            };
            if let Some(kind) = header_kind {
                if header.replace((kind, at)).is_some() {
                    return Err(Failure::usage("the CSV has more than one header column"));
                }
            } else if name == "to" {
                to = Some(at);
            } else if name == "limited_time_offer" {
                offer = Some(at);
            } else if let Some(n) = numbered(name, "body_") {
                body.push((n, at));
            } else if let Some(n) = numbered(name, "button_") {
                buttons.push((n, at));
            } else if !REPORT_COLUMNS.contains(&name) {
                return Err(
                    Failure::usage(format!("the CSV has an unknown column {name:?}"))
                        .hint(format!("the columns are: {ACCEPTED}")),
                );
            }
        }
        let to = to.ok_or_else(|| {
            Failure::usage("the CSV has no `to` column")
                .hint(format!("the columns are: {ACCEPTED}"))
        })?;
        let kinds = value_buttons(template);
        let buttons = in_sequence(buttons, "button_")?;
        if buttons.len() > kinds.len() {
            return Err(Failure::usage(format!(
                "the CSV has {} button columns but template {} has {} button(s) that take a value",
                buttons.len(),
                template.name,
                kinds.len()
            )));
        }
        Ok(Columns {
            to,
            header,
            body: in_sequence(body, "body_")?,
            buttons: kinds.into_iter().zip(buttons).collect(),
            offer,
        })
    }

    /// The recipient of a row (empty when the cell is missing).
    pub fn recipient<'r>(&self, row: &'r StringRecord) -> &'r str {
        row.get(self.to).unwrap_or("").trim()
    }

    /// The send a row describes, for template `name` in `language`. A cell that cannot be read
    /// is an `invalid_argument` error naming its column.
    pub fn message(
        &self,
        row: &StringRecord,
        name: &str,
        language: &str,
    ) -> Result<TemplateMessage, botika::Error> {
        let cell = |at: usize| row.get(at).unwrap_or("").to_owned();
        let mut message = TemplateMessage::new(name, language);
        if let Some((kind, at)) = self.header {
            message = message.header(header_of(kind, &cell(at)));
        }
        if !self.body.is_empty() {
            message = message.body(self.body.iter().map(|&at| cell(at)));
        }
        for &(kind, at) in &self.buttons {
            message = message.button(ButtonParam::new(kind, cell(at)));
        }
        if let Some(at) = self.offer {
            let text = cell(at);
            let expiry = text.trim().parse().map_err(|_| {
                botika::Error::invalid_argument(
                    "limited_time_offer",
                    format!("{text:?} is not a Unix time in milliseconds"),
                )
            })?;
            message = message.limited_time_offer(expiry);
        }
        Ok(message)
    }
}
