//! `--name value` arguments, the same in every bench binary and script:
//! `--mode seq|conc|repeat|rate --url URL --token T --n N --inflight C --runtime current|multi
//!  --runs R --rate PER_S`.

/// What to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each call waits for the last: latency percentiles and CPU per call.
    Seq,
    /// `n` sends with `inflight` at once: throughput, CPU per send, peak memory.
    Conc,
    /// `runs` rounds of `n` concurrent sends on one client: resident memory after each.
    Repeat,
    /// `n` sends through a client limited to `rate` per second.
    Rate,
}

#[derive(Debug, Clone)]
pub struct Args {
    pub mode: Mode,
    pub client: String,
    pub url: String,
    pub token: String,
    pub n: usize,
    pub inflight: usize,
    pub multi_thread: bool,
    pub runs: usize,
    pub rate: f64,
}

impl Args {
    /// Reads the process arguments; exits with a message on a bad one.
    pub fn parse() -> Args {
        let mut args = Args {
            mode: Mode::Seq,
            client: String::new(),
            url: "http://127.0.0.1:8080".into(),
            token: "T".into(),
            n: 1000,
            inflight: 64,
            multi_thread: false,
            runs: 10,
            rate: 80.0,
        };
        let mut it = std::env::args().skip(1);
        while let Some(name) = it.next() {
            let value = it
                .next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")));
            match name.as_str() {
                "--mode" => args.mode = parse_mode(&value),
                "--client" => args.client = value,
                "--url" => args.url = value,
                "--token" => args.token = value,
                "--n" => args.n = number(&name, &value),
                "--inflight" => args.inflight = number(&name, &value),
                "--runs" => args.runs = number(&name, &value),
                "--rate" => args.rate = number(&name, &value),
                "--runtime" => args.multi_thread = value == "multi",
                _ => fail(&format!("unknown argument {name}")),
            }
        }
        args
    }

    /// The tokio runtime asked for: `current_thread` (default) or `multi_thread`.
    pub fn runtime(&self) -> tokio::runtime::Runtime {
        let mut builder = if self.multi_thread {
            tokio::runtime::Builder::new_multi_thread()
        } else {
            tokio::runtime::Builder::new_current_thread()
        };
        builder.enable_all().build().expect("a tokio runtime")
    }
}

fn parse_mode(value: &str) -> Mode {
    match value {
        "seq" => Mode::Seq,
        "conc" => Mode::Conc,
        "repeat" => Mode::Repeat,
        "rate" => Mode::Rate,
        _ => fail(&format!("unknown mode {value}")),
    }
}

fn number<T: std::str::FromStr>(name: &str, value: &str) -> T {
    value
        .parse()
        .unwrap_or_else(|_| fail(&format!("{name}: {value:?} is not a number")))
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}
