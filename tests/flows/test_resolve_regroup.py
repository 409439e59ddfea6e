"""The night's mentions.parquet copies the previous file's row groups after the last new
mention (flows.stages._reencoded): the file reads back as the one written whole, and the
groups copied are the previous file's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from polars.testing import assert_frame_equal

from tests.flows.test_resolve_incremental import Night, _read, _resolve, night

__all__ = ["night"]  # the fixture, shared with the incremental resolution's tests

pytestmark = pytest.mark.slow

GROUP = 2000  # rows per row group of the history's mentions.parquet here


def _groups(path: Path) -> list[int]:
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]


def test_the_previous_row_groups_after_the_new_mentions_are_copied(
        night: Night, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.stages import MENTION_STATISTICS
    from iob import parquet_stitch

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", GROUP)
    encoded: list[int] = []  # the rows of the mentions' early columns encoded
    encode = parquet_stitch.encode

    def counted(frame: pl.DataFrame, *args: Any) -> bytes:
        if "register" in frame.columns and frame.height:  # not the schemas written
            encoded.append(frame.height)
        return encode(frame, *args)

    monkeypatch.setattr(parquet_stitch, "encode", counted)
    history = tmp_path / "history"
    shutil.copytree(night.history, history)
    path = history / "entities" / "mentions.parquet"
    pq.write_table(pq.read_table(path), path, compression="zstd", row_group_size=GROUP,
                   write_statistics=MENTION_STATISTICS)
    before = _groups(path)
    assert len(before) > 3
    counts = _resolve(night.data, tmp_path / "night", history)
    assert counts["incrementeel"] == 1
    out = tmp_path / "night" / "entities" / "mentions.parquet"
    assert_frame_equal(pl.read_parquet(out), _read(night.incremental, "mentions.parquet"))
    # the rows up to the group after the last new mention encoded, the groups after copied
    after = _groups(out)
    assert len(encoded) == 1 and 0 < encoded[0] < counts["mentions"] - GROUP
    copied = len(after) - len(parquet_stitch.split_rows(encoded[0]))
    assert after[-copied:] == before[-copied:]
    assert sum(after) == counts["mentions"]
    # the next night without news copies every group, encodes none
    encoded.clear()
    _resolve(night.data, tmp_path / "next", tmp_path / "night")
    nxt = tmp_path / "next" / "entities" / "mentions.parquet"
    assert encoded == []
    assert _groups(nxt) == after
    assert_frame_equal(pl.read_parquet(nxt), pl.read_parquet(out))
