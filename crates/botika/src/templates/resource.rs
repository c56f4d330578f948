//! The templates resource (`/message-templates`): pages and an all-pages stream (Laravel's simple
//! pagination, the search term sent as both `seacrh` and `search`), get, find, create, update
//! and delete.

use futures_util::stream::{self, Stream, TryStreamExt};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::model::MessageTemplate;
use super::new::{NewTemplate, TemplateUpdate};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::messages::wire::{data, json_request, path_with_id};
use crate::transport::ApiRequest;

const PATH: &str = "/message-templates";

/// The message templates of the business number: `client.templates()`.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// # async fn demo(client: &botika::Client) -> botika::Result<()> {
/// let all: Vec<botika::MessageTemplate> = client.templates().list(Some("promo")).try_collect().await?;
/// if let Some(t) = client.templates().find("order_shipped", "id").await? {
///     println!("{} is {:?}", t.name, t.status);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Templates<'a> {
    client: &'a Client,
}

impl Client {
    /// Message templates: list, search, get, create, update, delete.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// let template = client.templates().get("1024").await?;
    /// println!("{} ({}) is {:?}", template.name, template.language, template.status);
    /// # Ok(()) }
    /// ```
    pub fn templates(&self) -> Templates<'_> {
        Templates { client: self }
    }
}

/// One page of `GET /message-templates` (10 templates a page).
///
/// ```
/// use botika::TemplatePage;
/// let body = serde_json::json!({
///     "data": [{"id": 7, "name": "welcome", "language": "id", "status": "APPROVED"}],
///     "links": {"next": "https://api.example/message-templates?page=3"},
///     "meta": {"current_page": 2}
/// });
/// let page = TemplatePage::from_json(body, 2)?;
/// assert_eq!(page.templates[0].name, "welcome");
/// assert_eq!((page.current_page, page.next_page), (2, Some(3)));
///
/// // The last page has no `next` link.
/// let last = TemplatePage::from_json(serde_json::json!({"data": [], "links": {"next": null}}), 3)?;
/// assert_eq!((last.templates.len(), last.next_page), (0, None));
/// # Ok::<(), botika::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TemplatePage {
    /// The templates on this page.
    pub templates: Vec<MessageTemplate>,
    /// This page's number (from `meta.current_page`, else the one requested).
    pub current_page: u32,
    /// The next page's number, `None` on the last page.
    pub next_page: Option<u32>,
    /// The response body as received.
    pub raw: Value,
}

impl TemplatePage {
    /// Reads a `GET /message-templates` answer (Laravel's page: `data`, `links`, `meta`; a bare
    /// array is a single page); `requested` is the page asked for, used when `meta` gives none.
    /// A body that is not a list of templates is a `decode` error.
    pub fn from_json(body: Value, requested: u32) -> Result<TemplatePage> {
        let items = match body.get("data").unwrap_or(&body) {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            other => {
                return Err(Error::decode(format!(
                    "expected a list of templates under `data`, got {other}"
                )));
            }
        };
        let templates = items
            .into_iter()
            .map(MessageTemplate::from_json)
            .collect::<Result<Vec<_>>>()?;
        let meta = |key: &str| {
            body.get("meta")
                .and_then(|m| m.get(key))
                .and_then(page_number)
        };
        let current_page = meta("current_page").unwrap_or(requested);
        let next_page = match body.get("links").and_then(|l| l.get("next")) {
            Some(Value::String(url)) => {
                Some(page_in_url(url).unwrap_or(current_page.saturating_add(1)))
            }
            Some(_) => None,
            // Without links, a full paginator's `last_page` still tells whether more follow.
            None => meta("last_page")
                .filter(|&last| last > current_page)
                .map(|_| current_page + 1),
        };
        Ok(TemplatePage {
            templates,
            current_page,
            next_page,
            raw: body,
        })
    }
}

