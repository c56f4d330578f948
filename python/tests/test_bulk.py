"""Bulk sends against the in-process sandbox: one table of scenarios run with the blocking
``Client`` and with the ``AsyncClient``, then what only one of them can show (the GIL, threads,
fork)."""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import botika
import botika.types
from botika import messages
from botika.testing import Sandbox
from conftest import run, wait_for_child

AnyClient = botika.Client | botika.AsyncClient
AnyJob = botika.BulkJob | botika.AsyncBulkJob
Scenario = Callable[[AnyClient, Sandbox], Awaitable[None]]

SCENARIOS: list[Scenario] = []


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS.append(fn)
    return fn


#: The values of the sandbox's seeded ``order_update`` template.
ORDER_PARAM: botika.types.TemplateParamDict = {
    "header": {"type": "text", "text": "#1024"},
    "body": ["Budi"],
    "button": [{"type": "QUICK_REPLY", "value": "track-1024"}],
}


def numbers(count: int, start: int = 0) -> list[str]:
    """Distinct customers' numbers, formatted as people write them."""
    return [f"+62 812-{i // 10000:04d}-{i % 10000:04d}" for i in range(start, start + count)]


def digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


async def stream(job: AnyJob) -> list[botika.BulkOutcome]:
    """Every outcome the job's iterator hands out."""
    if isinstance(job, botika.AsyncBulkJob):
        return [outcome async for outcome in job]
    return list(job)


def stored(sandbox: Sandbox) -> list[tuple[str, str]]:
    """(id, recipient digits) of every message the sandbox stored, oldest first."""
    return [(m["id"], digits(m["to"])) for m in sandbox.sent_messages()]


def sent(report: botika.BulkReport) -> list[tuple[str, str]]:
    """(id, recipient digits) of every outcome the report says was sent."""
    return [(o.id, digits(o.to)) for o in report.with_status("sent") if o.id is not None]


def cancel_when(job: AnyJob, done: int) -> threading.Thread:
    """A thread that cancels ``job`` once ``done`` recipients have their outcome."""

    def watch() -> None:
        while job.progress().done < done:
            time.sleep(0.002)
        job.cancel()

    thread = threading.Thread(target=watch)
    thread.start()
    return thread


@scenario
async def outcomes_in_input_order_with_the_ids_the_sandbox_stored(client: AnyClient, sandbox: Sandbox) -> None:
    customers = numbers(40)
    customers[7] = "12"  # too short
    customers[23] = "+62 812 call me"
    report = await run(client.messages.send_bulk(customers, messages.text("Our shop opens at 9."), concurrency=8))
    assert isinstance(report, botika.BulkReport)
    assert [(o.index, o.to) for o in report.outcomes] == list(enumerate(customers))
    assert (report.counts.total, report.counts.sent, report.counts.failed, report.counts.in_flight) == (40, 38, 2, 0)
    assert report.counts.done == 40
    for index in (7, 23):
        outcome = report.outcomes[index]
        assert (outcome.status, outcome.id) == ("failed", None)
        assert isinstance(outcome.error, botika.InvalidArgumentError) and "to" in outcome.error.field_errors
        assert not outcome.error.may_have_been_sent
    assert sorted(sent(report)) == sorted(stored(sandbox))
    assert {m["content"]["text"]["body"] for m in sandbox.sent_messages()} == {"Our shop opens at 9."}
    assert report.to_dict()["outcomes"][7]["error"]["code"] == "invalid_argument"


@scenario
async def pairs_each_get_their_own_message_and_a_broken_one_fails_alone(client: AnyClient, sandbox: Sandbox) -> None:
    shared = messages.text("Shared by two")
    items: list[tuple[str, Any]] = [
        ("+62 812-0000-0001", messages.template("order_update", "en_US", param=ORDER_PARAM)),
        ("+62 812-0000-0002", shared),
        ("+62 812-0000-0003", {"type": "txt", "txt": {"body": "?"}}),
        ("+62 812-0000-0004", messages.text("")),  # refused by the core's rules: empty body
        ("+62 812-0000-0005", shared),
        ("+62 812-0000-0006", messages.location(-6.2, 106.8, name="Monas")),
    ]
    report = await run(client.messages.send_bulk_pairs(iter(items)))
    assert [o.status for o in report.outcomes] == ["sent", "sent", "failed", "failed", "sent", "sent"]
    assert "type" in report.outcomes[2].error.field_errors
    assert "text.body" in report.outcomes[3].error.field_errors
    by_id = {m["id"]: m["content"] for m in sandbox.sent_messages()}
    contents = [by_id[o.id] for o in report.outcomes if o.id is not None]
    assert [c["type"] for c in contents] == ["template", "text", "text", "location"]
    assert contents[0]["template"]["param"]["body"] == ["Budi"]
    assert contents[1]["text"]["body"] == contents[2]["text"]["body"] == "Shared by two"


