# The OpenAPI description (api/openapi.yaml): linted with Redocly CLI (pinned in api/package.json);
# the SDK's conformance cases checked against it; the sandbox fuzzed against it with schemathesis.
# The Python tools are pinned in api/requirements.txt and installed into api/.venv by api/venv.sh.
TEST_STEPS += api-lint api-conformance api-fuzz

.PHONY: api-lint api-conformance api-fuzz
api-lint:
	api/lint.sh

api-conformance:
	api/conformance.sh

api-fuzz:
	api/fuzz.sh
