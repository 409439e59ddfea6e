"""Ingest: find new deliveries, read, clean, validate, and store them; nothing is lost.

For every delivery: rows in = rows accepted + rows quarantined, or the file is rejected
whole (and recorded). The same content twice is recorded as `dubbel` and adds nothing.
Write order makes a crash harmless: lake parts, quarantine and the current views first (in
a background thread, beside the next register's work), and `quality/deliveries.parquet` only
when all of them are durable — a delivery not recorded there is simply processed again by
the next run, which replaces its own rows (parts and quarantine by name, current-view rows
by file and line).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from expectations.worker import GxWorker, Outcome
from expectations.worker import take as take_worker
from flows import deliveries, lake
from flows.deliveries import AFGEWEZEN, DUBBEL, VERWERKT, LandingFile
from flows.progress import Reporter
from flows.readers import Delivery, read_delivery
from iob.atomic import write_parquet_many
from iob.errors import DeliveryRejected
from iob.pseudonym import check_fingerprint, hasher, load_key
from iob.settings import Settings
from transforms.clean import clean_table
from transforms.schema import REGISTER_SPECS, TABLES, Table

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(), "sheet": pl.String(), "line": pl.Int64(), "register": pl.String(),
    "column": pl.String(), "value": pl.String(), "reason": pl.String(),
    # internal additions (outputs.md allows extra columns): what downstream rules need
    "record_id": pl.String(), "gemeentecode": pl.String(), "logies_kvk": pl.String(),
}
#: new delivery bytes from which GX runs in a worker process (below, its start-up of a few
#: seconds costs more than it saves)
WORKER_MIN_BYTES = 32 << 20
#: threads reading the files of one register
READ_THREADS = 2
#: registers written at the same time (background threads; a small register's files need
#: not wait behind a big one's)
WRITE_THREADS = 2
#: clean columns copied into quarantine rows (value, else the raw text)
CONTEXT = ("gemeentecode", "logies_kvk")


@dataclass
class FileResult:
    file: str
    register: str
    sha256: str
    status: str
    rows_in: int = 0
    accepted: int = 0
    quarantined: int = 0
    message: str = ""
    top_reasons: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class IngestResult:
    files: list[FileResult]
    current_rows: dict[str, int]
    seconds: float
    worker_peak_mb: float = 0.0  # peak memory of the GX worker process (0: none used)
    worker_cpu_s: float = 0.0  # CPU seconds the GX worker spent on this ingest

    @property
    def rows_in(self) -> int:
        return sum(f.rows_in for f in self.files)


def _reason_kind(reason: str) -> str:
    """A reason without its values, for counting (`'31-02-2026'` -> `'…'`)."""
    return re.sub(r"'[^']*'", "'…'", reason)


def top_reasons(quarantine: pl.DataFrame, n: int = 3) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for reason in quarantine.get_column("reason").to_list():
        for part in (reason or "").split("; "):
            counts[_reason_kind(part)] += 1
    return counts.most_common(n)


def _quarantine_frame(frames: list[pl.DataFrame]) -> pl.DataFrame:
    cols = list(QUARANTINE_SCHEMA)
    parts = [f.with_columns([pl.lit(None, pl.String).alias(c) for c in cols if c not in f.columns])
             .select(cols).cast(QUARANTINE_SCHEMA)  # type: ignore[arg-type]
             for f in frames if f.height > 0]
    if not parts:
        return pl.DataFrame(schema=QUARANTINE_SCHEMA)
    return pl.concat(parts).sort("file", "sheet", "line")


def _read_one(lf: LandingFile, register: str) -> Delivery | DeliveryRejected:
    try:
        return read_delivery(lf.path, register)
    except DeliveryRejected as exc:
        return exc


Read = list[Delivery | DeliveryRejected]


def _read_files(files: list[LandingFile], register: str) -> Iterator[Delivery | DeliveryRejected]:
    """The files read in threads (polars parses without the GIL), in file order."""
    with ThreadPoolExecutor(READ_THREADS) as pool:
        yield from pool.map(lambda f: _read_one(f, register), files)


def _read_all(
    files: list[LandingFile], register: str, reporter: Reporter,
    prefetched: Future[Read] | None = None,
) -> tuple[list[tuple[LandingFile, Delivery]], list[FileResult]]:
    """The files read (or `prefetched`: read in the background), results in file order."""
    ok: list[tuple[LandingFile, Delivery]] = []
    rejected: list[FileResult] = []
    reporter.step(f"{register}: inlezen", len(files))
    got = prefetched.result() if prefetched is not None else _read_files(files, register)
    for lf, one in zip(files, got, strict=True):
        if isinstance(one, DeliveryRejected):
            rejected.append(FileResult(lf.name, register, lf.sha256, AFGEWEZEN,
                                       message=str(one)))
            reporter.message(f"AFGEWEZEN {one}")
        else:
            ok.append((lf, one))
        reporter.advance()
    return ok, rejected


def _with_context(quarantine: pl.DataFrame, frame: pl.DataFrame, table: Table,
                  failing: dict[str, list[int]]) -> pl.DataFrame:
    """Add the record id, municipality and host of each quarantined row (no ID numbers).

    `quarantine` holds one row per failing row id of `frame` (a `prepare`d batch, `_row` =
    row number), in row id order (`expectations.validate.finish`): the context is gathered
    from those few rows only."""
    if quarantine.height == 0:
        return quarantine
    extra = [pl.col(table.record_id).cast(pl.String).alias("record_id")] if table.record_id \
        else []
    for name in CONTEXT:
        if name in frame.columns:
            raw = f"{name}__raw"
            value = pl.col(name).cast(pl.String)
            extra.append((pl.coalesce(value, pl.col(raw)) if raw in frame.columns else value)
                         .alias(name))
    if not extra:
        return quarantine
    bad_rows = pl.Series(sorted({r for rows in failing.values() for r in rows}),
                         dtype=pl.Int64)
    context = frame.select(pl.col(n) for n in dict.fromkeys(
        c for e in extra for c in e.meta.root_names()))[bad_rows].select(extra)
    return pl.concat([quarantine, context], how="horizontal")


Writes = Callable[[], None]


@dataclass
class Pending:
    """A table's GX outcome: `get()` waits for it (failing rows per check, result, worker
    usage); `done()` tells whether it is in without waiting."""

    get: Callable[[], Outcome]
    done: Callable[[], bool] = lambda: True


class _Gx:
    """Runs the GX suites: in the worker process when there is one, else right here."""

    def __init__(self, worker: GxWorker | None) -> None:
        self.worker = worker

    def submit(self, frame: pl.DataFrame, table: Table) -> Pending:
        from expectations.validate import gx_input, run_suite

        worker = self.worker
        if frame.height == 0:
            return Pending(lambda: ({}, None, (0.0, 0.0)))
        if worker is None:
            result, failing = run_suite(gx_input(frame, table), table)
            return Pending(lambda: (failing, result, (0.0, 0.0)))
        future = worker.validate(gx_input(frame, table), table)
        return Pending(lambda: worker.outcome(future), future.done)


@dataclass
class _Batch:
    """One register's new deliveries, read and cleaned, their validation under way."""

    register: str
    read: list[tuple[LandingFile, Delivery]]
    results: list[FileResult]
    quarantine: list[pl.DataFrame]
    pending: list[tuple[Table, pl.DataFrame, Pending]] = field(default_factory=list)
    accepted_parts: dict[str, dict[str, pl.DataFrame]] = field(default_factory=dict)
    #: each table's current view, read in the background while GX runs
    views: dict[str, Future[pl.DataFrame | None]] = field(default_factory=dict)

    def gx_done(self) -> bool:
        """Whether every table's GX outcome is in (settling would not wait)."""
        return all(p.done() for _, _, p in self.pending)


