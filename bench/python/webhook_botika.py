"""`botika.webhooks`: the signature checked over the raw body, then parsed into typed events."""

from botika_api import import_botika
from common import WEBHOOK_SECRET, emit, parse_args, unavailable, webhook_rate

args = parse_args()
SECRET = WEBHOOK_SECRET.decode()
botika = import_botika()
webhooks = getattr(botika, "webhooks", None)
if webhooks is None:
    unavailable("the Python package has no botika.webhooks yet")


def handle(raw, signature):
    webhooks.verify_signature(raw, signature, SECRET)
    parsed = webhooks.parse(raw)
    return len(getattr(parsed, "events", parsed))


emit(webhook_rate(handle, args.n))
