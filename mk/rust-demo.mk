# The Rust quickstart (examples/rust/quickstart.rs): with no token in the environment it starts
# the sandbox in-process and walks through media, every message type, templates and webhooks.
DEMO_STEPS += rust-demo

.PHONY: rust-demo
rust-demo:
	env -u BOTIKA_API_TOKEN -u BOTIKA_BASE_URL cargo run -q -p botika --example quickstart
