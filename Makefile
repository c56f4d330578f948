# botika: one entry point for building, testing and demonstrating every part of the SDK.
# `make demo` and `make test` work on a fresh machine: they install what they need.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# One target dir shared by cargo, maturin and napi. The napi CLI always passes --target, so
# everything else must too, or nothing is shared (docs/toolchain.md).
HOST_TRIPLE := $(shell rustc -vV | sed -n 's/host: //p')
export CARGO_BUILD_TARGET ?= $(HOST_TRIPLE)
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never
BIN := $(CARGO_TARGET_DIR)/$(CARGO_BUILD_TARGET)/debug

.PHONY: test demo fmt fmt-check clippy rust-test build

## test: everything CI checks (formatting, lints, every test suite).
test: fmt-check clippy rust-test

## demo: start the sandbox and walk through the API against it.
demo: build
	cargo run -q -p botika-sandbox --example tour

build:
	cargo build --workspace

fmt:
	cargo fmt --all

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

rust-test:
	cargo test --workspace
