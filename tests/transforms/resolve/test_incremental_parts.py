"""The parts the incremental resolution uses to stay in proportion to what is new, each
against the whole computation it stands for."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal
from resolve_factory import frame, person
from test_frequencies_counting import _features

from transforms.resolve.blocking import BLOCKING_KEYS
from transforms.resolve.ids import assign_ids
from transforms.resolve.incremental import PersonState, _arranged, resolve_persons_incremental
from transforms.resolve.neighbours import BLOCK_ROOTS, block_rows
from transforms.resolve.persons import Settings, _confidence, resolve_persons


@pytest.mark.parametrize("seed", range(3))
def test_block_rows_are_the_rows_holding_the_values(seed: int) -> None:
    features = _features(seed, 300)
    rng = np.random.default_rng(seed)
    assert set(BLOCK_ROOTS) == {bk.name for bk in BLOCKING_KEYS}
    for bk in BLOCKING_KEYS:
        keys = features.select(bk.key).to_series()
        holders = np.sort(rng.choice(features.height, size=12, replace=False))
        values = keys.gather(holders).drop_nulls().unique()
        want = np.flatnonzero(keys.is_in(values.implode()).fill_null(False).to_numpy())
        rows, keyed = block_rows(features, bk, values, holders)
        assert rows.tolist() == want.tolist(), bk.name
        assert_series_equal(keyed, keys.gather(want), check_names=False)


@pytest.mark.parametrize("seed", range(5))
def test_arranged_is_the_gather(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frame = pl.DataFrame({"x": rng.integers(0, 100, 60), "s": [str(i) for i in range(60)]})
    old = int(rng.integers(0, 50))
    at = np.sort(rng.choice(np.arange(60), size=60 - old, replace=False))
    take = np.empty(60, dtype=np.int64)  # the previous rows in order, new ones put in at `at`
    keep = np.setdiff1d(np.arange(60), at)
    take[keep] = np.arange(keep.size)
    take[at] = keep.size + np.arange(at.size)
    assert_frame_equal(_arranged(frame, take), frame[take])
    perm = rng.permutation(60)
    assert_frame_equal(_arranged(frame, perm), frame[perm])
    assert _arranged(frame, np.zeros(0, dtype=np.int64)).height == 0


def _clusters(groups: list[list[str]]) -> pl.DataFrame:
    rows = [(m, i) for i, g in enumerate(groups) for m in g]
    return pl.DataFrame(rows, schema={"mention_id": pl.String, "cluster": pl.Int64}, orient="row")


def test_ids_from_the_part_of_the_mapping_equal_those_from_all_of_it() -> None:
    run1 = assign_ids(_clusters([["a", "b"], ["c"], ["d", "e", "f"], ["g"]]), None, "P")
    run2 = assign_ids(_clusters([["a", "b"], ["c", "h"], ["d", "e", "f"], ["g"], ["q"]]), run1,
                      "P")
    # a split, a merge and a new mention among some clusters; the others stay as they were
    part = _clusters([["a"], ["b", "c", "h"], ["x"], ["y", "z"]])
    whole = assign_ids(part, run2, "P")
    sub = run2.filter(pl.col("mention_id").is_in(["a", "b", "c", "h"]))
    assert_frame_equal(assign_ids(part, sub, "P", issued=run2), whole)
    # the generation follows the whole mapping (q, outside the part, was issued in run 2)
    assert whole["generation"].max() == 2
    assert assign_ids(part, sub, "P")["generation"].max() == 1
    # a new id that an entity outside the part holds is still re-salted
    taken = run2.with_columns(pl.when(pl.col("mention_id") == "g")
                              .then(pl.lit(whole.filter(pl.col("mention_id") == "x")
                                           ["entity_id"].item()))
                              .otherwise(pl.col("entity_id")).alias("entity_id"))
    salted = assign_ids(part, sub, "P", issued=taken)
    assert_frame_equal(salted, assign_ids(part, taken, "P"))
    x_id = whole.filter(pl.col("mention_id") == "x")["entity_id"].item()
    assert salted.filter(pl.col("mention_id") == "x")["entity_id"].item() != x_id


@pytest.mark.parametrize("seed", range(5))
def test_confidence_of_some_nodes_is_theirs_in_the_whole(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 80
    labels = rng.integers(0, 30, n).astype(np.int64)
    a = rng.integers(0, n, 200)
    b = rng.integers(0, n, 200)
    keep = a < b
    scored = pl.DataFrame({"a": pl.Series(a[keep], dtype=pl.UInt32),
                           "b": pl.Series(b[keep], dtype=pl.UInt32),
                           "kans": rng.random(int(keep.sum()))}).unique(["a", "b"])
    must = scored.head(3).select("a", "b")
    whole = _confidence(labels, scored, must, 0.95).to_numpy()
    nodes = np.sort(rng.choice(n, size=17, replace=False))
    part = _confidence(labels, scored, must, 0.95, nodes=nodes).to_numpy()
    assert np.array_equal(part, whole[nodes])


def _people(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Mentions of a few people, written in slightly different ways, at a few addresses."""
    names = ["jansen", "de vries", "bakker", "visser", "smit"]
    firsts = ["jan", "piet", "joost", "anna"]
    rows = []
    for i in range(n):
        who = int(rng.integers(0, 40))
        first = firsts[who % 4] if rng.random() < 0.8 else None
        rows.append(person(
            f"m{i:04d}", names[who % 5], first,
            f"19{60 + who % 30}-0{1 + who % 9}-1{who % 10}" if rng.random() < 0.9 else None,
            postcode=["1234AB", "5678CD"][who % 2] if rng.random() < 0.7 else None,
            huisnummer=who % 7, woonplaats=["ede", "epe"][who % 2],
        ))
    out: pl.DataFrame = frame(*rows)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_incremental_confidence_is_the_confidence_of_its_resolution(seed: int) -> None:
    # a mention outside the re-clustered ones keeps its confidence: it equals the one that
    # its entity and pairs give now
    rng = np.random.default_rng(seed)
    mentions = _people(rng, 160)
    new_at = np.sort(rng.choice(160, size=int(rng.integers(1, 30)), replace=False))
    old_at = np.setdiff1d(np.arange(160), new_at)
    first = resolve_persons(mentions[old_at])
    assert first.features is not None and first.pairs is not None
    assert first.labels is not None
    state = PersonState(first.mentions, first.features, first.pairs, first.review,
                        first.labels)
    res = resolve_persons_incremental(mentions["mention_id"], mentions[new_at], state,
                                      old_at.astype(np.int64))
    assert res.pairs is not None and res.labels is not None
    must = pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32})
    whole = _confidence(res.labels, res.pairs, must, Settings().link)
    assert_series_equal(res.mentions["confidence"], whole)
    assert res.stats["opnieuw_geclusterd"] < 160  # not everything was re-clustered
