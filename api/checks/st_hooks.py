"""schemathesis hooks for fuzzing the sandbox (loaded through SCHEMATHESIS_HOOKS=st_hooks)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.generation import GenerationMode
from schemathesis.transport.requests import binary_serializer

# The upload's MIME types that schemathesis has no sample serializer for: their parts are sent
# as the raw bytes generated, as for application/octet-stream.
schemathesis.serializer(
    "audio/aac",
    "audio/mp4",
    "audio/mpeg",
    "audio/amr",
    "audio/ogg",
    "audio/opus",
    "video/mp4",
    "video/3gp",
    "application/pdf",
    "application/vnd.ms-powerpoint",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)(binary_serializer)

# Where a fuzzed `PUT /_sandbox/webhook` may point the sandbox: the discard port on this machine,
# which refuses at once. Generated URLs name arbitrary hosts, and webhooks must never leave it.
SAFE_WEBHOOK_URL = "http://127.0.0.1:9/hook"


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.operation.path == "/_sandbox/webhook" and isinstance(case.body, dict):
        if isinstance(case.body.get("url"), str):
            case.body["url"] = SAFE_WEBHOOK_URL


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def _unsendable_upload(case: Any, negative: bool) -> bool:
    """A multipart part's name travels in its Content-Disposition header, where control
    characters make the HTTP malformed (RFC 9110 field values); and a part is text or bytes on
    the wire, so a negative case that makes a part a number, a boolean or an object sends valid
    text. Neither is what this fuzzes."""
    if case.operation.path != "/media" or not isinstance(case.body, dict):
        return False
    bad_name = any(any(ord(c) < 0x20 or ord(c) == 0x7F for c in name) for name in case.body)
    retyped = negative and any(not isinstance(v, (str, bytes)) for v in case.body.values())
    return bad_name or retyped


@schemathesis.hook
def filter_case(ctx: Any, case: Any) -> bool:
    """Drops negative cases whose body holds a `null`: the API reads a `null` as an absent field
    (the description's conventions), so a `null` in an optional field is not invalid input, and
    one in a required field is the same as leaving it out, which other negative cases do. Drops
    uploads that multipart cannot carry as generated, and blank bodies."""
    meta = case.meta
    negative = meta is not None and meta.generation.mode == GenerationMode.NEGATIVE
    if negative and _blank(case.body):
        # A body of whitespace only is an empty body, which reads as `{}` (the description's
        # conventions): not invalid where the body is optional.
        return False
    return not (negative and _has_null(case.body)) and not _unsendable_upload(case, negative)


def _blank(body: Any) -> bool:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return isinstance(body, str) and body.strip() == ""
