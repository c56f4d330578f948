"""botika quickstart: profile, a text, a document, buttons, templates and a refused message.

Runs against the API in ``BOTIKA_API_TOKEN`` / ``BOTIKA_BASE_URL`` when they are set; otherwise
it starts the Botika sandbox in this process, so it works offline::

    python examples/python/quickstart.py
    BOTIKA_DEMO_TO="+62 812-3456-7890" BOTIKA_API_TOKEN=... python examples/python/quickstart.py
"""

from __future__ import annotations

import os
from contextlib import ExitStack

import botika
from botika.testing import Sandbox
from botika.types import InteractiveDict

TO = os.environ.get("BOTIKA_DEMO_TO", "+62 812-3456-7890")


def main() -> None:
    with ExitStack() as stack:
        sandbox: Sandbox | None = None
        if os.environ.get("BOTIKA_API_TOKEN"):
            client = stack.enter_context(botika.Client())
        else:
            sandbox = stack.enter_context(Sandbox())
            print(f"No BOTIKA_API_TOKEN set: using an in-process sandbox at {sandbox.api_url}")
            client = stack.enter_context(sandbox.client())

        profile = client.profile.get()
        print(f"Business profile: {profile.about!r} ({profile.vertical})")

        sent = client.messages.send_text(TO, "Halo! Pesanan Anda sedang kami proses.")
        print(f"Sent a text: {sent.id}")

        invoice = client.media.upload(b"Invoice #1024\nTotal: Rp 150.000\n", filename="invoice.txt")
        print(
            f"Uploaded {invoice.filename} as a {invoice.kind} ({invoice.mime_type}, {invoice.size} bytes): {invoice.id}"
        )
        client.messages.send_document(TO, media_id=invoice.id, filename="invoice.txt", caption="Your invoice")
        print("Sent it as a document")

        menu: InteractiveDict = {
            "type": "button",
            "body": {"text": "Was your order complete?"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "yes", "title": "Yes, thanks"}},
                    {"type": "reply", "reply": {"id": "no", "title": "Something is missing"}},
                ]
            },
        }
        client.messages.send_interactive(TO, menu, reply_to=sent.id)
        print("Sent reply buttons, as a reply to the first message")

        for template in client.templates.list():
            print(f"Template {template.name} ({template.language}): {template.status}")
        if client.templates.find("order_update", "en_US"):
            client.messages.send_template(
                TO,
                "order_update",
                "en_US",
                param={
                    "header": {"type": "text", "text": "#1024"},
                    "body": ["Budi"],
                    "button": [{"type": "QUICK_REPLY", "value": "track-1024"}],
                },
                check=True,
            )
            print("Sent the order_update template, checked against the template first")

        try:
            client.messages.send_text("0812345", "no country code")
        except botika.InvalidArgumentError as error:
            print(f"Refused before sending: {error}")

        if sandbox is not None:
            print(f"The sandbox received {len(sandbox.sent_messages())} messages:")
            for message in sandbox.sent_messages():
                print(f"  {message['id']}  {message['type']:12} to {message['to']}")


if __name__ == "__main__":
    main()
