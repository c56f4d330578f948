"""The SDK's conformance cases (tests/conformance/*.json) against api/openapi.yaml: every expected
request must be one that the description accepts (method, path, query, JSON body or multipart
parts), and every canned answer one that it describes for that status.

Cases without a `request` are the calls the SDK refuses before sending: there is nothing on the
wire to check, so they are not collected at all (by construction, not skipped).

Some cases leave the description on purpose, and DELIBERATE names each with the contract's reason;
for those the test asserts that the departure is still there, so that an entry goes away once its
case or the description changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from spec import Spec

CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "conformance"

GENERIC = "client.request sends what its caller gives and hands back any answer (contract rule 3)"
RAW = "the caller's own JSON, id or file, sent as given (contract rule 3)"
LENIENT = "an answer the description does not show, which the SDK reads anyway (rule 4, §1.1)"
REFUSED = "an answer that breaks the description, to check the error the SDK gives"

# case name -> (what departs: "request", "responses" or "both", why)
DELIBERATE: dict[str, tuple[str, str]] = {
    "broadcasts.send to the documented label ids": ("responses", LENIENT),
    "broadcasts.send turns a header object into the documented array": ("responses", LENIENT),
    "422 carries Laravel's per-field messages": ("request", GENERIC),
    "422 without a message keeps the field errors and uses the status line": ("responses", LENIENT),
    "429 without Retry-After has no retry_after": ("responses", LENIENT),
    "an error string is the message": ("responses", LENIENT),
    "an error object's message is the message": ("responses", LENIENT),
    "Meta's errors[0].title is the message": ("responses", LENIENT),
    "the on-premises errors[0].details is the message when there is no title": (
        "responses",
        LENIENT,
    ),
    "a JSON body that is not an object uses the status line": ("responses", LENIENT),
    "the X-Request-Id header becomes request_id": ("responses", LENIENT),
    "media.upload: kind and MIME type overridden with the check off": ("request", RAW),
    "media.upload: an answer without an id is a decode error": ("responses", REFUSED),
    "messages.send_json sends a shape the SDK does not model as given": ("request", RAW),
    "messages.send reads a numeric message id as text": ("responses", LENIENT),
    "messages.mark_read accepts 200 with null": ("responses", LENIENT),
    "messages.mark_read accepts 200 with an empty body": ("responses", LENIENT),
    "profile.get reads Meta's array-wrapped profile": ("responses", LENIENT),
    "profile.get reads a profile object without the data envelope": ("responses", LENIENT),
    "profile.get accepts data null as an empty profile": ("responses", LENIENT),
    "profile.get accepts an empty body as an empty profile": ("responses", LENIENT),
    "profile.get refuses a profile that is not an object": ("responses", REFUSED),
    "profile.get refuses a 200 body that is not JSON": ("responses", REFUSED),
    "request GET with a query returns status, JSON and request id": ("responses", GENERIC),
    "request repeats a query name given a list": ("both", GENERIC),
    "request POST sends the JSON body exactly": ("responses", GENERIC),
    "request DELETE with an empty 204": ("responses", LENIENT),
    "request sends client headers and per-call headers, the call's winning": ("responses", GENERIC),
    "a read is retried after a 503 and succeeds": ("responses", GENERIC),
    "a read is retried after a 429 with Retry-After 0": ("responses", GENERIC),
    "per-call max_retries overrides the client's": ("responses", GENERIC),
    "a read that times out is retried, the timeout applying per attempt": ("responses", GENERIC),
    "a read that always times out is a timeout error": ("responses", GENERIC),
    "a send that keeps getting 429 ends rate limited and was not sent": ("both", GENERIC),
    "a broadcast answered 502 is not retried and may have been sent": ("both", GENERIC),
    "a send refused with 422 is not retried and was not sent": ("request", GENERIC),
    "retry_unsafe_sends retries a send after a 500, and says it may have been sent twice": (
        "request",
        GENERIC,
    ),
    "retry_unsafe_sends lets a send succeed after a 500": ("request", GENERIC),
    "idempotent true makes a POST retry like a read": ("responses", GENERIC),
    "idempotent false makes a PUT a send": ("both", GENERIC),
    "templates.list reads the documented list example": ("responses", LENIENT),
    "templates.get reads a template with every component type": ("responses", LENIENT),
    "templates.get percent-encodes the id": ("request", RAW),
}


def _load() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            if "request" in case:
                cases.append(case)
    return cases


CASES = _load()
WITH_ANSWERS = [c for c in CASES if "response" in c or "responses" in c]


def _departs(case: dict[str, Any], part: str) -> bool:
    entry = DELIBERATE.get(case["name"])
    return entry is not None and entry[0] in (part, "both")


def request_problems(spec: Spec, case: dict[str, Any]) -> list[str]:
    request = case["request"]
    operation = spec.operation(request["method"], request["path"])
    if operation is None:
        return [f"no operation of the description is {request['method']} {request['path']}"]
    query = {
        name: [str(v) for v in (value if isinstance(value, list) else [value])]
        for name, value in request.get("query", {}).items()
    }
    if "body_text" in request:
        return ["a raw body cannot be checked against the description"]
    return operation.request_problems(
        request["path"],
        query,
        request.get("json"),
        "json" in request,
        request.get("multipart"),
    )


def response_problems(spec: Spec, case: dict[str, Any]) -> list[str]:
    request = case["request"]
    operation = spec.operation(request["method"], request["path"])
    if operation is None:
        return [f"no operation of the description is {request['method']} {request['path']}"]
    problems = []
    answers = [case["response"]] if "response" in case else case["responses"]
    for index, answer in enumerate(answers):
        headers = answer.get("headers", {})
        if "body" in answer:
            # As the runners send it: compact JSON.
            body = json.dumps(answer["body"], separators=(",", ":"), ensure_ascii=False)
            content_type = "application/json"
        else:
            body = answer.get("body_text", "")
            content_type = next(
                (v for k, v in headers.items() if k.lower() == "content-type"), None
            )
        problems += [
            f"answer {index} ({answer['status']}): {p}"
            for p in operation.response_problems(
                answer["status"], headers, content_type, body.encode("utf-8")
            )
        ]
    return problems


def test_the_deliberate_list_names_real_cases() -> None:
    names = {case["name"] for case in CASES}
    assert sorted(set(DELIBERATE) - names) == []


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_request_is_described(spec: Spec, case: dict[str, Any]) -> None:
    problems = request_problems(spec, case)
    if _departs(case, "request"):
        assert problems, "now described: drop it from DELIBERATE"
    else:
        assert problems == []


@pytest.mark.parametrize("case", WITH_ANSWERS, ids=[c["name"] for c in WITH_ANSWERS])
def test_answers_are_described(spec: Spec, case: dict[str, Any]) -> None:
    problems = response_problems(spec, case)
    if _departs(case, "responses"):
        assert problems, "now described: drop it from DELIBERATE"
    else:
        assert problems == []
