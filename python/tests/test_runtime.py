"""The runtime bridge: the GIL is released while a blocking call waits, cancelling an asyncio
task cancels the Rust call, asyncio results reach their own futures on any loop (without a
thread per call or an open socket per finished loop), a forked child gets its own runtime and
pool, and both runtime flavours work."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

import botika
from botika.testing import Sandbox
from conftest import PHONE, wait_for_child


def test_other_threads_run_while_a_blocking_call_waits(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/profile", latency=1.0, count=1)
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        with sandbox.client() as client:
            before, started = ticks, time.monotonic()
            client.profile.get()
            during, elapsed = ticks - before, time.monotonic() - started
    finally:
        stop.set()
        spinner.join()
    assert elapsed >= 1.0
    # With the GIL held for the whole second, the spinner could not count at all.
    assert during > 100_000, f"the spinner counted only {during} while the call waited"


def test_blocking_calls_from_several_threads_wait_together(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/profile", latency=0.5, count=4)
    with sandbox.client() as client:
        started = time.monotonic()
        threads = [threading.Thread(target=client.profile.get) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    assert elapsed < 1.5, f"4 calls of 0.5 s took {elapsed:.2f} s: they ran one after another"


@pytest.fixture
def silent_server() -> Iterator[tuple[int, threading.Event, threading.Event]]:
    """A server that reads one request and never answers; it reports when the request arrived
    and when the client closed the connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    arrived, closed = threading.Event(), threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            arrived.set()
            connection.settimeout(10)
            try:
                while connection.recv(65536):
                    pass
                closed.set()
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], arrived, closed
    listener.close()


@pytest.mark.asyncio
async def test_cancelling_the_task_cancels_the_rust_call(
    silent_server: tuple[int, threading.Event, threading.Event],
) -> None:
    port, arrived, closed = silent_server
    client = botika.AsyncClient("t", base_url=f"http://127.0.0.1:{port}/api", timeout=30, max_retries=0)
    task = asyncio.create_task(client.profile.get())
    for _ in range(200):
        if arrived.is_set():
            break
        await asyncio.sleep(0.01)
    assert arrived.is_set()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The Rust future was dropped, so its connection closed (the timeout is 30 s away).
    assert await asyncio.to_thread(closed.wait, 5), "the request's connection stayed open after cancelling"


@pytest.mark.asyncio
async def test_wait_for_times_out_an_async_call(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/profile", latency=2.0, count=1)
    async with sandbox.async_client() as client:
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.profile.get(), 0.2)
        assert time.monotonic() - started < 1.5
        assert (await client.profile.get()).about  # the client is still usable


async def _send_many(client: botika.AsyncClient, count: int) -> list[tuple[str, str]]:
    """Sends `count` texts at once; (body, id) of each, as the coroutines returned them."""
    bodies = [f"message {i}" for i in range(count)]
    sent = await asyncio.gather(*(client.messages.send_text(PHONE, body) for body in bodies))
    return [(body, message.id) for body, message in zip(bodies, sent, strict=True)]


def _assert_delivered_to_their_callers(sandbox: Sandbox, pairs: list[tuple[str, str]]) -> None:
    # Each future got its own call's result: the id the sandbox gave that very body.
    for body, id in pairs:
        stored = sandbox.message(id)
        assert stored is not None and stored["content"]["text"]["body"] == body


