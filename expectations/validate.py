"""Split the clean frame of a batch into accepted rows and quarantine rows.

One great-expectations run per batch (several files of one table): the suite of the table
(`expectations.suites`) is validated on a pandas copy of only the columns it reads, with a
named `_row` index so GX hands back the failing row ids cheaply and completely. The row ids
are then turned into quarantine rows in polars: one per rejected input row, the first
offending column and its value as delivered, and every failed check in Dutch, `; `-joined.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from expectations.checks import (
    PARSED_KINDS,
    ZONDER_DOSSIER,
    Check,
    checks,
    derived_columns,
)
from expectations.context import LOCK, context
from expectations.suites import build_suite, suite_name
from transforms.schema import TABLES, Table

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(), "sheet": pl.String(), "line": pl.Int64(), "register": pl.String(),
    "column": pl.String(), "value": pl.String(), "reason": pl.String(),
}
ROW = "_row"
HELPER_SUFFIXES = ("__raw", "__ongeldig", "__bsn", "__na_levering", "__voor_1900")
HELPER_COLUMNS = (ROW, "_duplicaat", ZONDER_DOSSIER)
#: complete lists of failing row ids, without copying the failing values
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW],
    "exclude_unexpected_values": True,
}
#: the first pass over the whole suite: counts per expectation, no row lists (GX's work per
#: expectation is about half of COMPLETE's)
COUNTS_FORMAT: dict[str, Any] = {"result_format": "BASIC"}


@dataclass
class Validation:
    """The outcome of validating one batch.

    `accepted`: the clean rows that passed, helper columns removed; `quarantine`: one row
    per rejected input row (schema of outputs.md); `failures`: failing rows per check key;
    `result`: the GX `ExpectationSuiteValidationResult` (None for an empty batch).
    """

    accepted: pl.DataFrame
    quarantine: pl.DataFrame
    failures: dict[str, int] = field(default_factory=dict)
    result: Any = field(default=None, repr=False)


_CHECKS: dict[str, tuple[Check, ...]] = {}
_DEFINITIONS: dict[str, Any] = {}


def _checks(table: Table) -> tuple[Check, ...]:
    if table.name not in _CHECKS:
        _CHECKS[table.name] = tuple(checks(table))
    return _CHECKS[table.name]


def _batch_definition(table: Table) -> Any:
    """GX datasource/asset/batch definition and suite of `table`, registered once."""
    if table.name not in _DEFINITIONS:
        _DEFINITIONS[table.name] = _register(table)
    return _DEFINITIONS[table.name]


def register_all() -> None:
    """Register the suite and batch definition of every table now (a worker's warm-up)."""
    for table in TABLES.values():
        _batch_definition(table)


def _register(table: Table) -> Any:
    ctx = context()
    ctx.suites.add(build_suite(table))
    source = ctx.data_sources.add_pandas(f"iob_{table.name}")
    asset = source.add_dataframe_asset(table.name)
    return asset.add_batch_definition_whole_dataframe(f"batch_{table.name}")


def _is_flag(name: str) -> bool:
    return name.endswith(HELPER_SUFFIXES[1:]) or name in ("_duplicaat", ZONDER_DOSSIER)


def _prepare(clean: pl.DataFrame, table: Table, parent_ids: set[str] | None) -> pl.DataFrame:
    """The batch with `_row`, derived columns and any missing column added."""
    frame = clean.with_columns(pl.int_range(clean.height, dtype=pl.Int64).alias(ROW),
                               *derived_columns(table, parent_ids))
    wanted = {c for check in _checks(table) for c in check.columns}
    wanted |= {f"{c.name}__raw" for c in table.columns if c.kind in PARSED_KINDS}
    wanted |= {"_file", "_sheet", "_line"}
    missing = [
        (pl.lit(False) if _is_flag(c) else pl.lit(None, pl.String)).alias(c)
        for c in sorted(wanted - set(frame.columns))
    ]
    return frame.with_columns(missing) if missing else frame


def gx_input(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """The columns the suite of `table` reads (flags without nulls), plus `_row`: what GX
    gets, as pandas, from `run_suite` (small to send to a worker process)."""
    cols = sorted({c for check in _checks(table) for c in check.columns})
    exprs = [pl.col(c).fill_null(False) if _is_flag(c) else pl.col(c) for c in cols]
    return frame.select(pl.col(ROW), *exprs)


def _failing_rows(result: Any, table: Table) -> dict[str, list[int]]:
    """Failing `_row` ids per check key; an expectation that errored raises."""
    out: dict[str, list[int]] = {}
    for r in result.results:
        key = r.expectation_config.meta["check"]
        info = r.exception_info or {}
        if info.get("raised_exception"):
            raise RuntimeError(
                f"validatie van {suite_name(table)} mislukt bij {key}: "
                f"{info.get('exception_message')}"
            )
        rows: list[int] = []
        for entry in r.result.get("unexpected_index_list") or []:
            rows.extend(int(i) for i in entry[ROW])
        if r.result.get("unexpected_count", 0) != len(rows):
            raise RuntimeError(f"{suite_name(table)}: onvolledige foutlijst bij {key}")
        if rows:
            out[key] = rows
    return out


def _with_rows(result: Any, batch: Any, suite: Any) -> Any:
    """`result` (a `COUNTS_FORMAT` run of `suite` on `batch`) with the result of every
    expectation that found unexpected rows replaced by a `RESULT_FORMAT` one (the complete
    list of failing row ids): a second GX run of just those expectations."""
    import great_expectations as gx

    def key(r: Any) -> str:
        return str(r.expectation_config.meta["check"])

    found = {key(r) for r in result.results
             if (r.result or {}).get("unexpected_count")
             and not (r.exception_info or {}).get("raised_exception")}
    if not found:
        return result
    again = gx.ExpectationSuite(name=suite.name, meta=suite.meta, expectations=[
        copy.copy(e) for e in suite.expectations if e.meta["check"] in found])
    detail = {key(r): r for r in batch.validate(again, result_format=RESULT_FORMAT).results}
    if set(detail) != found:
        raise RuntimeError(f"{suite.name}: tweede validatie gaf {sorted(detail)}, "
                           f"verwacht {sorted(found)}")
    result.results = [detail.get(key(r), r) for r in result.results]
    return result


@contextmanager
def _configurations_once() -> Iterator[None]:
    """While validating, each GX expectation object builds its configuration once.

    GX 1.x rebuilds `Expectation.configuration` (a pydantic `dict()`, a regex on the class
    name, a new `ExpectationConfiguration`) on every access: about 17 times per expectation
    object and run, a third of a suite run. An expectation does not change while it is
    validated, so the first one built is kept for that object until the validation ends
    (the cache holds the object itself: no id is reused while it lives). Only inside
    `LOCK`, and the class attribute is restored even when GX raises."""
    from great_expectations.expectations.expectation import Expectation

    built = Expectation.__dict__["configuration"]
    cache: dict[int, tuple[Any, Any]] = {}

    def configuration(self: Any) -> Any:
        hit = cache.get(id(self))
        if hit is None or hit[0] is not self:
            hit = cache[id(self)] = (self, built.fget(self))
        return hit[1]

    Expectation.configuration = property(configuration)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Expectation.configuration = built  # type: ignore[method-assign]


def run_suite(gx_frame: pl.DataFrame, table: Table) -> tuple[Any, dict[str, list[int]]]:
    """Validate `gx_input(...)` with the GX suite of `table` in this process: the GX result
    and the failing `_row` ids per check key.

    Two GX runs on the same batch: the whole suite with counts only (`COUNTS_FORMAT`), then
    only the expectations that found unexpected rows, with their complete row lists (usually
    none or a few: GX's work per expectation is what costs, far more than the rows)."""
    with LOCK:
        definition = _batch_definition(table)
        suite = context().suites.get(suite_name(table))
        dataframe = gx_frame.to_pandas().set_index(ROW)
        batch = definition.get_batch(batch_parameters={"dataframe": dataframe})
        with _configurations_once():
            result = _with_rows(batch.validate(suite, result_format=COUNTS_FORMAT), batch,
                                suite)
    return result, _failing_rows(result, table)


def _run_gx(frame: pl.DataFrame, table: Table) -> tuple[Any, dict[str, list[int]]]:
    return run_suite(gx_input(frame, table), table)


def _quarantine_columns(frame: pl.DataFrame, table: Table,
                        failing: dict[str, list[int]]) -> list[str]:
    """The columns `_quarantine` reads for the failed checks (gathering only those is cheap
    on a batch of many chunks)."""
    need = {ROW, "_file", "_sheet", "_line"}
    for check in _checks(table):
        if check.key in failing:
            for expr in (check.reason, check.value):
                if expr is not None:
                    need.update(expr.meta.root_names())
            if check.unless is not None:
                need.add(check.unless)
    return [c for c in frame.columns if c in need]


def _quarantine(bad: pl.DataFrame, table: Table, failing: dict[str, list[int]]) -> pl.DataFrame:
    """One quarantine row per row of `bad` (rows that failed at least one check)."""
    if not failing:
        return pl.DataFrame(schema=QUARANTINE_SCHEMA)
    active = [c for c in _checks(table) if c.key in failing]
    shown = []
    for i, check in enumerate(active):
        hit = pl.col(ROW).is_in(failing[check.key])
        if check.unless is not None:
            hit = hit & ~pl.col(check.unless).fill_null(False)
        shown.append(hit.alias(f"__hit{i}"))
    bad = bad.with_columns(shown)
    hits = [pl.col(f"__hit{i}") for i in range(len(active))]
    first = pl.min_horizontal([pl.when(h).then(pl.lit(i)) for i, h in enumerate(hits)])
    column: pl.Expr = pl.lit(None, pl.String)
    value: pl.Expr = pl.lit(None, pl.String)
    for i in reversed(range(len(active))):
        check = active[i]
        column = pl.when(first == i).then(pl.lit(check.column, pl.String)).otherwise(column)
        own = check.value if check.value is not None else pl.lit(None, pl.String)
        value = pl.when(first == i).then(own.cast(pl.String)).otherwise(value)
    reasons = [pl.when(h).then(c.reason) for h, c in zip(hits, active, strict=True)]
    return bad.select(
        pl.col("_file").cast(pl.String).alias("file"),
        pl.col("_sheet").cast(pl.String).fill_null("").alias("sheet"),
        pl.col("_line").cast(pl.Int64).alias("line"),
        pl.lit(table.register, pl.String).alias("register"),
        column.alias("column"),
        value.alias("value"),
        pl.concat_str(reasons, separator="; ", ignore_nulls=True).alias("reason"),
    )


def _accepted(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    derived = {c for check in _checks(table) for c in check.columns if check.derived is not None}
    drop = [c for c in frame.columns
            if c.endswith(HELPER_SUFFIXES) or c in HELPER_COLUMNS or c in derived]
    return frame.drop(drop)


def prepare(clean: pl.DataFrame, table: Table, parent_ids: set[str] | None) -> pl.DataFrame:
    """The batch as the suite checks it: `_row`, the derived columns, missing columns."""
    return _prepare(clean, table, parent_ids)


def finish(frame: pl.DataFrame, table: Table, failing: dict[str, list[int]],
           result: Any = None) -> Validation:
    """Split a `prepare`d batch by the failing rows GX reported (`run_suite`)."""
    # `_row` is the row number: the few bad rows are gathered, the accepted rows are the
    # narrower frame without helper columns, filtered only when some row failed
    bad_rows = pl.Series(ROW, sorted({r for rows in failing.values() for r in rows}),
                         dtype=pl.Int64)
    bad = frame.select(_quarantine_columns(frame, table, failing))[bad_rows]
    quarantine = _quarantine(bad, table, failing).cast(QUARANTINE_SCHEMA)  # type: ignore[arg-type]
    accepted = _accepted(frame, table)
    if bad_rows.len():
        good = pl.repeat(True, frame.height, eager=True).scatter(bad_rows, False)
        accepted = accepted.filter(good)
    counts = {key: len(rows) for key, rows in failing.items()}
    return Validation(accepted, quarantine, counts, result)


def empty(frame: pl.DataFrame, table: Table) -> Validation:
    """The outcome of a `prepare`d batch without rows (GX is not run)."""
    return Validation(_accepted(frame, table), pl.DataFrame(schema=QUARANTINE_SCHEMA))


def validate_batch(
    clean: pl.DataFrame,
    table: Table,
    *,
    parent_ids: set[str] | None = None,
    docs_dir: Path | None = None,
) -> Validation:
    """Validate the clean frame of a batch of `table` with its GX suite.

    `parent_ids`: for a child table (Bibob betrokkenen) the known dossiernummers; a party
    row whose dossier is not among them is quarantined. None skips that check.
    `docs_dir`: when given, the GX Data Docs there are updated with this run.
    Rows in = accepted + quarantined, always.
    """
    frame = prepare(clean, table, parent_ids)
    if frame.height == 0:
        return empty(frame, table)
    result, failing = _run_gx(frame, table)
    if docs_dir is not None:
        from expectations.docs import build_data_docs

        build_data_docs([result], docs_dir)
    return finish(frame, table, failing, result)
