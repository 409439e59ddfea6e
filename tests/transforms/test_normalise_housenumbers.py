"""House numbers and toevoegingen."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.housenumbers import normalise_toevoeging, split_huisnummer

text = st.none() | st.text()
nr_like = st.none() | st.text(alphabet=st.sampled_from(list("0123456789abhsAB -/.")), max_size=10)


@pytest.mark.parametrize(
    ("nr", "toevoeging", "expected"),
    [
        ("12", None, (12, None)), ("12a", None, (12, "A")), ("12 A", None, (12, "A")),
        ("12-A", None, (12, "A")), ("12-2", None, (12, "2")), ("101-A", None, (101, "A")),
        ("12bis", None, (12, "BIS")), ("12 hs", None, (12, "HS")), ("12.0", None, (12, None)),
        ("12/2", None, (12, "2")), (" 8 ", "", (8, None)),
        ("101a", "", (101, "A")), ("101", "A", (101, "A")), ("101", "a", (101, "A")),
        ("101a", "A", (101, "A")), ("12a", "2", (12, "A2")), ("12a", "A2", (12, "A2")),
        ("12", "-bis", (12, "BIS")), ("abc", "B", (None, "B")), ("", None, (None, None)),
        (None, None, (None, None)), ("1234567", None, (None, None)),
        ("12 !!", None, (None, None)),
    ],
)
def test_split(nr: str | None, toevoeging: str | None,
               expected: tuple[int | None, str | None]) -> None:
    """Each spelling of the contract, and the merge rule with an explicit toevoeging."""
    assert split_huisnummer(nr, toevoeging) == expected


def test_example_rows_agree() -> None:
    """examples/dor: ``101`` + ``A`` equals ``101a`` with an empty toevoeging."""
    assert split_huisnummer("101", "A") == split_huisnummer("101a", "") == (101, "A")


@given(text, text)
def test_never_raises_and_idempotent(nr: str | None, toevoeging: str | None) -> None:
    """Splitting the split result again gives the same result."""
    number, tv = split_huisnummer(nr, toevoeging)
    again = split_huisnummer(None if number is None else str(number), tv)
    assert again == (number, tv)


@given(nr_like)
def test_keeps_digits(nr: str | None) -> None:
    """Digits of the cell survive in order in number + toevoeging (leading zeros of the
    number aside; the XLSX ``.0`` aside)."""
    number, tv = split_huisnummer(nr)
    if number is not None and nr is not None:
        source = re.sub(r"\.0+$", "", nr.strip())
        kept = str(number) + "".join(c for c in (tv or "") if c.isdigit())
        assert kept == "".join(c for c in source if c.isdigit()).lstrip("0") or (
            number == 0 and kept.lstrip("0") == "".join(c for c in source if c.isdigit())
            .lstrip("0"))


@given(text)
def test_toevoeging_idempotent(s: str | None) -> None:
    """A normalised toevoeging normalises to itself."""
    t = normalise_toevoeging(s)
    assert normalise_toevoeging(t) == t
