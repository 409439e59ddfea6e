"""Reference data shipped inside the package: municipalities and places."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    inwoners: int
    peiljaar: int
    pc4: tuple[str, ...]
    regio: str


def _read(name: str) -> list[list[str]]:
    text = resources.files("iob.refdata").joinpath(name).read_text(encoding="utf-8")
    rows = [line.split(";") for line in text.splitlines() if line.strip()]
    return rows[1:]


@cache
def gemeenten() -> dict[str, Gemeente]:
    """All municipalities in the reference file, by CBS code."""
    out: dict[str, Gemeente] = {}
    for code, naam, inwoners, peiljaar, pc4, regio in _read("gemeenten.csv"):
        out[code] = Gemeente(code, naam, int(inwoners), int(peiljaar), tuple(pc4.split()), regio)
    return out


REGIO = "Heuvelland"


@cache
def deelnemers(regio: str = REGIO) -> frozenset[str]:
    """CBS codes of the municipalities that take part (region Heuvelland)."""
    return frozenset(g.code for g in gemeenten().values() if g.regio == regio)


@cache
def woonplaatsen() -> dict[str, str]:
    """Place name as written in the reference file -> CBS code."""
    return {naam: code for naam, code in _read("woonplaatsen.csv")}
