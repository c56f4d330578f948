//! `send interactive buttons|list|product|product-list`: one subcommand per kind, since each
//! takes different parts.

use botika::{Header, Interactive};
use clap::{Args, Subcommand};

use super::sections::{Products, Rows, Sections};
use super::{HeaderArgs, Target, With};
use crate::values::pair;

/// The four kinds of interactive message.
#[derive(Debug, Subcommand)]
pub enum InteractiveKind {
    /// Up to 3 reply buttons under a text
    #[command(
        after_help = "Example:\n  botika send interactive buttons --to 6281234567890 --body 'Confirm your order?' \\\n    --button yes=Yes --button no=No --footer 'Botika Store'"
    )]
    Buttons(With<ButtonsArgs>),
    /// A list of rows, in sections, opened by a button
    #[command(
        after_help = "Example:\n  botika send interactive list --to 6281234567890 --body 'Pick a drink' --label Menu \\\n    --section Hot --row tea=Tea --row coffee=Coffee='Fresh every morning' \\\n    --section Cold --row 'ice=Iced tea'"
    )]
    List(With<ListArgs>),
    /// One product of a catalog
    #[command(
        after_help = "Example:\n  botika send interactive product --to 6281234567890 --catalog-id 123 --product sku-1 --body 'Back in stock'"
    )]
    Product(With<ProductArgs>),
    /// Several products of a catalog, in sections
    #[command(
        after_help = "Example:\n  botika send interactive product-list --to 6281234567890 --header Phones --body 'New this week' \\\n    --catalog-id 123 --section Android --product sku-1 --product sku-2"
    )]
    ProductList(With<ProductListArgs>),
}

impl InteractiveKind {
    /// The recipient and the message.
    pub fn content(self) -> (Target, Interactive) {
        match self {
            InteractiveKind::Buttons(w) => (w.target, w.fields.content()),
            InteractiveKind::List(w) => (w.target, w.fields.content()),
            InteractiveKind::Product(w) => (w.target, w.fields.content()),
            InteractiveKind::ProductList(w) => (w.target, w.fields.content()),
        }
    }
}

/// The footer, shared by every kind.
fn footer(message: Interactive, footer: Option<String>) -> Interactive {
    match footer {
        Some(text) => message.footer(text),
        None => message,
    }
}

/// `interactive buttons`.
#[derive(Debug, Args)]
pub struct ButtonsArgs {
    /// The text above the buttons (1 to 1024 characters)
    #[arg(long)]
    body: String,
    /// A reply button as ID=TITLE (title at most 20 characters); repeat, 1 to 3
    #[arg(long = "button", value_name = "ID=TITLE", required = true, value_parser = button)]
    buttons: Vec<(String, String)>,
    #[command(flatten)]
    header: HeaderArgs,
    /// The footer text (at most 60 characters)
    #[arg(long)]
    footer: Option<String>,
}

fn button(text: &str) -> Result<(String, String), String> {
    pair(text, "ID=TITLE")
}

impl ButtonsArgs {
    fn content(self) -> Interactive {
        let mut message = Interactive::buttons(self.body);
        for (id, title) in self.buttons {
            message = message.button(id, title);
        }
        if let Some(header) = self.header.header() {
            message = message.header(header);
        }
        footer(message, self.footer)
    }
}

/// `interactive list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The text above the list (1 to 1024 characters)
    #[arg(long)]
    body: String,
    /// The label of the button that opens the list (at most 24 characters)
    #[arg(long)]
    label: String,
    #[command(flatten)]
    sections: Sections<Rows>,
    /// A text header (at most 60 characters)
    #[arg(long, value_name = "TEXT")]
    header: Option<String>,
    /// The footer text (at most 60 characters)
    #[arg(long)]
    footer: Option<String>,
}

impl ListArgs {
    fn content(self) -> Interactive {
        let mut message = Interactive::list(self.body, self.label);
        for section in self.sections.sections {
            message = message.section(section);
        }
        if let Some(text) = self.header {
            message = message.header(Header::text(text));
        }
        footer(message, self.footer)
    }
}

/// `interactive product`.
#[derive(Debug, Args)]
pub struct ProductArgs {
    /// The catalog's id
    #[arg(long)]
    catalog_id: String,
    /// The product's retailer id
    #[arg(long, value_name = "RETAILER_ID")]
    product: String,
    /// A text shown with the product
    #[arg(long)]
    body: Option<String>,
    /// The footer text (at most 60 characters)
    #[arg(long)]
    footer: Option<String>,
}

impl ProductArgs {
    fn content(self) -> Interactive {
        let mut message = Interactive::product(self.catalog_id, self.product);
        if let Some(body) = self.body {
            message = message.body(body);
        }
        footer(message, self.footer)
    }
}

/// `interactive product-list`.
#[derive(Debug, Args)]
pub struct ProductListArgs {
    /// The header text (required on product lists, at most 60 characters)
    #[arg(long, value_name = "TEXT")]
    header: String,
    /// The text above the products (1 to 1024 characters)
    #[arg(long)]
    body: String,
    /// The catalog's id
    #[arg(long)]
    catalog_id: String,
    #[command(flatten)]
    sections: Sections<Products>,
    /// The footer text (at most 60 characters)
    #[arg(long)]
    footer: Option<String>,
}

impl ProductListArgs {
    fn content(self) -> Interactive {
        let mut message = Interactive::product_list(self.header, self.body, self.catalog_id);
        for section in self.sections.sections {
            message = message.section(section);
        }
        footer(message, self.footer)
    }
}