impl Templates<'_> {
    /// One page (from 1) of the templates, optionally filtered by a search term.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// // One page at a time, for a paged view of your own.
    /// let page = client.templates().list_page(1, None).await?;
    /// for template in &page.templates {
    ///     println!("{} {:?}", template.name, template.status);
    /// }
    /// let more = page.next_page.is_some();
    /// # Ok(()) }
    /// ```
    pub async fn list_page(&self, page: u32, search: Option<&str>) -> Result<TemplatePage> {
        fetch_page(self.client, page, search).await
    }

    /// Every template, following every page lazily (a page is fetched when the stream reaches
    /// it). The stream owns a clone of the client, so it can outlive this borrow.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// let mut templates = std::pin::pin!(client.templates().list(Some("order")));
    /// while let Some(template) = templates.try_next().await? {
    ///     println!("{} ({}) is {:?}", template.name, template.language, template.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(
        &self,
        search: Option<&str>,
    ) -> impl Stream<Item = Result<MessageTemplate>> + Send + 'static {
        let client = self.client.clone();
        let search = search.map(str::to_owned);
        stream::try_unfold(Some(1u32), move |page| {
            let client = client.clone();
            let search = search.clone();
            async move {
                let Some(page) = page else { return Ok(None) };
                let found = fetch_page(&client, page, search.as_deref()).await?;
                // A next page that does not move forward would loop forever; stop instead.
                let next = found
                    .next_page
                    .filter(|&next| next > found.current_page.max(page));
                let items = stream::iter(found.templates.into_iter().map(Ok::<_, Error>));
                Ok(Some((items, next)))
            }
        })
        .try_flatten()
    }

    /// The template with this id (`GET /message-templates/{id}`); unknown ids are `not_found`.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::TemplateStatus;
    /// let template = client.templates().get("1024").await?;
    /// if template.status == Some(TemplateStatus::Rejected) {
    ///     println!("rejected: {:?}", template.rejected_reason);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: &str) -> Result<MessageTemplate> {
        let request = ApiRequest::new(Method::GET, path_with_id(PATH, "id", id)?);
        template_from(self.client.execute(request).await?.json_value()?)
    }

    /// The template named `name` in `language`, searched through every page of a search by
    /// name; `None` when there is none.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// match client.templates().find("order_shipped", "id").await? {
    ///     Some(template) => println!("{} is {:?}", template.id, template.status),
    ///     None => println!("not created yet"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn find(&self, name: &str, language: &str) -> Result<Option<MessageTemplate>> {
        let matches = self
            .list(Some(name))
            .try_filter(|t| std::future::ready(t.name == name && t.language == language));
        let mut matches = std::pin::pin!(matches);
        matches.try_next().await
    }

    /// Creates a template (`201`, status `PENDING`), after checking the creation rules.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::{BodyComponent, NewTemplate, TemplateButton, TemplateCategory};
    /// let new = NewTemplate::new("order_shipped", "id", TemplateCategory::Utility)
    ///     .header_text("Order shipped")
    ///     .body(BodyComponent::new("Hi {{1}}, order {{2}} is on its way.").example(["Budi", "#123"]))
    ///     .button(TemplateButton::quick_reply("Thanks"));
    /// let created = client.templates().create(new).await?;
    /// println!("{} is {:?}", created.id, created.status); // PENDING until reviewed
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, template: NewTemplate) -> Result<MessageTemplate> {
        template.validate()?;
        let request = json_request(Method::POST, PATH, &template)?;
        template_from(self.client.execute(request).await?.json_value()?)
    }

    /// Changes a `REJECTED` template's category or components; it goes back to `PENDING`.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// use botika::{BodyComponent, TemplateUpdate};
    /// // Components replace the old ones: give them all.
    /// let fix = TemplateUpdate::new().component(BodyComponent::new("Hi {{1}}, your order shipped.").example(["Budi"]));
    /// client.templates().update("1024", fix).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, id: &str, update: TemplateUpdate) -> Result<MessageTemplate> {
        update.validate()?;
        let request = json_request(Method::PATCH, path_with_id(PATH, "id", id)?, &update)?;
        template_from(self.client.execute(request).await?.json_value()?)
    }

    /// Deletes every language of the template `name`; unknown names are `not_found`.
    ///
    /// ```no_run
    /// # async fn demo(client: &botika::Client) -> botika::Result<()> {
    /// // By name, not id: every language of it goes.
    /// client.templates().delete("summer_sale_2024").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, name: &str) -> Result<()> {
        let request = ApiRequest::new(Method::DELETE, path_with_id(PATH, "name", name)?);
        self.client.execute(request).await.map(drop)
    }
}

fn template_from(body: Value) -> Result<MessageTemplate> {
    MessageTemplate::from_json(data(&body).clone())
}

async fn fetch_page(client: &Client, page: u32, search: Option<&str>) -> Result<TemplatePage> {
    if page == 0 {
        return Err(Error::invalid_argument("page", "pages are numbered from 1"));
    }
    let mut request = ApiRequest::new(Method::GET, PATH).query("page", page.to_string());
    if let Some(term) = search {
        // The docs spell the parameter `seacrh`; the server may expect `search`. Send both.
        request = request.query("seacrh", term).query("search", term);
    }
    TemplatePage::from_json(client.execute(request).await?.json_value()?, page)
}

fn page_number(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn page_in_url(url: &str) -> Option<u32> {
    let parsed = url::Url::parse(url)
        .or_else(|_| url::Url::parse("http://relative.invalid/")?.join(url))
        .ok()?;
    let page = parsed.query_pairs().find(|(key, _)| key == "page")?.1;
    page.parse().ok()
}
