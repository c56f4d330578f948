# The Node package (node/ and its addon crate bindings/node): install its tools, build the addon
# with the Makefile's CARGO_BUILD_TARGET/CARGO_TARGET_DIR, fail when the rebuild changes the
# committed generated files, type-check index.d.ts, run `node --test`; the demo runs the quickstart
# against the sandbox (in-process). node-install-check installs ./node into a throwaway project
# as a user does (`npm install <checkout>/node`, whose install script builds the addon from
# source) and calls the sandbox through it.
TEST_STEPS += node-test node-install-check
DEMO_STEPS += node-demo

NAPI_BUILD := npx napi build --platform --manifest-path ../bindings/node/Cargo.toml --output-dir . \
	--js native.js --dts native.d.ts

.PHONY: node-deps node-build node-types node-test node-install-check node-demo

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

# `npm install <checkout>/node` from a throwaway project: npm links the package and runs its
# install script, told by BOTIKA_BUILD_PROFILE=dev to build the addon from source with the
# profile node-build uses (a user gets the release profile): after node-test cargo finds it up
# to date and the check costs seconds, not a release build; on its own it builds what is stale.
# The loader it regenerates must come out unchanged; then `require('botika')` from that
# project sends a message through startSandbox().
node-install-check: node/node_modules/.package-lock.json
	@project=$$(mktemp -d) && trap 'rm -rf "$$project"' EXIT && \
	cp node/native.js node/native.d.ts "$$project/" && \
	echo '{"name": "botika-install-check", "version": "0.0.0", "private": true}' > "$$project/package.json" && \
	(cd "$$project" && BOTIKA_BUILD_PROFILE=dev npm install --no-audit --no-fund --foreground-scripts \
		--loglevel=error "$(CURDIR)/node" 2>&1 | tee "$$project/install.log") && \
	{ grep -q 'botika: building the native addon' "$$project/install.log" || \
		{ echo "npm install ./node did not run the package's install script" >&2; exit 1; }; } && \
	for file in native.js native.d.ts; do \
		diff -u "$$project/$$file" "node/$$file" || { echo "npm install ./node changed node/$$file" >&2; exit 1; }; \
	done && \
	cd "$$project" && node -e " \
		const assert = require('node:assert/strict'); \
		const botika = require('botika'); \
		assert.equal(require.resolve('botika'), require('node:fs').realpathSync('$(CURDIR)/node/index.js')); \
		(async () => { \
			const sandbox = await botika.startSandbox(); \
			try { \
				const sent = await sandbox.client().messages.sendText({ to: '+62 812-3456-7890', body: 'installed' }); \
				assert.deepEqual(sandbox.sentMessages().map((m) => m.id), [sent.id]); \
			} finally { await sandbox.stop(); } \
			console.log('npm install ./node: botika ' + botika.VERSION + ' sent a message to the sandbox'); \
		})().catch((error) => { console.error(error); process.exit(1); });"
