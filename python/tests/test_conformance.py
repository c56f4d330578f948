"""The Python runner of the language-neutral conformance cases in ``tests/conformance/*.json``
(format: tests/conformance/README.md). Every case runs with the blocking and the asyncio client,
each time against a fresh mock server, and checks the exact requests and the result or error."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import inspect
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import botika
from botika.models import Model
from mock_server import MockServer, Recorded, Reply

CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "conformance"
TOKEN = "test-token"


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    names: set[str] = set()
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            assert case["name"] not in names, f"{path.name}: case name {case['name']!r} is used twice"
            names.add(case["name"])
            cases.append((path.name, case))
    return cases


CASES = _load_cases()


def _binary(content: bytes, content_type: str | None, filename: str | None) -> dict[str, Any]:
    """The dict form of a downloaded file (README: "Binary results")."""
    return {
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content_type": content_type,
        "filename": filename,
    }


def _value(value: Any) -> Any:
    """A case argument as Python: ``{"$base64"}`` is bytes, ``{"$file"}`` a path."""
    if isinstance(value, dict) and value.keys() == {"$base64"}:
        return base64.b64decode(value["$base64"])
    if isinstance(value, dict) and value.keys() == {"$file"}:
        return str(CASES_DIR / value["$file"])
    return value


async def _resolve(value: Any) -> Any:
    """Awaits what the async client returns (and collects an async iterator)."""
    if inspect.isawaitable(value):
        return await value
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    return value


def _dict_form(result: Any) -> Any:
    if isinstance(result, Model):
        return result.to_dict()
    if isinstance(result, list) or inspect.isgenerator(result):
        return [_dict_form(item) for item in result]
    return result


async def _call(
    client: botika.Client | botika.AsyncClient, op: str, args: dict[str, Any], options: dict[str, Any]
) -> Any:
    """Runs the case's op with its keyword arguments; binary results get their dict form."""
    resource_name, method_name = op.split(".")
    target = client if resource_name == "client" else getattr(client, resource_name)
    kwargs = {name: _value(value) for name, value in args.items() if value is not None}
    if op == "media.download":
        media = await _resolve(target.download(**kwargs, **options))
        return _binary(media.content, media.mime_type, media.filename)
    if op == "media.download_to":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / kwargs.pop("filename")
            saved = await _resolve(target.download_to(path=path, **kwargs, **options))
            files = sorted(p.name for p in Path(folder).iterdir())
            result = _binary(Path(saved.path).read_bytes(), saved.mime_type, saved.filename)
            return {**result, "files": files}
    return _dict_form(await _resolve(getattr(target, method_name)(**kwargs, **options)))


def _client(kind: str, settings: Mapping[str, Any], base_url: str) -> botika.Client | botika.AsyncClient:
    cls = botika.Client if kind == "sync" else botika.AsyncClient
    return cls(
        TOKEN,
        base_url=base_url,
        retry_base_delay=0.001,
        retry_max_delay=0.01,
        max_retries=settings.get("max_retries"),
        retry_after_cap=settings.get("retry_after_cap"),
        timeout=settings.get("timeout"),
        headers=settings.get("headers"),
    )


