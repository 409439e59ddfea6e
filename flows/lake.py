"""The lake: typed parquet per register table, one part per delivery, and a current view.

`lake/<table>/<sha256>.parquet` holds the accepted rows of one delivery (history is kept);
`lake/<table>/current.parquet` holds the latest version of every record: a later delivery
with the same record id corrects the earlier one (by delivery date, then file name).
Reprocessing a delivery is idempotent: its rows replace themselves.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from iob.atomic import write_parquet_atomic
from transforms.schema import TABLES, Table

ORDER = ["_delivery_date", "_file", "_sheet", "_line"]


def part_path(lake: Path, table: str, sha256: str) -> Path:
    return lake / table / f"{sha256}.parquet"


def current_path(lake: Path, table: str) -> Path:
    return lake / table / "current.parquet"


def read_current(lake: Path, table: str) -> pl.DataFrame | None:
    path = current_path(lake, table)
    return pl.read_parquet(path) if path.is_file() else None


def count_current(lake: Path, table: str) -> int:
    path = current_path(lake, table)
    return pl.scan_parquet(path).select(pl.len()).collect().item() if path.is_file() else 0


def merge_current(old: pl.DataFrame | None, new: pl.DataFrame, table: Table) -> pl.DataFrame:
    """The latest version of each record after adding `new` (pure).

    For tables with one row per record the last row per record id wins; for Bibob parties
    (several rows per dossier) all rows of the latest delivery that mentions the dossier win.
    """
    frames = [f for f in (old, new) if f is not None and f.height > 0]
    if not frames:
        return new
    both = pl.concat(frames, how="diagonal_relaxed")
    if len(frames) > 1:  # a reprocessed delivery replaces its own rows
        both = both.unique(subset=["_sha256", "_sheet", "_line"], keep="last",
                           maintain_order=True)
    both = both.sort(ORDER, maintain_order=True)
    key = table.record_id
    assert key is not None
    if table.parent_key is None:
        return both.unique(subset=[key], keep="last", maintain_order=True)
    latest = both.group_by(key).agg(pl.col("_sha256").last().alias("_latest_sha"))
    return (
        both.join(latest, on=key, how="left", maintain_order="left")
        .filter(pl.col("_sha256") == pl.col("_latest_sha"))
        .drop("_latest_sha")
    )


def publish(lake: Path, table: str, parts: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """Write one part per delivery, then the new current view; returns the current view."""
    for sha, frame in parts.items():
        write_parquet_atomic(part_path(lake, table, sha), frame)
    old = read_current(lake, table)
    new = [f for f in parts.values() if f.height > 0]
    if not new:
        return old
    merged = merge_current(old, pl.concat(new, how="diagonal_relaxed"), TABLES[table])
    write_parquet_atomic(current_path(lake, table), merged)
    return merged
