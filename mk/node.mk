# The Node package (node/ and its addon crate bindings/node): install its tools, build the addon
# with the Makefile's CARGO_BUILD_TARGET/CARGO_TARGET_DIR, fail when the rebuild changes the
# committed generated files, type-check index.d.ts, run `node --test`; the demo runs the quickstart
# against the sandbox (in-process).
TEST_STEPS += node-test
DEMO_STEPS += node-demo

NAPI_BUILD := npx napi build --platform --manifest-path ../bindings/node/Cargo.toml --output-dir . \
	--js native.js --dts native.d.ts

.PHONY: node-deps node-build node-types node-test node-demo

# npm ci only when the lock file changed since the last install (npm writes this file).
node/node_modules/.package-lock.json: node/package-lock.json
	cd node && npm ci --ignore-scripts --no-audit --no-fund
examples/node/node_modules/.package-lock.json: examples/node/package-lock.json
	cd examples/node && npm ci --ignore-scripts --no-audit --no-fund

node-deps: node/node_modules/.package-lock.json examples/node/node_modules/.package-lock.json

# Builds the addon; napi regenerates native.js and native.d.ts, which are committed: a rebuild
# that changes them means the committed copies are stale.
node-build: node/node_modules/.package-lock.json
	@saved=$$(mktemp -d) && cp node/native.js node/native.d.ts "$$saved/" && \
	(cd node && $(NAPI_BUILD)) && \
	for file in native.js native.d.ts; do \
		if ! diff -u "$$saved/$$file" "node/$$file"; then \
			echo "node/$$file changed when rebuilt: commit the regenerated file" >&2; rm -rf "$$saved"; exit 1; \
		fi; \
	done; rm -rf "$$saved"

node-types: node/node_modules/.package-lock.json
	cd node && npx tsc -p test/types

node-test: node-build node-types node-deps
	cd node && node --test test/*.test.js

node-demo: node-build node-deps
	cd examples/node && node quickstart.mjs