@scenario
async def a_message_it_cannot_read_fails_each_of_its_recipients_alike(client: AnyClient, sandbox: Sandbox) -> None:
    broken: Any = {"type": "txt", "txt": {"body": "?"}}
    report = await run(client.messages.send_bulk([*numbers(3), "abc"], broken))
    assert [o.status for o in report.outcomes] == ["failed"] * 4
    errors = [o.error for o in report.outcomes]
    assert all(isinstance(e, botika.InvalidArgumentError) for e in errors)
    first = errors[0]
    assert first is not None and list(first.field_errors) == ["type"]
    assert first.message.startswith("type: must be one of text, ")
    for other in errors[1:3]:
        assert other is not None and (other.message, other.field_errors) == (first.message, first.field_errors)
    # A bad number as well: both problems in its one error.
    both = errors[3]
    assert both is not None and sorted(both.field_errors) == ["to", "type"]
    assert both.field_errors["type"] == first.field_errors["type"]
    assert sandbox.sent_messages() == []


@scenario
async def the_sandboxs_throughput_limit_slows_the_job_instead_of_failing_it(
    client: AnyClient, sandbox: Sandbox
) -> None:
    sandbox.set_rate_limit(40)  # 40 at once, then 429 with Retry-After: 1
    customers = numbers(70)
    started = time.monotonic()
    report = await run(client.messages.send_bulk(customers, messages.text("Promo"), concurrency=16))
    elapsed = time.monotonic() - started
    assert report.counts.sent == 70 and report.counts.rate_limited >= 1, report.counts
    assert elapsed >= 0.9, "the job should have paused for the Retry-After"
    assert sorted(sent(report)) == sorted(stored(sandbox))
    assert len({to for _, to in stored(sandbox)}) == 70  # nobody got it twice


@scenario
async def a_retry_after_longer_than_max_pause_stops_the_job(client: AnyClient, sandbox: Sandbox) -> None:
    sandbox.set_fault("rate_limit", path="/messages", retry_after=30, count=1)
    report = await run(client.messages.send_bulk(numbers(5), messages.text("x"), concurrency=1, max_pause=2))
    first, *rest = report.outcomes
    assert first.status == "failed" and isinstance(first.error, botika.RateLimitError)
    assert first.error.retry_after == 30.0
    assert [o.status for o in rest] == ["not_attempted"] * 4
    assert all(o.error is not None and o.error.code == "rate_limited" for o in rest)
    assert sandbox.sent_messages() == []


@scenario
async def a_send_that_may_have_arrived_is_unknown_and_never_repeated(client: AnyClient, sandbox: Sandbox) -> None:
    sandbox.set_fault("drop_after", path="/messages", method="POST", count=1)
    report = await run(client.messages.send_bulk(numbers(3), messages.text("x"), concurrency=1))
    unknown = report.outcomes[0]
    assert unknown.status == "unknown" and isinstance(unknown.error, botika.APIConnectionError)
    assert unknown.error.may_have_been_sent
    assert report.counts.unknown == 1 and report.counts.sent == 2
    assert len(sandbox.sent_messages()) == 3  # stored before the connection dropped; sent once


@scenario
async def cancelling_from_another_thread_reports_exactly_what_was_sent(client: AnyClient, sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)
    job = client.messages.start_bulk(numbers(300), messages.text("Flash sale"), concurrency=4)
    canceller = cancel_when(job, 60)
    streamed = await stream(job)
    canceller.join()
    report = await run(job.result())
    assert 60 <= report.counts.sent < 300 and report.counts.not_attempted > 0, report.counts
    assert report.counts.sent + report.counts.not_attempted == 300 and report.counts.unknown == 0
    assert sorted(sent(report)) == sorted(stored(sandbox))
    assert len({to for _, to in stored(sandbox)}) == report.counts.sent  # nothing duplicated
    for outcome in report.with_status("not_attempted"):
        assert isinstance(outcome.error, botika.RequestCancelledError) and not outcome.error.may_have_been_sent
    assert sorted(streamed, key=lambda o: o.index) == report.outcomes


