"""The handle of a bulk send: :class:`BulkJob` (blocking) and :class:`AsyncBulkJob` (asyncio).

The job itself runs in Rust, in a task of botika's runtime, whether or not anyone reads its
outcomes; these classes only carry its outcomes, counters and report into Python. Outcomes come
over in batches of whatever finished since the last read: a reader that falls behind catches up
in a few crossings instead of one per recipient (a read whose outcomes are there is answered at
once; one that has to wait costs its thread, or its event loop, a wake-up).
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .errors import BotikaError
from .models import BulkCounts, BulkOutcome, BulkReport

if TYPE_CHECKING:
    from typing_extensions import Self

    from . import _native

#: The most outcomes one read takes from Rust.
BATCH = 256

#: A callable given each outcome of a bulk send as it finishes.
OnOutcome = Callable[[BulkOutcome], object]


class _Job:
    """What both handles share: the native job, and the outcomes read but not yet handed out."""

    __slots__ = ("_job", "_ready", "_report")

    def __init__(self, job: _native.NativeBulkJob) -> None:
        self._job = job
        # Shared by every iterator over the job, so each outcome is handed out once even when
        # an iteration stops half-way through a batch and another one goes on.
        self._ready: deque[BulkOutcome] = deque()
        self._report: BulkReport | None = None

    def _keep(self, batch: list[tuple[Any, ...]]) -> bool:
        """Queues a batch from Rust; false when it is empty (every outcome was read)."""
        self._ready.extend(map(BulkOutcome._from_native, batch))
        return bool(batch)

    def _take(self) -> BulkOutcome | None:
        try:
            return self._ready.popleft()
        except IndexError:  # another thread took the last one
            return None

    def _finished(self, fields: tuple[list[tuple[Any, ...]], dict[str, Any]]) -> BulkReport:
        outcomes, counts = fields
        self._report = BulkReport({"outcomes": [BulkOutcome._from_native(o) for o in outcomes], "counts": counts})
        return self._report

    def progress(self) -> BulkCounts:
        """The counters right now: recipients done each way, sends in flight, 429s received."""
        return BulkCounts(self._job.progress())

    def cancel(self) -> None:
        """Stops starting sends; callable from any thread. Sends under way finish and are
        reported; recipients not yet tried end as ``not_attempted``. Idempotent."""
        self._job.cancel()

    def __repr__(self) -> str:
        try:
            counts = self.progress()
        except BotikaError:  # a job of the process this one was forked from
            return f"<{type(self).__name__} of another process>"
        return f"<{type(self).__name__} {counts.done}/{counts.total} done, {counts.in_flight} in flight>"


class BulkJob(_Job):
    """A bulk send under way, from ``client.messages.start_bulk(...)`` or
    ``start_bulk_pairs(...)``.

    ::

        with client.messages.start_bulk(customers, messages.text("Halo!")) as job:
            for outcome in job:                  # as recipients finish, in any order
                print(outcome.index, outcome.status, job.progress().done)
        report = job.result()                    # every outcome, in input order

    Iterating gives each outcome once, as it finishes; :meth:`result` waits for the end and
    gives them all, in input order. Leaving the ``with`` block waits for the job to end; leaving
    it with an exception cancels the job first. Waiting releases the GIL and can be interrupted
    with Ctrl-C. A job nobody refers to any more is cancelled, as the Rust job is when dropped.
    """

    __slots__ = ()

    def __iter__(self) -> Iterator[BulkOutcome]:
        return self._outcomes()

    def _outcomes(self) -> Iterator[BulkOutcome]:
        while True:
            outcome = self._take()
            if outcome is not None:
                yield outcome
            elif not self._keep(self._job.next_outcomes(BATCH).wait()):
                return

    def result(self) -> BulkReport:
        """Waits for every recipient's outcome and returns the report (outcomes in input
        order, the ones already iterated included). Returns the same report when called again."""
        if self._report is not None:
            return self._report
        return self._finished(self._job.report().wait())

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self.cancel()
        self.result()


class AsyncBulkJob(_Job):
    """A bulk send under way on an :class:`~botika.AsyncClient`; see :class:`BulkJob`.

    ::

        async with client.messages.start_bulk(customers, messages.text("Halo!")) as job:
            async for outcome in job:
                ...
        report = await job                       # or: await job.result()
    """

    __slots__ = ()

    def __aiter__(self) -> AsyncIterator[BulkOutcome]:
        return self._outcomes()

    async def _outcomes(self) -> AsyncIterator[BulkOutcome]:
        while True:
            outcome = self._take()
            if outcome is not None:
                yield outcome
            elif not self._keep(await self._job.next_outcomes(BATCH).future()):
                return

    async def result(self) -> BulkReport:
        """Waits for every recipient's outcome and returns the report; see
        :meth:`BulkJob.result`. Cancelling the wait does not cancel the job."""
        if self._report is not None:
            return self._report
        return self._finished(await self._job.report().future())

    def __await__(self) -> Generator[Any, None, BulkReport]:
        return self.result().__await__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self.cancel()
        await self.result()


def report_of(job: BulkJob, on_outcome: OnOutcome | None) -> BulkReport:
    """Runs ``job`` to the end, handing each outcome to ``on_outcome`` as it finishes."""
    with job:
        if on_outcome is not None:
            for outcome in job:
                on_outcome(outcome)
    return job.result()


async def async_report_of(job: AsyncBulkJob, on_outcome: OnOutcome | None) -> BulkReport:
    """:func:`report_of` for an :class:`AsyncBulkJob`."""
    async with job:
        if on_outcome is not None:
            async for outcome in job:
                on_outcome(outcome)
    return await job.result()
