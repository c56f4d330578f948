# The OpenAPI description (api/openapi.yaml), linted with Redocly CLI (pinned in api/package.json).
TEST_STEPS += api-lint

.PHONY: api-lint
api-lint:
	api/lint.sh
