"""The incremental building blocks against their full counterparts."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from resolve_factory import frame, person

from transforms.resolve.blocking import candidate_pairs
from transforms.resolve.cluster import components
from transforms.resolve.features import person_features
from transforms.resolve.incremental import reach
from transforms.resolve.neighbours import touched_pairs


def _crowd(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Mentions from a small vocabulary: big blocks, so windows push pairs out."""
    names = ["jansen", "de vries", "bakker", "visser"]
    firsts = ["jan", "piet", "joost", "anna", None]
    rows = []
    for i in range(n):
        year = 1970 + int(rng.integers(0, 3))
        rows.append(person(
            f"m{i:04d}", str(rng.choice(names)), firsts[int(rng.integers(0, len(firsts)))],
            f"{year}-0{int(rng.integers(1, 3))}-1{int(rng.integers(0, 2))}",
            postcode=["1234AB", "5678CD", None][int(rng.integers(0, 3))],
            huisnummer=int(rng.integers(1, 3)), woonplaats=str(rng.choice(["ede", "epe"])),
        ))
    out: pl.DataFrame = frame(*rows)
    return out


def _pairs(frame: pl.DataFrame) -> set[tuple[int, int]]:
    return set(zip(frame["a"].to_list(), frame["b"].to_list(), strict=True))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("window", [1, 3, 5])
def test_touched_pairs_are_the_candidate_pairs_of_all_rows(seed: int, window: int) -> None:
    rng = np.random.default_rng(seed)
    features = person_features(_crowd(rng, 160))
    new_rows = np.sort(rng.choice(160, size=int(rng.integers(1, 25)), replace=False))
    old_rows = np.setdiff1d(np.arange(160), new_rows)
    # the pairs of the old rows alone, in the row indices of all rows
    old = candidate_pairs(features[old_rows], window=window)
    old = pl.DataFrame({"a": pl.Series(old_rows[old["a"].to_numpy()], dtype=pl.UInt32),
                        "b": pl.Series(old_rows[old["b"].to_numpy()], dtype=pl.UInt32)})
    standing, redo = touched_pairs(features, old, new_rows.astype(np.int64), window)
    want = _pairs(candidate_pairs(features, window=window))
    got = _pairs(old.filter(pl.Series(standing))) | _pairs(redo)
    assert got == want
    assert not _pairs(old.filter(pl.Series(standing))) & _pairs(redo)
    assert (~standing).sum() < old.height  # not everything was paired again


@pytest.mark.parametrize("seed", range(20))
def test_reach_is_the_components_holding_a_seed(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 80))
    m = int(rng.integers(0, 100))
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    seeds = rng.random(n) < 0.1
    labels = components(n, a, b)
    assert (reach(n, a, b, seeds) == np.isin(labels, labels[seeds])).all()
