"""Shared fixtures: a fast sandbox, and the helper that runs a call the same way for the
blocking and the asyncio client (so one scenario table covers both)."""

from __future__ import annotations

import inspect
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from botika.testing import Sandbox

# The tests import their helpers (mock_server) as top-level modules.
sys.path.insert(0, str(Path(__file__).parent))

#: A customer's number; any number outside the sandbox's test recipients behaves normally.
PHONE = "+62 812-3456-7890"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox with statuses and template reviews fast enough for tests."""
    with Sandbox(status_schedule=(0.01, 0.02, 0.03), review_delay=0.05) as sandbox:
        yield sandbox


async def run(value: Any) -> Any:
    """The result of a client call: awaited for the asyncio client, as is for the blocking one;
    an (async) iterator is collected into a list."""
    if inspect.isawaitable(value):
        return await value
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    if inspect.isgenerator(value):
        return list(value)
    return value


def wait_for_child(pid: int, seconds: float) -> int:
    """A forked child's exit status; kills it and fails when it does not finish in time (a
    hang)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("the forked child hung")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Returns once `condition()` holds; fails the test when it does not within 15 s."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")
