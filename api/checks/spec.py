"""api/openapi.yaml as a checker: finds the operation of a request and lists every way in which a
request or a response departs from what the description says.

Schemas are checked with JSON Schema 2020-12 (OpenAPI 3.1's dialect; its extra keywords such as
`discriminator` only annotate, so a plain 2020-12 validator gives the same verdicts), resolving
`$ref`s inside the whole document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
_URI = "urn:botika:openapi"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _pointer(*parts: str) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass
class Operation:
    """One method of one path, with what it accepts and answers."""

    spec: Spec
    method: str
    template: str
    pointer: str
    raw: dict[str, Any]
    parameters: list[tuple[str, dict[str, Any]]]

    @property
    def operation_id(self) -> str:
        return self.raw.get("operationId", f"{self.method.upper()} {self.template}")

    @property
    def needs_token(self) -> bool:
        security = self.raw.get("security", self.spec.doc.get("security", []))
        return any(requirement for requirement in security)

    def statuses(self) -> list[str]:
        """The documented status codes, as written (`200`, `5XX`)."""
        return list(self.raw.get("responses", {}))

    def request_problems(
        self,
        path: str,
        query: dict[str, list[str]] | None = None,
        json_body: Any = None,
        has_json: bool = False,
        multipart: list[dict[str, Any]] | None = None,
    ) -> list[str]:
        """What is wrong with a request: its path and query parameters, and its body (JSON or
        multipart parts `{"name", "filename"?, "content_type"?, "size"?}`); empty when none."""
        problems: list[str] = []
        values = dict(zip(self._names(), self._match(path) or ()))
        query = query or {}
        for name in query:
            if not any(loc == "query" and p["name"] == name for loc, p in self.parameters):
                problems.append(f"query parameter {name!r} is not described")
        for (location, param), pointer in zip(self.parameters, self._param_pointers()):
            name = param["name"]
            if location == "path":
                given = [values[name]] if name in values else []
            elif location == "query":
                given = query.get(name, [])
            else:
                continue
            if not given:
                if param.get("required"):
                    problems.append(f"{location} parameter {name!r} is missing")
                continue
            for value in given:
                problems += [
                    f"{location} parameter {name!r}: {p}"
                    for p in self.spec.problems(_coerce(value, param), pointer + "/schema")
                ]
        body = self.raw.get("requestBody")
        if body is None:
            if has_json or multipart is not None:
                problems.append("the operation takes no body")
            return problems
        body = self.spec.resolve(body)
        content = body.get("content", {})
        if has_json:
            if "application/json" not in content:
                problems.append("the operation takes no JSON body")
            else:
                problems += self.spec.problems(
                    json_body, self.pointer + "/requestBody/content/application~1json/schema"
                )
        elif multipart is not None:
            problems += self._multipart_problems(content, multipart)
        elif body.get("required"):
            problems.append("the request body is required")
        return problems

    def response_problems(
        self, status: int, headers: dict[str, str], content_type: str | None, body: bytes
    ) -> list[str]:
        """What is wrong with an answer: undocumented status, missing or wrong headers, a body of
        an undescribed type or against its schema; empty when none."""
        responses = self.raw.get("responses", {})
        key = next(
            (k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None
        )
        if key is None:
            return [f"status {status} is not documented"]
        response = self.spec.resolve(responses[key])
        pointer = self.pointer + _pointer("responses", key)
        if "$ref" in responses[key]:
            pointer = responses[key]["$ref"].removeprefix("#")
        problems: list[str] = []
        lowered = {k.lower(): v for k, v in headers.items()}
        for name, header in response.get("headers", {}).items():
            header = self.spec.resolve(header)
            value = lowered.get(name.lower())
            if value is None:
                if header.get("required"):
                    problems.append(f"header {name} is missing")
                continue
            schema = header.get("schema", {})
            problems += [
                f"header {name}: {p}"
                for p in self.spec.validate(_coerce(value, {"schema": schema}), schema)
            ]
        content = response.get("content", {})
        if not body:
            if content and not any(not media.get("schema") for media in content.values()):
                problems.append("the body is empty, but the response describes one")
            return problems
        media_type = (content_type or "").split(";")[0].strip().lower()
        match = next(
            (
                candidate
                for candidate in (media_type, media_type.split("/")[0] + "/*", "*/*")
                if candidate in content
            ),
            None,
        )
        if match is None:
            return problems + [f"content type {content_type!r} is not described for {key}"]
        schema_pointer = pointer + _pointer("content", match, "schema")
        schema = content[match].get("schema", {})
        if media_type == "application/json" or media_type.endswith("+json"):
            try:
                value = json.loads(body)
            except ValueError as error:
                return problems + [f"the body is not JSON: {error}"]
            return problems + self.spec.problems(value, schema_pointer)
        if media_type in ("application/yaml", "application/x-yaml"):
            try:
                value = yaml.safe_load(body)
            except yaml.YAMLError as error:
                return problems + [f"the body is not YAML: {error}"]
            return problems + self.spec.problems(value, schema_pointer)
        if "contentMediaType" in self.spec.resolve(schema):
            # Bytes of a file: JSON Schema has nothing to say about their content.
            return problems
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return problems + ["the body is not UTF-8 text"]
        return problems + self.spec.problems(text, schema_pointer)

    def _multipart_problems(
        self, content: dict[str, Any], parts: list[dict[str, Any]]
    ) -> list[str]:
        form = content.get("multipart/form-data")
        if form is None:
            return ["the operation takes no multipart body"]
        problems = []
        encoding = form.get("encoding", {})
        described = self.spec.resolve(form.get("schema", {})).get("properties", {})
        fields: dict[str, Any] = {}
        for part in parts:
            name = part["name"]
            # Plain fields may ride along (the schema leaves the form open), but a file is only
            # ever a described part.
            is_file = "filename" in part or "content_type" in part
            if is_file and name not in described:
                problems.append(f"part {name!r} is a file, but no such part is described")
            if name in fields:
                problems.append(f"part {name!r} is given twice")
            # The part's bytes stand for a string of the same length.
            fields[name] = "x" * min(int(part.get("size", 1)), 1)
            allowed = encoding.get(name, {}).get("contentType")
            given = part.get("content_type")
            if allowed and given:
                kinds = [t.strip().lower() for t in allowed.split(",")]
                if given.split(";")[0].strip().lower() not in kinds:
                    problems.append(f"part {name!r} has content type {given!r}, not one of {allowed}")
        pointer = self.pointer + "/requestBody/content/multipart~1form-data/schema"
        return problems + self.spec.problems(fields, pointer)

    def _names(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.template)

    def _match(self, path: str) -> list[str] | None:
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "([^/]+)", re.escape(self.template)) + "$"
        found = re.match(pattern, path)
        return [unquote(v) for v in found.groups()] if found else None

    def _param_pointers(self) -> list[str]:
        return [self.spec.param_pointers[id(param)] for _, param in self.parameters]


class Spec:
    """The whole description."""

    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(_URI, resource)
        self.param_pointers: dict[int, str] = {}
        self.operations: list[Operation] = []
        for template, item in self.doc.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method in _METHODS:
                if method not in item:
                    continue
                pointer = _pointer("paths", template, method)
                own = item[method].get("parameters", [])
                params = []
                for where, index, param in [("", i, p) for i, p in enumerate(shared)] + [
                    (method, i, p) for i, p in enumerate(own)
                ]:
                    base = _pointer("paths", template) + (_pointer(where) if where else "")
                    ref = param.get("$ref")
                    resolved = self.resolve(param)
                    self.param_pointers[id(resolved)] = (
                        ref.removeprefix("#") if ref else base + _pointer("parameters", str(index))
                    )
                    params.append((resolved["in"], resolved))
                # An operation's own parameter replaces a path-level one of the same name.
                by_key = {(loc, p["name"]): (loc, p) for loc, p in params}
                self.operations.append(
                    Operation(self, method, template, pointer, item[method], list(by_key.values()))
                )

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation of `method` on `path` (the part after the server URL, still
        percent-encoded); literal paths win over templated ones, as OpenAPI asks."""
        candidates = [
            op
            for op in self.operations
            if op.method == method.lower() and op._match(path) is not None
        ]
        candidates.sort(key=lambda op: op.template.count("{"))
        return candidates[0] if candidates else None

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """`node`, or what its `$ref` points at."""
        while isinstance(node, dict) and "$ref" in node:
            node = self.registry.resolver(_URI).lookup(_URI + node["$ref"]).contents
        return node

    def problems(self, value: Any, pointer: str) -> list[str]:
        """Every way `value` breaks the schema at `pointer` in the document."""
        return self.validate(value, {"$ref": _URI + "#" + pointer})

    def validate(self, value: Any, schema: Any) -> list[str]:
        validator = Draft202012Validator(schema, registry=self.registry)
        problems = []
        for error in sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.path))):
            # A failed `oneOf` says only that no branch fits; the closest branch says why.
            while error.context:
                error = best_match(error.context)
            problems.append(f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
        return problems


def _coerce(value: str, param: dict[str, Any]) -> Any:
    """A parameter's text as the type its schema asks for, so that `page=2` is the integer 2; text
    that does not read as that type stays text, and the schema then refuses it."""
    schema = param.get("schema", {})
    types = schema.get("type", "string")
    types = types if isinstance(types, list) else [types]
    if "integer" in types and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    if "number" in types:
        try:
            return float(value)
        except ValueError:
            return value
    return value
