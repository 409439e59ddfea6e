"""A tiny factory for clean-like frames (what `transforms.clean.clean_table` hands over).

Rows are given as raw text per contract column; the factory types them roughly the way
the cleaner does and adds `<col>__raw`, `<col>__ongeldig`, `<col>__bsn` and provenance.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from expectations.checks import PARSED_KINDS
from transforms.schema import Table

LEVERDATUM = dt.date(2026, 3, 1)

DOR_ROW: dict[str, str | None] = {
    "registratienummer": "DOR-1", "gemeentecode": "GM0981", "opkoper_kvk": "01234567",
    "opkoper_naam": "Goud & Zo", "opkoper_postcode": "6291 AB", "opkoper_huisnummer": "12",
    "datum_verkrijging": "12-02-2026", "tijd_verkrijging": "10:15",
    "wijze_verkrijging": "koop", "categorie": "telefoon", "merk": "Fairphone", "prijs": "129,95",
    "betaalwijze": "contant", "verkoper_achternaam": "Jansen", "verkoper_voornamen": "Piet",
    "verkoper_geboortedatum": "01-05-1980", "verkoper_land": "NL",
    "verkoper_id_type": "paspoort", "verkoper_id_nummer": "NX1234567",
    "datum_doorverkoop": "20-02-2026",
}
NACHT_ROW: dict[str, str | None] = {
    "registratie_id": "NR-1", "gemeentecode": "GM0994", "logies_kvk": "12345678",
    "logies_naam": "Camping De Geul", "logies_type": "camping", "logies_postcode": "6301 AA",
    "logies_huisnummer": "3", "aankomst": "10-02-2026", "vertrek": "14-02-2026",
    "gast_achternaam": "Peeters", "gast_woonplaats": "Genk", "id_type": "identiteitskaart",
    "aantal_personen": "2",
}
BETROKKENE_ROW: dict[str, str | None] = {
    "dossiernummer": "BIB-1", "rol": "aanvrager", "soort": "persoon", "achternaam": "Smit",
    "geboortedatum": "1975-03-04",
}


def _date(raw: str) -> dt.date | None:
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            pass
    return None


def _number(raw: str, kind: str) -> float | int | None:
    try:
        return int(raw) if kind in ("int", "huisnummer") else float(raw.replace(",", "."))
    except ValueError:
        return None


_TYPES: dict[str, pl.DataType] = {
    "date": pl.Date(), "int": pl.Int64(), "huisnummer": pl.Int64(), "decimal": pl.Float64(),
    "jn": pl.Boolean(),
}


def _typed(raw: str | None, kind: str) -> Any:
    if raw is None:
        return None
    if kind == "date":
        return _date(raw)
    if kind in ("int", "huisnummer", "decimal"):
        return _number(raw, kind)
    if kind == "jn":
        return {"ja": True, "nee": False}.get(raw.lower())
    if kind == "enum":
        return raw.strip().lower()
    return raw


def make_clean(table: Table, rows: list[dict[str, Any]], file: str = "f.csv") -> pl.DataFrame:
    """Clean-like frame of `rows` (raw text per column; `_duplicaat`/`<id>__bsn` as bools)."""
    data: dict[str, list[Any]] = {}
    schema: dict[str, pl.DataType] = {}
    for col in table.columns:
        raws = [r.get(col.name) for r in rows]
        typed = [_typed(v, col.kind) for v in raws]
        if col.kind == "id_nummer":
            data[col.name] = [None if r.get(f"{col.name}__bsn") or v is None else f"h{v}"
                              for r, v in zip(rows, raws, strict=True)]
            data[f"{col.name}__bsn"] = [bool(r.get(f"{col.name}__bsn")) for r in rows]
            schema[col.name], schema[f"{col.name}__bsn"] = pl.String(), pl.Boolean()
            continue
        data[col.name] = typed
        schema[col.name] = _TYPES.get(col.kind, pl.String())
        if col.kind in PARSED_KINDS:
            data[f"{col.name}__raw"] = raws
            data[f"{col.name}__ongeldig"] = [
                r is not None and t is None for r, t in zip(raws, typed, strict=True)]
            schema[f"{col.name}__raw"] = pl.String()
            schema[f"{col.name}__ongeldig"] = pl.Boolean()
    n = len(rows)
    data |= {
        "_file": [file] * n, "_sheet": [""] * n, "_line": list(range(2, n + 2)),
        "_delivery_date": [LEVERDATUM] * n, "_sha256": ["abc"] * n,
        "_gemeente_levering": ["GM0981"] * n,
        "_duplicaat": [bool(r.get("_duplicaat")) for r in rows],
    }
    schema |= {
        "_file": pl.String(), "_sheet": pl.String(), "_line": pl.Int64(),
        "_delivery_date": pl.Date(), "_sha256": pl.String(), "_gemeente_levering": pl.String(),
        "_duplicaat": pl.Boolean(),
    }
    return pl.DataFrame(data, schema=schema)
