//! Ops of the messages resource: one `send_<type>` per message type (arguments named as the
//! Python methods take them), the whole-message and raw-JSON sends, and `mark_read`. Each builds
//! the wire-shaped content a binding passes to the core, so the cases check that path.

use botika::{Client, MessageContent, OutgoingMessage};
use serde_json::{Map, Value};

use super::{Args, Op, OpFuture, to_dict};

pub const OPS: &[(&str, Op)] = &[
    ("messages.send_text", send_text),
    ("messages.send_image", send_image),
    ("messages.send_video", send_video),
    ("messages.send_audio", send_audio),
    ("messages.send_document", send_document),
    ("messages.send_sticker", send_sticker),
    ("messages.send_location", send_location),
    ("messages.send_contacts", send_contacts),
    ("messages.send_reaction", send_reaction),
    ("messages.send_interactive", send_interactive),
    ("messages.send_template", send_template),
    ("messages.send", send),
    ("messages.send_json", send_json),
    ("messages.mark_read", mark_read),
];

/// Arguments that become members of a wire object: `(argument, wire key)`.
pub type Fields = &'static [(&'static str, &'static str)];

/// The wire object made of the arguments in `fields` (absent and `null` ones left out); the
/// templates and broadcasts ops build their requests with it too.
pub fn object(args: &Args, fields: Fields) -> Result<Value, super::OpError> {
    let mut object = Map::new();
    for (arg, key) in fields {
        if let Some(value) = args.get::<Value>(arg)? {
            object.insert((*key).to_owned(), value);
        }
    }
    Ok(Value::Object(object))
}

/// Sends content of type `kind`; `reply` says whether the method takes `reply_to`.
fn send_content<'a>(
    client: &'a Client,
    args: &'a Args,
    kind: &'static str,
    content: Value,
    reply: bool,
) -> OpFuture<'a> {
    Box::pin(async move {
        let to: String = args.required("to")?;
        let mut message = OutgoingMessage::new(MessageContent::from_json(kind, content)?);
        if reply {
            if let Some(id) = args.get::<String>("reply_to")? {
                message = message.reply_to(id);
            }
        }
        to_dict(&client.messages().send(&to, message).await?)
    })
}

/// Sends an object-shaped content built from `fields`.
fn send_object<'a>(
    client: &'a Client,
    args: &'a Args,
    kind: &'static str,
    fields: Fields,
) -> OpFuture<'a> {
    match object(args, fields) {
        Ok(content) => send_content(client, args, kind, content, true),
        Err(error) => Box::pin(async move { Err(error) }),
    }
}

const MEDIA: Fields = &[("media_id", "id"), ("link", "link")];
const CAPTIONED: Fields = &[("media_id", "id"), ("link", "link"), ("caption", "caption")];

/// `send_text(to, body, *, preview_url=None, reply_to=None)`.
fn send_text<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    send_object(
        client,
        args,
        "text",
        &[("body", "body"), ("preview_url", "preview_url")],
    )
}

/// `send_image(to, *, media_id=None, link=None, caption=None, reply_to=None)`.
fn send_image<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    send_object(client, args, "image", CAPTIONED)
}

/// `send_video(to, *, media_id=None, link=None, caption=None, reply_to=None)`.
fn send_video<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    send_object(client, args, "video", CAPTIONED)
}

/// `send_audio(to, *, media_id=None, link=None, reply_to=None)`.
fn send_audio<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    send_object(client, args, "audio", MEDIA)
}

/// `send_document(to, *, media_id=None, link=None, caption=None, filename=None, reply_to=None)`.
fn send_document<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    let fields: Fields = &[
        ("media_id", "id"),
        ("link", "link"),
        ("caption", "caption"),
        ("filename", "filename"),
    ];
    send_object(client, args, "document", fields)
}

/// `send_sticker(to, *, media_id=None, link=None, reply_to=None)`.
fn send_sticker<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    send_object(client, args, "sticker", MEDIA)
}

/// `send_location(to, latitude, longitude, *, name=None, address=None, reply_to=None)`.
fn send_location<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    let fields: Fields = &[
        ("latitude", "latitude"),
        ("longitude", "longitude"),
        ("name", "name"),
        ("address", "address"),
    ];
    send_object(client, args, "location", fields)
}

/// `send_contacts(to, contacts, *, reply_to=None)`: `contacts` is a list of `{"name", "phone"}`.
fn send_contacts<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    match args.required::<Value>("contacts") {
        Ok(contacts) => send_content(client, args, "contacts", contacts, true),
        Err(error) => Box::pin(async move { Err(error) }),
    }
}

/// `send_reaction(to, message_id, emoji)`: an empty emoji removes the reaction.
fn send_reaction<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    match object(args, &[("message_id", "id"), ("emoji", "emoji")]) {
        Ok(content) => send_content(client, args, "reaction", content, false),
        Err(error) => Box::pin(async move { Err(error) }),
    }
}

/// `send_interactive(to, interactive, *, reply_to=None)`: `interactive` in the wire shape.
fn send_interactive<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    match args.required::<Value>("interactive") {
        Ok(interactive) => send_content(client, args, "interactive", interactive, true),
        Err(error) => Box::pin(async move { Err(error) }),
    }
}

/// `send_template(to, name, language, *, param=None, reply_to=None)`: `param` in the wire shape.
fn send_template<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    send_object(
        client,
        args,
        "template",
        &[
            ("name", "name"),
            ("language", "language"),
            ("param", "param"),
        ],
    )
}

/// `send(to, message)`: a whole message in the wire shape without `to`.
fn send<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let to: String = args.required("to")?;
        let message = OutgoingMessage::from_json(args.required("message")?)?;
        to_dict(&client.messages().send(&to, message).await?)
    })
}

/// `send_json(body)`: the request body sent as given.
fn send_json<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move { to_dict(&client.messages().send_json(args.required("body")?).await?) })
}

/// `mark_read(message_id)`: the result is `None`.
fn mark_read<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        client
            .messages()
            .mark_read(&args.required::<String>("message_id")?)
            .await?;
        Ok(Value::Null)
    })
}
