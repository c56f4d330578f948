//! Broadcasts (`POST /broadcasts`, `POST /broadcasts/latest`): one template sent to many
//! contacts or to everyone with a label, and today's latest broadcast to a recipient.

mod resource;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

pub use resource::{BroadcastContent, BroadcastCreated, Broadcasts, LatestBroadcast};

use crate::error::{Error, Result};
use crate::messages::wire::{extra_fields, into_object, take_at, take_string};
use crate::messages::{Problems, TemplateMessage, check_non_empty, check_recipient, index};

/// Who a broadcast goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BroadcastRecipients {
    /// Phone numbers (`type: "contact"`), each checked like a message's `to` and sent as given.
    Contacts(Vec<String>),
    /// Ids of labels made in Botika's dashboard (`type: "label"`), positive integers.
    Labels(Vec<u64>),
}

/// A broadcast: a template message sent to many recipients.
///
/// The template's `param` is required on `/broadcasts`; the SDK sends `{}` when the template
/// takes no values, and sends the header parameter as a one-element array, as the broadcast
/// page documents.
///
/// ```
/// use botika::{Broadcast, TemplateMessage};
/// let promo = TemplateMessage::new("flash_sale", "id").header_text("Budi").body(["50%"]);
/// let to_customers = Broadcast::to_contacts("June sale", ["+62 812-3456-7890", "+62 813-1111-2222"], promo.clone());
/// let to_vip = Broadcast::to_labels("June sale (VIP)", [3, 7], promo);
/// assert_eq!(to_vip.to_json()["template"]["param"]["header"][0]["text"], "Budi");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Broadcast {
    /// The broadcast's name, shown in Botika's dashboard.
    pub name: String,
    /// The contacts or labels it goes to.
    pub recipients: BroadcastRecipients,
    /// The template sent, with its values.
    pub template: TemplateMessage,
    /// Top-level fields the SDK does not model, sent as given.
    pub extra: Map<String, Value>,
}

/// Top-level keys the SDK writes itself; an extra field may not replace them.
const RESERVED: [&str; 4] = ["name", "type", "to", "template"];

