//! The conformance runner's operations: each maps an op name (`<resource>.<python_method_name>`)
//! and its arguments (by Python keyword name) to a call of the Rust API, and turns the result into
//! its dict form (JSON, snake_case) for comparison. See `tests/conformance/README.md`.
//!
//! One file per resource, each exporting `pub const OPS: &[(&str, Op)]`. To add a resource, write
//! its file and add its name to the `resources!` line below; nothing else here needs to change.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};

use botika::Client;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Declares the resource modules and collects their `OPS` tables.
macro_rules! resources {
    ($($resource:ident),* $(,)?) => {
        $(pub mod $resource;)*
        const RESOURCES: &[&[(&str, Op)]] = &[$($resource::OPS),*];
    };
}

resources!(profile, request, messages, templates, broadcasts, media);

/// What an op gives back: the result's dict form, or why it failed.
pub type OpResult = Result<Value, OpError>;
/// The future an op returns.
pub type OpFuture<'a> = Pin<Box<dyn Future<Output = OpResult> + 'a>>;
/// An op: calls the SDK with the case's arguments.
pub type Op = for<'a> fn(&'a Client, &'a Args) -> OpFuture<'a>;

/// Why an op failed: the SDK returned an error (compared with the case's `expect.error`), or the
/// case itself is wrong (a missing or mistyped argument), which fails the case outright.
#[derive(Debug)]
pub enum OpError {
    Sdk(botika::Error),
    Case(String),
}

impl From<botika::Error> for OpError {
    fn from(error: botika::Error) -> OpError {
        OpError::Sdk(error)
    }
}

/// The op named `name`, if a resource registered it.
pub fn find(name: &str) -> Option<Op> {
    RESOURCES
        .iter()
        .flat_map(|ops| ops.iter())
        .find(|(op, _)| *op == name)
        .map(|(_, op)| *op)
}

/// Every registered op name (to report duplicates).
pub fn names() -> impl Iterator<Item = &'static str> {
    RESOURCES
        .iter()
        .flat_map(|ops| ops.iter())
        .map(|(name, _)| *name)
}

/// A result in its dict form: the model serialized as JSON.
pub fn to_dict(value: &impl Serialize) -> OpResult {
    serde_json::to_value(value)
        .map_err(|e| OpError::Case(format!("the result does not serialize: {e}")))
}

/// A case's arguments. Reading an argument marks it used: the runner fails a case that passes an
/// argument its op never read (a typo would otherwise go unnoticed).
pub struct Args {
    values: Map<String, Value>,
    read: Mutex<Vec<String>>,
}

impl Args {
    pub fn new(values: Map<String, Value>) -> Args {
        Args {
            values,
            read: Mutex::new(Vec::new()),
        }
    }

    /// An optional argument; absent and `null` both read as `None` (Python's `None` default).
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, OpError> {
        self.read
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(name.to_owned());
        match self.values.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => serde_json::from_value(value.clone())
                .map(Some)
                .map_err(|e| OpError::Case(format!("argument {name:?}: {e}"))),
        }
    }

    /// A required argument.
    pub fn required<T: DeserializeOwned>(&self, name: &str) -> Result<T, OpError> {
        self.get(name)?
            .ok_or_else(|| OpError::Case(format!("missing argument {name:?}")))
    }

    /// The arguments the op never read.
    pub fn unread(&self) -> Vec<String> {
        let read = self.read.lock().unwrap_or_else(PoisonError::into_inner);
        self.values
            .keys()
            .filter(|name| !read.contains(name))
            .cloned()
            .collect()
    }
}
