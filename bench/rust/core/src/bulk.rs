//! The core's bulk send, timed as one call. Its API does not exist yet: this is the guess the
//! bench compiles against (feature `bulk`); when the bulk send lands, make this match it.

use botika::Client;
use harness::{Args, Mode};
use serde_json::json;

pub fn run(args: &Args, client: Client) -> ! {
    let recipients = vec![super::TO.to_string(); args.n];
    let runtime = args.runtime();
    let (wall, cpu, results) = runtime.block_on(harness::timed(
        client
            .messages()
            .send_bulk(&recipients, botika::Text::new("Halo!"), args.inflight),
    ));
    let errors = results.iter().filter(|r| r.is_err()).count();
    let mut result = json!({
        "n": args.n,
        "wall_s": wall,
        "per_s": args.n as f64 / wall,
        "cpu_us_per_call": cpu * 1e6 / args.n as f64,
        "errors": errors,
        "peak_rss_kb": harness::peak_rss_kb(),
    });
    if args.mode == Mode::Rate {
        result["client_per_s"] = json!(args.n as f64 / wall);
    }
    harness::emit(result)
}
