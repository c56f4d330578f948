//! Ops of the templates resource. Requests are passed in the wire shape (components as a list of
//! dicts), as the bindings pass them.

use botika::{Client, NewTemplate, TemplateUpdate};
use futures_util::TryStreamExt;
use serde_json::Value;

use super::messages::object;
use super::{Args, Op, OpFuture, to_dict};

pub const OPS: &[(&str, Op)] = &[
    ("templates.list", list),
    ("templates.list_page", list_page),
    ("templates.get", get),
    ("templates.find", find),
    ("templates.create", create),
    ("templates.update", update),
    ("templates.delete", delete),
];

/// `list(search=None)`: every template of every page, as a list.
fn list<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let search = args.get::<String>("search")?;
        let all: Vec<_> = client
            .templates()
            .list(search.as_deref())
            .try_collect()
            .await?;
        to_dict(&all)
    })
}

/// `list_page(page=1, search=None)`: one page with its `next_page`.
fn list_page<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let page = args.get::<u32>("page")?.unwrap_or(1);
        let search = args.get::<String>("search")?;
        to_dict(
            &client
                .templates()
                .list_page(page, search.as_deref())
                .await?,
        )
    })
}

/// `get(id)`.
fn get<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        to_dict(
            &client
                .templates()
                .get(&args.required::<String>("id")?)
                .await?,
        )
    })
}

/// `find(name, language)`: the template, or `None`.
fn find<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let name: String = args.required("name")?;
        let language: String = args.required("language")?;
        to_dict(&client.templates().find(&name, &language).await?)
    })
}

/// `create(name, language, category, components)`.
fn create<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let template = NewTemplate::from_json(object(
            args,
            &[
                ("name", "name"),
                ("language", "language"),
                ("category", "category"),
                ("components", "components"),
            ],
        )?)?;
        to_dict(&client.templates().create(template).await?)
    })
}

/// `update(id, *, category=None, components=None)`.
fn update<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        let id: String = args.required("id")?;
        let update = TemplateUpdate::from_json(object(
            args,
            &[("category", "category"), ("components", "components")],
        )?)?;
        to_dict(&client.templates().update(&id, update).await?)
    })
}

/// `delete(name)`: the result is `None`.
fn delete<'a>(client: &'a Client, args: &'a Args) -> OpFuture<'a> {
    Box::pin(async move {
        client
            .templates()
            .delete(&args.required::<String>("name")?)
            .await?;
        Ok(Value::Null)
    })
}
