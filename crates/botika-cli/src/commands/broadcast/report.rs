//! What a broadcast did: one outcome per CSV row, the summary printed at the end, and the
//! failures file, which keeps each failed row's own columns so it can be fixed and sent again
//! as the next broadcast's CSV.

use std::path::Path;

use csv::StringRecord;
use serde::Serialize;

use super::columns::REPORT_COLUMNS;
use crate::failure::Failure;

/// A row that was sent.
#[derive(Debug, Serialize)]
pub struct SentRow {
    /// The row's line in the CSV.
    pub line: u64,
    /// The recipient.
    pub to: String,
    /// The new message's id.
    pub id: String,
}

/// A row that failed.
#[derive(Debug, Serialize)]
pub struct FailedRow {
    /// The row's line in the CSV.
    pub line: u64,
    /// The recipient, as the row gives it.
    pub to: String,
    /// The core's error code (`invalid_argument`, `validation`, `connection`, ...).
    pub code: &'static str,
    /// What went wrong.
    pub error: String,
    /// The row as read, for the failures file.
    #[serde(skip)]
    pub record: StringRecord,
}

/// The summary of a broadcast.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The template sent.
    pub template: String,
    /// Its language.
    pub language: String,
    /// Rows in the CSV.
    pub total: usize,
    /// Messages accepted by the API.
    pub sent: usize,
    /// Rows that failed.
    pub failed: usize,
    /// True when nothing was sent (`--dry-run`).
    pub dry_run: bool,
    /// Where the failed rows were written.
    pub failures_file: Option<String>,
    /// The rows sent, by line.
    pub messages: Vec<SentRow>,
    /// The rows that failed, by line.
    pub failures: Vec<FailedRow>,
}

impl Summary {
    /// The summary as text: a line of counts, then one line per failure.
    pub fn text(&self) -> String {
        let verb = if self.dry_run { "would send" } else { "sent" };
        let mut text = format!(
            "{verb} {} of {} messages with template {} ({})",
            self.sent, self.total, self.template, self.language
        );
        if let Some(file) = &self.failures_file {
            text.push_str(&format!("; {} failed, listed in {file}", self.failed));
        }
        for failure in &self.failures {
            text.push_str(&format!(
                "\n  line {} ({}): {}",
                failure.line, failure.to, failure.error
            ));
        }
        text
    }
}

/// Writes the failed rows to `path`: the CSV's own columns (less any report columns it had),
/// then `line`, `error_code` and `error`.
pub fn write_failures(
    path: &Path,
    headers: &StringRecord,
    failures: &[FailedRow],
) -> Result<(), Failure> {
    let cannot = |e: csv::Error| {
        Failure::other(format!(
            "cannot write the failures file {}: {e}",
            path.display()
        ))
    };
    let kept: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, name)| !REPORT_COLUMNS.contains(&name.trim()))
        .map(|(at, _)| at)
        .collect();
    let mut writer = csv::Writer::from_path(path).map_err(cannot)?;
    let header_row = kept.iter().map(|&at| &headers[at]).chain(REPORT_COLUMNS);
    writer.write_record(header_row).map_err(cannot)?;
    for failure in failures {
        let line = failure.line.to_string();
        let row = kept
            .iter()
            .map(|&at| failure.record.get(at).unwrap_or(""))
            .chain([line.as_str(), failure.code, failure.error.as_str()]);
        writer.write_record(row).map_err(cannot)?;
    }
    writer.flush().map_err(|e| {
        Failure::other(format!(
            "cannot write the failures file {}: {e}",
            path.display()
        ))
    })
}
