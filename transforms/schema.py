"""The four registers as the input contract describes them (shared/contracts/registers.md).

This module is the one place that knows the columns: readers, normalisers, expectations,
the lake and the demo generator all take their column lists from here.

Column kinds (what the cleaner turns the raw text into):
- ``text``: trimmed string (empty -> null)
- ``name``: a person-name part; normalised form kept beside the text
- ``gemeentecode``: ``GM`` + 4 digits, upper case
- ``kvk``: 8 digits, leading zeros restored
- ``postcode``: NL ``1234 AB``; BE/DE 4-5 digits kept as digits
- ``huisnummer``: house number (int) + a toevoeging split off
- ``date``: polars Date; every contract format and Excel serials
- ``time``: ``HH:MM`` text
- ``int``, ``decimal``: Int64 / Float64 (decimal comma)
- ``enum``: lower-case text that must be in ``values``
- ``jn``: ja/nee -> Boolean
- ``country``: ISO-2 upper case
- ``id_nummer``: ID-document number, replaced by its keyed hash on ingest
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "text",
    "name",
    "gemeentecode",
    "kvk",
    "postcode",
    "huisnummer",
    "date",
    "time",
    "int",
    "decimal",
    "enum",
    "jn",
    "country",
    "id_nummer",
]

REGISTERS: tuple[str, ...] = ("dor", "nachtregister", "bibob", "damocles")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    values: tuple[str, ...] = ()
    minimum: float | None = None


@dataclass(frozen=True)
class Table:
    """One table of a register: a CSV file, or one named sheet of an XLSX file."""

    register: str
    name: str
    sheet: str | None
    record_id: str | None
    columns: tuple[Column, ...]
    parent_key: str | None = None  # bibob betrokkenen -> dossiers.dossiernummer
    date_not_after_delivery: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    not_before: tuple[tuple[str, str], ...] = ()  # (later, earlier): later >= earlier
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


@dataclass(frozen=True)
class Register:
    name: str
    formats: tuple[str, ...]  # accepted file extensions
    tables: tuple[Table, ...]


ID_TYPES = ("paspoort", "identiteitskaart", "rijbewijs", "verblijfsdocument")
DOR_CATEGORIEEN = (
    "telefoon", "fiets", "e-bike", "laptop", "tablet", "horloge", "sieraad", "edelmetaal",
    "audio-video", "foto", "gereedschap", "overig",
)
BIBOB_ROLLEN = (
    "aanvrager", "bestuurder", "aandeelhouder", "vermogensverschaffer",
    "zakelijk_samenwerkingsverband", "leidinggevende", "pandeigenaar",
)
DAMOCLES_STATUS = ("voorgenomen", "opgelegd", "uitgevoerd", "opgeheven", "in_bezwaar", "vernietigd")
DAMOCLES_STATUS_TELT = ("opgelegd", "uitgevoerd", "opgeheven", "in_bezwaar")


def _c(name: str, kind: Kind, required: bool = False, *values: str,
       minimum: float | None = None) -> Column:
    return Column(name, kind, required, tuple(values), minimum)


DOR = Table(
    register="dor", name="dor", sheet=None, record_id="registratienummer",
    columns=(
        _c("registratienummer", "text", True),
        _c("gemeentecode", "gemeentecode", True),
        _c("opkoper_kvk", "kvk", True),
        _c("opkoper_naam", "text", True),
        _c("opkoper_postcode", "postcode", True),
        _c("opkoper_huisnummer", "huisnummer", True),
        _c("datum_verkrijging", "date", True),
        _c("tijd_verkrijging", "time"),
        _c("wijze_verkrijging", "enum", True, "koop", "ruil", "inruil", "verpanding",
           "consignatie"),
        _c("categorie", "enum", True, *DOR_CATEGORIEEN),
        _c("merk", "text"),
        _c("type", "text"),
        _c("serienummer", "text"),
        _c("omschrijving", "text"),
        _c("prijs", "decimal", True, minimum=0),
        _c("betaalwijze", "enum", False, "contant", "pin", "overboeking"),
        _c("verkoper_achternaam", "name", True),
        _c("verkoper_tussenvoegsel", "name"),
        _c("verkoper_voornamen", "name"),
        _c("verkoper_geboortedatum", "date"),
        _c("verkoper_straat", "text"),
        _c("verkoper_huisnummer", "huisnummer"),
        _c("verkoper_toevoeging", "text"),
        _c("verkoper_postcode", "postcode"),
        _c("verkoper_woonplaats", "text"),
        _c("verkoper_land", "country"),
        _c("verkoper_id_type", "enum", False, *ID_TYPES),
        _c("verkoper_id_nummer", "id_nummer"),
        _c("verkoper_id_land", "country"),
        _c("datum_doorverkoop", "date"),
        _c("stopheling_match", "jn"),
    ),
    date_not_after_delivery=("datum_verkrijging", "datum_doorverkoop"),
    birth_dates=("verkoper_geboortedatum",),
    not_before=(("datum_doorverkoop", "datum_verkrijging"),),
)

NACHTREGISTER = Table(
    register="nachtregister", name="nachtregister", sheet=None, record_id="registratie_id",
    columns=(
        _c("registratie_id", "text", True),
        _c("gemeentecode", "gemeentecode", True),
        _c("logies_kvk", "kvk", True),
        _c("logies_naam", "text", True),
        _c("logies_type", "enum", True, "hotel", "camping", "vakantiepark",
           "bed-and-breakfast", "groepsaccommodatie", "short-stay"),
        _c("accommodatie", "text"),
        _c("logies_postcode", "postcode", True),
        _c("logies_huisnummer", "huisnummer", True),
        _c("logies_toevoeging", "text"),
        _c("aankomst", "date", True),
        _c("vertrek", "date"),
        _c("gast_achternaam", "name", True),
        _c("gast_tussenvoegsel", "name"),
        _c("gast_voornamen", "name"),
        _c("gast_geboortedatum", "date"),
        _c("gast_woonplaats", "text", True),
        _c("gast_land", "country"),
        _c("gast_postcode", "postcode"),
        _c("gast_straat", "text"),
        _c("gast_huisnummer", "huisnummer"),
        _c("gast_nationaliteit", "country"),
        _c("id_type", "enum", True, *ID_TYPES, "anders"),
        _c("id_nummer", "id_nummer"),
        _c("aantal_personen", "int", True, minimum=1),
    ),
    date_not_after_delivery=("aankomst",),
    birth_dates=("gast_geboortedatum",),
    not_before=(("vertrek", "aankomst"),),
)

BIBOB_DOSSIERS = Table(
    register="bibob", name="bibob_dossiers", sheet="dossiers", record_id="dossiernummer",
    columns=(
        _c("dossiernummer", "text", True),
        _c("gemeentecode", "gemeentecode", True),
        _c("beschikking_type", "enum", True, "exploitatievergunning", "alcoholvergunning",
           "omgevingsvergunning", "speelautomaten", "seksinrichting", "evenement",
           "subsidie", "vastgoedtransactie", "overheidsopdracht"),
        _c("locatie_postcode", "postcode"),
        _c("locatie_huisnummer", "huisnummer"),
        _c("locatie_toevoeging", "text"),
        _c("aanvraagdatum", "date", True),
        _c("lbb_advies", "jn"),
        _c("mate_van_gevaar", "enum", True, "geen", "mindere_mate", "ernstige_mate"),
        _c("grond", "enum", False, "a", "b", "ab"),
        _c("besluit", "enum", True, "verleend", "verleend_met_voorschriften", "geweigerd",
           "ingetrokken", "buiten_behandeling"),
        _c("besluitdatum", "date"),
    ),
    date_not_after_delivery=("aanvraagdatum", "besluitdatum"),
    not_before=(("besluitdatum", "aanvraagdatum"),),
)

BIBOB_BETROKKENEN = Table(
    register="bibob", name="bibob_betrokkenen", sheet="betrokkenen", record_id="dossiernummer",
    parent_key="dossiernummer",
    columns=(
        _c("dossiernummer", "text", True),
        _c("rol", "enum", True, *BIBOB_ROLLEN),
        _c("soort", "enum", True, "persoon", "rechtspersoon"),
        _c("kvk", "kvk"),
        _c("naam_rechtspersoon", "text"),
        _c("achternaam", "name"),
        _c("tussenvoegsel", "name"),
        _c("voornamen", "name"),
        _c("geboortedatum", "date"),
        _c("postcode", "postcode"),
        _c("huisnummer", "huisnummer"),
        _c("toevoeging", "text"),
        _c("woonplaats", "text"),
        _c("land", "country"),
        _c("aandeel_pct", "decimal", minimum=0),
    ),
    birth_dates=("geboortedatum",),
)

DAMOCLES = Table(
    register="damocles", name="damocles", sheet="besluiten", record_id="zaaknummer",
    columns=(
        _c("zaaknummer", "text", True),
        _c("gemeentecode", "gemeentecode", True),
        _c("pand_straat", "text"),
        _c("pand_postcode", "postcode", True),
        _c("pand_huisnummer", "huisnummer", True),
        _c("pand_toevoeging", "text"),
        _c("pand_type", "enum", True, "woning", "lokaal", "erf", "bedrijfspand", "agrarisch"),
        _c("datum_constatering", "date", True),
        _c("datum_besluit", "date"),
        _c("grondslag", "enum", True, "13b_a", "13b_b"),
        _c("middel", "enum", True, "hennep", "softdrugs", "harddrugs", "synthetisch",
           "precursoren", "materialen"),
        _c("maatregel", "enum", True, "waarschuwing", "dwangsom", "sluiting"),
        _c("duur_maanden", "int", minimum=1),
        _c("ingangsdatum", "date"),
        _c("herhaling", "int", minimum=1),
        _c("status", "enum", True, *DAMOCLES_STATUS),
        _c("eigenaar_soort", "enum", False, "persoon", "rechtspersoon"),
        _c("eigenaar_kvk", "kvk"),
        _c("eigenaar_naam_rechtspersoon", "text"),
        _c("eigenaar_achternaam", "name"),
        _c("eigenaar_tussenvoegsel", "name"),
        _c("eigenaar_voornamen", "name"),
        _c("eigenaar_geboortedatum", "date"),
        _c("bewoner_achternaam", "name"),
        _c("bewoner_tussenvoegsel", "name"),
        _c("bewoner_voornamen", "name"),
        _c("bewoner_geboortedatum", "date"),
    ),
    date_not_after_delivery=("datum_constatering", "datum_besluit"),
    birth_dates=("eigenaar_geboortedatum", "bewoner_geboortedatum"),
    not_before=(("datum_besluit", "datum_constatering"),),
)

REGISTER_SPECS: dict[str, Register] = {
    "dor": Register("dor", ("csv",), (DOR,)),
    "nachtregister": Register("nachtregister", ("csv",), (NACHTREGISTER,)),
    "bibob": Register("bibob", ("xlsx",), (BIBOB_DOSSIERS, BIBOB_BETROKKENEN)),
    "damocles": Register("damocles", ("xlsx", "csv"), (DAMOCLES,)),
}

TABLES: dict[str, Table] = {t.name: t for r in REGISTER_SPECS.values() for t in r.tables}
