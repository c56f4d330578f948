# The Python package (python/ and its extension crate bindings/python): a .venv with the pinned
# tools, `maturin develop` into it (with the Makefile's CARGO_BUILD_TARGET/CARGO_TARGET_DIR),
# stubtest of the native module's stub against the built module, mypy --strict over the package,
# the examples and the typing checks, then pytest; the demo runs examples/python/quickstart.py
# against the in-process sandbox.
TEST_STEPS += python-test
DEMO_STEPS += python-demo

PYTHON ?= python3
VENV := $(CURDIR)/.venv
VENV_PY := $(VENV)/bin/python

.PHONY: python-venv python-build python-typecheck python-test python-demo

# (Re)installs the tools when python/requirements-dev.txt changes; the stamp is its copy.
$(VENV)/.python-dev.stamp: python/requirements-dev.txt
	test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r python/requirements-dev.txt
	cp python/requirements-dev.txt $@

python-venv: $(VENV)/.python-dev.stamp

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
