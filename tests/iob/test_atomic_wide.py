"""write_parquet_wide (ParquetBatch.add(statistics=...)): the same frame read back, with
statistics only for the columns named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from iob.atomic import ParquetBatch, write_parquet_wide


def _frame() -> pl.DataFrame:
    return pl.concat([
        pl.DataFrame({"mention_id": ["m1", "m2", None], "entity_id": ["E1", None, "E2"],
                      "confidence": [0.5, None, 1.0], "datum": [date(2026, 1, 2), None,
                                                                date(2025, 12, 31)],
                      "generation": [0, 1, None], "naam": ["een lange naam" * 40, "é", ""]},
                     schema_overrides={"generation": pl.Int64}),
        pl.DataFrame({"mention_id": ["m4"], "entity_id": ["E1"], "confidence": [0.25],
                      "datum": [date(2026, 3, 4)], "generation": [2], "naam": ["x"]}),
    ], rechunk=False)


def test_a_wide_file_reads_back_as_the_frame(tmp_path: Path) -> None:
    frame = _frame()
    assert frame.n_chunks() == 2
    write_parquet_wide(frame, tmp_path / "v.parquet", ["entity_id", "mention_id", "ontbreekt"])
    assert_frame_equal(pl.read_parquet(tmp_path / "v.parquet"), frame)


def test_only_the_named_columns_have_statistics(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    frame = _frame()
    with ParquetBatch() as batch:
        batch.add(tmp_path / "v.parquet", frame, statistics=["entity_id", "datum"])
        batch.commit()
    assert_frame_equal(pl.read_parquet(tmp_path / "v.parquet"), frame)
    meta = pq.ParquetFile(tmp_path / "v.parquet").metadata
    group = meta.row_group(0)
    with_stats = {group.column(i).path_in_schema for i in range(group.num_columns)
                  if group.column(i).is_stats_set}
    assert with_stats == {"entity_id", "datum"}
    assert {group.column(i).compression for i in range(group.num_columns)} == {"ZSTD"}
