"""The lake: typed parquet per register table, one part per delivery, and a current view.

`lake/<table>/<sha256>.parquet` holds the accepted rows of one delivery (history is kept);
`lake/<table>/current.parquet` holds the latest version of every record: a later delivery
with the same record id corrects the earlier one (by delivery date, then file name).
Reprocessing a delivery is idempotent: its rows replace themselves.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from iob.atomic import write_parquet_atomic, write_parquet_many
from transforms.schema import TABLES, Table

ORDER = ["_delivery_date", "_file", "_sheet", "_line"]


def part_path(lake: Path, table: str, sha256: str) -> Path:
    return lake / table / f"{sha256}.parquet"


def current_path(lake: Path, table: str) -> Path:
    return lake / table / "current.parquet"


def read_current(lake: Path, table: str, columns: list[str] | None = None) -> pl.DataFrame | None:
    path = current_path(lake, table)
    return pl.read_parquet(path, columns=columns) if path.is_file() else None


def count_current(lake: Path, table: str) -> int:
    path = current_path(lake, table)
    return pl.scan_parquet(path).select(pl.len()).collect().item() if path.is_file() else 0


def _keep(both: pl.DataFrame, table: Table, dedup: bool) -> pl.Series:
    """Row numbers of `both` that make the current view, in its order.

    Worked out on the few columns that decide it (order, identity, record id), so the wide
    frame is gathered once instead of being concatenated, sorted and de-duplicated whole.
    """
    key = table.record_id
    assert key is not None
    cols = list(dict.fromkeys([*ORDER, "_sha256", key]))
    narrow = both.select(cols).with_row_index("_i")
    if dedup:  # a reprocessed delivery replaces its own rows
        narrow = narrow.unique(subset=["_sha256", "_sheet", "_line"], keep="last",
                               maintain_order=True)
    narrow = narrow.sort(ORDER, maintain_order=True)
    if table.parent_key is None:
        narrow = narrow.unique(subset=[key], keep="last", maintain_order=True)
    else:
        latest = narrow.group_by(key).agg(pl.col("_sha256").last().alias("_latest_sha"))
        narrow = (narrow.join(latest, on=key, how="left", maintain_order="left")
                  .filter(pl.col("_sha256") == pl.col("_latest_sha")))
    return narrow.get_column("_i")


def merge_current(old: pl.DataFrame | None, new: pl.DataFrame, table: Table) -> pl.DataFrame:
    """The latest version of each record after adding `new` (pure).

    For tables with one row per record the last row per record id wins; for Bibob parties
    (several rows per dossier) all rows of the latest delivery that mentions the dossier win.
    Rows come in delivery order (`ORDER`).
    """
    frames = [f for f in (old, new) if f is not None and f.height > 0]
    if not frames:
        return new
    both = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    keep = _keep(both, table, dedup=len(frames) > 1)
    if keep.len() == both.height and keep.equals(pl.int_range(both.height, dtype=pl.UInt32,
                                                              eager=True), check_names=False):
        return both
    return both[keep]


def part_items(
    lake: Path, table: str, parts: dict[str, pl.DataFrame]
) -> list[tuple[Path, pl.DataFrame]]:
    """The (path, frame) of each delivery part of `table`, for `iob.atomic.write_parquet_many`."""
    return [(part_path(lake, table, sha), frame) for sha, frame in parts.items()]


def publish(lake: Path, table: str, parts: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """Write one part per delivery, then the new current view; returns the current view
    (None when nothing was accepted: the current view is then neither read nor rewritten)."""
    write_parquet_many(part_items(lake, table, parts))
    return publish_current(lake, table, list(parts.values()))


def publish_current(lake: Path, table: str, frames: list[pl.DataFrame]) -> pl.DataFrame | None:
    """Merge the accepted rows `frames` into the current view of `table` and write it."""
    new = [f for f in frames if f.height > 0]
    if not new:
        return None
    merged = merge_current(read_current(lake, table), pl.concat(new, how="diagonal_relaxed"),
                           TABLES[table])
    write_parquet_atomic(current_path(lake, table), merged)
    return merged
