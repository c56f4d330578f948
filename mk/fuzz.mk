# Coverage-guided fuzzing of the webhook parser, the response decoders and the MIME sniffer
# (cargo-fuzz; nightly when installed, else stable with RUSTC_BOOTSTRAP). Not part of `make test`:
# a short run is `make fuzz FUZZ_SECONDS=30`.
#
# `make test` does check that the fuzz crate (its own workspace, so the workspace-wide fmt and
# clippy steps miss it) still compiles, lint-free and formatted, against the core's current API:
# on stable, without libFuzzer's instrumented build, about 1 s warm (45 s cold).
FUZZ_SECONDS ?= 60
FUZZ_MANIFEST := crates/botika/fuzz/Cargo.toml

TEST_STEPS += fuzz-check

.PHONY: fuzz fuzz-check
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) crates/botika/fuzz/run.sh

fuzz-check:
	cargo fmt --manifest-path $(FUZZ_MANIFEST) -- --check
	cargo clippy --manifest-path $(FUZZ_MANIFEST) --all-targets -- -D warnings
