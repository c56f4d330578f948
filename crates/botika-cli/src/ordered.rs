//! Repeated flags read in the order they were typed, for flags whose meaning depends on their
//! neighbours: `--section Fruit --row a=Apple --section Veg --row c=Carrot`, or a template
//! button followed by its example. clap's derive API keeps each flag's values apart and loses
//! that order, so the types using this implement `clap::Args` by hand.

use clap::ArgMatches;

/// Every value of the flags `ids` (all taking `String`s), as `(flag id, value)` in the order
/// they appear on the command line.
pub fn in_order<'a>(matches: &'a ArgMatches, ids: &[&'static str]) -> Vec<(&'static str, &'a str)> {
    let mut found = Vec::new();
    for &id in ids {
        let values = matches.get_many::<String>(id).into_iter().flatten();
        let indices = matches.indices_of(id).into_iter().flatten();
        found.extend(
            indices
                .zip(values)
                .map(|(at, value)| (at, id, value.as_str())),
        );
    }
    found.sort_by_key(|&(at, _, _)| at);
    found
        .into_iter()
        .map(|(_, id, value)| (id, value))
        .collect()
}

/// A usage error about `flag`'s value, formatted by clap like its own (exit code 2).
pub fn invalid(flag: &str, problem: impl std::fmt::Display) -> clap::Error {
    clap::Error::raw(
        clap::error::ErrorKind::ValueValidation,
        format!("invalid value for '--{flag}': {problem}\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, ArgAction, Command};

    #[test]
    fn values_of_different_flags_come_back_interleaved_as_typed() {
        let command = Command::new("t")
            .arg(Arg::new("a").long("a").action(ArgAction::Append))
            .arg(Arg::new("b").long("b").action(ArgAction::Append));
        let matches = command.get_matches_from(["t", "--a", "1", "--b", "2", "--a", "3"]);
        assert_eq!(
            in_order(&matches, &["a", "b"]),
            [("a", "1"), ("b", "2"), ("a", "3")]
        );
    }
}
