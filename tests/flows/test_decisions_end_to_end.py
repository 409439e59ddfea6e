"""Analysts' link decisions are honoured by the next nightly run (slow: the whole flow)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from iob.decisions import DecisionStore
from iob.demo import generate
from iob.pseudonym import ensure_demo_key
from iob.settings import load_settings

pytestmark = pytest.mark.slow

AS_OF = "2026-11-28"


def _persons(data: Path) -> pl.DataFrame:
    mentions = pl.read_parquet(data / "entities" / "mentions.parquet")
    return mentions.filter(pl.col("entity_type") == "persoon").select("mention_id", "entity_id")


def _entity(persons: pl.DataFrame, mention_id: str) -> str:
    return str(persons.filter(pl.col("mention_id") == mention_id)["entity_id"].item())


def test_cannot_link_splits_and_must_link_joins_on_the_next_run(
    tmp_path: Path, prefect_harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run, record `verschillend` for two mentions the resolver put together and `zelfde`
    for two it kept apart (from the review queue, which carries the comparison reasons),
    run again: the first two are now in different entities, the second two in one."""
    from flows.nightly import nightly

    data = tmp_path / "data"
    generate(data, seed=5, scale=0.1)
    monkeypatch.setenv("IOB_PSEUDONYM_KEY_FILE", str(tmp_path / "pseudonym.key"))
    settings = load_settings(data)
    ensure_demo_key(settings)
    nightly(data=str(data), as_of=AS_OF, docs=False)

    persons = _persons(data)
    together = (
        persons.group_by("entity_id")
        .agg(pl.col("mention_id").sort())
        .filter(pl.col("mention_id").list.len() == 2)
        .sort("entity_id")
    )
    assert together.height > 0, "the resolver linked no two mentions at all"
    split_a, split_b = together["mention_id"][0].to_list()

    review = pl.read_parquet(data / "entities" / "review_queue.parquet")
    assert review.height > 0, "no uncertain pair in the review queue"
    assert review["redenen"].str.len_chars().min() > 0, "every queued pair has its reasons"
    assert review["redenen"].str.contains("achternaam").any()
    first = review.row(0, named=True)
    join_a, join_b = first["mention_a"], first["mention_b"]
    assert _entity(persons, join_a) != _entity(persons, join_b)

    store = DecisionStore.open(settings)
    store.record_link(split_a, split_b, "verschillend", "analist", "andere persoon (test)")
    store.record_link(join_a, join_b, "zelfde", "analist", "zelfde persoon (test)")
    nightly(data=str(data), as_of=AS_OF, docs=False)

    after = _persons(data)
    assert _entity(after, split_a) != _entity(after, split_b)
    assert _entity(after, join_a) == _entity(after, join_b)
    queued = pl.read_parquet(data / "entities" / "review_queue.parquet")
    pair = pl.concat_list("mention_a", "mention_b").list.sort()
    decided = queued.filter(pair == pl.lit(sorted((join_a, join_b))))
    assert decided.height == 0, "a decided pair leaves the review queue"
