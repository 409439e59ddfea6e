"""parse_dates (polars shortcut for the usual forms) equals parse_date value for value."""

from __future__ import annotations

import random

import polars as pl

from transforms.normalise.dates import parse_date, parse_dates

EDGES = ["31-02-2026", "29-02-2024", "29-02-2023", "00-01-2020", "01-00-2020", "01-13-2020",
         "01-01-0000", "0000-01-01", "2026-02-31", "2024-02-29", "9999-12-31", "01-01-0001",
         "0001-01-01", " 01-01-2020", "1-1-2020", "45352", "2026-01-01 10:00", None, "",
         "01/02/2026", "2026.02.01"]


def test_parse_dates_equals_parse_date_on_edges_and_random_values() -> None:
    rng = random.Random(5)
    values = list(EDGES)
    for _ in range(3000):
        d, m, y = rng.randrange(0, 40), rng.randrange(0, 15), rng.randrange(0, 10000)
        values += [f"{d:02d}-{m:02d}-{y:04d}", f"{y:04d}-{m:02d}-{d:02d}"]
    got = parse_dates(pl.Series("datum", values, dtype=pl.String)).to_list()
    assert got == [parse_date(v) for v in values]
