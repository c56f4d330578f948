# The Python package (python/ and its extension crate bindings/python): a .venv with the pinned
# tools; python-lint runs ruff (rules in python/pyproject.toml's [tool.ruff]) over the package,
# its tests and examples/python, no build needed; `maturin develop` into the .venv (with the
# Makefile's CARGO_BUILD_TARGET/CARGO_TARGET_DIR), stubtest of the native module's stub against
# the built module, mypy --strict over the package, the examples and the typing checks, then
# pytest; python-install-check builds the wheel as `pip install ./python` does and installs it
# into a throwaway venv; the demo runs examples/python/quickstart.py against the in-process sandbox.
TEST_STEPS += python-lint python-test python-install-check
DEMO_STEPS += python-demo

PYTHON ?= python3
VENV := $(CURDIR)/.venv
VENV_PY := $(VENV)/bin/python

.PHONY: python-venv python-lint python-build python-typecheck python-test python-install-check python-demo

# (Re)installs the tools when python/requirements-dev.txt changes; the stamp is its copy.
$(VENV)/.python-dev.stamp: python/requirements-dev.txt
	test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r python/requirements-dev.txt
	cp python/requirements-dev.txt $@

python-venv: $(VENV)/.python-dev.stamp

python-lint: python-venv
	cd python && $(VENV_PY) -m ruff check src tests ../examples/python

# An editable install: python/src/botika plus the freshly built _native extension.
python-build: python-venv
	cd python && VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin develop

python-typecheck: python-build
	cd python && $(VENV_PY) -m mypy.stubtest botika._native
	cd python && $(VENV_PY) -m mypy --strict src/botika tests/typing ../examples/python

python-test: python-typecheck
	cd python && $(VENV_PY) -m pytest -q

python-demo: python-build
	$(VENV_PY) examples/python/quickstart.py

# The wheel `pip install ./python` builds (pip through the pyproject's maturin backend), with the
# dev profile python-build uses (MATURIN_PEP517_ARGS; a user gets the release profile) and the
# .venv's maturin and interpreter (no build isolation): after python-test cargo finds it up to
# date and the check costs seconds, not a release build (on its own it builds what is stale). One abi3 wheel (cp310-abi3) for every Python from 3.10,
# installed with --no-index into a throwaway venv and run from outside the checkout: the
# installed package, extension included, calls the in-process sandbox.
python-install-check: python-venv
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd python && PATH="$(VENV)/bin:$$PATH" MATURIN_PEP517_ARGS="--profile dev" \
		$(VENV_PY) -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
		--wheel-dir "$$tmp/dist" .) && \
	wheel=$$(ls "$$tmp"/dist/*.whl) && echo "built $$(basename "$$wheel")" && \
	case "$$(basename "$$wheel")" in botika-*-cp310-abi3-*.whl) ;; \
		*) echo "the wheel is not tagged cp310-abi3" >&2; exit 1 ;; esac && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$$wheel" && \
	cd "$$tmp" && "$$tmp/venv/bin/python" -I -c "import botika, botika._native; \
		from botika.testing import Sandbox; \
		assert botika.__file__.startswith('$$tmp/venv/'), botika.__file__; \
		assert botika._native.__file__.endswith('.abi3.so'), botika._native.__file__; \
		sandbox = Sandbox(); client = sandbox.client(); \
		sent = client.messages.send_text('+62 812-3456-7890', 'installed'); \
		assert [m['id'] for m in sandbox.sent_messages()] == [sent.id]; \
		client.close(); sandbox.stop(); \
		print('pip install ./python: botika', botika.__version__, 'sent a message to the sandbox')"
