"""The pytest plugin, loaded through the package's pytest11 entry point: its fixtures and
marker work in any project that installs botika."""

from __future__ import annotations

import time

import pytest

import botika
from botika.testing import Sandbox
from conftest import PHONE, wait_for


def test_the_fixtures_give_a_sandbox_and_a_client_for_it(botika_sandbox: Sandbox, botika_client: botika.Client) -> None:
    sent = botika_client.messages.send_text(PHONE, "Halo from a fixture")
    assert [m["id"] for m in botika_sandbox.sent_messages()] == [sent.id]
    inbound = botika_sandbox.inbound_text(PHONE, "Halo back")
    assert botika_sandbox.messages(direction="inbound")[0]["id"] == inbound


@pytest.mark.botika_sandbox(token="marked-token", labels={1: ["+62 811-1111-111", "+62 811-2222-222"]})
@pytest.mark.asyncio
async def test_the_marker_configures_the_sandbox(
    botika_sandbox: Sandbox, botika_async_client: botika.AsyncClient
) -> None:
    assert botika_sandbox.token == "marked-token"
    async with botika_async_client as client:
        created = await client.broadcasts.send("Label", "label", [1], {"name": "hello_world", "language": "en_US"})
    assert created.total_recipients == 2


@pytest.mark.botika_sandbox(service_window_length=0.5, status_schedule=(0.01, 0.02, 0.03))
def test_a_short_service_window_closes(botika_sandbox: Sandbox, botika_client: botika.Client) -> None:
    botika_sandbox.inbound_text(PHONE, "Halo")
    answered = botika_client.messages.send_text(PHONE, "Hi Sari!").id
    time.sleep(0.6)  # past the window's end
    late = botika_client.messages.send_text(PHONE, "Still there?").id

    def status(id: str) -> str:
        message = botika_sandbox.message(id)
        assert message is not None
        return str(message["status"])

    wait_for(lambda: status(answered) == "read" and status(late) == "failed", "the window to close")


def test_faults_are_listed_and_removed(botika_sandbox: Sandbox) -> None:
    fault = botika_sandbox.set_fault("error", path="/profile", status=502)
    assert [f["id"] for f in botika_sandbox.faults()] == [fault]
    assert botika_sandbox.remove_fault(fault) and not botika_sandbox.remove_fault(fault)
    with pytest.raises(botika.ValidationError) as refused:
        botika_sandbox.set_fault("error", status=200)
    assert "status" in refused.value.field_errors
    with pytest.raises(botika.InvalidArgumentError):
        botika_sandbox.set_fault("unknown")  # type: ignore[arg-type]


def test_a_stopped_sandbox_says_so() -> None:
    sandbox = Sandbox()
    sandbox.stop()
    sandbox.stop()
    assert sandbox.stopped and repr(sandbox) == "<Sandbox stopped>"
    with pytest.raises(botika.ConfigError):
        sandbox.reset()
