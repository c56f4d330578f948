# `make bench`: botika against peer HTTP clients and the raw HTTP limit, on loopback. Sets up what
# it needs (nginx and wrk from Debian, bench/.venv, npm ci in bench/node, release builds of the
# Python and Node packages, the sandbox and bench/rust), runs every measurement, prints the
# tables and writes bench/RESULTS.md. See bench/README.md. Not part of `make test`.
.PHONY: bench bench-setup

bench: bench-setup
	python3 bench/run.py

# The build order of docs/toolchain.md: maturin, then napi, then cargo.
bench-setup:
	bash bench/setup/tools.sh
	bash bench/setup/python.sh
	bash bench/setup/node.sh
	bash bench/setup/rust.sh
