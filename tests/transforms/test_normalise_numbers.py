"""Integers, decimals (decimal comma), ja/nee; map_unique helpers."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.numbers import parse_decimal, parse_decimals, parse_int, parse_jn
from transforms.normalise.vector import map_unique, map_unique_rows

text = st.none() | st.text()
number_like = st.none() | st.text(alphabet=st.sampled_from(list("0123456789,.- +€")),
                                  max_size=14)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("129,95", 129.95), ("129.95", 129.95), ("1.234,56", 1234.56), ("1,234.56", 1234.56),
     ("1.234.567", 1234567.0), ("€ 12,50", 12.5), ("EUR 12,50", 12.5), ("-5", -5.0),
     (" 7 ", 7.0), ("210,00", 210.0), ("1e3", None), ("nan", None), ("inf", None),
     ("1,2.3,4", None), ("abc", None), ("", None), (None, None)],
)
def test_decimal(raw: str | None, expected: float | None) -> None:
    """Decimal comma and XLSX decimal point; thousands separators; no exponent/nan."""
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), (" 3 ", 3), ("+3", 3), ("-3", -3), ("3.0", 3), ("3,00", 3), ("1.000", None),
     ("3.5", None), ("x", None), ("", None), (None, None), ("9" * 19, None)],
)
def test_int(raw: str | None, expected: int | None) -> None:
    """Integers, with an XLSX ``.0``; ambiguous ``1.000`` rejected."""
    assert parse_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ja", True), ("Ja", True), ("J", True), ("true", True), ("1", True), ("nee", False),
     ("NEE", False), ("n", False), ("false", False), ("0", False), ("misschien", None),
     ("", None), (None, None)],
)
def test_jn(raw: str | None, expected: bool | None) -> None:
    """ja/nee and synonyms."""
    assert parse_jn(raw) is expected


@given(text)
def test_never_raise(s: str | None) -> None:
    """Arbitrary text never raises; a decimal is finite."""
    d = parse_decimal(s)
    assert d is None or math.isfinite(d)
    parse_int(s)
    parse_jn(s)


@given(st.lists(number_like, max_size=30))
def test_vectorised_decimals_agree(values: list[str | None]) -> None:
    """parse_decimals (polars fast path) equals parse_decimal element for element."""
    got = parse_decimals(pl.Series("d", values, dtype=pl.String)).to_list()
    assert got == [parse_decimal(v) for v in values]


@given(st.lists(st.none() | st.text(max_size=5), max_size=30))
def test_map_unique_matches_plain_map(values: list[str | None]) -> None:
    """map_unique equals mapping every element (nulls get fn(None))."""
    def fn(s: str | None) -> str:
        return f"<{s}>"

    got = map_unique(pl.Series("x", values, dtype=pl.String), fn, pl.String)
    assert got.to_list() == [fn(v) for v in values]
    assert got.name == "x"


@given(st.lists(st.tuples(st.none() | st.sampled_from("ab"),
                          st.none() | st.sampled_from("xy")), max_size=20))
def test_map_unique_rows_matches_plain_map(rows: list[tuple[str | None, str | None]]) -> None:
    """map_unique_rows equals calling fn on every row, in row order."""
    frame = pl.DataFrame({"a": [a for a, _ in rows], "b": [b for _, b in rows]},
                         schema={"a": pl.String, "b": pl.String})
    got = map_unique_rows(frame, lambda a, b: f"{a}{b}", pl.String)
    assert got.to_list() == [f"{a}{b}" for a, b in rows]
