"""Evidence rows of a signal, read from the lake, and readable labels for mentions.

ID-document numbers are already a keyed hash in the lake; they are shown shortened and
marked as a pseudonym, never as the number itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from review.data import RECORD_TABLES, DataCache
from review.users import User

REGISTERNAMEN = {"dor": "Digitaal Opkopersregister", "nachtregister": "Nachtregister",
                 "bibob": "Bibob", "damocles": "Damocles (art. 13b Opiumwet)"}
# per register: (heading, source columns joined with a space), in display order
COLUMNS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "dor": [("Registratie", ("registratienummer",)), ("Datum", ("datum_verkrijging",)),
            ("Opkoper", ("opkoper_naam",)), ("Goed", ("categorie", "merk", "type")),
            ("Serienummer", ("serienummer",)), ("Prijs (€)", ("prijs",)),
            ("Betaling", ("betaalwijze",)),
            ("Verkoper", ("verkoper_voornamen", "verkoper_tussenvoegsel", "verkoper_achternaam")),
            ("Geboren", ("verkoper_geboortedatum",)),
            ("Adres", ("verkoper_straat", "verkoper_huisnummer", "verkoper_toevoeging",
                       "verkoper_postcode", "verkoper_woonplaats")),
            ("ID", ("verkoper_id_type", "verkoper_id_nummer")),
            ("Stop Heling", ("stopheling_match",))],
    "nachtregister": [("Registratie", ("registratie_id",)), ("Logies", ("logies_naam",)),
                      ("Soort", ("logies_type", "accommodatie")), ("Aankomst", ("aankomst",)),
                      ("Vertrek", ("vertrek",)),
                      ("Gast", ("gast_voornamen", "gast_tussenvoegsel", "gast_achternaam")),
                      ("Geboren", ("gast_geboortedatum",)),
                      ("Woonplaats", ("gast_postcode", "gast_woonplaats", "gast_land")),
                      ("ID", ("id_type", "id_nummer")), ("Personen", ("aantal_personen",))],
    "bibob": [("Dossier", ("dossiernummer",)), ("Beschikking", ("beschikking_type",)),
              ("Locatie", ("locatie_postcode", "locatie_huisnummer", "locatie_toevoeging")),
              ("Aanvraag", ("aanvraagdatum",)), ("LBB-advies", ("lbb_advies",)),
              ("Mate van gevaar", ("mate_van_gevaar",)), ("Grond", ("grond",)),
              ("Besluit", ("besluit", "besluitdatum"))],
    "damocles": [("Zaak", ("zaaknummer",)),
                 ("Pand", ("pand_straat", "pand_huisnummer", "pand_toevoeging",
                           "pand_postcode")),
                 ("Constatering", ("datum_constatering",)), ("Grondslag", ("grondslag",)),
                 ("Maatregel", ("maatregel", "duur_maanden")), ("Herhaling", ("herhaling",)),
                 ("Status", ("status",)),
                 ("Eigenaar", ("eigenaar_naam_rechtspersoon", "eigenaar_voornamen",
                               "eigenaar_tussenvoegsel", "eigenaar_achternaam")),
                 ("Bewoner", ("bewoner_voornamen", "bewoner_tussenvoegsel",
                              "bewoner_achternaam"))],
}
GEMEENTE_COLUMN = "gemeentecode"


def pseudonym(value: str) -> str:
    return f"pseudoniem {value[:10]}…" if value else ""


def show(value: Any, column: str = "") -> str:
    if value is None:
        return ""
    if column.endswith("id_nummer") or column == "id_hash":
        return pseudonym(str(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return str(value)


def evidence_tables(cache: DataCache, user: User, evidence: list[str]) -> list[dict[str, Any]]:
    """One table per register with the evidence rows the user may see, in register order."""
    wanted: dict[str, list[str]] = {}
    for item in evidence:
        register, _, record = item.partition(":")
        if register == "bibob" and not user.ziet_bibob:
            continue
        if register in RECORD_TABLES:
            wanted.setdefault(register, []).append(record)
    tables = []
    for register, records in wanted.items():
        table, id_column = RECORD_TABLES[register]
        lake = cache.lake(table)
        spec = COLUMNS[register]
        rows: list[list[str]] = []
        found: set[str] = set()
        if id_column in lake.columns:
            for row in lake.filter(pl.col(id_column).is_in(records)).iter_rows(named=True):
                found.add(str(row[id_column]))
                cells = [" ".join(show(row.get(c), c) for c in cols if row.get(c) is not None)
                         for _, cols in spec]
                rows.append([*cells, str(row.get(GEMEENTE_COLUMN) or "")])
        missing = [r for r in records if r not in found]
        tables.append({"register": register, "naam": REGISTERNAMEN[register],
                       "koppen": [h for h, _ in spec] + ["Gemeente"], "rijen": rows,
                       "ontbrekend": missing})
    return tables


def mention_label(row: dict[str, Any]) -> str:
    """A short readable name for a mention: person name, organisation or address."""
    kind = row.get("entity_type")
    if kind == "persoon":
        parts = [row.get("voornamen"), row.get("tussenvoegsel"), row.get("achternaam")]
        return " ".join(str(p) for p in parts if p) or "persoon"
    if kind == "organisatie":
        return str(row.get("naam") or (f"KvK {row['kvk']}" if row.get("kvk") else "organisatie"))
    address = " ".join(str(row[c]) for c in ("straat", "huisnummer", "toevoeging")
                       if row.get(c) is not None)
    place = " ".join(str(row[c]) for c in ("postcode", "woonplaats") if row.get(c))
    return ", ".join(p for p in (address, place) if p) or "adres"
