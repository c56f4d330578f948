"""`botika.webhooks`: the signature checked over the raw body, then parsed into typed events
(`parse_verified`, the one call a webhook handler makes)."""

import importlib

from botika_api import import_botika
from common import WEBHOOK_SECRET, emit, parse_args, unavailable, webhook_rate

args = parse_args()
import_botika()
try:
    webhooks = importlib.import_module("botika.webhooks")
except ImportError as error:
    unavailable(f"the Python package has no botika.webhooks yet ({error})")
SECRET = WEBHOOK_SECRET.decode()


def handle(raw, signature):
    return len(webhooks.parse_verified(raw, signature, SECRET).events)


emit(webhook_rate(handle, args.n))
