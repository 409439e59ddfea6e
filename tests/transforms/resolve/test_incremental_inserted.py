"""The previous features with the new mentions' rows put in place (no gather)."""

from __future__ import annotations

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from transforms.resolve.incremental import _inserted


def test_new_rows_land_at_their_indices_and_the_old_keep_their_order() -> None:
    old = pl.DataFrame({"v": [f"oud{i}" for i in range(6)]})
    new = pl.DataFrame({"v": ["a", "b", "c", "d", "e"]})
    rows = np.array([0, 1, 4, 9, 10])  # at the start, twice in a row, between, at the end
    got = _inserted(old, new, rows)["v"].to_list()
    assert got == ["a", "b", "oud0", "oud1", "c", "oud2", "oud3", "oud4", "oud5", "d", "e"]
    # as the gather it replaces
    take = np.empty(11, dtype=np.int64)
    take[rows] = 6 + np.arange(5)
    take[np.setdiff1d(np.arange(11), rows)] = np.arange(6)
    assert_frame_equal(_inserted(old, new, rows), pl.concat([old, new])[take])


def test_nothing_new_is_the_old_frame() -> None:
    old = pl.DataFrame({"v": [1, 2, 3]})
    assert_frame_equal(_inserted(old, old.head(0), np.zeros(0, dtype=np.int64)), old)
