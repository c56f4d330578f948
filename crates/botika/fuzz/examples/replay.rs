//! Runs the fuzz targets without libFuzzer, on a stable toolchain: every seed and corpus file,
//! then pseudo-random mutations of them for a time budget. Not coverage-guided (that needs
//! `cargo fuzz`), but it catches panics on the seeds' neighbourhood anywhere Rust builds.
//!
//! `replay [--seconds N] [TARGET...]` runs the named targets (all by default) over
//! `seeds/<target>/` and `corpus/<target>/` beside this crate's `Cargo.toml`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let mut seconds = 10u64;
    let mut targets = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--seconds" {
            seconds = args
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| usage());
        } else if botika_fuzz::TARGETS.contains(&arg.as_str()) {
            targets.push(arg);
        } else {
            usage();
        }
    }
    if targets.is_empty() {
        targets = botika_fuzz::TARGETS
            .iter()
            .map(|t| (*t).to_owned())
            .collect();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let budget = Duration::from_secs(seconds) / targets.len() as u32;
    for target in &targets {
        let inputs = inputs(&[
            root.join("seeds").join(target),
            root.join("corpus").join(target),
        ]);
        let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ target.len() as u64;
        for input in &inputs {
            botika_fuzz::run(target, input);
        }
        let started = Instant::now();
        let mut runs = inputs.len() as u64;
        while started.elapsed() < budget {
            let base = inputs
                .get(next(&mut rng) as usize % inputs.len().max(1))
                .cloned()
                .unwrap_or_default();
            let input = mutate(base, &mut rng);
            botika_fuzz::run(target, &input);
            runs += 1;
        }
        println!(
            "{target}: {} seed and corpus inputs, {runs} runs, no panic",
            inputs.len()
        );
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: replay [--seconds N] [{}]...",
        botika_fuzz::TARGETS.join("|")
    );
    std::process::exit(2);
}

fn inputs(folders: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = folders
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .collect()
}

/// xorshift64*: a small deterministic generator, so a run can be repeated exactly.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// One to eight byte-level edits: flip, overwrite, insert, delete, duplicate a slice, or splice
/// in a token the parsers care about.
fn mutate(mut data: Vec<u8>, rng: &mut u64) -> Vec<u8> {
    const TOKENS: &[&[u8]] = &[
        b"\"",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"null",
        b"1e999",
        b"-0",
        b"\"type\"",
        b"\"entry\"",
        b"\"messages\"",
        b"\"interactive\"",
        b"PK\x03\x04",
        b"OggS",
        b"ftyp",
        b"\xD0\xCF\x11\xE0",
        b"sha256=",
    ];
    for _ in 0..=next(rng) % 8 {
        let at = if data.is_empty() {
            0
        } else {
            next(rng) as usize % data.len()
        };
        match next(rng) % 6 {
            0 if !data.is_empty() => data[at] ^= 1 << (next(rng) % 8),
            1 if !data.is_empty() => data[at] = next(rng) as u8,
            2 => data.insert(at, next(rng) as u8),
            3 if !data.is_empty() => {
                data.remove(at);
            }
            4 if !data.is_empty() => {
                let end = (at + 1 + next(rng) as usize % 32).min(data.len());
                let slice = data[at..end].to_vec();
                data.splice(at..at, slice);
            }
            _ => {
                let token = TOKENS[next(rng) as usize % TOKENS.len()];
                data.splice(at..at, token.iter().copied());
            }
        }
    }
    data
}
