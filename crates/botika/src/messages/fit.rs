//! "A template send checked against the template" (docs/rules.md): whether a template message's
//! `param` fits a template fetched from the API (body values, header, buttons, limited-time
//! offer), naming the component that does not.

use super::check::{Problems, field, index};
use super::header::HeaderKind;
use super::template::{ButtonParamType, TemplateMessage, TemplateParam};
use crate::error::Result;
use crate::templates::{HeaderFormat, MessageTemplate, TemplateButton, template_variables};

impl TemplateMessage {
    /// Checks that this send fits `template` (one fetched with
    /// [`Templates::get`](crate::Templates::get) or [`find`](crate::Templates::find)): the same
    /// name and language, one body value per distinct `{{n}}` of the BODY, the header parameter
    /// its HEADER needs, one button value per `QUICK_REPLY`/`URL`/`COPY_CODE` button in order
    /// and of the same type, and a limited-time offer exactly when the template's expires. The
    /// template's status is not checked (the API decides that at send time).
    ///
    /// The error (`invalid_argument`) names each component that does not fit:
    /// `template.param.body`, `template.param.header`, `template.param.button[1]`,
    /// `template.param.limited_time_offer`.
    ///
    /// ```
    /// # fn demo(fetched: &botika::MessageTemplate) -> botika::Result<()> {
    /// let send = botika::TemplateMessage::new("order_shipped", "id").body(["Budi"]);
    /// send.check_against(fetched)?;
    /// # Ok(()) }
    /// ```
    pub fn check_against(&self, template: &MessageTemplate) -> Result<()> {
        let mut problems = Problems::new();
        self.check_fit(&mut problems, "template", template);
        problems.into_result()
    }

    pub(crate) fn check_fit(
        &self,
        problems: &mut Problems,
        path: &str,
        template: &MessageTemplate,
    ) {
        if self.name != template.name {
            problems.add(
                field(path, "name"),
                format!("does not match the template's name {:?}", template.name),
            );
        }
        if self.language != template.language {
            let rule = format!(
                "does not match the template's language {:?}",
                template.language
            );
            problems.add(field(path, "language"), rule);
        }
        let param_path = field(path, "param");
        let no_param = TemplateParam::default();
        let param = self.param.as_ref().unwrap_or(&no_param);

        let variables = template
            .body()
            .map_or(0, |body| template_variables(&body.text).len());
        let values = param.body.as_ref().map_or(0, Vec::len);
        if variables != values {
            let rule = format!(
                "the template's body has {}, {} given",
                count(variables, "variable"),
                count(values, "value")
            );
            problems.add(field(&param_path, "body"), rule);
        }

        if let Some(rule) = header_misfit(template, param.header.as_ref().map(|h| h.kind)) {
            problems.add(field(&param_path, "header"), rule);
        }

        let wanted: Vec<ButtonParamType> = template
            .buttons()
            .iter()
            .filter_map(TemplateButton::param_type)
            .collect();
        let given = param.button.as_deref().unwrap_or_default();
        let button_path = field(&param_path, "button");
        if wanted.len() != given.len() {
            let rule = format!(
                "the template has {} that take a value (QUICK_REPLY, URL, COPY_CODE), {} given",
                count(wanted.len(), "button"),
                count(given.len(), "value"),
            );
            problems.add(&button_path, rule);
        }
        for (i, (want, got)) in wanted.iter().zip(given).enumerate() {
            if *want != got.kind {
                let rule = format!(
                    "must be of type {}, like the template's button {}",
                    want.as_str(),
                    i + 1
                );
                problems.add(index(&button_path, i), rule);
            }
        }

        let offer_path = field(&param_path, "limited_time_offer");
        match (template.limited_time_offer(), &param.limited_time_offer) {
            (Some(offer), None) if offer.limited_time_offer.has_expiration => problems.add(
                offer_path,
                "is required: the template's limited-time offer has an expiration",
            ),
            (None, Some(_)) => problems.add(offer_path, "the template has no limited-time offer"),
            _ => {}
        }
    }
}

/// Why the header parameter (of kind `given`) does not fit the template's HEADER, if it does not.
fn header_misfit(template: &MessageTemplate, given: Option<HeaderKind>) -> Option<String> {
    let header = template.header();
    let needed = match header.and_then(|h| h.format.as_ref()) {
        None if header.is_none() => None,
        Some(HeaderFormat::Text) => {
            let text = header.and_then(|h| h.text.as_deref()).unwrap_or("");
            (!template_variables(text).is_empty()).then_some(HeaderKind::Text)
        }
        Some(HeaderFormat::Image) => Some(HeaderKind::Image),
        Some(HeaderFormat::Video) => Some(HeaderKind::Video),
        Some(HeaderFormat::Document) => Some(HeaderKind::Document),
        // LOCATION, unknown or missing formats: Botika's `param.header` has no form for them,
        // so nothing can be checked.
        _ => return None,
    };
    match (needed, given) {
        (Some(need), Some(got)) if need == got => None,
        (Some(need), _) => Some(format!(
            "the template's header is {}: a header parameter of type {} is required",
            header
                .and_then(|h| h.format.as_ref())
                .map_or("", |f| f.as_str()),
            need.as_str()
        )),
        (None, Some(_)) if header.is_some() => Some(
            "the template's TEXT header has no variable, so it takes no header parameter"
                .to_owned(),
        ),
        (None, Some(_)) => {
            Some("the template has no header, so it takes no header parameter".to_owned())
        }
        (None, None) => None,
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