def _start_register(
    settings: Settings, register: str, files: list[LandingFile],
    pseudonymise: Callable[[str], str], reporter: Reporter, gx: _Gx, gx_results: list[Any],
    prefetched: Future[Read] | None = None,
) -> _Batch:
    """Read (or take the `prefetched` reads of) and clean the new deliveries of one register
    and hand each table to GX."""
    from expectations.validate import prepare

    spec = REGISTER_SPECS[register]
    read, results = _read_all(files, register, reporter, prefetched)
    batch = _Batch(register, read, results, [d.structural for _, d in read])
    if not read:
        return batch
    reporter.step(f"{register}: opschonen en valideren", len(spec.tables))
    for table in spec.tables:
        raw = pl.concat([d.tables.pop(table.name) for _, d in read], how="diagonal_relaxed")
        clean = clean_table(raw, table, pseudonymise)
        del raw  # the raw text is not needed past the cleaner: keep the peak down
        # one chunk per column: the cleaned columns (one chunk) and the kept ones (one per
        # file) do not line up, and every frame-level select, gather and filter on such a
        # frame (prepare, gx_input, finish) would realign all of it again
        clean = clean.rechunk()
        parent_ids: set[str] | None = None
        if table.parent_key is not None:
            _settle(batch, gx_results)  # the parent table's accepted rows are needed
            parent_ids = _parent_ids(settings, batch.accepted_parts, table)
        frame = prepare(clean, table, parent_ids)
        del clean
        batch.pending.append((table, frame, gx.submit(frame, table)))
        reporter.advance()
    # the current views the accepted rows are merged into, read while GX checks the rows
    reading = ThreadPoolExecutor(1, thread_name_prefix="huidig")
    batch.views = {table.name: reading.submit(lake.read_current, settings.lake, table.name)
                   for table in spec.tables}
    reading.shutdown(wait=False)
    return batch