def test_many_results_at_once_each_reach_their_own_future(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    pairs = asyncio.run(_send_many(client, 200))
    assert len({id for _, id in pairs}) == 200
    _assert_delivered_to_their_callers(sandbox, pairs)


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc")
def test_asyncio_results_need_no_thread_per_call(sandbox: Sandbox) -> None:
    # Results are handed to the event loop itself; no thread waits for the GIL per result.
    client = sandbox.async_client()
    asyncio.run(client.profile.get())  # the runtime and its thread exist
    before = _threads()
    most = before

    async def watch(calls: asyncio.Future[list[tuple[str, str]]]) -> None:
        nonlocal most
        while not calls.done():
            most = max(most, _threads())
            await asyncio.sleep(0)

    async def main() -> None:
        calls = asyncio.ensure_future(_send_many(client, 300))
        await asyncio.gather(calls, watch(calls))

    asyncio.run(main())
    assert most <= before, f"{most - before} threads were started for 300 calls"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc")
def test_event_loops_that_come_and_go_leave_nothing_open(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    asyncio.run(client.profile.get())
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(30):
        asyncio.run(client.profile.get())
    # The last loop's socket pair may stay until the next loop replaces it.
    assert len(os.listdir("/proc/self/fd")) <= before + 2


def test_loops_on_several_threads_each_get_their_own_results(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    results: list[list[tuple[str, str]]] = []

    def run_loop() -> None:
        results.append(asyncio.run(_send_many(client, 50)))

    threads = [threading.Thread(target=run_loop) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 3
    for pairs in results:
        _assert_delivered_to_their_callers(sandbox, pairs)


class _NoReaderLoop(asyncio.SelectorEventLoop):
    """A loop that cannot watch a file descriptor, as Windows' proactor loop cannot."""

    def add_reader(self, *args: object) -> None:
        raise NotImplementedError


def test_a_loop_without_add_reader_gets_its_results_through_call_soon_threadsafe(
    sandbox: Sandbox, silent_server: tuple[int, threading.Event, threading.Event]
) -> None:
    port, arrived, closed = silent_server
    client = sandbox.async_client()
    stuck = botika.AsyncClient("t", base_url=f"http://127.0.0.1:{port}/api", timeout=30, max_retries=0)

    async def main() -> list[tuple[str, str]]:
        pairs = await _send_many(client, 100)
        with pytest.raises(botika.NotFoundError):
            await client.templates.get("no-such-template")
        # Cancelling still drops the Rust call.
        task = asyncio.create_task(stuck.profile.get())
        while not arrived.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await asyncio.to_thread(closed.wait, 5), "the cancelled call's connection stayed open"
        return pairs

    loop = _NoReaderLoop()
    try:
        pairs = loop.run_until_complete(asyncio.wait_for(main(), 30))
    finally:
        loop.close()
    _assert_delivered_to_their_callers(sandbox, pairs)


def test_a_forked_child_gets_its_own_runtime_and_pool(sandbox: Sandbox) -> None:
    client = sandbox.client()
    aclient = sandbox.async_client()
    client.profile.get()  # the parent's runtime and a pooled connection exist before the fork
    asyncio.run(aclient.profile.get())
    pid = os.fork()
    if pid == 0:  # the child: exit codes tell the parent what happened
        code = 3
        try:
            client.messages.send_text(PHONE, "from the child", timeout=5)
            asyncio.run(aclient.messages.send_text(PHONE, "async from the child", timeout=5))
            code = 0
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    assert wait_for_child(pid, 20) == 0
    # The parent's pool was left alone: its connections still work.
    client.profile.get()
    asyncio.run(aclient.profile.get())
    bodies = sorted(m["content"]["text"]["body"] for m in sandbox.sent_messages())
    assert bodies == ["async from the child", "from the child"]


_inherited: botika.Client | None = None


def _send_from_worker(i: int) -> str:
    assert _inherited is not None
    return _inherited.messages.send_text(PHONE, f"worker {i}", timeout=5).id


def test_a_fork_pool_shares_a_client_made_before_it(sandbox: Sandbox) -> None:
    global _inherited
    _inherited = sandbox.client()
    _inherited.profile.get()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        ids = pool.map_async(_send_from_worker, range(4)).get(timeout=30)
    assert len(set(ids)) == 4 and len(sandbox.sent_messages()) == 4


@pytest.mark.parametrize("flavour", ["current_thread", "multi_thread"])
def test_both_runtime_flavours_work(sandbox: Sandbox, flavour: str) -> None:
    script = (
        "import asyncio, sys, botika\n"
        "c = botika.Client(sys.argv[1], base_url=sys.argv[2])\n"
        "a = botika.AsyncClient(sys.argv[1], base_url=sys.argv[2])\n"
        "print(c.profile.get().about == asyncio.run(a.profile.get()).about)\n"
        "job = c.messages.start_bulk(['+62 812-3456-7890', '+62 812-3456-7891'], botika.messages.text('x'))\n"
        "print([o.status for o in job], job.result().counts.sent)\n"
    )
    env = {**os.environ, "BOTIKA_PYTHON_RUNTIME": flavour}
    done = subprocess.run(
        [sys.executable, "-c", script, sandbox.token, sandbox.api_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.split("\n")[0]) == (0, "True"), done.stderr
    assert done.stdout.split("\n")[1] == "['sent', 'sent'] 2", done.stdout


def test_an_unknown_runtime_flavour_is_a_config_error(sandbox: Sandbox) -> None:
    script = (
        "import sys, botika\n"
        "try:\n"
        "    botika.Client(sys.argv[1], base_url=sys.argv[2]).profile.get()\n"
        "except botika.ConfigError as e:\n"
        "    print(e)\n"
    )
    env = {**os.environ, "BOTIKA_PYTHON_RUNTIME": "threads"}
    done = subprocess.run(
        [sys.executable, "-c", script, sandbox.token, sandbox.api_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "BOTIKA_PYTHON_RUNTIME" in done.stdout, done.stdout + done.stderr


def test_a_program_exiting_right_after_its_last_await_exits_cleanly(sandbox: Sandbox) -> None:
    # Without the exit hook, the tokio thread delivering the last result could still be inside
    # the interpreter when it finalized, and CPython aborted (about half of these runs).
    script = (
        "import asyncio, sys, botika\n"
        "print(asyncio.run(botika.AsyncClient(sys.argv[1], base_url=sys.argv[2]).profile.get()).about)\n"
    )
    for _ in range(10):
        done = subprocess.run(
            [sys.executable, "-c", script, sandbox.token, sandbox.api_url], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0 and done.stdout.strip(), done.stderr


def test_ctrl_c_interrupts_a_blocking_call(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/profile", latency=10.0, count=1)
    script = (
        "import sys, botika\n"
        "client = botika.Client(sys.argv[1], base_url=sys.argv[2])\n"
        "print('calling', flush=True)\n"
        "try:\n"
        "    client.profile.get()\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, sandbox.token, sandbox.api_url], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "calling"
    time.sleep(0.5)
    started = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=10)
    assert out.strip() == "interrupted" and time.monotonic() - started < 2
