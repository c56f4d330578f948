//! Templates as text: a table for lists, and one template with its components.

use botika::{MessageTemplate, TemplateComponent};

/// One line per template under a header row, columns padded to fit.
pub fn table(templates: &[MessageTemplate]) -> String {
    if templates.is_empty() {
        return "no templates".to_owned();
    }
    let mut rows = vec![["ID", "NAME", "LANGUAGE", "CATEGORY", "STATUS"].map(str::to_owned)];
    for t in templates {
        rows.push([
            t.id.clone(),
            t.name.clone(),
            t.language.clone(),
            t.category
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            t.status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            cells.join("  ").trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A template's name, language, id, category and status, then a line per component.
pub fn detail(t: &MessageTemplate) -> String {
    let category = t
        .category
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let status = t
        .status
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut lines = vec![format!(
        "{} ({})  id {}  {category}  {status}",
        t.name, t.language, t.id
    )];
    if let Some(reason) = &t.rejected_reason {
        lines.push(format!("  rejected: {reason}"));
    }
    lines.extend(t.components.iter().map(component));
    lines.join("\n")
}

fn component(component: &TemplateComponent) -> String {
    let (kind, text) = match component {
        TemplateComponent::Header(h) => {
            let format = h
                .format
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            match &h.text {
                Some(text) => ("HEADER", text.clone()),
                None => ("HEADER", format!("[{format}]")),
            }
        }
        TemplateComponent::Body(b) => ("BODY", b.text.clone()),
        TemplateComponent::Footer(f) => ("FOOTER", f.text.clone()),
        TemplateComponent::Buttons(b) => {
            let buttons: Vec<String> = b
                .buttons
                .iter()
                .map(|button| {
                    let label = [&button.text, &button.url, &button.phone_number]
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let kind = button.kind.as_ref().map_or("?", |kind| kind.as_str());
                    format!("[{kind}] {label}").trim_end().to_owned()
                })
                .collect();
            ("BUTTONS", buttons.join(", "))
        }
        TemplateComponent::LimitedTimeOffer(o) => {
            let offer = &o.limited_time_offer;
            let expires = if offer.has_expiration {
                " (expires)"
            } else {
                ""
            };
            let text = offer.text.clone().unwrap_or_default();
            ("OFFER", format!("{text}{expires}"))
        }
        other => (
            other.type_name(),
            serde_json::to_string(other).unwrap_or_default(),
        ),
    };
    format!("  {kind:<8} {text}")
}
