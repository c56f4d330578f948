"""Every status code the description documents for an operation of the sandbox is reached at
least once, by an explicit request against a running sandbox, and the answer matches the
description (schema, headers). Fuzzing reaches most codes by chance; these reach each on purpose,
including those no generated input can (a fault's 5xx, a 429, a 413 over the body cap, a 404 for
an id that was stored and deleted).

A code that the sandbox never answers by design carries `x-botika-sandbox-never` in the
description, with the reason; such codes are not collected (by construction).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from sandbox import Sandbox
from spec import Operation, Spec

BODY_CAP = 4096
CUSTOMER = "+6282112345678"
TEXT = {"to": CUSTOMER, "type": "text", "text": {"body": "Halo"}}
TEMPLATE = {
    "name": "status_check",
    "language": "id",
    "category": "UTILITY",
    "components": [{"type": "BODY", "text": "Hi"}],
}
_names = itertools.count(1)


class Client:
    def __init__(self, sandbox: Sandbox) -> None:
        self.url = sandbox.url
        self.token = sandbox.token
        self.http = requests.Session()
        self.http.trust_env = False

    def call(
        self, method: str, path: str, token: bool = True, **kwargs: Any
    ) -> requests.Response:
        base = "" if path.startswith(("/_sandbox", "/openapi.yaml")) else "/api/whatsapp/v1"
        # A fresh connection each time: after refusing an unread body (413) the sandbox closes
        # the connection, and a pooled one would fail the next request.
        headers = {"Connection": "close", **kwargs.pop("headers", {})}
        if token:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.http.request(method, self.url + base + path, headers=headers, timeout=30, **kwargs)

    def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.call(method, path, **kwargs)
        assert answer.status_code < 300, answer.text
        return answer.json()

    def fault(self, kind: str, method: str, path: str, **fields: Any) -> None:
        spec = {"kind": kind, "method": method, "path": path, "count": 1, **fields}
        self.ok("POST", "/_sandbox/faults", json=spec)

    # State for the operations that need it.
    def message_id(self) -> str:
        return self.ok("POST", "/messages", json=TEXT)["data"]["id"]

    def inbound_id(self) -> str:
        body = {"from": CUSTOMER, "type": "text", "text": {"body": "Halo"}}
        return self.ok("POST", "/_sandbox/inbound", json=body)["data"]["id"]

    def media_id(self) -> str:
        files = {"image": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}
        return self.ok("POST", "/media", files=files)["image"]["id"]

    def template(self) -> dict[str, Any]:
        body = {**TEMPLATE, "name": f"status_check_{next(_names)}"}
        return self.ok("POST", "/message-templates", json=body)["data"]

    def rejected_template_id(self) -> int:
        template = self.template()
        self.ok("POST", f"/_sandbox/templates/{template['id']}/reject", json={})
        return template["id"]


# How to reach each code of each operation: (client) -> (method, path, request kwargs). The
# method and path are the operation's own; a recipe may prepare state first.
Recipe = Callable[[Client], tuple[str, str, dict[str, Any]]]
JSON = {"headers": {"Content-Type": "application/json"}}


def _too_large(method: str, path: str) -> Recipe:
    return lambda c: (method, path, {**JSON, "data": b" " * (BODY_CAP + 1)})


def _malformed(method: str, path: str) -> Recipe:
    return lambda c: (method, path, {**JSON, "data": b"{"})


def _not_json(method: str, path: str) -> Recipe:
    return lambda c: (method, path, {"headers": {"Content-Type": "text/plain"}, "data": b"a"})


def _json(method: str, path: str, body: Any) -> Recipe:
    return lambda c: (method, path, {"json": body})


RECIPES: dict[str, dict[str, Recipe]] = {
    "getProfile": {"200": lambda c: ("GET", "/profile", {})},
    "uploadMedia": {
        "200": lambda c: (
            "POST",
            "/media",
            {"files": {"document": ("a.pdf", b"%PDF-1.4", "application/pdf")}},
        ),
        "400": lambda c: (
            "POST",
            "/media",
            {"headers": {"Content-Type": "multipart/form-data; boundary=x"}, "data": b"--x\r\nbroken"},
        ),
        "413": lambda c: (
            "POST",
            "/media",
            {"files": {"image": ("a.png", b"\x89PNG" + b"0" * BODY_CAP, "image/png")}},
        ),
        "415": _json("POST", "/media", {}),
        "422": lambda c: ("POST", "/media", {"files": {"image": ("a.gif", b"GIF89a", "image/gif")}}),
    },
    "getMedia": {
        "200": lambda c: ("GET", f"/media/{c.media_id()}", {}),
        "404": lambda c: ("GET", "/media/0", {}),
    },
    "deleteMedia": {
        "200": lambda c: ("DELETE", f"/media/{c.media_id()}", {}),
        "404": lambda c: ("DELETE", "/media/0", {}),
    },
    "sendMessage": {
        "200": _json("POST", "/messages", TEXT),
        "400": _malformed("POST", "/messages"),
        "413": _too_large("POST", "/messages"),
        "415": _not_json("POST", "/messages"),
        "422": _json("POST", "/messages", {**TEXT, "to": "0812"}),
    },
    "markMessageRead": {
        "200": lambda c: ("PUT", f"/messages/{c.inbound_id()}", {"json": {"status": "read"}}),
        "400": lambda c: ("PUT", f"/messages/{c.inbound_id()}", {**JSON, "data": b"{"}),
        "404": lambda c: ("PUT", f"/messages/{c.message_id()}", {"json": {"status": "read"}}),
        "415": lambda c: (
            "PUT",
            f"/messages/{c.inbound_id()}",
            {"headers": {"Content-Type": "text/plain"}, "data": b"read"},
        ),
        "422": lambda c: ("PUT", f"/messages/{c.inbound_id()}", {"json": {"status": "seen"}}),
    },
    "sendBroadcast": {
        "200": _json(
            "POST",
            "/broadcasts",
            {
                "name": "n",
                "type": "contact",
                "to": [CUSTOMER],
                "template": {"name": "hello_world", "language": "en_US", "param": {}},
            },
        ),
        "400": _malformed("POST", "/broadcasts"),
        "413": _too_large("POST", "/broadcasts"),
        "415": _not_json("POST", "/broadcasts"),
        "422": _json("POST", "/broadcasts", {"type": "label"}),
    },
    "getLatestBroadcast": {
        "200": _json("POST", "/broadcasts/latest", {"to": CUSTOMER}),
        "400": _malformed("POST", "/broadcasts/latest"),
        "415": _not_json("POST", "/broadcasts/latest"),
        "422": _json("POST", "/broadcasts/latest", {}),
    },
    "listTemplates": {"200": lambda c: ("GET", "/message-templates", {"params": {"seacrh": "o"}})},
    "createTemplate": {
        "201": lambda c: ("POST", "/message-templates", {"json": {**TEMPLATE, "name": f"created_{next(_names)}"}}),
        "400": _malformed("POST", "/message-templates"),
        "413": _too_large("POST", "/message-templates"),
        "415": _not_json("POST", "/message-templates"),
        "422": _json("POST", "/message-templates", {**TEMPLATE, "name": "Not A Name"}),
    },
    "getTemplate": {
        "200": lambda c: ("GET", "/message-templates/1", {}),
        "404": lambda c: ("GET", "/message-templates/999999", {}),
    },
    "updateTemplate": {
        "200": lambda c: (
            "PATCH",
            f"/message-templates/{c.rejected_template_id()}",
            {"json": {"category": "MARKETING"}},
        ),
        "400": lambda c: ("PATCH", "/message-templates/1", {**JSON, "data": b"{"}),
        "404": lambda c: ("PATCH", "/message-templates/999999", {"json": {"category": "UTILITY"}}),
        "413": _too_large("PATCH", "/message-templates/1"),
        "415": _not_json("PATCH", "/message-templates/1"),
        "422": _json("PATCH", "/message-templates/1", {"category": "MARKETING"}),
    },
    "deleteTemplate": {
        "200": lambda c: ("DELETE", f"/message-templates/{c.template()['name']}", {}),
        "404": lambda c: ("DELETE", "/message-templates/no_such_template", {}),
    },
    "sandboxInbound": {
        "200": _json("POST", "/_sandbox/inbound", {"from": CUSTOMER, "type": "text", "text": {"body": "x"}}),
        "400": _malformed("POST", "/_sandbox/inbound"),
        "413": _too_large("POST", "/_sandbox/inbound"),
        "415": _not_json("POST", "/_sandbox/inbound"),
        "422": _json("POST", "/_sandbox/inbound", {"from": CUSTOMER, "type": "fax"}),
    },
    "sandboxListMessages": {
        "200": lambda c: ("GET", "/_sandbox/messages", {"params": {"direction": "inbound"}}),
        "422": lambda c: ("GET", "/_sandbox/messages", {"params": {"direction": "sideways"}}),
    },
    "sandboxGetMessage": {
        "200": lambda c: ("GET", f"/_sandbox/messages/{c.message_id()}", {}),
        "404": lambda c: ("GET", "/_sandbox/messages/wamid.none", {}),
    },
    "sandboxWebhookLog": {"200": lambda c: ("GET", "/_sandbox/webhooks", {})},
    "sandboxGetWebhook": {"200": lambda c: ("GET", "/_sandbox/webhook", {})},
    "sandboxSetWebhook": {
        "200": _json("PUT", "/_sandbox/webhook", {"envelope": "flat"}),
        "400": _malformed("PUT", "/_sandbox/webhook"),
        "413": _too_large("PUT", "/_sandbox/webhook"),
        "415": _not_json("PUT", "/_sandbox/webhook"),
        "422": _json("PUT", "/_sandbox/webhook", {"url": "ftp://example.com"}),
    },
    "sandboxListFaults": {"200": lambda c: ("GET", "/_sandbox/faults", {})},
    "sandboxAddFault": {
        "201": _json("POST", "/_sandbox/faults", {"kind": "latency", "latency_ms": 1, "path": "/nope"}),
        "400": _malformed("POST", "/_sandbox/faults"),
        "413": _too_large("POST", "/_sandbox/faults"),
        "415": _not_json("POST", "/_sandbox/faults"),
        "422": _json("POST", "/_sandbox/faults", {"kind": "flood"}),
    },
    "sandboxClearFaults": {"200": lambda c: ("DELETE", "/_sandbox/faults", {})},
    "sandboxRemoveFault": {
        "200": lambda c: (
            "DELETE",
            "/_sandbox/faults/"
            + str(c.ok("POST", "/_sandbox/faults", json={"kind": "error", "path": "/nope"})["data"]["id"]),
            {},
        ),
        "404": lambda c: ("DELETE", "/_sandbox/faults/999999", {}),
    },
    "sandboxGetRateLimit": {"200": lambda c: ("GET", "/_sandbox/rate-limit", {})},
    "sandboxSetRateLimit": {
        "200": _json("PUT", "/_sandbox/rate-limit", {"messages_per_second": None}),
        "400": _malformed("PUT", "/_sandbox/rate-limit"),
        "413": _too_large("PUT", "/_sandbox/rate-limit"),
        "415": _not_json("PUT", "/_sandbox/rate-limit"),
        "422": _json("PUT", "/_sandbox/rate-limit", {"messages_per_second": "fast"}),
    },
    "sandboxApproveTemplate": {
        "200": lambda c: ("POST", f"/_sandbox/templates/{c.template()['id']}/approve", {}),
        "404": lambda c: ("POST", "/_sandbox/templates/999999/approve", {}),
    },
    "sandboxRejectTemplate": {
        "200": lambda c: ("POST", f"/_sandbox/templates/{c.template()['id']}/reject", {"json": {"reason": "No."}}),
        "400": lambda c: ("POST", "/_sandbox/templates/1/reject", {**JSON, "data": b"{"}),
        "404": lambda c: ("POST", "/_sandbox/templates/999999/reject", {}),
        "413": _too_large("POST", "/_sandbox/templates/1/reject"),
        "415": _not_json("POST", "/_sandbox/templates/1/reject"),
        "422": _json("POST", "/_sandbox/templates/1/reject", {"reason": 7}),
    },
    "sandboxGetLabels": {"200": lambda c: ("GET", "/_sandbox/labels", {})},
    "sandboxSetLabels": {
        "200": _json("PUT", "/_sandbox/labels", {"1": [CUSTOMER]}),
        "400": _malformed("PUT", "/_sandbox/labels"),
        "413": _too_large("PUT", "/_sandbox/labels"),
        "415": _not_json("PUT", "/_sandbox/labels"),
        "422": _json("PUT", "/_sandbox/labels", {"0": [CUSTOMER]}),
    },
    "sandboxTestRecipients": {"200": lambda c: ("GET", "/_sandbox/test-recipients", {})},
    "sandboxStats": {"200": lambda c: ("GET", "/_sandbox/stats", {})},
    "sandboxReset": {"200": lambda c: ("POST", "/_sandbox/reset", {})},
    "sandboxGetOpenApi": {"200": lambda c: ("GET", "/openapi.yaml", {})},
}


def _documented() -> Iterator[tuple[str, str]]:
    spec = Spec()
    for operation in spec.operations:
        for status, response in operation.raw.get("responses", {}).items():
            if "x-botika-sandbox-never" in spec.resolve(response):
                continue
            yield operation.operation_id, status


DOCUMENTED = list(_documented())


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with Sandbox("--max-body-bytes", str(BODY_CAP), "--review-delay-ms", "600000") as sandbox:
        yield Client(sandbox)


def _happy(operation_id: str) -> Recipe:
    created = operation_id in ("createTemplate", "sandboxAddFault")
    return RECIPES[operation_id]["201" if created else "200"]


def _recipe(operation_id: str, status: str) -> Recipe:
    """The recipe for a code; 401, 403, 429 and 5XX are the operation's happy request, sent
    without the token, or after a one-shot fault (faults apply to Botika's API only, where these
    three codes are documented)."""
    if status not in ("401", "403", "429", "5XX"):
        return RECIPES[operation_id][status]

    def recipe(c: Client) -> tuple[str, str, dict[str, Any]]:
        method, path, kwargs = _happy(operation_id)(c)
        if status == "401":
            return method, path, {**kwargs, "token": False}
        fields = {"429": {"retry_after": 3}, "403": {"status": 403}}.get(status, {"status": 503})
        kind = "rate_limit" if status == "429" else "error"
        c.fault(kind, method, path, **fields)
        return method, path, kwargs

    return recipe


@pytest.mark.parametrize(("operation_id", "status"), DOCUMENTED, ids=[f"{o} {s}" for o, s in DOCUMENTED])
def test_documented_status_is_reached(spec: Spec, client: Client, operation_id: str, status: str) -> None:
    method, path, kwargs = _recipe(operation_id, status)(client)
    token = kwargs.pop("token", True)
    answer = client.call(method, path, token=token, **kwargs)
    expected = int(status[0]) * 100 if status.endswith("XX") else int(status)
    got = answer.status_code // 100 * 100 if status.endswith("XX") else answer.status_code
    assert got == expected, f"{method} {path}: {answer.status_code} {answer.text[:300]}"
    operation = spec.operation(method, path)
    assert operation is not None and operation.operation_id == operation_id
    problems = operation.response_problems(
        answer.status_code, dict(answer.headers), answer.headers.get("Content-Type"), answer.content
    )
    assert problems == []


def test_every_recipe_is_for_a_documented_code() -> None:
    documented = set(DOCUMENTED)
    extra = [(o, s) for o, codes in RECIPES.items() for s in codes if (o, s) not in documented]
    assert extra == []
