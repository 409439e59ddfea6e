"""The vectorised name paths of the cleaner equal the scalar normalisers value for value."""

from __future__ import annotations

import random
import string

import polars as pl

from transforms.clean import parse_voornamen_column, split_achternamen
from transforms.normalise.names import parse_voornamen, split_achternaam

TRICKY = [
    None, "", " ", "Jansen", "jansen", "JANSEN", "VanDijk", "vanDijk", "DeVries", "Devries",
    "Vd", "vd", "V", "v", "Vdn", "VH", "Van", "de", "Dijk, van", "van Dijk", "O'Brien",
    "Müller", "Jan", "Jan Pieter", "Jan  Pieter", " Jan", "Jan ", "JP", "jp", "J.P.", "Th",
    "Bryn", "Wrdz", "Schmdt", "Anne-Marie", "Émile", "Piotr", "Xi", "Ng", "A", "ij", "IJ",
    "Jan Pieter JP", "Marie Wrdz",
]


def _scalar_surnames(values: list[str | None]) -> list[dict[str, str | None]]:
    return [dict(zip("atr", split_achternaam(v), strict=True)) for v in values]


def _scalar_given(values: list[str | None]) -> list[dict[str, str | None]]:
    return [dict(zip("vi", parse_voornamen(v), strict=True)) for v in values]


def _random_names(seed: int, n: int = 400) -> list[str | None]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + " .,-'éëü"
    out: list[str | None] = [None]
    for _ in range(n):
        size = rng.randrange(1, 12)
        out.append("".join(rng.choice(alphabet if rng.random() < 0.3 else string.ascii_lowercase)
                           for _ in range(size)).capitalize())
    return out


def test_surnames_equal_split_achternaam() -> None:
    for values in (TRICKY, _random_names(1), _random_names(2)):
        got = split_achternamen(pl.Series("achternaam", values, dtype=pl.String)).to_list()
        assert got == _scalar_surnames(values)


def test_given_names_equal_parse_voornamen() -> None:
    for values in (TRICKY, _random_names(3), _random_names(4)):
        got = parse_voornamen_column(pl.Series("voornamen", values, dtype=pl.String)).to_list()
        assert got == _scalar_given(values)


def test_initials_of_plain_names() -> None:
    got = parse_voornamen_column(pl.Series(["Jan Pieter", "JP", "Bryn"])).to_list()
    assert got == [{"v": "jan pieter", "i": "jp"}, {"v": "j p", "i": "jp"},
                   {"v": "bryn", "i": "b"}]
