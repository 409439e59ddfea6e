"""The vectorised ID-number normaliser and BSN guard agree with the scalar ones."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.idnumbers import (
    bsn_form_mask,
    is_bsn_form,
    normalise_id_number,
    normalise_id_numbers,
)

ID_LIKE = st.one_of(
    st.none(),
    st.text(max_size=14),
    st.from_regex(r"[0-9 .\-]{7,12}", fullmatch=True),
    st.from_regex(r"[A-Za-z0Oo]{2,3}[0-9 ]{5,8}", fullmatch=True),
)


@given(st.lists(ID_LIKE, max_size=30))
def test_vectorised_normalisation_equals_scalar(values: list[str | None]) -> None:
    vector = normalise_id_numbers(pl.Series("id", values, dtype=pl.String)).to_list()
    assert vector == [normalise_id_number(v) for v in values]


@given(st.lists(ID_LIKE, max_size=30))
def test_vectorised_bsn_guard_equals_scalar(values: list[str | None]) -> None:
    norm = normalise_id_numbers(pl.Series("id", values, dtype=pl.String))
    expected = [n is not None and is_bsn_form(n) for n in norm.to_list()]
    assert bsn_form_mask(norm).to_list() == expected


def test_known_bsn_shapes() -> None:
    norm = normalise_id_numbers(pl.Series("id", ["111222333", "11122233", "1112-22.333",
                                                 "111222334", "000000000", "IXP12AB34"]))
    assert bsn_form_mask(norm).to_list() == [True, False, True, False, False, False]
