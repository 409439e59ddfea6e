"""The figures of one ondermijningsbeeld as plain data (counts, never display strings).

`figures.compute_figures` fills these; `document.build_document` turns them into the text of
one version (analist or bestuurlijk), which is where small counts are suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

Telling = tuple[str, int]  # (label, count)


@dataclass(frozen=True)
class Signaal:
    signal_id: str
    rule: str
    titel: str
    score: float
    status: str
    toelichting: str
    gemeentecodes: tuple[str, ...]
    entity_ids: tuple[str, ...]
    evidence: tuple[str, ...]  # register:record_id; Bibob ids already masked
    eerste_datum: date | None
    laatste_datum: date | None


@dataclass(frozen=True)
class Uitsplitsing:
    titel: str  # e.g. "Naar categorie"
    rijen: tuple[Telling, ...]


@dataclass(frozen=True)
class Fenomeen:
    key: str  # heling, drugs, verblijf, bibob
    titel: str
    bron: str  # Dutch: which register, which rows count
    eenheid: str  # plural noun of what is counted ("goederen", "maatregelen", ...)
    totaal: int
    regio_totaal: int
    per_jaar: tuple[tuple[int, int], ...]
    kwartalen: tuple[Telling, ...]
    hotspots: tuple[Telling, ...]  # (pc4, count) with count >= 2, most first
    hotspot_uitleg: str
    kenmerken: tuple[Telling, ...]  # labelled counts (Stop Heling-treffers, ...)
    uitsplitsingen: tuple[Uitsplitsing, ...]
    signalen_per_regel: tuple[tuple[str, str, int], ...]  # (rule, titel, n)
    signalen: tuple[Signaal, ...]  # listed in the analyst version only
    afgeschermd: int  # signals resting on Bibob: counted, not listed


@dataclass(frozen=True)
class Deel:
    """The figures of one register table's rows of one municipality that depend on those
    rows only: not on the peildatum, the region or the signals (`figures.deel`). A night
    takes them over from the previous run where the table did not change."""

    rijen: int  # rows of the municipality (Damocles: every status)
    totaal: int  # rows counted (Damocles: the measures)
    per_jaar: tuple[tuple[int, int], ...]
    kwartalen: tuple[Telling, ...]  # ("2024-K1", count) for every quarter with rows
    hotspots: tuple[Telling, ...]
    kenmerken: tuple[Telling, ...]
    uitsplitsingen: tuple[Uitsplitsing, ...]
    datums: tuple[date, date] | None  # first and last date of the rows (every status)
    betrokkenen: int = 0  # Bibob: parties of the municipality's dossiers


@dataclass(frozen=True)
class Levering:
    register: str
    bestanden: int
    verwerkt: int
    afgewezen: int
    dubbel: int
    rijen_in: int
    rijen_geaccepteerd: int
    rijen_quarantaine: int

    @property
    def aandeel_quarantaine(self) -> float | None:
        return self.rijen_quarantaine / self.rijen_in if self.rijen_in else None


@dataclass(frozen=True)
class Knoop:
    label: str  # "Persoon 1", "Organisatie 2", "Adres 3"
    soort: str  # persoon, organisatie, adres
    entity_id: str
    kern: bool  # at the core of the signal


@dataclass(frozen=True)
class Netwerk:
    signaal: Signaal
    knopen: tuple[Knoop, ...]
    verbindingen: tuple[tuple[int, int, str], ...]  # (knoop i, knoop j, register)
    weggelaten: int  # nodes left out of the picture (size cap)


@dataclass(frozen=True)
class Figures:
    gemeentecode: str
    gemeente: str
    inwoners: int
    peiljaar: int
    as_of: date
    periode: tuple[date, date] | None
    leveringen: tuple[Levering, ...]
    bestandsnamen: tuple[tuple[str, str, str, int, int], ...]  # file, register, status, in, q
    quarantaine_regio: tuple[tuple[str, int, int], ...]  # register, quarantined, accepted
    volumes: tuple[tuple[str, int, int], ...]  # table, rows here, rows in the region
    fenomenen: tuple[Fenomeen, ...]
    netwerk_per_regel: tuple[tuple[str, str, int], ...]
    bovenlokaal_totaal: int
    netwerken: tuple[Netwerk, ...]
    bibob_afgeschermd: int
    regels: tuple[tuple[str, str, str], ...]  # rule code, titel, omschrijving (thresholds)
    ontbreekt: tuple[str, ...]
