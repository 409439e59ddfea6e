"""The report as a list of sections and blocks: what both renderers (HTML, PDF) draw.

Every string here is final display text of one version; the renderers add no figures of
their own, so the HTML and the PDF say the same and privacy is decided in one place
(`document.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Versie = Literal["analist", "bestuurlijk"]
VERSIES: tuple[Versie, ...] = ("analist", "bestuurlijk")


@dataclass(frozen=True)
class Alinea:
    tekst: str
    soort: str = "alinea"


@dataclass(frozen=True)
class Opsomming:
    items: tuple[str, ...]
    soort: str = "opsomming"


@dataclass(frozen=True)
class Tabel:
    kop: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]
    bijschrift: str = ""
    breedtes: tuple[int, ...] = ()  # relative column widths; empty = equal
    soort: str = "tabel"


@dataclass(frozen=True)
class Staafdiagram:
    """Bars per label; `waarden` sets the bar height, `teksten` what is written on it.

    A suppressed count (`onderdrukt`) is drawn as a hatched bar of the suppression height
    with the text `<5`, so the picture reveals no more than the table.
    """

    titel: str
    labels: tuple[str, ...]
    waarden: tuple[int, ...]
    teksten: tuple[str, ...]
    onderdrukt: tuple[bool, ...]
    soort: str = "staaf"


@dataclass(frozen=True)
class Netwerkplaat:
    titel: str
    labels: tuple[str, ...]
    soorten: tuple[str, ...]  # persoon, organisatie, adres
    kern: tuple[bool, ...]
    verbindingen: tuple[tuple[int, int], ...]
    bijschrift: str = ""
    inleiding: str = ""  # the text above the picture (kept on the same page)
    soort: str = "netwerk"


Blok = Alinea | Opsomming | Tabel | Staafdiagram | Netwerkplaat


@dataclass(frozen=True)
class Sectie:
    titel: str
    blokken: tuple[Blok, ...]
    niveau: int = 2  # 2 = chapter, 3 = paragraph


@dataclass(frozen=True)
class Document:
    titel: str
    ondertitel: str
    versie: Versie
    gemeentecode: str
    kenmerk: str  # one line: version, as-of date, classification
    secties: tuple[Sectie, ...]
