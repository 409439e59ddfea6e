"""iob.parquet_stitch: columns encoded apart, stitched into one file that reads back as the
frame (polars and pyarrow), statistics and all; parts that do not fit are refused."""

from __future__ import annotations

import io
import struct
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from iob import parquet_stitch
from iob.parquet_stitch import _Reader, _Writer, encode, stitch


def _frame(rows: int) -> pl.DataFrame:
    """Twenty columns (a thrift list of more than 15 column chunks) of several types, with
    nulls, in two chunks."""
    i = list(range(rows))
    full = pl.DataFrame({
        "mention_id": [f"m{k:04d}" for k in i],
        "entity_id": [None if k % 5 == 0 else f"E{k % 7}" for k in i],
        "confidence": [None if k % 4 == 0 else k / 100 for k in i],
        "datum": [date(2026, 1, 1 + k % 28) if k % 3 else None for k in i],
        "generation": [k % 3 for k in i],
        **{f"kolom{c}": [f"{c}-{k % (c + 2)}" if (k + c) % 6 else None for k in i]
           for c in range(15)},
    }, schema_overrides={"generation": pl.Int64, "entity_id": pl.String,
                         "confidence": pl.Float64, "datum": pl.Date})
    return pl.concat([full.head(rows // 2), full.tail(rows - rows // 2)], rechunk=False)


def _stitched(frame: pl.DataFrame, *columns: list[str]) -> bytes:
    sink = io.BytesIO()
    stitch([encode(frame.select(c), ["mention_id", "entity_id"]) for c in columns],
           frame.head(0), sink)
    return sink.getvalue()


@pytest.mark.parametrize("rows", [1, 7, 50])
def test_columns_encoded_apart_read_back_as_the_frame(
        rows: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", 8)  # several row groups
    frame = _frame(rows)
    late = ["confidence", "entity_id", "generation"]
    path = tmp_path / "v.parquet"
    path.write_bytes(_stitched(frame, [c for c in frame.columns if c not in late][::-1], late))
    assert_frame_equal(pl.read_parquet(path), frame)
    assert_frame_equal(pl.from_arrow(pq.read_table(path)), frame)  # type: ignore[arg-type]
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == -(-rows // 8)
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        names = [group.column(i).path_in_schema for i in range(group.num_columns)]
        assert names == frame.columns
        stats = {n for i, n in enumerate(names) if group.column(i).is_stats_set}
        assert stats == {"mention_id", "entity_id"}
    wanted = frame.filter(pl.col("entity_id") == "E3")
    assert_frame_equal(pl.scan_parquet(path).filter(pl.col("entity_id") == "E3").collect(),
                       wanted)


def test_three_parts_in_any_order(tmp_path: Path) -> None:
    frame = _frame(30)
    data = _stitched(frame, ["kolom3", "datum"], ["generation", "mention_id"],
                     [c for c in frame.columns
                      if c not in ("kolom3", "datum", "generation", "mention_id")])
    assert_frame_equal(pl.read_parquet(io.BytesIO(data)), frame)


def test_the_footer_codec_writes_back_what_it_read() -> None:
    data = encode(_frame(20), ["mention_id"])
    size = struct.unpack("<I", data[-8:-4])[0]
    footer = data[len(data) - 8 - size:-8]
    writer = _Writer()
    writer.struct(_Reader(footer).struct())
    assert bytes(writer.out) == footer


def test_parts_that_do_not_fit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", 8)
    frame = _frame(20)
    rest = [c for c in frame.columns if c != "entity_id"]
    sink = io.BytesIO()
    with pytest.raises(ValueError, match="rijgroepen"):  # other rows
        stitch([encode(frame.select(rest), []), encode(frame.head(19).select("entity_id"), [])],
               frame.head(0), sink)
    with pytest.raises(ValueError, match="meer dan één deel"):
        stitch([encode(frame, []), encode(frame.select("entity_id"), [])], frame.head(0), sink)
    with pytest.raises(ValueError, match="precies de kolommen"):
        stitch([encode(frame.select(rest), [])], frame.head(0), sink)
    with pytest.raises(ValueError, match="geen parquet"):
        stitch([b"PAR1 dit is het niet"], frame.head(0), sink)
    assert sink.getvalue() == b""


@pytest.mark.parametrize(("place", "first"), [(0, 0), (3, 1), (8, 1), (9, 2), (16, 2)])
def test_row_groups_copied_from_a_previous_file_read_back_as_the_merged_frame(
        place: int, first: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """New rows go in at ``place``: the previous file's row groups from ``first`` on (the
    first starting at or after it) are copied, the rows before them encoded; with the
    late columns encoded in the same row groups the stitched file is the merged frame."""
    import pyarrow.parquet as pq

    from iob.parquet_stitch import regroup, row_groups, split_rows

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", 8)
    frame = _frame(30)
    previous = encode(frame, ["mention_id", "entity_id"])
    assert row_groups(previous) == [8, 8, 8, 6]
    new = _frame(33).tail(3).with_columns(pl.col("mention_id") + "n")
    merged = pl.concat([frame.head(place), new, frame.slice(place)])
    late = ["confidence", "entity_id", "generation"]
    early = merged.drop(late)
    head = early.head(8 * first + new.height)
    part = regroup([(encode(head, ["mention_id"], split_rows(head.height)), 0),
                    (previous, first)], early.head(0))
    assert row_groups(part) == [*split_rows(head.height), *[8, 8, 8, 6][first:]]
    sink = io.BytesIO()
    stitch([part, encode(merged.select(late), ["entity_id"], row_groups(part))],
           merged.head(0), sink)
    path = tmp_path / "v.parquet"
    path.write_bytes(sink.getvalue())
    assert_frame_equal(pl.read_parquet(path), merged)
    assert_frame_equal(pl.from_arrow(pq.read_table(path)), merged)  # type: ignore[arg-type]
    stats = pq.ParquetFile(path).metadata.row_group(row_groups(part).__len__() - 1)
    assert stats.column(0).statistics is not None  # mention_id's, copied along


def test_regroup_and_groups_refuse_what_does_not_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    from iob.parquet_stitch import regroup

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", 8)
    frame = _frame(20)
    with pytest.raises(ValueError, match="rijgroepen"):
        encode(frame, [], [10, 10])  # more than ROW_GROUP_ROWS in one
    with pytest.raises(ValueError, match="rijgroepen"):
        encode(frame, [], [8, 8])  # not every row
    with pytest.raises(ValueError, match="kolommen"):
        regroup([(encode(frame.drop("datum"), []), 0)], frame.head(0))


@pytest.mark.parametrize(("last", "first"), [(0, 0), (3, 1), (8, 1), (9, 2), (30, 4)])
def test_reused_copies_the_groups_after_the_last_new_row(
        last: int, first: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows put in before row ``last``: the previous file's groups from the first one
    starting at or after it are copied, the rows before them encoded; the part reads back
    as the merged frame (and is refused where nothing is left to copy)."""
    from iob.parquet_stitch import reused, row_groups, split_rows

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", 8)
    frame = _frame(30)
    previous = encode(frame, ["mention_id"])
    new = _frame(33).tail(3).with_columns(pl.col("mention_id") + "n")
    merged = pl.concat([frame.head(last - 1), new.head(1), frame.slice(last - 1, 1),
                        new.tail(2), frame.slice(last)]) if last else pl.concat([new, frame])
    if first == 4:
        with pytest.raises(ValueError, match="rijgroep"):
            reused(previous, merged, last, 3, ["mention_id"])
        return
    part = reused(previous, merged, last, 3, ["mention_id"])
    assert_frame_equal(pl.read_parquet(io.BytesIO(part)), merged)
    assert row_groups(part) == [*split_rows(8 * first + 3), *[8, 8, 8, 6][first:]]
    with pytest.raises(ValueError, match="andere rijen"):
        reused(previous, merged.head(32), last, 3, [])


def test_reused_encodes_a_small_group_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small group where the copied ones would start (an earlier night's rows) is
    encoded again with the rows before it: the groups do not grow in number."""
    from iob.parquet_stitch import reused, row_groups

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", 16)
    frame = _frame(60)
    previous = encode(frame, [], [16, 1, 15, 16, 12])
    merged = pl.concat([frame.head(10), _frame(61).tail(1), frame.slice(10)])
    part = reused(previous, merged, 10, 1, [])
    assert row_groups(part) == [16, 2, 15, 16, 12]  # 16 + 1 + 1 rows encoded: one 16, one 2
    assert_frame_equal(pl.read_parquet(io.BytesIO(part)), merged)


def test_regroup_copies_a_polars_written_file_without_its_page_index(tmp_path: Path) -> None:
    """Polars writes offset indexes: the chunks are copied without them and read back
    (polars and pyarrow) as the frame."""
    import pyarrow.parquet as pq

    from iob.parquet_stitch import _get, _part, _structs, regroup, row_groups

    frame = _frame(50)
    path = tmp_path / "p.parquet"
    frame.write_parquet(path, compression="lz4", statistics=False, row_group_size=20)
    data = path.read_bytes()
    chunk = _structs(_structs(_part(data).meta, 4)[0], 1)[0]
    assert _get(chunk, 4) is not None  # an offset index: what regroup leaves behind
    assert row_groups(data) == [20, 20, 10]
    part = regroup([(encode(frame.head(20), []), 0), (data, 1)], frame.head(0))
    out = tmp_path / "r.parquet"
    out.write_bytes(part)
    assert_frame_equal(pl.read_parquet(out), frame)
    assert_frame_equal(pl.from_arrow(pq.read_table(out)), frame)  # type: ignore[arg-type]


def test_regroup_refuses_a_column_stored_otherwise() -> None:
    """A source whose column has the schema's name but another type (Int32 for Int64) is
    refused: its chunks would be read as the wrong type."""
    from iob.parquet_stitch import regroup

    frame = _frame(10)
    other = frame.with_columns(pl.col("generation").cast(pl.Int32))
    with pytest.raises(ValueError, match="anders op"):
        regroup([(encode(other, []), 0)], frame.head(0))
