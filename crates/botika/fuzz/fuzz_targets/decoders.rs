//! libFuzzer entry point for the `decoders` target (its body is in `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| botika_fuzz::decoders(data));
