"""The region of signals.md: the municipalities of the reference file and their places.

A residence abroad, or in a woonplaats not listed in the reference woonplaatsen, is outside
the region. Place names are normalised before matching: case, diacritics, punctuation and
the abbreviations `a/d` = `aan de`, `o/d` = `op de`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import polars as pl

from iob.reference import woonplaatsen

_AFKORTINGEN = ((r"\ba\s*/\s*d\b", "aan de"), (r"\bo\s*/\s*d\b", "op de"),
                (r"\ba\.\s*d\.", "aan de"), (r"\bst\.?\s", "sint "))


def normaliseer_plaats(naam: str) -> str:
    """`Valkenburg a/d Geul` -> `valkenburg aan de geul`; `IJZEREN` -> `ijzeren`."""
    s = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode().lower().strip()
    for patroon, vervanging in _AFKORTINGEN:
        s = re.sub(patroon, vervanging, s + " ").strip()
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


@cache
def regio_plaatsen() -> frozenset[str]:
    """Normalised names of every place in the reference woonplaatsen."""
    return frozenset(normaliseer_plaats(n) for n in woonplaatsen())


def _in_regio(s: pl.Series) -> pl.Series:
    plaatsen = regio_plaatsen()
    uniek = s.drop_nulls().unique().to_list()
    mapping = {u: normaliseer_plaats(u) in plaatsen for u in uniek}
    return s.replace_strict(mapping, default=None, return_dtype=pl.Boolean)


def buiten_regio(woonplaats: pl.Expr, land: pl.Expr) -> pl.Expr:
    """True when the residence is known to lie outside the region: a country other than NL,
    or a woonplaats not in the reference list. Null when nothing is known."""
    in_lijst = woonplaats.map_batches(_in_regio, return_dtype=pl.Boolean)
    buitenland = land.is_not_null() & (land != "NL")
    return (
        pl.when(buitenland).then(True)
        .when(woonplaats.is_not_null()).then(~in_lijst)
        .otherwise(None)
    )
