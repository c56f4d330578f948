//! Template messages as the customer sees them: the stored template's header, body, footer and
//! buttons, with the parameters the message was sent with filled in. Quick-reply buttons carry
//! the payload a tap sends back and their place among the message's tappable options.

use serde_json::{Map, Value, json};

use super::media;
use crate::state::State;

/// The buttons a send gives one value each for, in the template's order.
const VALUED_BUTTONS: [&str; 3] = ["QUICK_REPLY", "URL", "COPY_CODE"];

/// `sent` is the message's `template` object (`name`, `language`, `param`). A template that no
/// longer exists renders as `{"name", "language", "found": false}`.
pub fn render(state: &State, sent: &Value) -> Value {
    let name = sent["name"].as_str().unwrap_or_default();
    let language = crate::ops::language(sent).unwrap_or_default();
    let mut out = json!({ "name": name, "language": language });
    let Some(template) = state.template(name, language) else {
        out["found"] = json!(false);
        return out;
    };
    out["found"] = json!(true);
    out["category"] = json!(template.category);
    let param = &sent["param"];
    for component in template.components.as_array().into_iter().flatten() {
        let text = component["text"].as_str().unwrap_or_default();
        match upper(&component["type"]).as_str() {
            "HEADER" => out["header"] = header(state, component, param),
            "BODY" => out["body"] = json!(fill(text, &strings(&param["body"]))),
            "FOOTER" => out["footer"] = json!(text),
            "BUTTONS" => out["buttons"] = buttons(&component["buttons"], &param["button"]),
            _ => {}
        }
    }
    out
}

fn upper(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_ascii_uppercase()
}

/// The header's parameter: an object on `/messages`, the first of an array on `/broadcasts`.
fn header_param(param: &Value) -> &Value {
    match &param["header"] {
        Value::Array(headers) => headers.first().unwrap_or(&Value::Null),
        header => header,
    }
}

fn header(state: &State, component: &Value, param: &Value) -> Value {
    let given = header_param(param);
    match upper(&component["format"]).as_str() {
        "TEXT" => {
            let text = component["text"].as_str().unwrap_or_default();
            let value = given["text"].as_str().unwrap_or_default();
            json!({ "type": "text", "text": fill(text, &[value]) })
        }
        format @ ("IMAGE" | "VIDEO" | "DOCUMENT") => {
            let kind = format.to_ascii_lowercase();
            json!({ "type": kind, "media": media::reference(state, &kind, &given[kind.as_str()]) })
        }
        format => json!({ "type": format.to_ascii_lowercase() }),
    }
}

/// Each button with its text; URL buttons with their URL filled in, phone buttons with their
/// number, quick replies with the payload a tap sends (the value given, else the text) and
/// their option number.
fn buttons(stored: &Value, given: &Value) -> Value {
    let given: Vec<&Value> = given
        .as_array()
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    let mut valued = 0;
    let mut option = 0;
    let mut out = Vec::new();
    for button in stored.as_array().into_iter().flatten() {
        let kind = upper(&button["type"]);
        let text = button["text"].as_str().unwrap_or_default();
        let mut view = Map::new();
        view.insert("type".into(), json!(kind));
        view.insert("text".into(), json!(text));
        let value = if VALUED_BUTTONS.contains(&kind.as_str()) {
            valued += 1;
            given.get(valued - 1).and_then(|b| b["value"].as_str())
        } else {
            None
        };
        match kind.as_str() {
            "QUICK_REPLY" => {
                view.insert("payload".into(), json!(value.unwrap_or(text)));
                view.insert("option".into(), json!(option));
                option += 1;
            }
            "URL" => {
                let url = button["url"].as_str().unwrap_or_default();
                view.insert("url".into(), json!(fill(url, &[value.unwrap_or_default()])));
            }
            "PHONE_NUMBER" => {
                view.insert("phone_number".into(), button["phone_number"].clone());
            }
            "COPY_CODE" => {
                view.insert("code".into(), json!(value.unwrap_or_default()));
            }
            _ => {}
        }
        out.push(Value::Object(view));
    }
    Value::Array(out)
}

/// The body values as text (the rules let only strings through; anything else reads as empty).
fn strings(values: &Value) -> Vec<&str> {
    values
        .as_array()
        .map(|values| values.iter().map(|v| v.as_str().unwrap_or("")).collect())
        .unwrap_or_default()
}

