"""A tiny factory for delivery files in a landing folder (used by the ingest tests)."""

from __future__ import annotations

from pathlib import Path

from transforms.schema import DOR, NACHTREGISTER

GOOD_DOR: dict[str, str] = {
    "registratienummer": "V-1", "gemeentecode": "GM0994", "opkoper_kvk": "09876543",
    "opkoper_naam": "Goud & Zilver", "opkoper_postcode": "6301 DA", "opkoper_huisnummer": "12",
    "datum_verkrijging": "01-02-2026", "tijd_verkrijging": "10:42", "wijze_verkrijging": "koop",
    "categorie": "telefoon", "merk": "Apple", "type": "iPhone 15",
    "serienummer": "356938035643809", "omschrijving": "zwart", "prijs": "210,00",
    "betaalwijze": "contant", "verkoper_achternaam": "Jansen", "verkoper_tussenvoegsel": "",
    "verkoper_voornamen": "Pieter", "verkoper_geboortedatum": "14-02-1991",
    "verkoper_straat": "Grotestraat", "verkoper_huisnummer": "8", "verkoper_toevoeging": "",
    "verkoper_postcode": "6301 BC", "verkoper_woonplaats": "Valkenburg", "verkoper_land": "NL",
    "verkoper_id_type": "identiteitskaart", "verkoper_id_nummer": "IXP12AB34",
    "verkoper_id_land": "NL", "datum_doorverkoop": "", "stopheling_match": "nee",
}

GOOD_NACHT: dict[str, str] = {
    "registratie_id": "NR-1", "gemeentecode": "GM1729", "logies_kvk": "12345670",
    "logies_naam": "Park De Geuldal", "logies_type": "vakantiepark", "accommodatie": "Chalet 14",
    "logies_postcode": "6271 AA", "logies_huisnummer": "3", "logies_toevoeging": "",
    "aankomst": "14-01-2026", "vertrek": "20-01-2026", "gast_achternaam": "Kowalski",
    "gast_tussenvoegsel": "", "gast_voornamen": "Piotr", "gast_geboortedatum": "",
    "gast_woonplaats": "Wrocław", "gast_land": "PL", "gast_postcode": "", "gast_straat": "",
    "gast_huisnummer": "", "gast_nationaliteit": "PL", "id_type": "identiteitskaart",
    "id_nummer": "AXB123456", "aantal_personen": "2",
}


def dor_rows(*changes: dict[str, str]) -> list[dict[str, str]]:
    """One DOR row per change set, each a good row with its own id and the changes applied."""
    return [{**GOOD_DOR, "registratienummer": f"V-{i + 1}", **c} for i, c in enumerate(changes)]


def nacht_rows(*changes: dict[str, str]) -> list[dict[str, str]]:
    return [{**GOOD_NACHT, "registratie_id": f"NR-{i + 1}", **c} for i, c in enumerate(changes)]


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] | None = None,
             sep: str = ";") -> str:
    cols = list(columns or rows[0].keys())
    lines = [sep.join(cols)] + [sep.join(r.get(c, "") for c in cols) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def drop(data: Path, register: str, name: str, content: str | bytes,
         encoding: str = "utf-8") -> Path:
    folder = data / "landing" / register
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


DOR_COLUMNS = DOR.column_names
NACHT_COLUMNS = NACHTREGISTER.column_names
