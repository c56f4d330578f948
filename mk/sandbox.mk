# The sandbox's tour: the interim demo, walking through the API with raw HTTP.
DEMO_STEPS += sandbox-tour

.PHONY: sandbox-tour
sandbox-tour:
	cargo run -q -p botika-sandbox --example tour