def _matches(want: Any, got: Any, where: str = "") -> str | None:
    """Why ``got`` does not match ``want`` (README: objects by subset, arrays by element,
    numbers by value), or None."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{where or '.'}: expected an object, got {got!r}"
        for key, value in want.items():
            if key not in got:
                return f"{where}.{key}: missing"
            problem = _matches(value, got[key], f"{where}.{key}")
            if problem:
                return problem
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return f"{where or '.'}: expected {want!r}, got {got!r}"
        for i, (w, g) in enumerate(zip(want, got, strict=True)):
            problem = _matches(w, g, f"{where}[{i}]")
            if problem:
                return problem
        return None
    same_kind = isinstance(want, bool) == isinstance(got, bool)
    if not same_kind or want != got:
        return f"{where or '.'}: expected {want!r}, got {got!r}"
    return None


def _multipart(request: Recorded) -> list[dict[str, Any]]:
    content_type = request.headers.get("content-type", "")
    assert content_type.startswith("multipart/form-data"), f"not multipart: {content_type!r}"
    boundary = content_type.split("boundary=")[1].strip('"').encode()
    parts = []
    for chunk in request.body.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        # Each part sits between the CRLF that ends a boundary line and the CRLF before the next.
        head, _, content = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = dict(
            (item.split("=", 1)[0].strip(), item.split("=", 1)[1].strip().strip('"'))
            for item in headers.get("content-disposition", "").split(";")
            if "=" in item
        )
        part: dict[str, Any] = {
            "name": disposition.get("name"),
            "filename": disposition.get("filename"),
            "content_type": headers.get("content-type"),
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        with contextlib.suppress(UnicodeDecodeError):
            part["text"] = content.decode()
        parts.append(part)
    return parts


def _check_request(want: Mapping[str, Any], got: Recorded) -> None:
    assert got.method == want["method"], f"method {got.method} != {want['method']}"
    assert got.path == want["path"], f"path {got.path} != {want['path']}"
    expected_query = {
        name: sorted(value if isinstance(value, list) else [value]) for name, value in want.get("query", {}).items()
    }
    assert {name: sorted(values) for name, values in got.query.items()} == expected_query, f"query {got.query}"
    assert got.headers.get("authorization") == f"Bearer {TOKEN}"
    assert got.headers.get("accept") == "application/json"
    assert "botika-python/" in got.headers.get("user-agent", ""), got.headers.get("user-agent")
    for name, value in want.get("headers", {}).items():
        assert got.headers.get(name.lower()) == value, f"header {name}: {got.headers.get(name.lower())!r} != {value!r}"
    if "json" in want:
        assert got.headers.get("content-type") == "application/json"
        assert json.loads(got.body) == want["json"], f"body {got.body!r}"
    elif "multipart" in want:
        parts = _multipart(got)
        problem = _matches(want["multipart"], parts)
        assert problem is None, f"multipart: {problem}"
    elif "body_text" in want:
        assert got.body.decode() == want["body_text"]
    else:
        assert got.body == b"", f"unexpected body {got.body!r}"
        assert "content-type" not in got.headers


def _check_outcome(expect: Mapping[str, Any], result: Any, error: botika.BotikaError | None) -> None:
    if "error" in expect:
        assert error is not None, f"expected an error, got {result!r}"
        want = dict(expect["error"])
        want.setdefault("may_have_been_sent", False)
        got = error.to_dict()
        contains = want.pop("message_contains", None)
        if contains is not None:
            assert contains in got["message"], f"{contains!r} not in {got['message']!r}"
        for key, value in want.items():
            if key == "field_errors":
                assert got[key] == value, f"field_errors {got[key]!r}"
            else:
                problem = _matches(value, got[key], key)
                assert problem is None, problem
        assert isinstance(error, botika.BotikaError) and error.code == want.get("code", error.code)
        return
    assert error is None, f"unexpected error {error!r}"
    if "result" in expect:
        problem = _matches(expect["result"], result)
        assert problem is None, problem


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("case", [case for _, case in CASES], ids=[f"{file}: {case['name']}" for file, case in CASES])
def test_conformance(case: dict[str, Any], kind: str) -> None:
    if "responses" in case:
        replies = [Reply.from_case(spec) for spec in case["responses"]]
    elif "response" in case:
        replies = [Reply.from_case(case["response"])]
    else:
        replies = []
    call = case["call"]
    with MockServer(replies) as server:
        client = _client(kind, case.get("client", {}), server.base_url)

        async def run() -> tuple[Any, botika.BotikaError | None]:
            try:
                return await _call(client, call["op"], call.get("args", {}), call.get("options", {})), None
            except botika.BotikaError as error:
                return None, error

        result, error = asyncio.run(run())
        requests = list(server.requests)
    expect = case["expect"]
    attempts = expect.get("attempts", 1 if "request" in case else 0)
    assert len(requests) == attempts, f"{len(requests)} requests, expected {attempts}: {requests}"
    for request in requests:
        _check_request(case["request"], request)
    _check_outcome(expect, result, error)


def test_every_op_of_the_cases_exists_on_both_clients() -> None:
    ops = {case["call"]["op"] for _, case in CASES}
    for cls in (botika.Client, botika.AsyncClient):
        client = cls("t", base_url="http://127.0.0.1:9")
        for op in ops:
            resource, method = op.split(".")
            target = client if resource == "client" else getattr(client, resource)
            assert callable(getattr(target, method)), f"{cls.__name__} has no {op}"
