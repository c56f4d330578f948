"""One table of scenarios against the in-process sandbox, each run with the blocking ``Client``
and with the ``AsyncClient``: the two must behave the same."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

import botika
import botika.types
from botika.testing import Sandbox
from conftest import PHONE, run

AnyClient = botika.Client | botika.AsyncClient
Scenario = Callable[[AnyClient, Sandbox, Path], Awaitable[None]]

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==")
WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
PDF = Path(__file__).resolve().parents[2] / "tests" / "conformance" / "fixtures" / "invoice.pdf"

SCENARIOS: list[Scenario] = []


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS.append(fn)
    return fn


def sent_content(sandbox: Sandbox) -> list[Any]:
    return [message["content"] for message in sandbox.sent_messages()]


@scenario
async def profile_is_read(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    profile = await run(client.profile.get())
    assert isinstance(profile, botika.Profile)
    assert profile.about and profile.raw["about"] == profile.about
    assert profile.to_dict()["websites"] == profile.websites


@scenario
async def text_and_reply(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    first = await run(client.messages.send_text(PHONE, "Halo!", preview_url=True))
    reply = await run(client.messages.send_text(PHONE, "Again", reply_to=first.id))
    assert first.id != reply.id
    assert sent_content(sandbox) == [
        {"to": PHONE, "type": "text", "text": {"body": "Halo!", "preview_url": True}},
        {"to": PHONE, "reply_message_id": first.id, "type": "text", "text": {"body": "Again"}},
    ]


@scenario
async def media_round_trip(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    photo = await run(client.media.upload(PNG, filename="photo.png"))
    assert (photo.kind, photo.mime_type, photo.size, photo.filename) == ("image", "image/png", len(PNG), "photo.png")
    document = await run(client.media.upload(PDF))
    assert (document.kind, document.filename) == ("document", "invoice.pdf")
    with PDF.open("rb") as file:
        from_file = await run(client.media.upload(file))
    assert (from_file.kind, from_file.filename) == ("document", "invoice.pdf")

    downloaded = await run(client.media.download(photo.id))
    assert (downloaded.content, downloaded.mime_type, downloaded.filename) == (PNG, "image/png", "photo.png")
    saved = await run(client.media.download_to(document.id, tmp / "copy.pdf"))
    assert Path(saved.path).read_bytes() == PDF.read_bytes() and saved.size == PDF.stat().st_size

    await run(client.messages.send_image(PHONE, media_id=photo.id, caption="A pixel"))
    await run(client.messages.send_document(PHONE, media_id=document.id, filename="invoice.pdf"))
    assert sent_content(sandbox)[0]["image"] == {"id": photo.id, "caption": "A pixel"}

    await run(client.media.delete(photo.id))
    with pytest.raises(botika.NotFoundError):
        await run(client.media.download(photo.id))


@scenario
async def every_other_message_type(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    sticker = await run(client.media.upload(WEBP))
    inbound = sandbox.inbound_text(PHONE, "Hi shop")
    await run(client.messages.send_sticker(PHONE, media_id=sticker.id))
    await run(client.messages.send_audio(PHONE, link="https://example.com/a.mp3"))
    await run(client.messages.send_video(PHONE, link="https://example.com/v.mp4", caption="Clip"))
    await run(client.messages.send_location(PHONE, -6.2, 106.8, name="Monas", address="Jakarta"))
    await run(client.messages.send_contacts(PHONE, [{"name": "Budi", "phone": "+62 811-1111-111"}]))
    await run(client.messages.send_reaction(PHONE, inbound, "👍"))
    buttons: botika.types.InteractiveDict = {
        "type": "button",
        "body": {"text": "Pick one"},
        "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "Option A"}}]},
    }
    await run(client.messages.send_interactive(PHONE, buttons, reply_to=inbound))
    await run(client.messages.send(PHONE, {"type": "text", "text": {"body": "wire"}, "biz_opaque_callback_data": "x"}))
    await run(client.messages.send_json({"to": PHONE, "type": "text", "text": {"body": "raw"}}))
    kinds = [message["type"] for message in sandbox.sent_messages()]
    assert kinds == ["sticker", "audio", "video", "location", "contacts", "reaction", "interactive", "text", "text"]
    assert sandbox.sent_messages()[7]["content"]["biz_opaque_callback_data"] == "x"


@scenario
async def templates_are_sent_checked_or_refused(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    param: botika.types.TemplateParamDict = {
        "header": {"type": "text", "text": "#1024"},
        "body": ["Budi"],
        "button": [{"type": "QUICK_REPLY", "value": "track-1024"}],
    }
    sent = await run(client.messages.send_template(PHONE, "order_update", "en_US", param=param, check=True))
    assert sent.id
    with pytest.raises(botika.InvalidArgumentError) as checked:
        await run(client.messages.send_template(PHONE, "order_update", "en_US", param={"body": []}, check=True))
    assert any(field.startswith("template.param") for field in checked.value.field_errors)
    with pytest.raises(botika.ValidationError) as refused:
        await run(client.messages.send_template(PHONE, "order_update", "en_US", param={"body": []}))
    assert refused.value.status == 422 and refused.value.field_errors
    assert len(sandbox.sent_messages()) == 1


@scenario
async def mark_read_only_inbound(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    inbound = sandbox.inbound_text(PHONE, "Read me")
    assert await run(client.messages.mark_read(inbound)) is None
    assert sandbox.message(inbound)["status"] == "read"  # type: ignore[index]
    outbound = await run(client.messages.send_text(PHONE, "Mine"))
    with pytest.raises(botika.NotFoundError):
        await run(client.messages.mark_read(outbound.id))


@scenario
async def bad_input_is_refused_before_sending(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    four = [{"type": "reply", "reply": {"id": str(i), "title": f"Option {i}"}} for i in range(4)]
    with pytest.raises(botika.InvalidArgumentError) as error:
        await run(
            client.messages.send_interactive(
                PHONE, {"type": "button", "body": {"text": "?"}, "action": {"buttons": four}}  # type: ignore[typeddict-item]
            )
        )
    assert "interactive.action.buttons" in error.value.field_errors
    assert isinstance(error.value, ValueError)
    with pytest.raises(botika.InvalidArgumentError) as missing:
        await run(client.messages.send_image(PHONE))
    assert missing.value.field_errors
    no_title = {"type": "button", "action": {"buttons": [{"type": "reply", "reply": {"id": "a"}}]}}
    with pytest.raises(botika.InvalidArgumentError) as shape:
        await run(client.messages.send(PHONE, {"type": "interactive", "interactive": no_title}))
    assert "interactive.action.buttons[0].reply.title" in shape.value.field_errors
    with pytest.raises(botika.InvalidArgumentError) as not_json:
        await run(client.messages.send(PHONE, {"type": "text", "text": {"body": object()}}))
    assert "text.body" in not_json.value.field_errors
    assert sandbox.sent_messages() == []
    assert not any("messages" in route for route in sandbox.stats().get("requests", {}))


@scenario
async def template_lifecycle(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    listed = await run(client.templates.list())
    assert [t.name for t in listed] == ["hello_world", "order_update"]
    page = await run(client.templates.list_page(1))
    assert (page.current_page, page.next_page, len(page.templates)) == (1, None, 2)
    assert isinstance(page.templates[0], botika.MessageTemplate)
    found = await run(client.templates.find("order_update", "en_US"))
    assert found is not None and found == await run(client.templates.get(found.id))
    assert await run(client.templates.find("order_update", "id")) is None

    components: list[botika.types.TemplateComponentDict] = [{"type": "BODY", "text": "Promo hari ini!"}]
    created = await run(client.templates.create("promo_today", "id", "MARKETING", components))
    assert created.status == "PENDING"
    sandbox.approve_template(created.id)
    assert (await run(client.templates.get(created.id))).status == "APPROVED"

    rejected = await run(client.templates.create("promo_bad", "id", "MARKETING", components))
    sandbox.reject_template(rejected.id, "Too pushy")
    updated = await run(client.templates.update(rejected.id, category="UTILITY"))
    assert (updated.status, updated.category) == ("PENDING", "UTILITY")

    await run(client.templates.delete("promo_today"))
    with pytest.raises(botika.NotFoundError):
        await run(client.templates.get(created.id))


@scenario
async def templates_list_follows_every_page_and_search_filters(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    components: list[botika.types.TemplateComponentDict] = [{"type": "BODY", "text": "Hi"}]
    promos = [f"promo_{n:02}" for n in range(23)]  # three pages of 10 on their own
    notices = [f"notice_{n:02}" for n in range(12)]
    for name in promos + notices:
        await run(client.templates.create(name, "id", "MARKETING", components))
    listed_before = sandbox.stats()["requests"].get("GET /api/whatsapp/v1/message-templates", 0)

    everything = await run(client.templates.list())
    assert [t.name for t in everything] == ["hello_world", "order_update", *promos, *notices]  # 37: four pages
    assert all(isinstance(t, botika.MessageTemplate) for t in everything)
    found = await run(client.templates.list(search="promo"))
    assert [t.name for t in found] == promos  # 23 across three pages, the search kept on each
    assert [t.name for t in await run(client.templates.list(search="notice_1"))] == ["notice_10", "notice_11"]
    assert await run(client.templates.list(search="no_such_template")) == []
    listed = sandbox.stats()["requests"]["GET /api/whatsapp/v1/message-templates"] - listed_before
    assert listed == 4 + 3 + 1 + 1

    page = await run(client.templates.list_page(3, search="promo"))
    assert (page.current_page, page.next_page, [t.name for t in page.templates]) == (3, None, promos[20:])


@scenario
async def broadcasts_and_latest(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    created = await run(
        client.broadcasts.send(
            "Promo", "contact", [PHONE, "+62 811-2222-333"], {"name": "hello_world", "language": "en_US"}
        )
    )
    assert (created.total_recipients, created.status, created.type) == (2, "queued", "contact")
    latest = await run(client.broadcasts.latest(PHONE))
    assert latest.has_broadcast and latest.message_id
    assert latest.content is not None and latest.content.from_ == "broadcast"
    nothing = await run(client.broadcasts.latest("+62 899-0000-000"))
    assert (nothing.has_broadcast, nothing.content) == (False, None)


@scenario
async def generic_request(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    page = await run(client.request("GET", "/message-templates", query={"page": 1, "search": "order"}))
    assert page.status == 200 and [t["name"] for t in page.json["data"]] == ["order_update"]
    assert page.request_id and page.headers["content-type"].startswith("application/json")
    sent = await run(client.request("post", "/messages", json={"to": PHONE, "type": "text", "text": {"body": "raw"}}))
    assert sent.json["data"]["id"] == sandbox.sent_messages()[0]["id"]


@scenario
async def per_call_options(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    sandbox.set_fault("latency", path="/profile", latency=1.0, count=1)
    with pytest.raises(botika.APITimeoutError) as timeout:
        await run(client.profile.get(timeout=0.2, max_retries=0))
    assert isinstance(timeout.value, TimeoutError)
    sandbox.set_fault("error", path="/profile", status=503, count=1)
    with pytest.raises(botika.ServerError):
        await run(client.profile.get(max_retries=0))
    sandbox.set_fault("error", path="/profile", status=503, count=1)
    assert (await run(client.profile.get(extra_headers={"X-Trace": "1"}))).about  # retried once
    with pytest.raises(TypeError):
        await run(client.profile.get(tiemout=1))  # type: ignore[call-arg]


@scenario
async def every_api_error_class_through_faults(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    sandbox.set_fault("error", path="/profile", status=500, count=1)
    with pytest.raises(botika.InternalServerError) as server:
        await run(client.profile.get(max_retries=0))
    assert (server.value.status, server.value.code, server.value.request_id is not None) == (500, "server", True)

    sandbox.set_fault("rate_limit", path="/profile", retry_after=7, count=1)
    with pytest.raises(botika.RateLimitError) as limited:
        await run(client.profile.get(max_retries=0))
    assert (limited.value.status, limited.value.retry_after) == (429, 7.0)

    sandbox.set_fault("drop_before", path="/profile", count=1)
    with pytest.raises(botika.APIConnectionError):
        await run(client.profile.get(max_retries=0))

    sandbox.set_fault("drop_after", path="/messages", method="POST", count=1)
    with pytest.raises(botika.APIConnectionError) as dropped:
        await run(client.messages.send_text(PHONE, "Stored, then dropped"))
    assert dropped.value.may_have_been_sent
    assert len(sandbox.sent_messages()) == 1  # a send is never retried after it may have arrived

    with pytest.raises(botika.NotFoundError) as missing:
        await run(client.templates.get("999"))
    assert (missing.value.status, missing.value.method, missing.value.path) == (404, "GET", "/message-templates/999")

    with pytest.raises(botika.ValidationError) as invalid:
        await run(client.messages.send_text(PHONE, "Reply", reply_to="wamid.unknown"))
    assert "reply_message_id" in invalid.value.field_errors and invalid.value.body

    with pytest.raises(botika.BadRequestError) as bad:
        await run(client.request("POST", "/media", json={}, idempotent=True))
    assert bad.value.status == 415


@scenario
async def wrong_token_and_closed_client(client: AnyClient, sandbox: Sandbox, tmp: Path) -> None:
    stranger = type(client)("not-the-token", base_url=sandbox.api_url)
    with pytest.raises(botika.AuthenticationError) as denied:
        await run(stranger.profile.get())
    assert denied.value.status == 401 and "not-the-token" not in repr(denied.value) + str(denied.value)
    await run(stranger.close())
    assert stranger.closed
    with pytest.raises(botika.ConfigError):
        await run(stranger.profile.get())


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
@pytest.mark.asyncio
async def test_scenario(scenario: Scenario, kind: str, sandbox: Sandbox, tmp_path: Path) -> None:
    client: AnyClient = sandbox.client() if kind == "sync" else sandbox.async_client()
    await scenario(client, sandbox, tmp_path)
    await run(client.close())
