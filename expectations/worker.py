"""great-expectations validation in a worker process, beside the reading and cleaning.

GX is pure Python (the GIL): in one process its fixed cost per table (about 0.3 s) and the
cleaning of the next register take turns. A big ingest therefore sends each table's GX input
(`expectations.validate.gx_input`, a narrow polars frame) to one worker process (spawn) and
goes on with the next register while the suite runs there; the worker returns the failing row
ids per check and the slim result JSON (for Data Docs, which it also builds). The suites are
the same `expectations.suites` ones; only the process differs.

The worker imports GX once (a few seconds, on the other core while the main process reads
and cleans); `start()` begins that early, `take()` hands the started worker to the ingest.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl

from transforms.schema import TABLES, Table

#: the peak memory (MB) and CPU seconds so far of the process that ran a call
Usage = tuple[float, float]
#: what a validation returns: failing `_row` ids per check key, the GX result (object or
#: slim JSON), and the usage of the process that ran it ((0, 0) in-process)
Outcome = tuple[dict[str, list[int]], Any, Usage]


def _usage() -> Usage:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_maxrss / 1024, own.ru_utime + own.ru_stime


def _warm_up() -> Usage:
    from expectations.context import context
    from expectations.validate import register_all

    context()
    register_all()
    return _usage()


def _validate(gx_input: Any, table_name: str) -> Outcome:
    """`gx_input`: the GX input frame as a `pyarrow.Table`."""
    from expectations.docs import slim_result
    from expectations.validate import run_suite

    gx_frame = pl.from_arrow(gx_input)
    assert isinstance(gx_frame, pl.DataFrame)
    del gx_input
    result, failing = run_suite(gx_frame, TABLES[table_name])
    return failing, slim_result(result), _usage()


def _build_docs(results: Sequence[Any], docs_dir: Path) -> Usage:
    from expectations.docs import build_data_docs

    build_data_docs(results, docs_dir)
    return _usage()


class GxWorker:
    """One spawned process that runs GX suites; `close()` ends it."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._warm: Future[Usage] = self._pool.submit(_warm_up)
        self.peak_mb = 0.0
        self._cpu_ready = 0.0
        self._cpu_last = 0.0

    def ready(self) -> None:
        """Wait until GX is imported and the suites are registered in the worker."""
        self._note(self._warm.result())
        self._cpu_ready = self._warm.result()[1]

    def is_ready(self) -> bool:
        return self._warm.done()

    @property
    def cpu_s(self) -> float:
        """CPU seconds the worker spent on calls since it was ready (or started)."""
        return self._cpu_last - self._cpu_ready

    def _note(self, usage: Usage) -> None:
        self.peak_mb = max(self.peak_mb, usage[0])
        self._cpu_last = max(self._cpu_last, usage[1])

    def validate(self, gx_frame: pl.DataFrame, table: Table) -> Future[Outcome]:
        # sent as an Arrow table: pickling its buffers costs less than half of pickling
        # the polars frame (at 450k rows 0.15 s + 0.1 s to unpickle instead of 0.33 + 0.17)
        return self._pool.submit(_validate, gx_frame.to_arrow(), table.name)

    def outcome(self, future: Future[Outcome]) -> Outcome:
        failing, result, usage = future.result()
        self._note(usage)
        return failing, result, usage

    def build_docs(self, results: Sequence[Any], docs_dir: Path) -> None:
        self._note(self._pool.submit(_build_docs, list(results), docs_dir).result())

    def close(self) -> None:
        """End the worker; its exit (freeing GX) runs on without the caller waiting."""
        self._pool.shutdown(wait=False, cancel_futures=True)


_STARTED: list[GxWorker] = []


def start() -> GxWorker:
    """Start a worker for the next ingest of this process (it imports GX meanwhile)."""
    if not _STARTED:
        _STARTED.append(GxWorker())
    return _STARTED[0]


def take() -> GxWorker | None:
    """The worker `start()`ed earlier, now owned by the caller (who closes it), or None."""
    return _STARTED.pop() if _STARTED else None
