"""ParquetBatch: files written in the background, visible together on commit, or not at all."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from iob import atomic
from iob.atomic import ParquetBatch, write_parquet_atomic


def test_committed_files_are_written_and_no_temp_files_remain(tmp_path: Path) -> None:
    items = [(tmp_path / f"map{i % 2}" / f"deel{i}.parquet", pl.DataFrame({"i": [i] * (i + 1)}))
             for i in range(6)]
    with ParquetBatch(threads=2) as batch:
        for path, frame in items:
            batch.add(path, frame)
        batch.commit()
    for path, frame in items:
        assert_frame_equal(pl.read_parquet(path), frame)
    assert not list(tmp_path.rglob(".*.tmp"))


def test_nothing_changes_before_commit_nor_when_the_block_fails(tmp_path: Path) -> None:
    path = tmp_path / "deel.parquet"
    write_parquet_atomic(path, pl.DataFrame({"oud": [1]}))
    with pytest.raises(RuntimeError, match="halverwege"), ParquetBatch() as batch:
        batch.add(path, pl.DataFrame({"nieuw": [2]}))
        batch.add(tmp_path / "ander.parquet", pl.DataFrame({"nieuw": [3]}))
        assert_frame_equal(pl.read_parquet(path), pl.DataFrame({"oud": [1]}))
        raise RuntimeError("halverwege")
    assert_frame_equal(pl.read_parquet(path), pl.DataFrame({"oud": [1]}))
    assert not (tmp_path / "ander.parquet").exists()
    assert not list(tmp_path.rglob(".*.tmp"))


def test_a_failing_write_fails_the_commit_and_renames_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"deel{i}.parquet" for i in range(3)]
    for path in paths:
        write_parquet_atomic(path, pl.DataFrame({"oud": [1]}))
    real = atomic._write_parquet

    def flaky(frame: pl.DataFrame, path: Path) -> None:
        if frame.height == 2:
            raise OSError("schijf vol")
        real(frame, path)

    monkeypatch.setattr(atomic, "_write_parquet", flaky)
    with pytest.raises(OSError, match="schijf vol"), ParquetBatch() as batch:
        for i, path in enumerate(paths):
            batch.add(path, pl.DataFrame({"nieuw": list(range(i + 1))}))
        batch.commit()
    for path in paths:
        assert_frame_equal(pl.read_parquet(path), pl.DataFrame({"oud": [1]}))
    assert not list(tmp_path.rglob(".*.tmp"))


def test_an_internal_file_is_lz4_without_statistics(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    frame = pl.DataFrame({"a": list(range(1000)), "b": [str(i % 7) for i in range(1000)]})
    with ParquetBatch() as batch:
        batch.add(tmp_path / "staat.parquet", frame, internal=True)
        batch.add(tmp_path / "uitvoer.parquet", frame)
        batch.commit()
    for name in ("staat.parquet", "uitvoer.parquet"):
        assert_frame_equal(pl.read_parquet(tmp_path / name), frame)
    state = pq.ParquetFile(tmp_path / "staat.parquet").metadata.row_group(0).column(0)
    output = pq.ParquetFile(tmp_path / "uitvoer.parquet").metadata.row_group(0).column(0)
    assert (state.compression, state.is_stats_set) == ("LZ4", False)
    assert (output.compression, output.is_stats_set) == ("ZSTD", True)
