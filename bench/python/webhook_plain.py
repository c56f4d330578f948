"""The peer for webhooks: `hmac` over the raw body, then `json.loads` and a walk to the events."""

import hashlib
import hmac
import json

from common import WEBHOOK_SECRET, emit, parse_args, webhook_rate


def handle(raw, signature):
    expected = "sha256=" + hmac.new(WEBHOOK_SECRET, raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise ValueError("bad signature")
    events = 0
    for entry in json.loads(raw).get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value", {})
            events += len(value.get("messages", [])) + len(value.get("statuses", []))
            events += change.get("field") == "message_template_status_update"
    return events


emit(webhook_rate(handle, parse_args().n))