@scenario
async def iterating_hands_out_every_outcome_once(client: AnyClient, sandbox: Sandbox) -> None:
    job = client.messages.start_bulk(numbers(300), messages.text("x"), concurrency=32)
    first: list[botika.BulkOutcome] = []
    if isinstance(job, botika.AsyncBulkJob):
        async for outcome in job:
            first.append(outcome)
            if len(first) == 5:
                break
    else:
        for outcome in job:
            first.append(outcome)
            if len(first) == 5:
                break
    rest = await stream(job)  # a new iteration goes on where the first one stopped
    indices = [o.index for o in first + rest]
    assert sorted(indices) == list(range(300))
    assert await stream(job) == []
    report = await run(job.result())
    assert report is await run(job.result())
    assert sorted(first + rest, key=lambda o: o.index) == report.outcomes


@scenario
async def on_outcome_sees_each_outcome_as_it_finishes(client: AnyClient, sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)  # 25 rounds of 2: half a second
    seen: list[tuple[int, int]] = []
    report = await run(
        client.messages.send_bulk(
            numbers(50),
            messages.text("x"),
            concurrency=2,
            on_outcome=lambda o: seen.append((o.index, len(sandbox.sent_messages()))),
        )
    )
    assert sorted(index for index, _ in seen) == list(range(50))
    # Called while the job ran, not all at the end: early outcomes saw fewer stored messages.
    assert seen[0][1] < 50
    assert report.counts.sent == 50


@scenario
async def an_exception_in_the_with_block_cancels_the_job(client: AnyClient, sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)
    job = client.messages.start_bulk(numbers(200), messages.text("x"), concurrency=2)
    with pytest.raises(KeyError):
        if isinstance(job, botika.AsyncBulkJob):
            async with job:
                async for _ in job:
                    raise KeyError("stop")
        else:
            with job:
                for _ in job:
                    raise KeyError("stop")
    assert job.progress().done == 200  # leaving the block waited for the job to end
    report = await run(job.result())
    assert report.counts.not_attempted > 150
    assert sorted(sent(report)) == sorted(stored(sandbox))


@scenario
async def an_exception_in_on_outcome_cancels_the_job_and_propagates(client: AnyClient, sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)

    def fail(outcome: botika.BulkOutcome) -> None:
        raise ValueError(f"cannot save {outcome.index}")

    with pytest.raises(ValueError, match="cannot save"):
        await run(client.messages.send_bulk(numbers(200), messages.text("x"), concurrency=2, on_outcome=fail))
    assert 0 < len(sandbox.sent_messages()) < 100


@scenario
async def on_retry_is_told_of_each_retry(client: AnyClient, sandbox: Sandbox) -> None:
    events: list[botika.RetryEvent] = []
    hooked = type(client)(sandbox.token, base_url=sandbox.api_url, retry_base_delay=0.01, on_retry=events.append)
    sandbox.set_fault("error", path="/profile", method="GET", status=503, count=2)
    assert (await run(hooked.profile.get())).about
    await wait_until(lambda: len(events) == 2)
    assert [(e.attempt, e.method, e.path, e.code, e.status) for e in events] == [
        (1, "GET", "/profile", "server", 503),
        (2, "GET", "/profile", "server", 503),
    ]
    assert all(isinstance(e.delay, float) and 0 <= e.delay <= 0.02 for e in events)
    await run(hooked.close())


@scenario
async def an_exception_in_on_retry_is_logged_and_the_call_goes_on(client: AnyClient, sandbox: Sandbox) -> None:
    calls: list[int] = []

    def broken(event: botika.RetryEvent) -> None:
        calls.append(event.attempt)
        raise RuntimeError("the hook is broken")

    hooked = type(client)(sandbox.token, base_url=sandbox.api_url, retry_base_delay=0.01, on_retry=broken)
    sandbox.set_fault("error", path="/profile", status=500, count=1)
    with capture_botika_logs() as records:
        assert (await run(hooked.profile.get())).about
        await wait_until(lambda: len(records) == 1)
    assert calls == [1]
    assert "on_retry" in records[0].getMessage() and records[0].exc_info is not None
    assert "the hook is broken" in str(records[0].exc_info[1])
    await run(hooked.close())


async def wait_until(condition: Callable[[], bool], seconds: float = 5) -> None:
    """Waits for something a botika thread does (the hook runs shortly after the failure)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.005)


class Records(logging.Handler):
    """Keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def capture_botika_logs() -> Iterator[list[logging.LogRecord]]:
    """The records of the ``botika`` logger, from any thread, while in the block."""
    handler = Records()
    logging.getLogger("botika").addHandler(handler)
    try:
        yield handler.records
    finally:
        logging.getLogger("botika").removeHandler(handler)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
