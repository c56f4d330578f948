//! The core's bulk send (`client.send_bulk_to`), timed as one job of `n` recipients.

use std::time::Instant;

use botika::bulk::BulkOptions;
use botika::{Client, Text};
use harness::{Args, Mode};
use serde_json::json;

/// Sends one bulk job; its errors (recipients not sent) and the first error's text. `done`
/// gets the instant each recipient's outcome arrived.
async fn job(
    client: &Client,
    n: usize,
    inflight: usize,
    done: &mut Vec<Instant>,
) -> (usize, Option<String>) {
    let recipients = vec![super::TO; n];
    let options = BulkOptions::default().concurrency(inflight);
    let job = match client.send_bulk_to(recipients, Text::new("Halo!"), options) {
        Ok(job) => job,
        Err(error) => return (n, Some(error.to_string())),
    };
    let report = job.finish_with(|_| done.push(Instant::now())).await;
    let first_error = report
        .outcomes
        .iter()
        .find_map(|o| o.error())
        .map(|e| e.to_string());
    (n - report.counts.sent, first_error)
}

pub fn run(args: &Args, client: Client) -> ! {
    let result = args.runtime().block_on(async {
        if args.mode == Mode::Repeat {
            let (mut rss, mut errors) = (Vec::new(), 0);
            for _ in 0..args.runs {
                errors += job(&client, args.n, args.inflight, &mut Vec::new()).await.0;
                rss.push(harness::rss_kb());
            }
            return json!({"runs": args.runs, "n": args.n, "rss_kb": rss, "errors": errors,
                          "peak_rss_kb": harness::peak_rss_kb()});
        }
        if args.mode == Mode::Conc {
            job(&client, 2 * args.inflight, args.inflight, &mut Vec::new()).await;
        }
        let mut done = Vec::with_capacity(args.n);
        let (wall, cpu, (errors, first_error)) =
            harness::timed(job(&client, args.n, args.inflight, &mut done)).await;
        let mut result = harness::totals(args.n, wall, cpu, errors, first_error.as_deref());
        if args.mode == Mode::Rate {
            result["client_per_s"] = json!(harness::rate_of(&done));
        }
        result
    });
    harness::emit(result)
}
