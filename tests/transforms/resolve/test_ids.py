"""Stable entity ids: keep, merge keeps the oldest, split keeps the largest part's id."""

from __future__ import annotations

import polars as pl

from transforms.resolve.ids import assign_ids


def _clusters(groups: list[list[str]]) -> pl.DataFrame:
    rows = [(m, i) for i, g in enumerate(groups) for m in g]
    return pl.DataFrame(rows, schema={"mention_id": pl.String, "cluster": pl.Int64}, orient="row")


def _ids(out: pl.DataFrame) -> dict[str, str]:
    return dict(zip(out["mention_id"], out["entity_id"], strict=True))


def test_new_ids_are_deterministic_and_prefixed() -> None:
    first = assign_ids(_clusters([["b", "a"], ["c"]]), None, "P")
    again = assign_ids(_clusters([["c"], ["a", "b"]]), None, "P")
    assert _ids(first) == _ids(again)
    assert all(e.startswith("P-") for e in first["entity_id"])


def test_entity_keeps_its_id_while_a_mention_remains() -> None:
    run1 = assign_ids(_clusters([["a", "b"]]), None, "P")
    run2 = assign_ids(_clusters([["b", "x"]]), run1, "P")
    assert _ids(run2)["x"] == _ids(run1)["a"]


def test_merge_keeps_the_oldest_id() -> None:
    run1 = assign_ids(_clusters([["m1", "m2", "m3"]]), None, "P")  # generation 0
    run2 = assign_ids(_clusters([["m1", "m2", "m3"], ["z1", "z2", "z3", "z4"]]), run1, "P")
    old = _ids(run1)["m1"]
    newer = _ids(run2)["z1"]
    run3 = assign_ids(_clusters([["m1", "m2", "m3", "z1", "z2", "z3", "z4"]]), run2, "P")
    assert set(_ids(run3).values()) == {old} and newer != old


def test_split_gives_the_id_to_the_largest_part_and_new_ids_to_the_rest() -> None:
    run1 = assign_ids(_clusters([["a", "b", "c", "d"]]), None, "P")
    old = _ids(run1)["a"]
    run2 = assign_ids(_clusters([["a"], ["b", "c", "d"]]), run1, "P")
    ids = _ids(run2)
    assert ids["b"] == old and ids["a"] != old
    # the fresh id of {a} does not clash with the old id even though a was its seed
    assert ids["a"].startswith("P-")
