"""Term frequencies of some rows (the incremental resolution) equal those of a full count."""

from __future__ import annotations

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal
from resolve_factory import frame, person

from transforms.resolve.features import person_features
from transforms.resolve.neighbours import sorted_unique
from transforms.resolve.score import Frequencies, term_frequencies


def _features() -> pl.DataFrame:
    rows = []
    for i in range(300):
        host = None if i % 3 == 0 else f"nachtregister:{10000000 + i % 7}"
        rows.append(person(
            f"m{i}", ["jansen", "nowak", "de vries", "bakker"][i % 4],
            None if i % 11 == 0 else ["anna", "piet", "jan"][i % 3],
            None if i % 5 == 0 else f"19{50 + i % 13}-0{1 + i % 9}-1{i % 10}",
            woonplaats=None if i % 6 == 0 else ["venlo", "echt"][i % 2],
            postcode=None if i % 4 == 0 else f"59{i % 10}1AB", huisnummer=i % 9,
            id_hash=None if i % 2 else f"h{i % 40}", context=host,
        ))
    kinds = [None if i % 2 else ["paspoort", "rijbewijs"][(i // 2) % 2] for i in range(300)]
    return person_features(frame(*rows).with_columns(pl.Series("id_type", kinds, pl.String)))


def test_the_rows_asked_for_get_the_full_frequencies_and_the_others_none() -> None:
    features = _features()
    full = term_frequencies(features)
    rows = np.array([0, 5, 5, 17, 66, 121, 299, 3])
    part = term_frequencies(features, rows=rows)
    wanted = np.unique(rows)
    assert_frame_equal(part[wanted], full[wanted])
    others = np.setdiff1d(np.arange(features.height), wanted)
    assert part[others].null_count().row(0) == (others.size,) * part.width


def test_asking_again_reuses_the_counts_and_stays_exact() -> None:
    features = _features()
    full = term_frequencies(features)
    frequencies = Frequencies(features)
    first = frequencies.at(np.arange(0, 300, 7))
    second = frequencies.at(np.arange(0, 300, 5))  # some rows again, some values new
    assert_frame_equal(first[np.arange(0, 300, 7)], full[np.arange(0, 300, 7)])
    assert_frame_equal(second[np.arange(0, 300, 5)], full[np.arange(0, 300, 5)])
    assert frequencies.at(np.zeros(0, dtype=np.int64)).null_count().row(0) == (300,) * 14


def test_null_values_count_together_as_in_a_window() -> None:
    # the mentions without a birth date share one group; with one all are
    features = _features()
    no_date = np.flatnonzero(features["gd"].is_null().to_numpy())
    assert no_date.size > 1
    part = term_frequencies(features, rows=no_date[:1])
    full = term_frequencies(features)
    assert part["tf_gd"][int(no_date[0])] == full["tf_gd"][int(no_date[0])]


def test_sorted_unique_is_numpys_unique() -> None:
    rng = np.random.default_rng(3)
    for values in (rng.integers(0, 50, 400), np.zeros(0, dtype=np.int64),
                   np.array([7], dtype=np.uint64), rng.integers(0, 2**40, 1000).astype(np.uint64)):
        assert np.array_equal(sorted_unique(values), np.unique(values))