@pytest.mark.asyncio
async def test_bulk_scenario(scenario: Scenario, kind: str, sandbox: Sandbox) -> None:
    client: AnyClient = sandbox.client() if kind == "sync" else sandbox.async_client()
    await scenario(client, sandbox)
    await run(client.close())


def test_other_threads_run_while_a_bulk_job_runs(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.25)
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
            report = client.messages.send_bulk(numbers(8), messages.text("x"), concurrency=2)
            during, elapsed = ticks - before, time.monotonic() - started
    finally:
        stop.set()
        spinner.join()
    assert report.counts.sent == 8 and elapsed >= 1.0
    assert during > 100_000, f"the spinner counted only {during} while the job ran"


def test_a_job_advances_while_python_does_not_read_it(sandbox: Sandbox) -> None:
    # On the current_thread runtime a task only runs while some thread drives the runtime: the
    # package's own runtime thread does, so the job finishes with nobody waiting on it.
    with sandbox.client() as client:
        job = client.messages.start_bulk(numbers(100), messages.text("x"), concurrency=8)
        deadline = time.monotonic() + 20
        while job.progress().done < 100:
            assert time.monotonic() < deadline, f"the job stalled at {job.progress()}"
            time.sleep(0.01)
        assert len(sandbox.sent_messages()) == 100
        assert len(list(job)) == 100


