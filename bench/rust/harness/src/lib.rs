//! What every Rust bench binary shares: arguments, the tokio runtime, the timed loops, CPU and
//! memory readings, and the one JSON line each run prints (its fields are listed in bench/README.md).

mod args;
mod measure;
mod sys;

pub use args::{Args, Mode};
pub use measure::{Sender, rate_of, run, timed, totals};
pub use sys::{cpu_seconds, peak_rss_kb, rss_kb};

use serde_json::{Value, json};

/// Prints the result line and exits 0.
pub fn emit(result: Value) -> ! {
    println!("{result}");
    std::process::exit(0)
}

/// Says that this measurement cannot run yet (a part of the SDK that does not exist), and why.
pub fn unavailable(why: &str) -> ! {
    emit(json!({ "unavailable": why }))
}