impl Broadcast {
    /// A broadcast to these phone numbers.
    ///
    /// ```
    /// use botika::{Broadcast, TemplateMessage};
    /// let sale = TemplateMessage::new("flash_sale", "id").body(["50%"]);
    /// let b = Broadcast::to_contacts("June sale", ["+62 812-3456-7890", "+62 813-1111-2222"], sale);
    /// assert_eq!(b.to_json()["type"], "contact");
    /// ```
    pub fn to_contacts<I>(
        name: impl Into<String>,
        phones: I,
        template: TemplateMessage,
    ) -> Broadcast
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let phones = phones.into_iter().map(Into::into).collect();
        Broadcast::new(name, BroadcastRecipients::Contacts(phones), template)
    }

    /// A broadcast to everyone with one of these labels.
    ///
    /// ```
    /// use botika::{Broadcast, TemplateMessage};
    /// // Label ids as shown in Botika's dashboard.
    /// let digest = TemplateMessage::new("weekly_digest", "en_US").body(["June"]);
    /// let b = Broadcast::to_labels("Digest", [3, 7], digest);
    /// assert_eq!(b.to_json()["to"], serde_json::json!([3, 7]));
    /// ```
    pub fn to_labels(
        name: impl Into<String>,
        labels: impl IntoIterator<Item = u64>,
        template: TemplateMessage,
    ) -> Broadcast {
        Broadcast::new(
            name,
            BroadcastRecipients::Labels(labels.into_iter().collect()),
            template,
        )
    }

    fn new(
        name: impl Into<String>,
        recipients: BroadcastRecipients,
        template: TemplateMessage,
    ) -> Broadcast {
        Broadcast {
            name: name.into(),
            recipients,
            template,
            extra: Map::new(),
        }
    }

    /// Reads a broadcast from its wire JSON (`{"name", "type", "to", "template"}`, as a binding
    /// receives it; the template's header may be an object or a one-element array). Errors
    /// (`invalid_argument`) name the path: `to[1]`, `template.param.body[0]`.
    ///
    /// ```
    /// let b = botika::Broadcast::from_json(serde_json::json!({
    ///     "name": "Digest", "type": "label", "to": [1, 2],
    ///     "template": {"name": "digest", "language": "id", "param": {}}
    /// }))?;
    /// assert_eq!(b.kind(), "label");
    /// # Ok::<(), botika::Error>(())
    /// ```
    pub fn from_json(value: Value) -> Result<Broadcast> {
        let mut map = into_object(value)?;
        let name = take_string(&mut map, "name")?;
        let recipients = match take_string(&mut map, "type")?.as_str() {
            "contact" => BroadcastRecipients::Contacts(take_at(&mut map, "to")?),
            "label" => BroadcastRecipients::Labels(take_at(&mut map, "to")?),
            other => {
                let rule = format!("must be contact or label (got {other:?})");
                return Err(Error::invalid_argument("type", rule));
            }
        };
        let template = take_at(&mut map, "template")?;
        Ok(Broadcast {
            name,
            recipients,
            template,
            extra: map,
        })
    }

    /// The wire `type`: `"contact"` or `"label"`.
    pub fn kind(&self) -> &'static str {
        match self.recipients {
            BroadcastRecipients::Contacts(_) => "contact",
            BroadcastRecipients::Labels(_) => "label",
        }
    }

    /// Checks the broadcast rules of docs/rules.md, reporting every failure with its path
    /// (`to[2]`, `template.param.header[0].text`).
    ///
    /// ```
    /// use botika::{Broadcast, TemplateMessage};
    /// let t = TemplateMessage::new("flash_sale", "id");
    /// let b = Broadcast::to_contacts("June sale", ["+62 812-3456-7890", "0812"], t);
    /// assert_eq!(b.validate().unwrap_err().field_errors().keys().collect::<Vec<_>>(), ["to[1]"]);
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut problems = Problems::new();
        check_non_empty(&mut problems, "name", &self.name);
        let count = match &self.recipients {
            BroadcastRecipients::Contacts(phones) => {
                for (i, phone) in phones.iter().enumerate() {
                    check_recipient(&mut problems, &index("to", i), phone);
                }
                phones.len()
            }
            BroadcastRecipients::Labels(labels) => {
                for (i, _) in labels.iter().enumerate().filter(|(_, id)| **id == 0) {
                    problems.add(index("to", i), "must be a positive label id");
                }
                labels.len()
            }
        };
        if count == 0 {
            problems.add("to", "must have at least 1 recipient");
        }
        self.template.check(&mut problems, "template", true);
        for key in self.extra.keys().filter(|k| RESERVED.contains(&k.as_str())) {
            problems.add(
                key.as_str(),
                "is set by the SDK and cannot be an extra field",
            );
        }
        problems.into_result()
    }

    /// The request body, exactly as [`Broadcasts::send`] sends it.
    pub fn to_json(&self) -> Value {
        let to = match &self.recipients {
            BroadcastRecipients::Contacts(phones) => Value::from(phones.clone()),
            BroadcastRecipients::Labels(labels) => Value::from(labels.clone()),
        };
        // Serializing into a `Value` cannot fail for these types (string keys only).
        let mut template = serde_json::to_value(&self.template).unwrap_or(Value::Null);
        if let Value::Object(fields) = &mut template {
            let param = fields
                .entry("param")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(header) = param.get_mut("header").filter(|h| h.is_object()) {
                *header = Value::Array(vec![header.take()]);
            }
        }
        let mut body = Map::new();
        body.insert("name".to_owned(), Value::from(self.name.as_str()));
        body.insert("type".to_owned(), Value::from(self.kind()));
        body.insert("to".to_owned(), to);
        body.insert("template".to_owned(), template);
        body.extend(self.extra.clone());
        Value::Object(body)
    }
}

extra_fields! {
    impl Broadcast;
}
