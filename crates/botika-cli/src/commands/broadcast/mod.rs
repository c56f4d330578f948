//! `botika broadcast`: one template message per row of a CSV file, sent through the core's bulk
//! send (concurrently, under the client's rate limit), with a progress bar, a summary, and the
//! failed rows written to a file.

mod columns;
mod report;

use std::path::{Path, PathBuf};

use botika::bulk::{BulkItem, BulkOptions};
use botika::{Client, MessageTemplate, TemplateMessage, TemplateStatus};
use clap::Args;
use csv::StringRecord;
use indicatif::{ProgressBar, ProgressStyle};

use crate::context::Context;
use crate::failure::Failure;
use columns::Columns;
use report::{FailedRow, SentRow, Summary};

const EXAMPLES: &str = "\
The CSV has a header row. Columns: to (required), header or header_image/header_video/
header_document (a media id or link), body_1, body_2, ... (the body's variables), button_1, ...
(the values of the template's buttons that take one, in order), limited_time_offer (Unix ms).

Example, for the template order_update (header {{1}}, body {{1}}, one quick-reply button):
  to,header,body_1,button_1
  +62 812-3456-7890,#1024,Budi,track-1024
  +62 813-1111-2222,#1025,Sari,track-1025

  botika broadcast --csv customers.csv --template order_update --language en_US --rate-limit 5

Failed rows go to customers.failures.csv with their error; fix them and send that file again.
Delivery failures reported later by webhooks are not seen here: watch them with
`botika webhooks listen`.";

/// Send a template to every recipient of a CSV file.
#[derive(Debug, Args)]
#[command(after_help = format!("{EXAMPLES}\n\n{}", crate::commands::broadcasts::DIFFERENCE))]
pub struct BroadcastArgs {
    /// The recipients CSV
    #[arg(long, value_name = "PATH")]
    csv: PathBuf,
    /// The template's name
    #[arg(long)]
    template: String,
    /// The template's language code (id, en_US)
    #[arg(long)]
    language: String,
    /// Messages per second at most
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    rate_limit: f64,
    /// Sends in flight at once
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    /// Where failed rows are written [default: beside the CSV, as NAME.failures.csv]
    #[arg(long, value_name = "PATH")]
    failures: Option<PathBuf>,
    /// Check every row without sending anything
    #[arg(long)]
    dry_run: bool,
}

/// A row ready to send.
struct Job {
    line: u64,
    to: String,
    record: StringRecord,
    message: TemplateMessage,
}

/// Runs `botika broadcast`.
pub async fn run(context: Context<'_>, args: BroadcastArgs) -> Result<(), Failure> {
    if !(args.rate_limit.is_finite() && args.rate_limit > 0.0) {
        return Err(Failure::usage(
            "--rate-limit must be more than 0 messages per second",
        ));
    }
    let client = context.client_with(|builder| builder.rate_limit(args.rate_limit))?;
    let template = approved_template(&client, &args.template, &args.language).await?;
    let (headers, records) = read_csv(&args.csv)?;
    let columns = Columns::plan(&headers, &template)?;
    fits(&columns, &records[0].1, &template)?;

    let mut failures = Vec::new();
    let mut jobs = Vec::new();
    for (line, record) in records {
        let to = columns.recipient(&record).to_owned();
        let checked = columns
            .message(&record, &template.name, &template.language)
            .and_then(|message| {
                botika::validate_recipient(&to)?;
                botika::OutgoingMessage::new(message.clone()).validate()?;
                Ok(message)
            });
        match checked {
            Ok(message) => jobs.push(Job {
                line,
                to,
                record,
                message,
            }),
            Err(error) => failures.push(failed(line, to, record, &error)),
        }
    }
    let total = jobs.len() + failures.len();
    let mut sent = Vec::new();
    if args.dry_run {
        sent.extend(jobs.into_iter().map(|job| SentRow {
            line: job.line,
            to: job.to,
            id: String::new(),
        }));
    } else {
        let (mut done, mut failed_rows) =
            send_all(&context, &client, jobs, args.concurrency).await?;
        sent.append(&mut done);
        failures.append(&mut failed_rows);
    }
    sent.sort_by_key(|row| row.line);
    failures.sort_by_key(|row| row.line);

    let failures_file = if failures.is_empty() {
        None
    } else {
        let path = args.failures.unwrap_or_else(|| failures_path(&args.csv));
        report::write_failures(&path, &headers, &failures)?;
        Some(path.display().to_string())
    };
    let summary = Summary {
        template: template.name,
        language: template.language,
        total,
        sent: sent.len(),
        failed: failures.len(),
        dry_run: args.dry_run,
        failures_file,
        messages: sent,
        failures,
    };
    context.printer.result(&summary, || summary.text());
    match &summary.failures_file {
        Some(file) => Err(Failure::partial(format!(
            "{} of {} rows failed; they are listed in {file}",
            summary.failed, summary.total
        ))
        .hint(format!(
            "fix them and run the broadcast again with --csv {file}"
        ))),
        None => Ok(()),
    }
}

/// Sends every job through the core's bulk send (concurrent, under the client's rate limit,
/// pausing on 429s), advancing the progress bar as each recipient finishes.
async fn send_all(
    context: &Context<'_>,
    client: &Client,
    jobs: Vec<Job>,
    concurrency: u16,
) -> Result<(Vec<SentRow>, Vec<FailedRow>), Failure> {
    let items: Vec<BulkItem> = jobs
        .iter()
        .map(|job| BulkItem::new(job.to.as_str(), job.message.clone()))
        .collect();
    let options = BulkOptions::default().concurrency(usize::from(concurrency));
    let mut bulk = client.send_bulk(items, options)?;
    let progress = progress_bar(context, jobs.len());
    let mut jobs: Vec<Option<Job>> = jobs.into_iter().map(Some).collect();
    let (mut sent, mut failures) = (Vec::new(), Vec::new());
    while let Some(outcome) = bulk.next_outcome().await {
        progress.inc(1);
        let Some(job) = jobs.get_mut(outcome.index()).and_then(Option::take) else {
            continue;
        };
        match outcome.result() {
            Ok(id) => sent.push(SentRow {
                line: job.line,
                to: job.to,
                id: id.to_owned(),
            }),
            Err(error) => {
                failures.push(failed(job.line, job.to, job.record, error));
                progress.set_message(format!("{} failed", failures.len()));
            }
        }
    }
    progress.finish_and_clear();
    Ok((sent, failures))
}

/// The template, which must exist in that language and be approved.
async fn approved_template(
    client: &Client,
    name: &str,
    language: &str,
) -> Result<MessageTemplate, Failure> {
    let template = client
        .templates()
        .find(name, language)
        .await?
        .ok_or_else(|| {
            Failure::usage(format!(
                "there is no template {name:?} in language {language:?}"
            ))
            .hint("`botika templates list` shows the templates and their languages")
        })?;
    match &template.status {
        Some(TemplateStatus::Approved) | None => Ok(template),
        Some(status) => Err(Failure::usage(format!(
            "template {name:?} ({language}) is {status}: only APPROVED templates can be sent"
        ))
        .hint("`botika templates get ID` shows its review result")),
    }
}

/// Checks, on the first row, that the columns give what the template needs: every row has the
/// same columns, so a misfit would fail them all.
fn fits(
    columns: &Columns,
    first: &StringRecord,
    template: &MessageTemplate,
) -> Result<(), Failure> {
    let Ok(message) = columns.message(first, &template.name, &template.language) else {
        // A cell that cannot be read fails that row alone, below.
        return Ok(());
    };
    message.check_against(template).map_err(|error| {
        let mut failure = Failure::from(error);
        failure.message = format!(
            "the CSV's columns do not fit template {} ({})",
            template.name, template.language
        );
        failure.hint =
            Some("`botika templates get ID` shows the template's variables and buttons".into());
        failure
    })
}

/// The header row and every record with its line number.
fn read_csv(path: &Path) -> Result<(StringRecord, Vec<(u64, StringRecord)>), Failure> {
    let unreadable = |e: csv::Error| {
        let at = e
            .position()
            .map(|p| format!(" at line {}", p.line()))
            .unwrap_or_default();
        Failure::usage(format!("cannot read the CSV {}{at}: {e}", path.display()))
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_path(path)
        .map_err(unreadable)?;
    let headers = reader.headers().map_err(unreadable)?.clone();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        let line = record.position().map_or(0, |p| p.line());
        records.push((line, record));
    }
    if records.is_empty() {
        return Err(Failure::usage(format!(
            "the CSV {} has no rows after its header",
            path.display()
        )));
    }
    Ok((headers, records))
}

/// `customers.csv` -> `customers.failures.csv`, beside it.
fn failures_path(csv: &Path) -> PathBuf {
    let stem = csv.file_stem().unwrap_or_default().to_string_lossy();
    csv.with_file_name(format!("{stem}.failures.csv"))
}

fn failed(line: u64, to: String, record: StringRecord, error: &botika::Error) -> FailedRow {
    FailedRow {
        line,
        to,
        code: error.code(),
        error: error.to_string(),
        record,
    }
}

/// A bar on stderr (drawn only on a terminal, never in JSON mode).
fn progress_bar(context: &Context<'_>, length: usize) -> ProgressBar {
    if context.printer.is_json() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} sent {msg} ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}
