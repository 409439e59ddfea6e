"""The canonical tables of an incremental resolution (only the touched entities summarised
again, spliced into the previous tables) against summarising every entity again."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flows.entity_tables import (
    CANONICAL,
    SOURCE_COLUMNS,
    canonical_incremental,
    canonical_tables,
    replace_sorted,
)
from flows.stages import _replaced

KINDS = list(CANONICAL)
PREFIX = {"persoon": "P", "organisatie": "O", "adres": "A"}


def _mentions(rng: np.random.Generator, n: int, start: int = 0) -> pl.DataFrame:
    """``n`` mentions of a few dozen entities of each kind, with repeated values and nulls."""
    kind = rng.choice(KINDS, n)
    entity = [f"{PREFIX[k]}-{rng.integers(40):03d}" for k in kind]
    schema = {"huisnummer": pl.Int64, "geboortedatum": pl.Date}

    def values(column: str) -> list[object]:
        if column == "huisnummer":
            return [None if v == 0 else int(v) for v in rng.integers(0, 4, n)]
        if column == "geboortedatum":
            return [None if v == 0 else date(1980, 1, int(v)) for v in rng.integers(0, 3, n)]
        return [None if v == 0 else f"{column}{v}" for v in rng.integers(0, 4, n)]

    other = [c for c in SOURCE_COLUMNS
             if c not in ("mention_id", "register", "entity_type", "entity_id")]
    frame = pl.DataFrame({
        "mention_id": [f"m{start + i:05d}" for i in range(n)],
        "register": rng.choice(["dor", "nachtregister", "bibob"], n).tolist(),
        "entity_type": kind.tolist(), "entity_id": entity,
        **{c: values(c) for c in other}}, schema_overrides=schema)
    return frame


def _touched(before: pl.DataFrame, after: pl.DataFrame) -> dict[str, pl.Series]:
    """Per kind the entities that gained or lost a mention (as resolve_stage's _apply)."""
    joined = after.join(before.select("mention_id", pl.col("entity_id").alias("was")),
                        on="mention_id", how="left")
    changed = joined.filter(pl.col("was").is_null() | (pl.col("was") != pl.col("entity_id")))
    return {kind: pl.concat([part["was"].drop_nulls(), part["entity_id"]]).unique()
            for kind in KINDS
            for part in [changed.filter(pl.col("entity_type") == kind)]}


@pytest.mark.parametrize("seed", range(6))
def test_touched_entities_summarised_again_equal_all_summarised_again(seed: int) -> None:
    rng = np.random.default_rng(seed)
    before = _mentions(rng, 600)
    previous = {CANONICAL[kind][0]: table for kind, table in canonical_tables(before).items()}
    # some mentions move to another entity of their kind (or a new one), some are new
    moved = rng.random(before.height) < 0.05
    new_ids = [f"{PREFIX[k]}-{rng.integers(30, 50):03d}" for k in before["entity_type"]]
    after = pl.concat([
        before.with_columns(pl.when(pl.Series(moved)).then(pl.Series(new_ids))
                            .otherwise(pl.col("entity_id")).alias("entity_id")),
        _mentions(rng, 25, start=10_000)])
    touched = _touched(before, after)
    assert all(ids.len() for ids in touched.values())
    got = canonical_incremental(after, after["entity_id"], touched, previous.__getitem__)
    want = canonical_tables(after)
    assert set(got) == set(want)
    for kind in KINDS:
        assert_frame_equal(got[kind], want[kind])


def test_nothing_touched_keeps_the_previous_tables() -> None:
    before = _mentions(np.random.default_rng(9), 200)
    tables = canonical_tables(before)
    previous = {CANONICAL[kind][0]: table for kind, table in tables.items()}
    empty = {kind: pl.Series("entity_id", [], dtype=pl.String) for kind in KINDS}
    got = canonical_incremental(before, before["entity_id"], empty, previous.__getitem__)
    for kind in KINDS:
        assert_frame_equal(got[kind], tables[kind])


@pytest.mark.parametrize("seed", range(20))
def test_replace_sorted_is_filter_concat_and_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    keys = np.unique(rng.integers(0, 300, rng.integers(0, 60)))
    table = pl.DataFrame({"entity_id": [f"E{k:03d}" for k in keys],
                          "waarde": rng.integers(0, 9, keys.size)})
    # dropped: kept keys, absent keys, the first and last; added: some of the dropped
    # (summarised again) and new ones, anywhere (before the first, after the last)
    drop = [f"E{k:03d}" for k in rng.integers(0, 301, rng.integers(0, 20))]
    if keys.size and rng.random() < 0.5:
        drop += [f"E{keys[0]:03d}", f"E{keys[-1]:03d}"]
    fresh = {f"E{k:03d}" for k in rng.integers(0, 301, rng.integers(0, 15))}
    fresh = (fresh - set(table["entity_id"].to_list())) | set(drop[: len(drop) // 2])
    add = pl.DataFrame({"entity_id": sorted(fresh),
                        "waarde": rng.integers(10, 19, len(fresh))},
                       schema=table.schema)
    dropped = pl.Series("entity_id", drop, dtype=pl.String)
    want = pl.concat([table.filter(~pl.col("entity_id").is_in(dropped.implode())),
                      add]).sort("entity_id")
    assert_frame_equal(replace_sorted(table, dropped, add), want)


def test_replaced_columns_are_cut_into_the_frames_chunks() -> None:
    frame = pl.concat([pl.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}),
                       pl.DataFrame({"a": [4], "b": ["w"]}),
                       pl.DataFrame({"a": [5, 6], "b": ["v", "u"]})], rechunk=False)
    columns = pl.DataFrame({"b": ["B1", "B2", "B3", "B4", "B5", "B6"], "c": [0] * 6})
    got = _replaced(frame, columns, ("b",))
    assert_frame_equal(got, frame.with_columns(columns["b"]))
    assert got["b"].chunk_lengths() == got["a"].chunk_lengths() == [3, 1, 2]


def _early(frame: pl.DataFrame) -> Future[bytes]:
    from iob.parquet_stitch import encode

    done: Future[bytes] = Future()
    done.set_result(encode(frame, []))
    return done


def test_mentions_file_from_the_early_columns_and_the_entity_columns(tmp_path: Path) -> None:
    from flows.stages import ENTITY_COLUMNS, MENTION_STATISTICS, _stitched

    frame = _mentions(np.random.default_rng(3), 300).with_columns(
        pl.lit(0.5).alias("confidence"), pl.lit(1, dtype=pl.Int64).alias("generation"))
    rest = frame.drop(ENTITY_COLUMNS)
    _stitched(_early(rest), frame.select(ENTITY_COLUMNS), frame)(tmp_path / "m.parquet")
    assert_frame_equal(pl.read_parquet(tmp_path / "m.parquet"), frame)
    # early columns of other rows do not fit: written at once instead
    _stitched(_early(rest.head(299)), frame.select(ENTITY_COLUMNS), frame)(
        tmp_path / "n.parquet")
    assert_frame_equal(pl.read_parquet(tmp_path / "n.parquet"), frame)
    assert "entity_id" in MENTION_STATISTICS
