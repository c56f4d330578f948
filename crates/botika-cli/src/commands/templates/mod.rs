//! `botika templates list|get|create|update|delete`.

mod components;
mod show;

use botika::{MessageTemplate, NewTemplate, TemplateCategory, TemplateUpdate};
use clap::{Args, Subcommand};
use futures_util::TryStreamExt;
use serde_json::json;

use crate::context::Context;
use crate::failure::Failure;
use crate::values::json_input;
use components::ComponentArgs;

/// Template commands.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates (every page, or one with --page)
    #[command(
        after_help = "Examples:\n  botika templates list\n  botika templates list --search promo --output json"
    )]
    List(ListArgs),
    /// Show one template with its components
    #[command(after_help = "Example:\n  botika templates get 2")]
    Get(IdArgs),
    /// Create a template; it starts PENDING until reviewed
    #[command(
        after_help = "Examples:\n  botika templates create --name order_shipped --language id --category utility \\\n    --header-text 'Order {{1}}' --header-example '#1024' \\\n    --body 'Hi {{1}}, your order is on its way.' --body-example Budi \\\n    --url-button 'Track=https://example.com/track/{{1}}' --url-example https://example.com/track/1024\n  botika templates create --json @template.json"
    )]
    Create(CreateArgs),
    /// Change a REJECTED template; it goes back to PENDING
    #[command(
        after_help = "Example:\n  botika templates update 7 --category marketing --body 'Hi {{1}}!' --body-example Budi"
    )]
    Update(UpdateArgs),
    /// Delete a template (every language of that name)
    #[command(after_help = "Example:\n  botika templates delete order_shipped")]
    Delete(NameArgs),
}

/// `templates list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only templates matching this term
    #[arg(long)]
    search: Option<String>,
    /// Only this page (10 templates a page, from 1)
    #[arg(long)]
    page: Option<u32>,
}

/// A template id.
#[derive(Debug, Args)]
pub struct IdArgs {
    /// The template's id (the ID column of `botika templates list`)
    id: String,
}

/// A template name.
#[derive(Debug, Args)]
pub struct NameArgs {
    /// The template's name
    name: String,
}

/// `templates create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Lower-case letters, digits and _ (at most 512 characters)
    #[arg(long, required_unless_present = "json")]
    name: Option<String>,
    /// The language code (id, en_US)
    #[arg(long, required_unless_present = "json")]
    language: Option<String>,
    /// marketing, utility or authentication
    #[arg(long, required_unless_present = "json")]
    category: Option<String>,
    #[command(flatten)]
    components: ComponentArgs,
    /// The whole template as JSON (inline, @FILE or -): {"name", "language", "category", "components"}
    #[arg(long, value_name = "JSON", conflicts_with_all = ["name", "language", "category", "components"])]
    json: Option<String>,
}

/// `templates update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The template's id
    id: String,
    /// The new category: marketing, utility or authentication
    #[arg(long)]
    category: Option<String>,
    /// The new components (they replace all the old ones)
    #[command(flatten)]
    components: ComponentArgs,
    /// The change as JSON (inline, @FILE or -): {"category"?, "components"?}
    #[arg(long, value_name = "JSON", conflicts_with_all = ["category", "components"])]
    json: Option<String>,
}

/// Runs a template command.
pub async fn run(context: Context<'_>, command: TemplatesCommand) -> Result<(), Failure> {
    let client = context.client()?;
    let templates = client.templates();
    let printer = context.printer;
    match command {
        TemplatesCommand::List(args) => {
            let search = args.search.as_deref();
            let found: Vec<MessageTemplate> = match args.page {
                Some(page) => templates.list_page(page, search).await?.templates,
                None => templates.list(search).try_collect().await?,
            };
            printer.result(&found, || show::table(&found));
        }
        TemplatesCommand::Get(args) => {
            let template = templates.get(&args.id).await?;
            printer.result(&template, || show::detail(&template));
        }
        TemplatesCommand::Create(args) => {
            let new = match args.json {
                Some(json) => NewTemplate::from_json(json_input(&json, "--json")?)?,
                None => {
                    let category = TemplateCategory::parse(&args.category.unwrap_or_default());
                    let mut new = NewTemplate::new(
                        args.name.unwrap_or_default(),
                        args.language.unwrap_or_default(),
                        category,
                    );
                    for component in args.components.components() {
                        new = new.component(component);
                    }
                    new
                }
            };
            let created = templates.create(new).await?;
            printer.result(&created, || format!("created\n{}", show::detail(&created)));
        }
        TemplatesCommand::Update(args) => {
            let update = match args.json {
                Some(json) => TemplateUpdate::from_json(json_input(&json, "--json")?)?,
                None => {
                    let mut update = TemplateUpdate::new();
                    if let Some(category) = args.category {
                        update = update.category(TemplateCategory::parse(&category));
                    }
                    for component in args.components.components() {
                        update = update.component(component);
                    }
                    update
                }
            };
            let updated = templates.update(&args.id, update).await?;
            printer.result(&updated, || format!("updated\n{}", show::detail(&updated)));
        }
        TemplatesCommand::Delete(args) => {
            templates.delete(&args.name).await?;
            let name = &args.name;
            printer.result(&json!({ "name": name, "deleted": true }), || {
                format!("deleted template {name} (every language)")
            });
        }
    }
    Ok(())
}
