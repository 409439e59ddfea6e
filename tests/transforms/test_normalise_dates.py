"""Dates, Excel serials and times; the vectorised parser agrees with the scalar one."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.dates import parse_date, parse_dates, parse_time

text = st.none() | st.text()
date_like = st.none() | st.text(alphabet=st.sampled_from(list("0123456789-/. :T")), max_size=22)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01-03-2026", date(2026, 3, 1)),
        ("1-3-2026", date(2026, 3, 1)),
        ("2-7-1988", date(1988, 7, 2)),
        ("2026-03-01", date(2026, 3, 1)),
        ("01/03/2026", date(2026, 3, 1)),
        ("01.03.2026", date(2026, 3, 1)),
        ("2026/03/01", date(2026, 3, 1)),
        ("2026.3.1", date(2026, 3, 1)),
        (" 14-02-1991 ", date(1991, 2, 14)),
        ("2026-03-01 00:00:00", date(2026, 3, 1)),
        ("2026-03-01T10:42:00", date(2026, 3, 1)),
        ("45352", date(2024, 3, 1)),
        ("45352.0", date(2024, 3, 1)),
        ("45352.75", date(2024, 3, 1)),
        ("61", date(1900, 3, 1)),
        ("1", date(1900, 1, 1)),
        ("59", date(1900, 2, 28)),
    ],
)
def test_accepted_formats(raw: str, expected: date) -> None:
    """Every contract format, XLSX datetimes and Excel serials parse."""
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["31-02-2026", "29-02-2025", "2026-13-01", "00-01-2026", "60", "0", "123456", "1e5",
     "01-03-26", "01-03/2026", "morgen", "", "   ", "-45352", None],
)
def test_rejected(raw: str | None) -> None:
    """Impossible dates, mixed separators, serial 60 (1900-02-29) and garbage -> None."""
    assert parse_date(raw) is None


@given(text)
def test_parse_date_never_raises(s: str | None) -> None:
    """Any text in, a date or None out."""
    assert parse_date(s) is None or isinstance(parse_date(s), date)


@given(st.lists(date_like, max_size=30))
def test_vectorised_agrees_with_scalar(values: list[str | None]) -> None:
    """parse_dates gives exactly parse_date for every element."""
    got = parse_dates(pl.Series("d", values, dtype=pl.String))
    assert got.dtype == pl.Date
    assert got.to_list() == [parse_date(v) for v in values]


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_round_trip_formats(d: date) -> None:
    """A date written in any contract format reads back as itself."""
    for raw in (f"{d.day:02d}-{d.month:02d}-{d.year}", f"{d.day}-{d.month}-{d.year}",
                d.isoformat(), f"{d.day}/{d.month}/{d.year}", f"{d.day}.{d.month}.{d.year}"):
        if d.year >= 1000:
            assert parse_date(raw) == d


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("9:05", "09:05"), ("09:05", "09:05"), ("09:05:00", "09:05"), ("0905", "09:05"),
     ("9.05", "09:05"), ("23:59", "23:59"), ("2026-03-01 10:42:00", "10:42"),
     ("24:00", None), ("12:60", None), ("9", None), ("", None), (None, None), ("x", None)],
)
def test_parse_time(raw: str | None, expected: str | None) -> None:
    """HH:MM from the usual spellings; out of range -> None."""
    assert parse_time(raw) == expected


@given(text)
def test_parse_time_idempotent(s: str | None) -> None:
    """A parsed time parses to itself."""
    t = parse_time(s)
    assert parse_time(t) == t
