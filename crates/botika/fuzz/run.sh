#!/usr/bin/env bash
# A short fuzz run of every target (what `make fuzz` runs): cargo-fuzz with libFuzzer, on nightly
# when it is installed, else on stable with RUSTC_BOOTSTRAP=1 (cargo-fuzz only needs unstable
# flags, not nightly features); without cargo-fuzz and no way to install it, the libFuzzer-free
# replay example. FUZZ_SECONDS (default 60) is the time per target.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-60}"
targets=(webhook decoders mime)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked || true
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not available: running the replay example instead (not coverage-guided)"
    exec cargo run --release --no-default-features --example replay -- --seconds "$((seconds * ${#targets[@]}))"
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    "${fuzz[@]}" run "$target" -s none "corpus/$target" "seeds/$target" -- -max_total_time="$seconds"
done
