"""Organisations of a night on top of the previous run's: the clusters computed again only
around the new mentions' addresses equal those of every mention, and the incremental
resolution gives every mention the entity a full resolution gives it."""

from __future__ import annotations

import random

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.resolve.orgs import (
    BASE_COLUMNS,
    _clusters_again,
    org_base,
    org_clusters,
    resolve_orgs,
    resolve_orgs_incremental,
)


def _mentions(rng: random.Random, n: int, prefix: str) -> pl.DataFrame:
    """Organisation mentions sharing few KvK numbers, names (with and without legal form)
    and addresses, with nulls: many share an address key, some through a KvK number."""
    names = ["Van Dijk Holding B.V.", "van Dijk BV", "Goud & Zilver", "Ander", "Ander VOF",
             "BV", None]
    return pl.DataFrame({
        "mention_id": [f"{prefix}{i:04d}" for i in range(n)],
        "kvk": [rng.choice(["01234567", "07654321", "11111111", None, None, None])
                for _ in range(n)],
        "naam": [rng.choice(names) for _ in range(n)],
        "postcode": [rng.choice(["1234 AB", "1234AB", "9999 ZZ", "1111 AA", None])
                     for _ in range(n)],
        "huisnummer": [rng.choice(["1", "2", "3", None]) for _ in range(n)],
        "land": [rng.choice(["NL", "NL", "BE", None]) for _ in range(n)],
    })


@pytest.mark.parametrize("seed", range(12))
def test_clusters_again_equal_the_clusters_of_all(seed: int) -> None:
    rng = random.Random(seed)
    old, new = _mentions(rng, rng.randint(0, 80), "o"), _mentions(rng, rng.randint(0, 12), "n")
    before = org_base(old)
    previous = before.select("mention_id").with_columns(org_clusters(before)["cluster"])
    base = pl.concat([before, org_base(new)])
    assert_frame_equal(_clusters_again(base, previous), org_clusters(base))


@pytest.mark.parametrize("seed", range(12))
def test_incremental_organisations_are_the_full_runs(seed: int) -> None:
    rng = random.Random(100 + seed)
    old, new = _mentions(rng, rng.randint(1, 80), "o"), _mentions(rng, rng.randint(0, 12), "n")
    first = resolve_orgs(old)
    full = resolve_orgs(pl.concat([old, new]), first)
    base = pl.concat([first.select("mention_id", *BASE_COLUMNS), org_base(new)])
    again, state = resolve_orgs_incremental(
        base, first.select("mention_id", "entity_id", "generation", "cluster"))
    got = first.select("mention_id", "entity_id", "confidence", "generation").update(
        again.select("mention_id", "entity_id", "confidence", "generation"), on="mention_id",
        how="full", include_nulls=True)
    columns = ["mention_id", "entity_id", "confidence", "generation"]
    assert_frame_equal(got.sort("mention_id").select(columns),
                       full.sort("mention_id").select(columns))
    assert_frame_equal(state, full.select("mention_id", *BASE_COLUMNS, "cluster"))
