"""Tiny factory of person mentions in clean form (the columns the resolver reads)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

SCHEMA: dict[str, Any] = {
    "mention_id": pl.String,
    "achternaam_norm": pl.String,
    "tussenvoegsel_norm": pl.String,
    "voornamen_norm": pl.String,
    "initialen": pl.String,
    "geboortedatum": pl.Date,
    "postcode": pl.String,
    "huisnummer": pl.Int64,
    "toevoeging": pl.String,
    "woonplaats": pl.String,
    "land": pl.String,
    "id_hash": pl.String,
    "context": pl.String,
}


def person(
    mention_id: str,
    achternaam: str,
    voornamen: str | None = None,
    geboren: str | None = None,
    tv: str | None = None,
    **kw: Any,
) -> dict[str, Any]:
    vn = voornamen
    ini = "".join(w[0] for w in vn.split()) if vn else None
    row = {k: None for k in SCHEMA}
    row.update(
        mention_id=mention_id,
        achternaam_norm=achternaam,
        tussenvoegsel_norm=tv,
        voornamen_norm=vn,
        initialen=ini,
        geboortedatum=dt.date.fromisoformat(geboren) if geboren else None,
    )
    row.update(kw)
    return row


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=SCHEMA)
