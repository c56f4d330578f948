//! The timed loops. Each returns the JSON fields of its mode (bench/README.md lists them).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::args::{Args, Mode};
use crate::sys::{cpu_seconds, peak_rss_kb, rss_kb};

/// Calls before the timed ones, so connections are open and caches warm.
const WARMUP: usize = 100;

/// One way of sending `POST /messages`.
pub trait Sender: Clone + Send + Sync + 'static {
    /// Sends one message; the new message's id, or the error as text.
    fn send(&self) -> impl Future<Output = Result<String, String>> + Send;
}

/// Runs the measurement `args` ask for with `sender`, prints its JSON line and exits.
pub fn run<S: Sender>(args: &Args, sender: S) -> ! {
    let runtime = args.runtime();
    let result = runtime.block_on(async {
        match args.mode {
            Mode::Seq => sequential(&sender, args.n).await,
            Mode::Conc => {
                concurrent(&sender, WARMUP.max(args.inflight * 2), args.inflight).await;
                let (wall, cpu, (tally, _)) =
                    timed(concurrent(&sender, args.n, args.inflight)).await;
                tally_totals(args.n, wall, cpu, &tally)
            }
            Mode::Repeat => repeat(&sender, args).await,
            Mode::Rate => {
                let (wall, cpu, (tally, done)) =
                    timed(concurrent(&sender, args.n, args.inflight)).await;
                let mut result = tally_totals(args.n, wall, cpu, &tally);
                result["client_per_s"] = json!(rate_of(&done));
                result
            }
        }
    });
    crate::emit(result)
}

/// Runs `work`, returning its wall time and the process's CPU time during it, in seconds.
pub async fn timed<T>(work: impl Future<Output = T>) -> (f64, f64, T) {
    let (cpu, start) = (cpu_seconds(), Instant::now());
    let output = work.await;
    (start.elapsed().as_secs_f64(), cpu_seconds() - cpu, output)
}

#[derive(Default)]
struct Tally {
    errors: usize,
    first_error: Option<String>,
}

impl Tally {
    fn record(&mut self, outcome: Result<String, String>) {
        let error = match outcome {
            Ok(id) if !id.is_empty() => return,
            Ok(_) => "the answer had no message id".to_string(),
            Err(error) => error,
        };
        self.errors += 1;
        self.first_error.get_or_insert(error);
    }

    fn merge(&mut self, other: Tally) {
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// The fields every timed run reports: `n` sends in `wall` seconds using `cpu` seconds of CPU.
pub fn totals(n: usize, wall: f64, cpu: f64, errors: usize, first_error: Option<&str>) -> Value {
    json!({
        "n": n,
        "wall_s": wall,
        "per_s": n as f64 / wall,
        "cpu_us_per_call": cpu * 1e6 / n as f64,
        "errors": errors,
        "first_error": first_error,
        "peak_rss_kb": peak_rss_kb(),
    })
}

fn tally_totals(n: usize, wall: f64, cpu: f64, tally: &Tally) -> Value {
    totals(n, wall, cpu, tally.errors, tally.first_error.as_deref())
}

async fn sequential<S: Sender>(sender: &S, n: usize) -> Value {
    for _ in 0..WARMUP {
        let _ = sender.send().await;
    }
    let mut latencies = Vec::with_capacity(n);
    let mut tally = Tally::default();
    let (wall, cpu, ()) = timed(async {
        for _ in 0..n {
            let start = Instant::now();
            let outcome = sender.send().await;
            latencies.push(start.elapsed());
            tally.record(outcome);
        }
    })
    .await;
    latencies.sort_unstable();
    let micros = |q: f64| {
        let index = ((latencies.len() - 1) as f64 * q).round() as usize;
        latencies[index].as_secs_f64() * 1e6
    };
    let mut result = tally_totals(n, wall, cpu, &tally);
    for (name, q) in [
        ("p50_us", 0.5),
        ("p90_us", 0.9),
        ("p99_us", 0.99),
        ("max_us", 1.0),
    ] {
        result[name] = json!(micros(q));
    }
    result
}

/// Sends `n` messages from `inflight` tasks; the errors and the instant each send finished.
async fn concurrent<S: Sender>(sender: &S, n: usize, inflight: usize) -> (Tally, Vec<Instant>) {
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..inflight)
        .map(|_| {
            let (sender, next) = (sender.clone(), next.clone());
            tokio::spawn(async move {
                let (mut tally, mut done) = (Tally::default(), Vec::new());
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    let outcome = sender.send().await;
                    done.push(Instant::now());
                    tally.record(outcome);
                }
                (tally, done)
            })
        })
        .collect();
    let (mut tally, mut done) = (Tally::default(), Vec::with_capacity(n));
    for worker in workers {
        let (worker_tally, worker_done) = worker.await.expect("a send task panicked");
        tally.merge(worker_tally);
        done.extend(worker_done);
    }
    (tally, done)
}

/// Sends per second between the first and the last completion.
pub fn rate_of(done: &[Instant]) -> Option<f64> {
    let (first, last) = (done.iter().min()?, done.iter().max()?);
    let span = last.duration_since(*first);
    (span > Duration::ZERO).then(|| (done.len() - 1) as f64 / span.as_secs_f64())
}

async fn repeat<S: Sender>(sender: &S, args: &Args) -> Value {
    let mut rss = Vec::with_capacity(args.runs);
    let mut tally = Tally::default();
    for _ in 0..args.runs {
        let (run_tally, _) = concurrent(sender, args.n, args.inflight).await;
        tally.merge(run_tally);
        rss.push(rss_kb());
    }
    json!({
        "runs": args.runs,
        "n": args.n,
        "rss_kb": rss,
        "errors": tally.errors,
        "first_error": tally.first_error,
        "peak_rss_kb": peak_rss_kb(),
    })
}
