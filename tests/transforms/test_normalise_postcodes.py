"""Postcodes: NL ``1234 AB``, BE/DE digits, the vectorised form agrees with the scalar."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.postcodes import normalise_postcode, normalise_postcodes, pc4

text = st.none() | st.text()
lands = st.sampled_from([None, "NL", "BE", "DE", "PL", "GB"])
postcode_like = st.none() | st.text(
    alphabet=st.sampled_from(list("0123456789abAB -\tDNLE")), max_size=12
)


def digits(s: str) -> str:
    return "".join(re.findall(r"[0-9]", s))


@pytest.mark.parametrize(
    ("raw", "land", "expected"),
    [
        ("1234ab", None, "1234 AB"), ("1234AB", None, "1234 AB"), (" 1234 ab ", None, "1234 AB"),
        ("1234-AB", None, "1234 AB"), ("6291AB", "NL", "6291 AB"), ("6291 ab", "NL", "6291 AB"),
        ("NL-6291 AB", "NL", "6291 AB"), ("3000", "BE", "3000"), ("B-3000", "BE", "3000"),
        ("52072", "DE", "52072"), ("D-52072", "DE", "52072"), ("1067", "DE", "01067"),
        ("52072", None, "52072"), ("6700", None, "6700"), ("50-001", "PL", "50-001"),
        ("sw1a 1aa", "GB", "SW1A 1AA"),
    ],
)
def test_accepted(raw: str, land: str | None, expected: str) -> None:
    """Every spelling of the contract gives the canonical form for its land."""
    assert normalise_postcode(raw, land) == expected


@pytest.mark.parametrize(
    ("raw", "land"),
    [("0123 AB", None), ("6291", "NL"), ("12345", "BE"), ("123", "DE"), ("xx", None),
     ("1234 ABC", "NL"), ("", None), (None, "NL"), ("!!!", "GB")],
)
def test_rejected(raw: str | None, land: str | None) -> None:
    """Garbage and a wrong shape for the land -> None."""
    assert normalise_postcode(raw, land) is None


def test_pc4() -> None:
    """pc4 gives the digits of a Dutch postcode in any spelling."""
    assert pc4("6291ab") == "6291"
    assert pc4("6291 AB") == "6291"
    assert pc4("52072") is None
    assert pc4(None) is None


@given(text, lands)
def test_idempotent_and_keeps_digits(s: str | None, land: str | None) -> None:
    """Never raises; normalising twice changes nothing; digits kept in order (a DE zero
    may be restored in front)."""
    out = normalise_postcode(s, land)
    assert normalise_postcode(out, land) == out
    if out is not None and s is not None:
        assert digits(out).lstrip("0") == digits(s).lstrip("0")


@given(postcode_like, lands)
def test_idempotent_on_postcode_like_text(s: str | None, land: str | None) -> None:
    """Same properties on text dense in postcode characters."""
    out = normalise_postcode(s, land)
    assert normalise_postcode(out, land) == out
    if out is not None and s is not None:
        assert digits(out).lstrip("0") == digits(s).lstrip("0")


@given(st.lists(st.tuples(postcode_like, lands), max_size=30))
def test_vectorised_agrees_with_scalar(rows: list[tuple[str | None, str | None]]) -> None:
    """normalise_postcodes (with its polars fast path) equals the scalar row for row."""
    ps = pl.Series("p", [p for p, _ in rows], dtype=pl.String)
    ls = pl.Series("l", [land for _, land in rows], dtype=pl.String)
    assert normalise_postcodes(ps, ls).to_list() == [normalise_postcode(p, la) for p, la in rows]
