//! The business profile (contract section 2): `GET /profile`.
//!
//! Botika's docs have no profile page, so the shape is decided: `{"data": {...}}` with every field
//! optional. Reading is lenient: Meta's `{"data": [{...}]}`, a bare profile object, `null`, `{}` or
//! an empty body are all accepted, and fields this SDK does not know are kept.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::decode::opt_string_lenient;
use crate::error::{Error, Result};
use crate::transport::ApiRequest;

/// The WhatsApp business profile of the token's phone number.
///
/// Every field is optional; [`Profile::extra`] holds fields this SDK does not know and
/// [`Profile::raw`] the profile object exactly as received. Serializes (for bindings and logs of
/// your own) as these fields by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Profile {
    /// The "About" text.
    pub about: Option<String>,
    /// The business address.
    pub address: Option<String>,
    /// The business description.
    pub description: Option<String>,
    /// The contact email.
    pub email: Option<String>,
    /// The business category (Meta's `vertical`, such as `RETAIL`).
    pub vertical: Option<String>,
    /// The business websites (a single string is read as one website).
    pub websites: Vec<String>,
    /// The URL of the profile picture.
    pub profile_picture_url: Option<String>,
    /// Fields of the profile object this SDK does not know, as received.
    pub extra: Map<String, Value>,
    /// The profile object exactly as received (`null` when the API sent none).
    pub raw: Value,
}

/// The wire shape, read leniently; unknown fields land in `extra`.
#[derive(Deserialize)]
struct Fields {
    #[serde(default, deserialize_with = "opt_string_lenient")]
    about: Option<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    address: Option<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    description: Option<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    email: Option<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    vertical: Option<String>,
    #[serde(default, deserialize_with = "websites_lenient")]
    websites: Vec<String>,
    #[serde(default, deserialize_with = "opt_string_lenient")]
    profile_picture_url: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Profile {
    /// Reads a profile from a `GET /profile` response body (already parsed as JSON).
    ///
    /// ```
    /// let profile = botika::Profile::from_json(serde_json::json!({
    ///     "data": {"about": "Open 9 to 5", "websites": ["https://botika.online"]}
    /// }))?;
    /// assert_eq!(profile.about.as_deref(), Some("Open 9 to 5"));
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn from_json(body: Value) -> Result<Profile> {
        let object = match body {
            Value::Object(mut map) if map.contains_key("data") => {
                map.remove("data").unwrap_or(Value::Null)
            }
            other => other,
        };
        // Meta's Cloud API answers `{"data": [profile]}`.
        let object = match object {
            Value::Array(items) => items.into_iter().next().unwrap_or(Value::Null),
            other => other,
        };
        match object {
            Value::Null => Ok(Profile::default()),
            Value::Object(_) => {
                let fields: Fields = serde_json::from_value(object.clone()).map_err(|e| {
                    Error::decode(format!("unexpected profile shape: {e}")).with_source(e)
                })?;
                Ok(Profile {
                    about: fields.about,
                    address: fields.address,
                    description: fields.description,
                    email: fields.email,
                    vertical: fields.vertical,
                    websites: fields.websites,
                    profile_picture_url: fields.profile_picture_url,
                    extra: fields.extra,
                    raw: object,
                })
            }
            other => Err(Error::decode(format!(
                "the profile is not a JSON object: {other}"
            ))),
        }
    }
}

fn websites_lenient<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    let text = |value: Value| match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Array(items)) => items.into_iter().filter_map(text).collect(),
        Some(single) => text(single).into_iter().collect(),
        None => Vec::new(),
    })
}

/// The profile endpoint; get it with [`Client::profile`].
#[derive(Debug, Clone, Copy)]
pub struct ProfileApi<'a> {
    client: &'a Client,
}

impl Client {
    /// The business profile endpoint.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// let profile = client.profile().get().await?;
    /// println!("{:?} {:?}", profile.email, profile.websites);
    /// # Ok(()) }
    /// ```
    pub fn profile(&self) -> ProfileApi<'_> {
        ProfileApi { client: self }
    }
}

impl ProfileApi<'_> {
    /// `GET /profile`: the business profile.
    ///
    /// ```no_run
    /// # async fn demo(client: botika::Client) -> botika::Result<()> {
    /// let profile = client.profile().get().await?;
    /// println!("{}", profile.about.as_deref().unwrap_or("(no about text)"));
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<Profile> {
        let response = self
            .client
            .execute(ApiRequest::new(reqwest::Method::GET, "/profile"))
            .await?;
        Profile::from_json(response.json_value()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_field_and_keeps_unknown_ones() {
        let body = json!({"data": {"about": "Hi", "address": "Jl. Sudirman", "description": "Shop",
            "email": "a@b.id", "vertical": "RETAIL", "websites": ["https://a.id"],
            "profile_picture_url": "https://cdn/p.jpg", "messaging_product": "whatsapp"}});
        let profile = Profile::from_json(body.clone()).unwrap();
        assert_eq!(profile.about.as_deref(), Some("Hi"));
        assert_eq!(profile.vertical.as_deref(), Some("RETAIL"));
        assert_eq!(profile.websites, ["https://a.id"]);
        assert_eq!(profile.extra["messaging_product"], "whatsapp");
        assert_eq!(profile.raw, body["data"]);
    }

    #[test]
    fn accepts_every_lenient_shape() {
        let meta =
            Profile::from_json(json!({"data": [{"about": "Meta", "websites": "https://x"}]}))
                .unwrap();
        assert_eq!(
            (meta.about.as_deref(), meta.websites.len()),
            (Some("Meta"), 1)
        );
        let bare = Profile::from_json(json!({"email": "e@x", "websites": null})).unwrap();
        assert_eq!(
            (bare.email.as_deref(), bare.websites.len()),
            (Some("e@x"), 0)
        );
        for empty in [
            Value::Null,
            json!({}),
            json!({"data": null}),
            json!({"data": []}),
        ] {
            let profile = Profile::from_json(empty.clone()).unwrap();
            assert_eq!(profile.about, None, "{empty}");
        }
        assert_eq!(
            Profile::from_json(json!({"data": 7})).unwrap_err().code(),
            "decode"
        );
        assert_eq!(
            Profile::from_json(json!("text")).unwrap_err().code(),
            "decode"
        );
    }
}
