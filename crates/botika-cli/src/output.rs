//! Where results go: readable text, or JSON for scripts (`--output json`). Results go to stdout,
//! failures and progress to stderr, so a script can pipe one and still see the other.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::failure::Failure;

/// The output format chosen with `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable text.
    Text,
    /// One JSON document per result (one line per event for `webhooks listen`).
    Json,
}

/// Prints results and failures in the chosen format.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    format: OutputFormat,
}

impl Printer {
    /// A printer for `format`.
    pub fn new(format: OutputFormat) -> Printer {
        Printer { format }
    }

    /// True when scripts read the output (`--output json`).
    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Prints a result: `value` as pretty JSON, or the text `text` builds.
    pub fn result(&self, value: &impl Serialize, text: impl FnOnce() -> String) {
        let out = match self.format {
            OutputFormat::Json => json(value, true),
            OutputFormat::Text => text(),
        };
        print_line(&out);
    }

    /// Prints one item of a stream (a webhook event): a compact JSON line, or the text.
    pub fn stream_item(&self, value: &impl Serialize, text: impl FnOnce() -> String) {
        let out = match self.format {
            OutputFormat::Json => json(value, false),
            OutputFormat::Text => text(),
        };
        print_line(&out);
    }

    /// Prints a failure to stderr: `{"error": {...}}`, or `error: ...` with the field rules and
    /// the hint on their own lines.
    pub fn failure(&self, failure: &Failure) {
        let text = match self.format {
            OutputFormat::Json => json(&serde_json::json!({ "error": failure }), false),
            OutputFormat::Text => {
                let mut text = format!("error: {}", failure.message);
                for (field, rules) in &failure.fields {
                    for rule in rules {
                        text.push_str(&format!("\n  {field}: {rule}"));
                    }
                }
                if let Some(hint) = &failure.hint {
                    text.push_str(&format!("\n  hint: {hint}"));
                }
                text
            }
        };
        eprintln!("{text}");
    }
}

fn json(value: &impl Serialize, pretty: bool) -> String {
    let written = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    // Every value printed here is built from plain data with string keys.
    written.unwrap_or_else(|e| format!("{{\"error\":\"cannot write JSON: {e}\"}}"))
}

/// Writes a line to stdout, ignoring a closed pipe (`botika ... | head`) rather than panicking.
fn print_line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
    let _ = stdout.flush();
}
