"""Ingest: find new deliveries, read, clean, validate, and store them; nothing is lost.

For every delivery: rows in = rows accepted + rows quarantined, or the file is rejected
whole (and recorded). The same content twice is recorded as `dubbel` and adds nothing.
Write order makes a crash harmless: lake parts and quarantine first, then the current
views, and `quality/deliveries.parquet` last — a delivery not recorded there is simply
processed again by the next run, which replaces its own rows.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

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
#: threads reading the files of one register
READ_THREADS = 2
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


def _read_all(
    files: list[LandingFile], register: str, reporter: Reporter
) -> tuple[list[tuple[LandingFile, Delivery]], list[FileResult]]:
    """Read the files in threads (polars parses without the GIL); results in file order."""
    ok: list[tuple[LandingFile, Delivery]] = []
    rejected: list[FileResult] = []
    reporter.step(f"{register}: inlezen", len(files))
    with ThreadPoolExecutor(READ_THREADS) as pool:
        for lf, got in zip(files, pool.map(lambda f: _read_one(f, register), files),
                           strict=True):
            if isinstance(got, DeliveryRejected):
                rejected.append(FileResult(lf.name, register, lf.sha256, AFGEWEZEN,
                                           message=str(got)))
                reporter.message(f"AFGEWEZEN {got}")
            else:
                ok.append((lf, got))
            reporter.advance()
    return ok, rejected


def _validate_table(
    table: Table, batch: pl.DataFrame, parent_ids: set[str] | None, gx_results: list[Any]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    from expectations.validate import validate_batch

    result = validate_batch(batch, table, parent_ids=parent_ids)
    if result.result is not None:
        gx_results.append(result.result)
    return result.accepted, _with_context(result.quarantine, batch, table)


def _with_context(quarantine: pl.DataFrame, batch: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Add the record id, municipality and host of each quarantined row (no ID numbers)."""
    if quarantine.height == 0:
        return quarantine
    extra = [pl.col(table.record_id).cast(pl.String).alias("record_id")] if table.record_id \
        else []
    for name in CONTEXT:
        if name in batch.columns:
            raw = f"{name}__raw"
            value = pl.col(name).cast(pl.String)
            extra.append((pl.coalesce(value, pl.col(raw)) if raw in batch.columns else value)
                         .alias(name))
    keys = batch.select(pl.col("_file").alias("file"),
                        pl.col("_sheet").fill_null("").alias("sheet"),
                        pl.col("_line").cast(pl.Int64).alias("line"), *extra)
    return quarantine.join(keys, on=["file", "sheet", "line"], how="left",
                           maintain_order="left")


Writes = Callable[[], None]


def ingest_register(
    settings: Settings, register: str, files: list[LandingFile],
    pseudonymise: Callable[[str], str],
    reporter: Reporter, gx_results: list[Any],
) -> tuple[list[FileResult], Writes | None]:
    """Read, clean and validate the new deliveries of one register as one batch.

    Returns the file results and the writes that store them (quarantine and lake parts,
    then the current views), for the caller to run before recording the deliveries.
    """
    spec = REGISTER_SPECS[register]
    read, results = _read_all(files, register, reporter)
    if not read:
        return results, None
    accepted_parts: dict[str, dict[str, pl.DataFrame]] = {}
    quarantine: list[pl.DataFrame] = [d.structural for _, d in read]
    reporter.step(f"{register}: opschonen en valideren", len(spec.tables))
    for table in spec.tables:
        raw = pl.concat([d.tables.pop(table.name) for _, d in read], how="diagonal_relaxed")
        batch = clean_table(raw, table, pseudonymise)
        del raw  # the raw text is not needed past the cleaner: keep the peak down
        parent_ids: set[str] | None = None
        if table.parent_key is not None:
            parent_ids = _parent_ids(settings, accepted_parts, table)
        accepted, rejected = _validate_table(table, batch, parent_ids, gx_results)
        quarantine.append(rejected)
        by_sha = accepted.partition_by("_sha256", as_dict=True, maintain_order=True)
        empty = accepted.clear()
        accepted_parts[table.name] = {lf.sha256: by_sha.get((lf.sha256,), empty)
                                      for lf, _ in read}
        reporter.advance()
    all_quarantine = _quarantine_frame(quarantine)
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

    def store() -> None:
        # quarantine and lake parts first (all durable), then the current views
        write_parquet_many(writes)
        for table_name, parts in accepted_parts.items():
            lake.publish_current(settings.lake, table_name, [parts[sha] for sha in in_order])

    return results, store


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
    # One register's writes (parquet encoding and fsync, mostly without the GIL) run in a
    # background thread while the next register is read, cleaned and validated.
    with ThreadPoolExecutor(1) as writer:
        stored: list[Future[None]] = []
        for register in REGISTER_SPECS:
            if register in by_register:
                done, store = ingest_register(settings, register, by_register[register],
                                              pseudonymise, reporter, gx_results)
                results.extend(done)
                if store is not None:
                    stored.append(writer.submit(store))
        for future in stored:
            future.result()  # a failed write stops here, before deliveries.parquet
    if docs and gx_results:
        from expectations.docs import build_data_docs

        reporter.message("GX Data Docs bijwerken")
        build_data_docs(gx_results, settings.quality / "gx_docs")
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
    return IngestResult(results, current_rows, time.perf_counter() - started)
