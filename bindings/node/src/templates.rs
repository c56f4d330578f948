//! Message templates: pages, a cursor over every page (the core's lazy stream, held here so
//! JavaScript can iterate it), get, create, update, delete.

use std::pin::Pin;

use botika::{MessageTemplate, NewTemplate, TemplateUpdate};
use futures_util::{Stream, StreamExt};
use napi_derive::napi;
use tokio::sync::Mutex;

use crate::call::{CancelToken, run};
use crate::client::NativeClient;
use crate::convert::{VERBATIM, result_json, wire_part};
use crate::errors::napi_result;

type TemplateStream = Pin<Box<dyn Stream<Item = botika::Result<MessageTemplate>> + Send>>;

/// Every template of a search, one at a time; pages are fetched as the cursor reaches them.
#[napi]
pub struct TemplateCursor {
    stream: Mutex<TemplateStream>,
}

#[napi]
impl TemplateCursor {
    /// The next template as JSON text, or `null` after the last.
    #[napi]
    pub async fn next(&self, signal: Option<&CancelToken>) -> napi::Result<Option<String>> {
        let next = run(signal, async move {
            self.stream.lock().await.next().await.transpose()
        })
        .await?;
        next.map(|template| result_json(&template, VERBATIM))
            .transpose()
    }
}

#[napi]
impl NativeClient {
    /// A cursor over every template (optionally matching `search`), with these call options.
    #[napi]
    pub fn list_templates(
        &self,
        search: Option<String>,
        options: Option<String>,
    ) -> napi::Result<TemplateCursor> {
        let client = napi_result(self.with_call(options.as_deref()))?;
        let stream = client.templates().list(search.as_deref());
        Ok(TemplateCursor {
            stream: Mutex::new(Box::pin(stream)),
        })
    }

    /// One page (from 1) of `GET /message-templates`.
    #[napi]
    pub async fn list_templates_page(
        &self,
        page: u32,
        search: Option<String>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let page = run(signal, async move {
            self.with_call(options.as_deref())?
                .templates()
                .list_page(page, search.as_deref())
                .await
        })
        .await?;
        result_json(&page, VERBATIM)
    }

    /// The template named `name` in `language` (searched through every page), or `null`.
    #[napi]
    pub async fn find_template(
        &self,
        name: String,
        language: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<Option<String>> {
        let found = run(signal, async move {
            self.with_call(options.as_deref())?
                .templates()
                .find(&name, &language)
                .await
        })
        .await?;
        found
            .map(|template| result_json(&template, VERBATIM))
            .transpose()
    }

    /// `GET /message-templates/{id}`.
    #[napi]
    pub async fn get_template(
        &self,
        id: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let template = run(signal, async move {
            self.with_call(options.as_deref())?
                .templates()
                .get(&id)
                .await
        })
        .await?;
        result_json(&template, VERBATIM)
    }

    /// `POST /message-templates`: `template` is `{name, language, category, components}` as
    /// JSON text (keys in camelCase or snake_case).
    #[napi]
    pub async fn create_template(
        &self,
        template: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let created = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let template = NewTemplate::from_json(wire_part(&template, "template")?)?;
            client.templates().create(template).await
        })
        .await?;
        result_json(&created, VERBATIM)
    }

    /// `PATCH /message-templates/{id}`: `update` is `{category?, components?}` as JSON text.
    #[napi]
    pub async fn update_template(
        &self,
        id: String,
        update: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let updated = run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let update = TemplateUpdate::from_json(wire_part(&update, "update")?)?;
            client.templates().update(&id, update).await
        })
        .await?;
        result_json(&updated, VERBATIM)
    }

    /// `DELETE /message-templates/{name}`: every language of that name.
    #[napi]
    pub async fn delete_template(
        &self,
        name: String,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<()> {
        run(signal, async move {
            self.with_call(options.as_deref())?
                .templates()
                .delete(&name)
                .await
        })
        .await
    }
}
