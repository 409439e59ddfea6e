"""The lake: typed parquet per register table, one part per delivery, and a current view.

`lake/<table>/<sha256>.parquet` holds the accepted rows of one delivery (history is kept);
`lake/<table>/current.parquet` holds the latest version of every record: a later delivery
with the same record id corrects the earlier one (by delivery date, then file name).
Reprocessing a delivery is idempotent: its rows replace themselves.
"""

from __future__ import annotations

from collections.abc import Callable
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
    """The rows of the current view of `table` (from its parquet footer)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    path = current_path(lake, table)
    return int(pq.read_metadata(path).num_rows) if path.is_file() else 0


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
    if len(frames) > 1:
        appended = _appended(frames[0], frames[1], table)
        if appended is not None:
            return appended
    both = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    keep = _keep(both, table, dedup=len(frames) > 1)
    if keep.len() == both.height and keep.equals(pl.int_range(both.height, dtype=pl.UInt32,
                                                              eager=True), check_names=False):
        return both
    return both[keep]


def _appended(old: pl.DataFrame, new: pl.DataFrame, table: Table) -> pl.DataFrame | None:
    """`merge_current(old, new)` without sorting, de-duplicating and gathering the whole view
    again, for new deliveries (not reprocessed ones) of a table with one row per record: each
    new file's kept rows go in as one block where its (`_delivery_date`, `_file`) sorts
    among the view's rows (the view `old` is in `ORDER`), and of a record in both the later
    row stays. None where that does not hold (a table of several rows per record, null keys
    or order values, a file name and date the view holds already, a view not in `ORDER` or
    with a record twice): the caller merges whole."""
    key = table.record_id
    if key is None or table.parent_key is not None:
        return None
    cols = [*ORDER, "_sha256", key]
    if any(c not in old.columns or c not in new.columns for c in cols):
        return None
    if any(old.get_column(c).null_count() or new.get_column(c).null_count() for c in cols):
        return None
    if old.get_column("_sha256").is_in(new.get_column("_sha256").unique().implode()).any():
        return None  # a reprocessed delivery replaces its own rows: the whole merge
    view = old.select(ORDER)
    if not view.sort(ORDER, maintain_order=True).equals(view) \
            or old.get_column(key).n_unique() != old.height:
        return None
    kept = new[_keep(new, table, dedup=True)]  # new's own rows, in ORDER, a record once
    blocks = kept.select("_delivery_date", "_file").with_row_index("_i").group_by(
        "_delivery_date", "_file", maintain_order=True).agg(pl.col("_i").first(),
                                                            pl.len().alias("_n"))
    date, file = old.get_column("_delivery_date"), old.get_column("_file")
    cuts: list[tuple[int, int, int]] = []  # (position in the view, first kept row, rows)
    for day, name, first, rows in blocks.iter_rows():
        if ((date == day) & (file == name)).any():
            return None
        before = int(((date < day) | ((date == day) & (file < name))).sum())
        cuts.append((before, first, rows))
    if any(b[0] > a[0] for a, b in zip(cuts[1:], cuts, strict=False)):
        return None
    # a record in both: the row later in ORDER stays (a view row at or after its block's
    # position is later than the new row)
    at = pl.Series("_at", [c for c, _, n in cuts for _ in range(n)], dtype=pl.Int64)
    new_at = kept.select(key).with_columns(at)
    both = (old.select(key).with_row_index("_old")
            .join(new_at.with_row_index("_new"), on=key, how="inner"))
    drop_old = both.filter(pl.col("_old") < pl.col("_at")).get_column("_old")
    drop_new = both.filter(pl.col("_old") >= pl.col("_at")).get_column("_new")
    keep_old = pl.repeat(True, old.height, eager=True).scatter(drop_old, False) \
        if drop_old.len() else None
    keep_new = pl.repeat(True, kept.height, eager=True).scatter(drop_new, False) \
        if drop_new.len() else None
    pieces: list[pl.DataFrame] = []
    start = 0
    for before, first, rows in [*cuts, (old.height, kept.height, 0)]:
        part = old.slice(start, before - start)
        if keep_old is not None:
            part = part.filter(keep_old.slice(start, before - start))
        pieces.append(part)
        block = kept.slice(first, rows)
        if keep_new is not None:
            block = block.filter(keep_new.slice(first, rows))
        pieces.append(block)
        start = before
    return pl.concat([old.clear(), *(p for p in pieces if p.height)], how="diagonal_relaxed")


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


def publish_current(lake: Path, table: str, frames: list[pl.DataFrame],
                    current: Callable[[], pl.DataFrame | None] | None = None
                    ) -> pl.DataFrame | None:
    """Merge the accepted rows `frames` into the current view of `table` and write it
    (`current`: gives the view as it is now, read beforehand; default: read here)."""
    new = [f for f in frames if f.height > 0]
    if not new:
        return None
    old = read_current(lake, table) if current is None else current()
    merged = merge_current(old, pl.concat(new, how="diagonal_relaxed"), TABLES[table])
    write_parquet_atomic(current_path(lake, table), merged)
    return merged
