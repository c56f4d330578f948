"""botika's pytest plugin (registered through the ``pytest11`` entry point): fixtures that give
each test a fresh in-process sandbox and a client for it.

::

    def test_greets(botika_sandbox, botika_client):
        botika_client.messages.send_text("+62 812-3456-7890", "Halo!")
        assert len(botika_sandbox.sent_messages()) == 1

    @pytest.mark.botika_sandbox(webhook_url="http://127.0.0.1:9000/hook", webhook_secret="s")
    def test_webhooks(botika_sandbox): ...
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._client import AsyncClient, Client
from .testing import Sandbox


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "botika_sandbox(**settings): settings of the botika_sandbox fixture (as for botika.testing.Sandbox)"
    )


@pytest.fixture
def botika_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A sandbox of Botika's API for this test, stopped after it."""
    marker = request.node.get_closest_marker("botika_sandbox")
    settings = dict(marker.kwargs) if marker else {}
    with Sandbox(**settings) as sandbox:
        yield sandbox


@pytest.fixture
def botika_client(botika_sandbox: Sandbox) -> Iterator[Client]:
    """A :class:`botika.Client` for ``botika_sandbox``."""
    with botika_sandbox.client() as client:
        yield client


@pytest.fixture
def botika_async_client(botika_sandbox: Sandbox) -> AsyncClient:
    """An :class:`botika.AsyncClient` for ``botika_sandbox``."""
    return botika_sandbox.async_client()
