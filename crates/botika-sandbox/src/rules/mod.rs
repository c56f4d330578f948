//! Request validation: every rule of docs/rules.md, checked independently of the SDK's core, with
//! Laravel-shaped field errors. Pure functions over the request's JSON; the server calls them.
//!
//! Conventions shared by every check (see `check.rs`): a JSON `null` counts as an absent field; a
//! required string must have a non-whitespace character; lengths count characters; unknown fields
//! are ignored (a client may send extra fields); every failure of a request is reported, each under
//! its Laravel dot path (`interactive.action.buttons.3.reply.title`), with the path verbatim in the
//! message ("The text.body may not be greater than 4096 characters."). No input makes them panic.

mod broadcast;
mod check;
mod errors;
mod inbound;
mod interactive;
mod media;
mod media_object;
mod message;
mod payloads;
mod phone;
mod review;
mod template_fit;
mod template_send;
mod templates;
mod variables;

#[cfg(test)]
mod no_panic_tests;
#[cfg(test)]
mod testing;

pub use errors::FieldErrors;
use serde_json::Value;

/// `POST /messages`: the common fields and the payload of all eleven types (not the check against
/// the stored template, see [`template_param_fits`]).
pub fn message(body: &Value) -> FieldErrors {
    message::message(body)
}

/// `PUT /messages/{id}`: `{"status": "read"}`.
pub fn mark_read(body: &Value) -> FieldErrors {
    message::mark_read(body)
}

/// `POST /broadcasts`.
pub fn broadcast(body: &Value) -> FieldErrors {
    broadcast::broadcast(body)
}

/// `POST /broadcasts/latest`: `{"to"}`.
pub fn latest(body: &Value) -> FieldErrors {
    broadcast::latest(body)
}

/// `POST /message-templates`.
pub fn template_create(body: &Value) -> FieldErrors {
    templates::create(body)
}

/// `PATCH /message-templates/{id}` (the rule that only a `REJECTED` template may change needs the
/// stored template, so it is the server's).
pub fn template_update(body: &Value) -> FieldErrors {
    templates::update(body)
}

/// `POST /_sandbox/inbound`: a customer message of any inbound kind,
/// `{"from": phone, "type": kind, kind: {...}, "name"?: string, "context"?: {"id"}}`.
///
/// - `from` follows the recipient rules of `to`; `name` (the customer's profile name) is optional
///   and non-empty; `context.id` (the message replied to) is a non-empty string. Whether ids name
///   stored messages or media is the server's to check.
/// - The payloads mirror their sent counterparts, so a test writes the same shapes both ways:
///   `text` `{"body"}` of 1 to 4096 characters; media kinds a media object (exactly one of `id`
///   and `link`, `caption` on image, video and document, `filename` on document) plus an optional
///   non-empty `mime_type`, not held to the upload table, since customers send other types too;
///   `location` and `contacts` as sent (`contacts` in the flat `{"name", "phone"}` form).
/// - The reply kinds take the webhook's shapes: `interactive` is `{"type": "button_reply" |
///   "list_reply", <type>: {...}}`, a button reply `{"id", "title"}` and a list reply `{"id",
///   "title", "description"?}` within the limits of the buttons and rows they answer; `button` (a
///   template's quick reply) is `{"text": non-empty, "payload"?: string}`; `reaction` is
///   `{"message_id": non-empty, "emoji": string}`, an empty emoji removing the reaction.
pub fn inbound(body: &Value) -> FieldErrors {
    inbound::inbound(body)
}

/// Checks a template send's `param` against the stored template (a template JSON object as the
/// API shows it). `prefix` is the path of the template object (`template`), and `header_is_array`
/// is true on `/broadcasts`, where `param.header` is an array. That the template exists in the
/// language and is `APPROVED` is the caller's to check, and parts of `param` of the wrong JSON type
/// are left to [`message`] and [`broadcast`], which report them.
pub fn template_param_fits(
    template: &Value,
    param: Option<&Value>,
    prefix: &str,
    header_is_array: bool,
) -> FieldErrors {
    template_fit::fits(template, param, prefix, header_is_array)
}

/// Decides a template's review: `Ok(())` approves it, `Err(reason)` rejects it with that reason.
pub fn review(template: &Value) -> Result<(), String> {
    review::review(template)
}

/// Checks one uploaded media part: its kind (the form field name), MIME type and size in bytes.
/// The error is the message for the field.
pub fn media_part(kind: &str, mime: &str, size: usize) -> Result<(), String> {
    media::media_part(kind, mime, size)
}
