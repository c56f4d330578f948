//! Message templates: a page, every page (a cursor over the core's stream), get, create,
//! update, delete.

use std::pin::Pin;
use std::sync::Arc;

use futures_util::{Stream, TryStreamExt};
use pyo3::prelude::*;
use serde_json::Value;

use super::{call_with, model_call, serialized, to_none, to_python, try_call};
use crate::call::Call;
use crate::client::NativeClient;
use crate::convert::from_py;
use crate::errors::IntoPyResult;

type TemplateStream = Pin<Box<dyn Stream<Item = botika::Result<botika::MessageTemplate>> + Send>>;

/// Every template, page after page, as the core's stream fetches them; each `next()` is a
/// call giving the next template's dict, or `None` after the last.
#[pyclass(module = "botika._native", frozen)]
pub struct TemplateCursor {
    stream: Arc<tokio::sync::Mutex<TemplateStream>>,
}

#[pymethods]
impl TemplateCursor {
    /// The next template (a call: wait or await it).
    fn next(&self) -> Call {
        let stream = Arc::clone(&self.stream);
        let future = async move {
            match stream.lock().await.try_next().await? {
                Some(template) => serialized(&template),
                None => Ok(Value::Null),
            }
        };
        Call::new(future, to_python)
    }
}

#[pymethods]
impl NativeClient {
    /// `GET /message-templates?page=N`: one page.
    #[pyo3(signature = (page, *, search=None))]
    fn templates_list_page(&self, page: u32, search: Option<String>) -> Call {
        model_call(self, move |client| async move {
            client.templates().list_page(page, search.as_deref()).await
        })
    }

    /// A cursor over every template matching `search`, following every page.
    #[pyo3(signature = (*, search=None))]
    fn templates_list(&self, py: Python<'_>, search: Option<String>) -> PyResult<TemplateCursor> {
        let client = self.core().or_raise(py)?;
        let stream: TemplateStream = Box::pin(client.templates().list(search.as_deref()));
        Ok(TemplateCursor {
            stream: Arc::new(tokio::sync::Mutex::new(stream)),
        })
    }

    /// `GET /message-templates/{id}`.
    fn templates_get(&self, id: String) -> Call {
        model_call(self, move |client| async move {
            client.templates().get(&id).await
        })
    }

    /// The template with this name and language (searched page by page), or `None`.
    fn templates_find(&self, name: String, language: String) -> Call {
        model_call(self, move |client| async move {
            client.templates().find(&name, &language).await
        })
    }

    /// `POST /message-templates`: `template` is the wire object (`name`, `language`,
    /// `category`, `components`), validated by the core.
    fn templates_create(&self, template: &Bound<'_, PyAny>) -> Call {
        try_call(|| {
            let template = botika::NewTemplate::from_json(from_py(template, "")?)?;
            Ok(model_call(self, move |client| async move {
                client.templates().create(template).await
            }))
        })
    }

    /// `PATCH /message-templates/{id}`: `update` is the wire object (`category`?,
    /// `components`?).
    fn templates_update(&self, id: String, update: &Bound<'_, PyAny>) -> Call {
        try_call(|| {
            let update = botika::TemplateUpdate::from_json(from_py(update, "")?)?;
            Ok(model_call(self, move |client| async move {
                client.templates().update(&id, update).await
            }))
        })
    }

    /// `DELETE /message-templates/{name}`: every language of that name.
    fn templates_delete(&self, name: String) -> Call {
        call_with(
            self,
            move |client| async move { client.templates().delete(&name).await },
            to_none,
        )
    }
}
