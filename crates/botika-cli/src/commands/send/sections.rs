//! `--section TITLE` flags followed by the items of that section (`--row` for lists,
//! `--product` for product lists), read in command-line order. Items before the first
//! `--section` form one untitled section, which is all a single-section list needs.

use std::marker::PhantomData;

use botika::{Row, Section};
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};

use crate::ordered::{in_order, invalid};
use crate::values::pair;

/// What a section holds, and its flag.
pub trait Item {
    /// The item flag's name (`row`).
    const FLAG: &'static str;
    /// The item flag's value name in the help.
    const VALUE_NAME: &'static str;
    /// The item flag's help.
    const HELP: &'static str;
    /// Adds the item written `text` to `section`.
    fn add(section: Section, text: &str) -> Result<Section, String>;
}

/// List rows: `--row ID=TITLE[=DESCRIPTION]`.
#[derive(Debug)]
pub enum Rows {}

impl Item for Rows {
    const FLAG: &'static str = "row";
    const VALUE_NAME: &'static str = "ID=TITLE[=DESCRIPTION]";
    const HELP: &'static str = "A row of the current section; repeat (at most 10 in all)";
    fn add(section: Section, text: &str) -> Result<Section, String> {
        let (id, rest) = pair(text, Self::VALUE_NAME)?;
        let row = match rest.split_once('=') {
            Some((title, description)) => Row::new(id, title).description(description),
            None => Row::new(id, rest),
        };
        Ok(section.row(row))
    }
}

/// Product list items: `--product RETAILER_ID`.
#[derive(Debug)]
pub enum Products {}

impl Item for Products {
    const FLAG: &'static str = "product";
    const VALUE_NAME: &'static str = "RETAILER_ID";
    const HELP: &'static str = "A product of the current section; repeat (at most 30 in all)";
    fn add(section: Section, text: &str) -> Result<Section, String> {
        Ok(section.product(text))
    }
}

/// The sections given on the command line.
#[derive(Debug)]
pub struct Sections<I: Item> {
    /// The sections, in order.
    pub sections: Vec<Section>,
    item: PhantomData<I>,
}

const SECTION: &str = "section";

impl<I: Item> FromArgMatches for Sections<I> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut sections: Vec<Section> = Vec::new();
        for (flag, value) in in_order(matches, &[SECTION, I::FLAG]) {
            if flag == SECTION {
                sections.push(Section::titled(value));
                continue;
            }
            let section = sections.pop().unwrap_or_default();
            sections.push(I::add(section, value).map_err(|problem| invalid(I::FLAG, problem))?);
        }
        Ok(Sections {
            sections,
            item: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<I: Item> Args for Sections<I> {
    fn augment_args(command: Command) -> Command {
        command
            .arg(
                Arg::new(SECTION)
                    .long(SECTION)
                    .value_name("TITLE")
                    .action(ArgAction::Append)
                    .help(format!(
                        "Starts a section; the --{} flags after it belong to it",
                        I::FLAG
                    )),
            )
            .arg(
                Arg::new(I::FLAG)
                    .long(I::FLAG)
                    .value_name(I::VALUE_NAME)
                    .action(ArgAction::Append)
                    .required(true)
                    .help(I::HELP),
            )
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct List {
        #[command(flatten)]
        sections: Sections<Rows>,
    }

    #[test]
    fn rows_belong_to_the_section_before_them() {
        let list = List::try_parse_from([
            "t",
            "--row",
            "a=Apple",
            "--section",
            "Veg",
            "--row",
            "c=Carrot=Orange and crunchy",
        ])
        .unwrap();
        let json = serde_json::to_value(&list.sections.sections).unwrap();
        assert_eq!(json[0]["rows"][0]["title"], "Apple");
        assert!(json[0].get("title").is_none());
        assert_eq!(json[1]["title"], "Veg");
        assert_eq!(json[1]["rows"][0]["description"], "Orange and crunchy");
    }

    #[test]
    fn a_row_without_a_title_is_a_usage_error_naming_the_flag() {
        let error = List::try_parse_from(["t", "--row", "a"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("--row"), "{error}");
    }
}
