"""Throughput of `expectations.validate.validate_batch` on synthetic clean batches.

    uv run python bench/validate.py [--rows 300000] [--docs DIR]

Builds a clean-like frame per table straight from the schema (about 3 % bad rows), warms
GX up on a small batch (import, context, suite), then times one validation of the whole
batch. Prints rows/s (wall clock; cpu seconds beside it, as the machine may be shared) and
peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path

import polars as pl

from expectations.checks import PARSED_KINDS
from iob.reference import deelnemers
from transforms.schema import DOR, NACHTREGISTER, Column, Table

LEVERDATUM = dt.date(2026, 3, 1)


def _typed(col: Column, i: pl.Expr, table: Table) -> pl.Expr:
    earlier = {later: earlier for later, earlier in table.not_before}
    if col.kind == "date":
        if col.name in table.birth_dates:
            return pl.date(1950, 1, 1) + pl.duration(days=i % 20000)
        base = pl.date(2025, 1, 1) + pl.duration(days=i % 400)
        base = pl.when(i % 89 == 0).then(pl.date(2031, 3, 12)).otherwise(base)
        return base + pl.duration(days=3) if col.name in earlier else base
    if col.kind in ("int", "huisnummer"):
        return (1 + i % 4).cast(pl.Int64)
    if col.kind == "decimal":
        return pl.when(i % 113 == 0).then(-1.0).otherwise((i % 500) * 1.5)
    if col.kind == "enum":
        values = pl.Series(list(col.values))
        pick = pl.lit(values).get((i % len(col.values)).cast(pl.Int64))
        return pl.when(i % 97 == 0).then(pl.lit("drone")).otherwise(pick)
    if col.kind == "jn":
        return i % 2 == 0
    if col.kind == "gemeentecode":
        codes = pl.Series(sorted(deelnemers()))
        return pl.lit(codes).get((i % codes.len()).cast(pl.Int64))
    fixed = {"kvk": "01234567", "postcode": "6291 AB", "time": "10:15", "country": "NL"}
    if col.kind in fixed:
        return pl.lit(fixed[col.kind])
    if col.kind == "id_nummer":
        return pl.concat_str(pl.lit("h"), i.cast(pl.String))
    return pl.concat_str(pl.lit(col.name[:4]), i.cast(pl.String))


def synthetic(table: Table, n: int) -> pl.DataFrame:
    """A clean-like batch of `n` rows of `table` (typed, `__raw`, `__ongeldig`, provenance)."""
    i = pl.col("_i")
    exprs: list[pl.Expr] = []
    for col in table.columns:
        typed = _typed(col, i, table).alias(col.name)
        exprs.append(typed)
        if col.kind == "id_nummer":
            exprs.append((i % 500 == 0).alias(f"{col.name}__bsn"))
        if col.kind in PARSED_KINDS:
            raw = (typed.dt.to_string("%d-%m-%Y") if col.kind == "date"
                   else typed.cast(pl.String))
            exprs += [raw.alias(f"{col.name}__raw"), pl.lit(False).alias(f"{col.name}__ongeldig")]
    exprs += [
        pl.format("{}_{}.csv", pl.lit(table.name), i // 50_000).alias("_file"),
        pl.lit("").alias("_sheet"), (i % 50_000 + 2).cast(pl.Int64).alias("_line"),
        pl.lit(LEVERDATUM).alias("_delivery_date"), pl.lit("abc").alias("_sha256"),
        pl.lit("GM0981").alias("_gemeente_levering"), (i % 1000 == 999).alias("_duplicaat"),
    ]
    return pl.DataFrame({"_i": pl.int_range(n, eager=True)}).select(exprs)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--docs", type=Path, default=None, help="also build Data Docs here")
    args = parser.parse_args()

    started = time.perf_counter()
    from expectations.validate import validate_batch

    for table in (DOR, NACHTREGISTER):
        validate_batch(synthetic(table, 100), table)
    print(f"opstart (GX import, context, suites): {time.perf_counter() - started:.1f} s")
    for table in (DOR, NACHTREGISTER):
        batch = synthetic(table, args.rows)
        before = _peak_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        result = validate_batch(batch, table, docs_dir=args.docs)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert result.accepted.height + result.quarantine.height == batch.height
        print(f"{table.name:>14}: {batch.height:,} rijen in {seconds:.2f} s = "
              f"{batch.height / seconds:,.0f} rijen/s (cpu {cpu:.2f} s); "
              f"quarantaine {result.quarantine.height:,}; "
              f"piek {_peak_mb():,.0f} MB (voor validatie {before:,.0f} MB)")


if __name__ == "__main__":
    main()
