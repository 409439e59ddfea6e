"""write_parquet_many: every file complete or as it was, no temp files left behind."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from iob import atomic
from iob.atomic import write_parquet_atomic, write_parquet_many


def test_many_files_in_several_folders_are_written(tmp_path: Path) -> None:
    items = [(tmp_path / f"map{i % 3}" / f"deel{i}.parquet", pl.DataFrame({"i": [i] * (i + 1)}))
             for i in range(20)]
    write_parquet_many(items)
    for path, frame in items:
        assert_frame_equal(pl.read_parquet(path), frame)
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_a_failing_write_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"deel{i}.parquet" for i in range(4)]
    for path in paths:
        write_parquet_atomic(path, pl.DataFrame({"oud": [1]}))
    real = atomic._write_parquet

    def flaky(frame: pl.DataFrame, path: Path) -> None:
        if frame.height == 3:
            raise OSError("schijf vol")
        real(frame, path)

    monkeypatch.setattr(atomic, "_write_parquet", flaky)
    with pytest.raises(OSError, match="schijf vol"):
        write_parquet_many([(p, pl.DataFrame({"nieuw": list(range(i + 1))}))
                            for i, p in enumerate(paths)])
    for path in paths:
        assert pl.read_parquet(path).columns == ["oud"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in paths]


def test_nothing_to_write_is_fine(tmp_path: Path) -> None:
    write_parquet_many([])
    assert list(tmp_path.iterdir()) == []