def _settle(batch: _Batch, gx_results: list[Any]) -> None:
    """Split the tables whose GX outcome is pending into accepted parts and quarantine."""
    from expectations.validate import empty, finish

    for table, frame, pending in batch.pending:
        failing, result, _ = pending.get()
        outcome = finish(frame, table, failing, result) if frame.height else empty(frame, table)
        if result is not None:
            gx_results.append(result)
        batch.quarantine.append(_with_context(outcome.quarantine, frame, table, failing))
        accepted = outcome.accepted
        none = accepted.clear()
        by_sha = _by_delivery(accepted)
        batch.accepted_parts[table.name] = {lf.sha256: by_sha.get(lf.sha256, none)
                                            for lf, _ in batch.read}
    batch.pending.clear()


def _by_delivery(accepted: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The accepted rows per delivery (`_sha256`). The batch holds each delivery's rows as
    one run (files are concatenated whole), so these are zero-copy slices; any other layout
    is partitioned."""
    runs = accepted.get_column("_sha256").rle()
    shas = runs.struct.field("value").to_list()
    if len(set(shas)) != len(shas):
        parts = accepted.partition_by("_sha256", as_dict=True, maintain_order=True)
        return {str(key[0]): frame for key, frame in parts.items()}
    out: dict[str, pl.DataFrame] = {}
    offset = 0
    for sha, length in zip(shas, runs.struct.field("len").to_list(), strict=True):
        out[sha] = accepted.slice(offset, length)
        offset += length
    return out


def _finish_register(
    settings: Settings, batch: _Batch, gx_results: list[Any]
) -> tuple[list[FileResult], Writes | None]:
    """The file results of a started register and the writes that store it (quarantine and
    lake parts, then the current views), for the caller to run before recording them."""
    register, read, results = batch.register, batch.read, batch.results
    if not read:
        return results, None
    _settle(batch, gx_results)
    accepted_parts = batch.accepted_parts
    all_quarantine = _quarantine_frame(batch.quarantine)
    by_file = all_quarantine.partition_by("file", as_dict=True, maintain_order=True)
    writes: list[tuple[Path, pl.DataFrame]] = []
    for lf, delivery in read:
        q = by_file.get((lf.name,), all_quarantine.clear())
        writes.append((settings.quarantine / register / f"{lf.sha256}.parquet", q))
        n_acc = sum(parts[lf.sha256].height for parts in accepted_parts.values())
        results.append(FileResult(
            lf.name, register, lf.sha256, VERWERKT, delivery.rows_in, n_acc, q.height,
            top_reasons=top_reasons(q),
        ))
    for table_name, parts in accepted_parts.items():
        writes.extend(lake.part_items(settings.lake, table_name, parts))

    # in delivery order, so the current view's merge mostly finds its rows sorted already
    in_order = [lf.sha256 for lf, d in sorted(read, key=lambda r: (r[1].delivery_date,
                                                                  r[1].file))]

    def current_views() -> None:
        for table_name, parts in accepted_parts.items():
            view = batch.views.get(table_name)
            lake.publish_current(settings.lake, table_name, [parts[sha] for sha in in_order],
                                 None if view is None else view.result)

    def store() -> None:
        # the current views are merged and written beside the parts and quarantine: any
        # order is harmless as long as all are durable before deliveries.parquet
        with ThreadPoolExecutor(1) as side:
            views = side.submit(current_views)
            write_parquet_many(writes)
            views.result()

    return results, store


def ingest_register(
    settings: Settings, register: str, files: list[LandingFile],
    pseudonymise: Callable[[str], str],
    reporter: Reporter, gx_results: list[Any],
) -> tuple[list[FileResult], Writes | None]:
    """Read, clean and validate the new deliveries of one register (GX in this process)."""
    batch = _start_register(settings, register, files, pseudonymise, reporter, _Gx(None),
                            gx_results)
    return _finish_register(settings, batch, gx_results)


def _parent_ids(
    settings: Settings, accepted_parts: dict[str, dict[str, pl.DataFrame]], table: Table
) -> set[str]:
    key = table.parent_key
    assert key is not None
    parent = next(t for t in REGISTER_SPECS[table.register].tables if t.record_id == key
                  and t.parent_key is None)
    ids: set[str] = set()
    for frame in accepted_parts.get(parent.name, {}).values():
        ids.update(frame.get_column(key).drop_nulls().to_list())
    current = lake.read_current(settings.lake, parent.name, columns=[key])
    if current is not None:
        ids.update(current.get_column(key).drop_nulls().to_list())
    return ids


def ingest(
    settings: Settings, run_id: str, reporter: Reporter, *, docs: bool = True
) -> IngestResult:
    """Ingest everything new in `landing/`; update deliveries.parquet last."""
    started = time.perf_counter()
    key = load_key(settings)
    check_fingerprint(key, settings.data)
    pseudonymise = hasher(key)
    known = deliveries.read(settings.quality)
    known_sha = set(known.get_column("sha256").to_list())
    results: list[FileResult] = []
    by_register: dict[str, list[LandingFile]] = {}
    new_files = deliveries.scan_landing(settings.landing, known)
    landing_by_name = {lf.name: lf for lf in new_files}
    for lf in new_files:
        if lf.sha256 in known_sha:
            results.append(FileResult(lf.name, lf.register, lf.sha256, DUBBEL,
                                      message="zelfde inhoud al eerder geleverd"))
            continue
        known_sha.add(lf.sha256)
        if lf.register not in REGISTER_SPECS:
            msg = (f"{lf.name}: bestand afgewezen: onbekende registermap '{lf.register}' "
                   f"(verwacht: {', '.join(REGISTER_SPECS)})")
            results.append(FileResult(lf.name, lf.register, lf.sha256, AFGEWEZEN, message=msg))
            reporter.message(f"AFGEWEZEN {msg}")
            continue
        by_register.setdefault(lf.register, []).append(lf)
    gx_results: list[Any] = []
    worker = take_worker()
    if worker is None and sum(lf.size for fs in by_register.values() for lf in fs) \
            >= WORKER_MIN_BYTES:
        worker = GxWorker()
    try:
        _run_registers(settings, by_register, pseudonymise, reporter, _Gx(worker),
                       gx_results, results)
        if docs and gx_results:
            reporter.message("GX Data Docs bijwerken")
            if worker is not None:
                worker.build_docs(gx_results, settings.quality / "gx_docs")
            else:
                from expectations.docs import build_data_docs

                build_data_docs(gx_results, settings.quality / "gx_docs")
    finally:
        if worker is not None:
            worker.close()
    rows = [
        deliveries.row(landing_by_name[r.file], r.status, run_id, rows_in=r.rows_in,
                       accepted=r.accepted, quarantined=r.quarantined, message=r.message,
                       register=r.register)
        for r in results
    ]
    if rows:
        new = pl.DataFrame(rows, schema=deliveries.SCHEMA)
        deliveries.write(settings.quality, pl.concat([known, new], how="vertical_relaxed"))
    current_rows = {t: lake.count_current(settings.lake, t) for t in TABLES}
    return IngestResult(results, current_rows, time.perf_counter() - started,
                        worker.peak_mb if worker is not None else 0.0,
                        worker.cpu_s if worker is not None else 0.0)


def _run_registers(
    settings: Settings, by_register: dict[str, list[LandingFile]],
    pseudonymise: Callable[[str], str], reporter: Reporter, gx: _Gx, gx_results: list[Any],
    results: list[FileResult],
) -> None:
    """Ingest the registers as a pipeline: while GX checks one register (in the worker),
    the next are read and cleaned (the files of the next register are read in a background
    thread while this one is cleaned: cleaning is mostly Python, reading mostly not); a
    register is settled and stored (in starting order) once its GX outcome is in, or when
    nothing is left to start; while registers' files are written (background threads,
    `WRITE_THREADS`: parquet encoding and fsync mostly run without the GIL), the next is
    processed. Returns when everything is durable; a failed
    write raises here."""
    done: dict[str, list[FileResult]] = {}
    sizes = {r: sum(lf.size for lf in fs) for r, fs in by_register.items()}
    order = _order([r for r in REGISTER_SPECS if r in by_register], gx, sizes)
    with ThreadPoolExecutor(WRITE_THREADS) as writer, ThreadPoolExecutor(1) as reader:
        stored: list[Future[None]] = []
        waiting: list[_Batch] = []
        reads: list[Future[Read]] = []
        for i, register in enumerate(order):
            # one register ahead (a single thread: the next starts when this one is read)
            reads.extend(reader.submit(lambda r: list(_read_files(by_register[r], r)), r)
                         for r in order[len(reads):i + 2])
            waiting.append(_start_register(settings, register, by_register[register],
                                           pseudonymise, reporter, gx, gx_results, reads[i]))
            while len(waiting) > 1 and waiting[0].gx_done():
                stored.append(_store(settings, waiting.pop(0), gx_results, done, writer))
        for batch in waiting:
            stored.append(_store(settings, batch, gx_results, done, writer))
        for future in stored:
            future.result()
    results.extend(r for register in REGISTER_SPECS for r in done.get(register, []))


def _order(registers: list[str], gx: _Gx, sizes: dict[str, int]) -> list[str]:
    """Processing order: the registers without a child table biggest first when GX runs in
    a worker and the night is big (the biggest suite then runs there while the others are
    read and cleaned; in a small night the worker is busier than this process: spec order); a
    register with a child table (Bibob) waits for its parent table's GX outcome halfway, so
    it goes first when the worker is ready (short queue) and last while the worker is still
    starting (the others are read and cleaned meanwhile)."""
    nested = [r for r in registers if any(t.parent_key for t in REGISTER_SPECS[r].tables)]
    flat = [r for r in registers if r not in nested]
    if gx.worker is None:
        return nested + flat
    if sum(sizes.values()) >= WORKER_MIN_BYTES:  # below, GX's fixed cost per table rules
        flat.sort(key=lambda r: -sizes.get(r, 0))  # stable: equal sizes keep the spec order
    return nested + flat if gx.worker.is_ready() else flat + nested


def _store(settings: Settings, batch: _Batch, gx_results: list[Any],
           done: dict[str, list[FileResult]], writer: ThreadPoolExecutor) -> Future[None]:
    done[batch.register], store = _finish_register(settings, batch, gx_results)
    future: Future[None] = Future()
    if store is None:
        future.set_result(None)
        return future
    return writer.submit(store)
