//! Message templates: the paginated list, create (then review after the configured delay), show,
//! update while rejected, delete by name.

use serde_json::{Value, json};

use super::{lifecycle::Review, required_str};
use crate::clock;
use crate::engine::Engine;
use crate::error::ApiError;
use crate::rules;
use crate::scheduler::Timed;
use crate::state::TemplateRecord;

/// Laravel's simple paginator's page size, as documented.
pub const PER_PAGE: usize = 10;

/// Which page of the list to show.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// 1-based page.
    pub page: usize,
    /// Case-insensitive part of the name.
    pub search: Option<String>,
    /// The query parameter the search came in (`seacrh` or `search`), kept in the links.
    pub search_param: &'static str,
}

impl Engine {
    /// `GET /message-templates`: Laravel's simple pagination; `path` is the list's URL.
    pub fn list_templates(&self, query: &ListQuery, path: &str) -> Value {
        let page = query.page.max(1);
        let needle = query
            .search
            .as_deref()
            .map(str::to_lowercase)
            .filter(|s| !s.is_empty());
        let state = self.state();
        let matching: Vec<&TemplateRecord> = state
            .templates
            .iter()
            .filter(|t| {
                needle
                    .as_ref()
                    .is_none_or(|n| t.name.to_lowercase().contains(n))
            })
            .collect();
        let start = (page - 1).saturating_mul(PER_PAGE);
        let data: Vec<Value> = matching
            .iter()
            .skip(start)
            .take(PER_PAGE)
            .map(|t| t.to_json())
            .collect();
        let has_more = matching.len() > start.saturating_add(PER_PAGE);
        let search = match &needle {
            Some(_) => format!(
                "&{}={}",
                query.search_param,
                encode(query.search.as_deref().unwrap_or_default())
            ),
            None => String::new(),
        };
        let link = |n: usize| json!(format!("{path}?page={n}{search}"));
        json!({
            "data": data,
            "links": {
                "first": link(1),
                "last": null,
                "prev": if page > 1 { link(page - 1) } else { Value::Null },
                "next": if has_more { link(page + 1) } else { Value::Null },
            },
            "meta": {
                "current_page": page,
                "from": if data.is_empty() { Value::Null } else { json!(start + 1) },
                "path": path,
                "per_page": PER_PAGE,
                "to": if data.is_empty() { Value::Null } else { json!(start + data.len()) },
            }
        })
    }

    /// `POST /message-templates`: stored `PENDING`, reviewed after the configured delay.
    pub fn create_template(&self, body: &Value) -> Result<Value, ApiError> {
        ApiError::check(rules::template_create(body))?;
        let name = required_str(body, "name")?;
        let language = required_str(body, "language")?;
        let category = required_str(body, "category")?;
        let Some(components) = body.get("components").filter(|c| c.is_array()) else {
            return Err(ApiError::field(
                "components",
                "The components field must be an array.",
            ));
        };
        let template = {
            let mut state = self.state();
            if state.template(name, language).is_some() {
                return Err(ApiError::field(
                    "name",
                    format!("A template named {name} already exists in language {language}."),
                ));
            }
            let record = TemplateRecord {
                id: state.next_template_id,
                name: name.to_owned(),
                language: language.to_owned(),
                category: category.to_owned(),
                status: "PENDING".into(),
                components: components.clone(),
                rejected_reason: None,
                created_at: clock::now_ms(),
                revision: 0,
            };
            state.next_template_id += 1;
            state.templates.push(record.clone());
            record
        };
        self.touch();
        self.schedule_review(template.id, template.revision);
        Ok(template.to_json())
    }

    /// `GET /message-templates/{id}`.
    pub fn template(&self, id: &str) -> Result<Value, ApiError> {
        let state = self.state();
        let id: Option<u64> = id.parse().ok();
        state
            .templates
            .iter()
            .find(|t| Some(t.id) == id)
            .map(TemplateRecord::to_json)
            .ok_or_else(not_found)
    }

    /// `PATCH /message-templates/{id}`: only while `REJECTED`; back to `PENDING` for review.
    pub fn update_template(&self, id: &str, body: &Value) -> Result<Value, ApiError> {
        let id: u64 = id.parse().map_err(|_| not_found())?;
        let template = {
            let mut state = self.state();
            let t = state.template_mut(id).ok_or_else(not_found)?;
            if t.status != "REJECTED" {
                return Err(ApiError::field(
                    "status",
                    format!(
                        "The template can only be updated while it is REJECTED; it is {}.",
                        t.status
                    ),
                ));
            }
            ApiError::check(rules::template_update(body))?;
            if let Some(category) = body["category"].as_str() {
                t.category = category.to_owned();
            }
            if let Some(components) = body.get("components").filter(|c| c.is_array()) {
                t.components = components.clone();
            }
            t.status = "PENDING".into();
            t.rejected_reason = None;
            t.revision += 1;
            t.clone()
        };
        self.touch();
        self.schedule_review(template.id, template.revision);
        Ok(template.to_json())
    }

    /// Queues the review of `template_id` at `revision` after the configured delay; a review whose
    /// revision is stale when it comes due (the template was updated meanwhile) does nothing.
    pub(crate) fn schedule_review(&self, template_id: u64, revision: u64) {
        self.schedule(
            self.config.review_delay,
            Timed::Review {
                template_id,
                revision,
            },
        );
    }

    /// `DELETE /message-templates/{name}`: every language of that name.
    pub fn delete_templates(&self, name: &str) -> Result<(), ApiError> {
        let removed = {
            let mut state = self.state();
            let before = state.templates.len();
            state.templates.retain(|t| t.name != name);
            before - state.templates.len()
        };
        if removed == 0 {
            return Err(not_found());
        }
        self.touch();
        Ok(())
    }

    /// Approves or rejects by hand (the control API), by template id.
    pub fn review_by_hand(
        &self,
        id: u64,
        approve: bool,
        reason: Option<&str>,
    ) -> Result<Value, ApiError> {
        let decision = if approve {
            Review::Approve
        } else {
            Review::Reject(
                reason
                    .unwrap_or("Rejected by hand in the sandbox.")
                    .to_owned(),
            )
        };
        self.review_template(id, decision)
    }
}

fn not_found() -> ApiError {
    ApiError::not_found("Message template not found.")
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
