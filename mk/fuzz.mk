# Coverage-guided fuzzing of the webhook parser, the response decoders and the MIME sniffer
# (cargo-fuzz; nightly when installed, else stable with RUSTC_BOOTSTRAP). Not part of `make test`:
# a short run is `make fuzz FUZZ_SECONDS=30`.
FUZZ_SECONDS ?= 60

.PHONY: fuzz
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) crates/botika/fuzz/run.sh
