# The sandbox's web inbox in a real browser (tests/browser): Debian's Chromium, installed with apt
# when /usr/bin/chromium is missing (a fresh CI machine runs this as root), playwright-core pinned
# in tests/browser/package-lock.json, and this build's sandbox and `botika` binaries. Screenshots
# land in artifacts/browser/. See docs/inbox.md.
TEST_STEPS += browser-test

.PHONY: browser-test

# Root installs directly; anyone else goes through sudo.
APT := $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get

/usr/bin/chromium:
	$(APT) update -qq
	$(APT) install -y -qq chromium

# npm ci only when the lock file changed since the last install (npm writes this file).
tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund

browser-test: /usr/bin/chromium tests/browser/node_modules/.package-lock.json
	cargo build -p botika-sandbox -p botika-cli --bins
	cd tests/browser && BOTIKA_SANDBOX_BIN=$(BIN)/botika-sandbox BOTIKA_BIN=$(BIN)/botika npm test