/// `text` with each `{{n}}` replaced by `values[n - 1]`; placeholders without a value, and
/// anything else between braces, stay as written.
pub fn fill(text: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after_open)) = rest.split_once("{{") {
        out.push_str(before);
        let Some((inside, after_close)) = after_open.split_once("}}") else {
            out.push_str("{{");
            rest = after_open;
            break;
        };
        let value = inside
            .parse::<usize>()
            .ok()
            .filter(|_| !inside.starts_with(['0', '+']))
            .and_then(|n| values.get(n - 1));
        match value {
            Some(value) => out.push_str(value),
            None => {
                out.push_str("{{");
                out.push_str(inside);
                out.push_str("}}");
            }
        }
        rest = after_close;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Labels;

    #[test]
    fn fill_replaces_numbered_placeholders_only() {
        assert_eq!(
            fill("Hi {{1}}, order {{2}}", &["Budi", "#7"]),
            "Hi Budi, order #7"
        );
        assert_eq!(fill("{{2}} {{1}} {{2}}", &["a", "b"]), "b a b");
        assert_eq!(
            fill("{{3}} {{0}} {{01}} {{x}}", &["a"]),
            "{{3}} {{0}} {{01}} {{x}}"
        );
        assert_eq!(fill("open {{1", &["a"]), "open {{1");
        assert_eq!(fill("{{+1}}", &["a"]), "{{+1}}");
        assert_eq!(fill("no braces", &[]), "no braces");
    }

    #[test]
    fn the_seeded_template_renders_with_its_parameters() {
        let state = State::seeded(Labels::default());
        let sent = json!({
            "name": "order_update", "language": {"code": "en_US"},
            "param": {
                "header": {"type": "text", "text": "#1024"},
                "body": ["Budi"],
                "button": [{"type": "QUICK_REPLY", "value": "track-1024"}]
            }
        });
        let view = render(&state, &sent);
        assert_eq!(view["found"], true);
        assert_eq!(
            view["header"],
            json!({"type": "text", "text": "Order #1024"})
        );
        assert_eq!(view["body"], "Hi Budi, your order is on its way.");
        assert_eq!(
            view["buttons"],
            json!([{"type": "QUICK_REPLY", "text": "Track order", "payload": "track-1024", "option": 0}])
        );
    }

    #[test]
    fn a_quick_reply_without_a_value_sends_its_text_and_broadcast_headers_are_arrays() {
        let state = State::seeded(Labels::default());
        let sent = json!({
            "name": "order_update", "language": "en_US",
            "param": {"header": [{"type": "text", "text": "#9"}], "body": ["Sari"]}
        });
        let view = render(&state, &sent);
        assert_eq!(view["header"]["text"], "Order #9");
        assert_eq!(view["buttons"][0]["payload"], "Track order");
    }

    #[test]
    fn an_unknown_template_is_marked_not_found() {
        let state = State::seeded(Labels::default());
        let view = render(&state, &json!({"name": "gone", "language": "id"}));
        assert_eq!(
            view,
            json!({"name": "gone", "language": "id", "found": false})
        );
    }

    #[test]
    fn url_and_phone_buttons_keep_their_targets() {
        let mut state = State::seeded(Labels::default());
        let mut record = state.templates[1].clone();
        record.name = "links".into();
        record.components = json!([
            {"type": "BODY", "text": "See"},
            {"type": "BUTTONS", "buttons": [
                {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+6221000"},
                {"type": "URL", "text": "Open", "url": "https://shop.example/o/{{1}}"},
                {"type": "QUICK_REPLY", "text": "Stop"}
            ]}
        ]);
        state.templates.push(record);
        let sent = json!({
            "name": "links", "language": "en_US",
            "param": {"button": [{"type": "URL", "value": "42"}, {"type": "QUICK_REPLY", "value": "stop"}]}
        });
        let buttons = &render(&state, &sent)["buttons"];
        assert_eq!(buttons[0]["phone_number"], "+6221000");
        assert_eq!(buttons[1]["url"], "https://shop.example/o/42");
        assert_eq!(buttons[2]["payload"], "stop");
        assert_eq!(buttons[2]["option"], 0);
    }
}
