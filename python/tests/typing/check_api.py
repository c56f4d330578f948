"""Type-checked (``mypy --strict``), not run: the public API's types as a user sees them.

Each ``assert_type`` fails the check if a signature or return type drifts; the lines marked
``type: ignore[...]`` must stay errors (``warn_unused_ignores`` reports them if they stop being).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from typing_extensions import assert_type

import botika
from botika import messages, webhooks
from botika.testing import Sandbox
from botika.types import InteractiveDict, TemplateParamDict


def blocking(client: botika.Client) -> None:
    assert_type(client.messages.send_text("+62 812-3456-7890", "Halo!", preview_url=True), botika.SentMessage)
    assert_type(
        client.messages.send_image("+6281234567890", media_id="1", caption="c", timeout=2.5), botika.SentMessage
    )
    menu: InteractiveDict = {"type": "list", "body": {"text": "Pick"}, "action": {"button": "Menu", "sections": []}}
    assert_type(client.messages.send_interactive("+6281234567890", menu), botika.SentMessage)
    param: TemplateParamDict = {"body": ["Budi"], "button": [{"type": "URL", "value": "x"}]}
    assert_type(client.messages.send_template("+6281234567890", "promo", "id", param=param), botika.SentMessage)
    assert_type(client.messages.mark_read("wamid.1", extra_headers={"X-Trace": "1"}), None)
    assert_type(client.media.upload(b"...", kind="document"), botika.UploadedMedia)
    assert_type(client.media.download("1").content, bytes)
    assert_type(client.templates.list(search="promo"), Iterator[botika.MessageTemplate])
    assert_type(client.templates.find("promo", "id"), botika.MessageTemplate | None)
    assert_type(client.broadcasts.latest("+6281234567890").content, botika.BroadcastContent | None)
    assert_type(client.request("GET", "/profile", query={"page": [1, 2]}).status, int)
    client.messages.send_text("+6281234567890", 42)  # type: ignore[arg-type]
    client.profile.get(timeout="soon")  # type: ignore[arg-type]
    client.messages.send_interactive("+6281234567890", {"type": "carousel", "action": {}})  # type: ignore[typeddict-item]


async def asynchronous(client: botika.AsyncClient) -> None:
    assert_type(await client.messages.send_text("+6281234567890", "Halo!"), botika.SentMessage)
    assert_type(client.templates.list(), AsyncIterator[botika.MessageTemplate])
    async for template in client.templates.list():
        assert_type(template.status, str | None)
    assert_type(await client.profile.get(max_retries=0), botika.Profile)


def receiving(body: bytes, header: str | None) -> None:
    for event in webhooks.parse_verified(body, header, "secret").events:
        if isinstance(event, webhooks.InboundMessage):
            assert_type(event.text, str | None)
        elif isinstance(event, webhooks.StatusUpdate):
            assert_type(event.errors, list[webhooks.StatusError])
    assert_type(webhooks.verify_challenge({"hub.mode": "subscribe"}, "t"), str | None)


def testing() -> None:
    with Sandbox(status_schedule=(0.01, 0.02, 0.03)) as sandbox:
        assert_type(sandbox.client(), botika.Client)
        assert_type(sandbox.set_fault("latency", latency=0.5), int)
        assert_type(sandbox.sent_messages(), list[dict[str, object]])  # type: ignore[assert-type]


def failing(error: botika.BotikaError) -> None:
    assert_type(error.field_errors, dict[str, list[str]])
    assert_type(error.retry_after, float | None)


def bulk(client: botika.Client) -> None:
    report = client.messages.send_bulk(["+6281234567890"], messages.text("Halo!"), concurrency=8, timeout=5)
    assert_type(report, botika.BulkReport)
    assert_type(report.outcomes[0].status, botika.BulkStatus)
    assert_type(report.outcomes[0].error, botika.BotikaError | None)
    assert_type(report.with_status("unknown"), list[botika.BulkOutcome])
    assert_type(report.counts.done, int)
    job = client.messages.start_bulk_pairs([("+6281234567890", messages.template("promo", "id"))], max_pause=5.0)
    assert_type(job, botika.BulkJob)
    with job:
        for outcome in job:
            assert_type(outcome, botika.BulkOutcome)
    assert_type(job.progress(), botika.BulkCounts)
    assert_type(job.result(), botika.BulkReport)
    client.messages.send_bulk(["+6281234567890"], messages.text("x"), on_outcome=lambda o: print(o.index))
    client.messages.send_bulk(["+6281234567890"], messages.text("x"), concurrency="many")  # type: ignore[arg-type]
    client.messages.send_bulk_pairs(["+6281234567890"])  # type: ignore[list-item]
    report.with_status("delivered")  # type: ignore[arg-type]


async def asynchronous_bulk(client: botika.AsyncClient) -> None:
    assert_type(await client.messages.send_bulk(["+6281234567890"], messages.text("Halo!")), botika.BulkReport)
    job = client.messages.start_bulk(["+6281234567890"], messages.image(link="https://example.com/a.png"))
    assert_type(job, botika.AsyncBulkJob)
    async with job:
        async for outcome in job:
            assert_type(outcome.id, str | None)
    assert_type(await job, botika.BulkReport)
    assert_type(await job.result(), botika.BulkReport)


def retries(event: botika.RetryEvent) -> None:
    botika.Client(on_retry=lambda e: print(e.attempt, e.path))
    assert_type(event.delay, float)
    assert_type(event.status, int | None)
    botika.AsyncClient(on_retry=retries)
    botika.Client(on_retry=lambda: None)  # type: ignore[arg-type,misc]