def test_a_forked_child_cannot_use_the_parents_job(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)
    with sandbox.client() as client:
        job = client.messages.start_bulk(numbers(40), messages.text("x"), concurrency=2)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child reports what each use of the job raised
            code = 3
            try:
                os.close(read)
                refusals = []
                for use in (job.progress, job.cancel, job.result, lambda: next(iter(job))):
                    try:
                        use()
                        refusals.append("allowed")
                    except botika.ConfigError as error:
                        refusals.append(str(error))
                refusals.append(repr(job))
                os.write(write, "\n".join(refusals).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        assert wait_for_child(pid, 20) == 0
        with os.fdopen(read) as pipe:
            refusals = pipe.read().splitlines()
        *refusals, shown = refusals
        assert len(refusals) == 4 and all("fork" in refusal for refusal in refusals), refusals
        assert shown == "<BulkJob of another process>"
        report = job.result()  # the parent's job was not disturbed
        assert report.counts.sent == 40


def test_ctrl_c_cancels_a_blocking_bulk_job_cleanly() -> None:
    script = (
        "import botika\n"
        "from botika import messages\n"
        "from botika.testing import Sandbox\n"
        "with Sandbox() as sandbox, sandbox.client() as client:\n"
        "    sandbox.set_fault('latency', path='/messages', latency=0.05)\n"
        "    customers = [f'+62 812-0000-{i:04d}' for i in range(200)]\n"
        "    job = client.messages.start_bulk(customers, messages.text('x'), concurrency=2)\n"
        "    try:\n"
        "        with job:\n"
        "            for outcome in job:\n"
        "                print('sending', flush=True)\n"
        "    except KeyboardInterrupt:\n"
        "        counts = job.result().counts\n"
        "        print(counts.sent, counts.not_attempted, len(sandbox.sent_messages()), flush=True)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "sending"
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=30)
    sent, not_attempted, stored_count = map(int, out.split()[-3:])
    assert sent == stored_count and sent + not_attempted == 200 and not_attempted > 100, out


def test_bad_arguments_are_refused_before_anything_is_sent(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        with pytest.raises(TypeError, match="recipients must be an iterable of phone numbers, not a str"):
            client.messages.send_bulk("+62 812-3456-7890", messages.text("x"))
        with pytest.raises(TypeError, match=r"recipients\[1\] must be a str"):
            client.messages.send_bulk(["+62 812-3456-7890", 6281234567890], messages.text("x"))  # type: ignore[list-item]
        with pytest.raises(TypeError, match=r"items\[0\] must be a \(to, message\) pair"):
            client.messages.send_bulk_pairs(["+62 812-3456-7890"])  # type: ignore[list-item]
        with pytest.raises(botika.InvalidArgumentError) as not_json:
            client.messages.send_bulk_pairs([("+62 812-3456-7890", {"type": "text", "text": {"body": b"x"}})])
        assert "items[0][1].text.body" in not_json.value.field_errors
        with pytest.raises(botika.InvalidArgumentError) as zero:
            client.messages.send_bulk(["+62 812-3456-7890"], messages.text("x"), concurrency=0)
        assert "concurrency" in zero.value.field_errors
        with pytest.raises(botika.InvalidArgumentError) as negative:
            client.messages.send_bulk(["+62 812-3456-7890"], messages.text("x"), max_pause=-1)
        assert "max_pause" in negative.value.field_errors
    assert sandbox.sent_messages() == []


def test_a_slow_on_retry_hook_never_holds_up_the_call(sandbox: Sandbox) -> None:
    hooked = threading.Event()
    release = threading.Event()

    def slow(event: botika.RetryEvent) -> None:
        hooked.set()
        release.wait(10)

    with sandbox.client(retry_base_delay=0.01, on_retry=slow) as client:
        sandbox.set_fault("error", path="/profile", status=503, count=1)
        started = time.monotonic()
        assert client.profile.get().about
        assert time.monotonic() - started < 2
        assert hooked.wait(5)  # it did run, and is still running now that the call is done
        release.set()


def test_closing_the_client_releases_the_hook() -> None:
    import gc
    import weakref

    class Owner:
        """An object owning a client whose hook is its own method: a reference cycle."""

        def __init__(self) -> None:
            self.client = botika.Client("t", base_url="http://127.0.0.1:9", on_retry=self.on_retry)

        def on_retry(self, event: botika.RetryEvent) -> None:
            pass

    owner = Owner()
    alive = weakref.ref(owner)
    owner.client.close()
    del owner
    gc.collect()
    assert alive() is None


def test_reports_are_plain_models(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        report = client.messages.send_bulk(["+62 812-3456-7890", "1"], messages.text("x"))
    assert repr(report).startswith("BulkReport(BulkCounts(total=2, sent=1, failed=1")
    assert "812" not in repr(report)  # no customer numbers in the report's repr
    plain = report.to_dict()
    assert plain["counts"]["sent"] == 1 and plain["outcomes"][0]["status"] == "sent"
    assert plain["outcomes"][1]["error"]["code"] == "invalid_argument"
    copy = pickle.loads(pickle.dumps(report))  # it crosses process pools
    assert copy == report and type(copy.outcomes[1].error) is botika.InvalidArgumentError


@pytest.mark.asyncio
async def test_async_iteration_leaves_the_event_loop_free(sandbox: Sandbox) -> None:
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    async with (
        sandbox.async_client() as client,
        client.messages.start_bulk(numbers(300), messages.text("x"), concurrency=32) as job,
    ):
        seen = [outcome.index async for outcome in job]
    ticker.cancel()
    assert sorted(seen) == list(range(300))
    assert ticks > 100, f"the loop ran other tasks only {ticks} times during the job"
    assert (await job).counts.sent == 300


@pytest.mark.asyncio
async def test_giving_up_waiting_for_the_report_leaves_the_job_running(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)
    async with sandbox.async_client() as client:
        job = client.messages.start_bulk(numbers(40), messages.text("x"), concurrency=2)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(job.result(), 0.1)
        report = await job
    assert report.counts.sent == 40 and len(sandbox.sent_messages()) == 40


@pytest.mark.asyncio
async def test_cancelling_the_task_of_an_async_bulk_send_cancels_the_job(sandbox: Sandbox) -> None:
    sandbox.set_fault("latency", path="/messages", latency=0.02)
    async with sandbox.async_client() as client:
        task = asyncio.create_task(client.messages.send_bulk(numbers(200), messages.text("x"), concurrency=2))
        await wait_until(lambda: len(sandbox.sent_messages()) >= 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    # The task ended only once the sends under way had: nothing more arrives.
    stored_then = len(sandbox.sent_messages())
    await asyncio.sleep(0.2)
    assert 10 <= len(sandbox.sent_messages()) == stored_then < 200


@pytest.mark.asyncio
async def test_outcomes_already_finished_are_read_without_a_turn_of_the_loop(sandbox: Sandbox) -> None:
    async with sandbox.async_client() as client:
        job = client.messages.start_bulk(numbers(5), messages.text("x"))
        await wait_until(lambda: job.progress().done == 5)
        # The native read finds them ready: its future is done before anyone awaits it.
        read = job._job.next_outcomes(10).future()
        assert read.done()
        assert sorted(fields[0] for fields in read.result()) == list(range(5))
        assert (await job).counts.sent == 5
