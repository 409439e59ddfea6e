"""How ``Frequencies`` counts without computing every key of every row: the properties of the
keys it relies on, and the result against the full count on features with nulls anywhere."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.resolve.score import (
    _BY_ROOT,
    _BY_VALUE,
    Frequencies,
    _key_exprs,
    term_frequencies,
)

_VALUES = {
    "an": ["jansen", "de vries", "bakker", "van dijk"],
    "full": ["jansen", "devries", "bakker", "vandijk"],
    "vn1": ["jan", "piet", "anna"],
    "ini": ["j", "jp", "p", "a", "am"],
    "gd": ["19700101", "19700102", "19811231"],
    "pc": ["1234AB", "5678CD"],
    "hn": ["1", "2", "12"],
    "toev": ["a", "bis"],
    "wp": ["ede", "epe", "venlo"],
    "idh": ["h1", "h2", "h3"],
    "fon": ["jnsn", "frs", "bkr"],
    "ctx": ["nachtregister:1", "nachtregister:2", "dor:7"],
    "idt": ["paspoort", "rijbewijs"],
}


def _features(seed: int, n: int = 400) -> pl.DataFrame:
    """Feature columns from small vocabularies, each null in about a fifth of the rows."""
    rng = np.random.default_rng(seed)
    columns = {}
    for name, values in _VALUES.items():
        picked = [values[int(i)] for i in rng.integers(0, len(values), n)]
        columns[name] = [None if rng.random() < 0.2 else v for v in picked]
    return pl.DataFrame(columns, schema=dict.fromkeys(_VALUES, pl.String))


def test_every_key_is_counted_one_way() -> None:
    keys = set(_key_exprs())
    assert set(_BY_VALUE) | set(_BY_ROOT) == keys
    assert not set(_BY_VALUE) & set(_BY_ROOT)
    for key, column in _BY_VALUE.items():
        assert _key_exprs()[key].meta.root_names() == [column]


@pytest.mark.parametrize("seed", range(3))
def test_a_key_determines_its_root_and_is_null_exactly_where_a_part_is(seed: int) -> None:
    features = _features(seed)
    exprs = _key_exprs()
    for key, (root, parts) in _BY_ROOT.items():
        keyed = features.select(exprs[key].alias("_k"), pl.col(root).alias("_r"),
                                pl.any_horizontal(pl.col(p).is_null() for p in parts)
                                .alias("_null"))
        assert keyed["_k"].is_null().to_list() == keyed["_null"].to_list(), key
        roots = keyed.drop_nulls("_k").group_by("_k").agg(pl.col("_r").n_unique())
        assert (roots["_r"] == 1).all(), key


@pytest.mark.parametrize("seed", range(4))
def test_the_rows_get_the_full_count_with_nulls_in_every_column(seed: int) -> None:
    features = _features(seed)
    full = term_frequencies(features)
    rng = np.random.default_rng(100 + seed)
    frequencies = Frequencies(features)
    for size in (0, 1, 7, 60, 400):  # asking again: some values counted before, some not
        rows = rng.choice(features.height, size=size, replace=False)
        at, part = frequencies.rows(rows)
        assert at.to_list() == sorted(rows.tolist())
        assert_frame_equal(part, full[np.sort(rows)])
        assert_frame_equal(frequencies.at(rows)[np.sort(rows)], full[np.sort(rows)])
