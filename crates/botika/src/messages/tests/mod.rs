//! Unit tests of the message models: exact wire JSON of every builder, reading from JSON with
//! path errors, every validation rule at its boundaries, the template fit check, and a property
//! test that no JSON input can make reading or validating panic.

mod builders;
mod fit;
mod from_json;
mod interactive_rules;
pub(crate) mod no_panic;
mod rules;

use std::collections::BTreeMap;

use crate::error::Result;

/// The field errors of a failed check (empty when it passed).
fn field_errors(result: Result<()>) -> BTreeMap<String, Vec<String>> {
    match result {
        Ok(()) => BTreeMap::new(),
        Err(err) => {
            assert_eq!(err.code(), "invalid_argument", "{err:?}");
            err.field_errors().clone()
        }
    }
}

/// The paths of a failed check, sorted.
fn paths(result: Result<()>) -> Vec<String> {
    field_errors(result).into_keys().collect()
}
