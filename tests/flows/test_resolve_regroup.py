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


def test_a_small_group_after_the_new_mentions_is_encoded_again(
        night: Night, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small row group where the copied ones would start (the rows of an earlier night)
    is encoded again with the rows before it: the groups do not grow in number."""
    from flows.stages import MENTION_STATISTICS
    from iob import parquet_stitch

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", GROUP)
    encoded: list[int] = []
    encode = parquet_stitch.encode

    def counted(frame: pl.DataFrame, *args: Any) -> bytes:
        if "register" in frame.columns and frame.height:  # not the schemas written
            encoded.append(frame.height)
        return encode(frame, *args)

    def night_on(groups: list[int], name: str) -> Path:
        history = tmp_path / f"history-{name}"
        shutil.copytree(night.history, history)
        path = history / "entities" / "mentions.parquet"
        frame = pl.read_parquet(path)
        path.write_bytes(encode(frame, MENTION_STATISTICS, groups))
        encoded.clear()
        assert _resolve(night.data, tmp_path / name, history)["incrementeel"] == 1
        return tmp_path / name / "entities" / "mentions.parquet"

    monkeypatch.setattr(parquet_stitch, "encode", counted)
    rows = _read(night.history, "mentions.parquet").height
    even = parquet_stitch.split_rows(rows)
    night_on(even, "even")
    added = _read(night.incremental, "mentions.parquet").height - rows
    head = encoded[0] - added  # the previous rows encoded again: whole groups
    first = len(parquet_stitch.split_rows(head))
    assert 0 < first < len(even) - 1 and even[first] > GROUP // 8
    small = 100
    groups = [*even[:first], small, even[first] - small, *even[first + 1:]]
    out = night_on(groups, "klein")
    assert encoded == [head + small + added]
    assert _groups(out)[-(len(groups) - first - 1):] == groups[first + 1:]
    assert len(_groups(out)) <= len(groups)
    assert_frame_equal(pl.read_parquet(out), _read(night.incremental, "mentions.parquet"))
