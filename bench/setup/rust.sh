#!/usr/bin/env bash
# Builds, in release mode and in the shared cargo target dir: the sandbox binary, and the Rust bench
# binaries of bench/rust (its own workspace, resolved like the project by starting from its
# Cargo.lock). bench-core gets each optional part (typed-send, bulk) that compiles against the core
# as it is now; bench/.build/rust.txt has one line per missing part: "<feature>: <first error>".
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/setup/lib.sh

note=bench/.build/rust.txt
log=bench/.build/rust-build.log
bin="${CARGO_TARGET_DIR:-$PWD/target}/${CARGO_BUILD_TARGET:+$CARGO_BUILD_TARGET/}release"
mkdir -p bench/.build
: >"$note"

cargo build --release -p botika-sandbox
cp Cargo.lock bench/rust/Cargo.lock
manifest=(--manifest-path bench/rust/Cargo.toml)
cargo build --release "${manifest[@]}" -p bench-reqwest

# Never measure an older build: the most complete feature set that compiles, fullest first.
rm -f "$bin/bench-core"
for features in "typed-send bulk" "typed-send" ""; do
  if cargo build -q --release "${manifest[@]}" -p bench-core --features "$features" 2>"$log"; then
    echo "bench: bench-core built with features: ${features:-none}"
    exit 0
  fi
  [ -z "$features" ] || echo "${features##* }: $(first_error "$log")" >>"$note"
done
echo "bench-core: does not build against the core as it is now: $(first_error "$log")" >>"$note"
echo "bench: $(tail -n1 "$note")"
