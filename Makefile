# botika: one entry point for building, testing and demonstrating every part of the SDK.
# `make demo` and `make test` work on a fresh machine: they install what they need.
# Each part of the project adds its own targets in mk/<part>.mk and appends them to TEST_STEPS
# and DEMO_STEPS, so parts never edit each other's rules.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# One target dir shared by cargo, maturin and napi. The napi CLI always passes --target, so
# everything else must too, or nothing is shared (docs/toolchain.md).
HOST_TRIPLE := $(shell rustc -vV | sed -n 's/host: //p')
export CARGO_BUILD_TARGET ?= $(HOST_TRIPLE)
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never
BIN := $(CARGO_TARGET_DIR)/$(CARGO_BUILD_TARGET)/debug

# Steps run by `make test` and `make demo`, in order; mk/*.mk files append to them.
TEST_STEPS := fmt-check clippy rust-test
DEMO_STEPS := rust-build

include $(sort $(wildcard mk/*.mk))

# Last, so that `make test` also proves the README's other command: every quickstart runs
# against the sandbox.
TEST_STEPS += demo

.PHONY: help test demo fmt fmt-check clippy rust-test rust-build

help:
	@echo "make demo   start the sandbox and run the quickstarts against it"
	@echo "make test   everything CI checks: $(TEST_STEPS)"

## test: everything CI checks (formatting, lints, every test suite), in order.
test:
	@for step in $(TEST_STEPS); do echo "==> $$step"; $(MAKE) --no-print-directory $$step; done

## demo: start the sandbox and walk through the API against it.
demo:
	@for step in $(DEMO_STEPS); do $(MAKE) --no-print-directory $$step; done

rust-build:
	cargo build --workspace --all-targets

fmt:
	cargo fmt --all

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

rust-test:
	cargo test --workspace
