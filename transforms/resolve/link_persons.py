"""The person resolver as a standalone tool (``iob link-persons``, outputs.md).

IN: one row per person record, all columns strings and nullable: ``mention_id, achternaam,
tussenvoegsel, voornamen, geboortedatum, straat, huisnummer, toevoeging, postcode,
woonplaats, land, id_nummer`` (a missing column counts as empty). OUT: ``mention_id,
entity_id, confidence``, one row per input row, same order.

The raw values are normalised here with ``transforms.normalise`` exactly as the cleaner
does for the registers. ID numbers are hashed with a key given by the caller (the command
uses a random key that lives only in memory for the run); a value shaped like a BSN is
dropped, never hashed.
"""

from __future__ import annotations

import hashlib
import hmac

import polars as pl

from transforms.normalise.countries import normalise_country
from transforms.normalise.dates import parse_dates
from transforms.normalise.housenumbers import split_huisnummer
from transforms.normalise.idnumbers import looks_like_bsn, normalise_id_number
from transforms.normalise.names import split_name
from transforms.normalise.postcodes import normalise_postcode
from transforms.normalise.vector import map_unique, map_unique_rows
from transforms.resolve.persons import Settings, resolve_persons

IN_COLUMNS: tuple[str, ...] = (
    "mention_id",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "woonplaats",
    "land",
    "id_nummer",
)
OUT_SCHEMA = {"mention_id": pl.String, "entity_id": pl.String, "confidence": pl.Float64}

_NAME = pl.Struct(
    {
        "achternaam_norm": pl.String,
        "tussenvoegsel_norm": pl.String,
        "voornamen_norm": pl.String,
        "initialen": pl.String,
    }
)
_NUMBER = pl.Struct({"huisnummer": pl.Int64, "toevoeging": pl.String})


def _name(a: str | None, t: str | None, v: str | None) -> dict[str, str | None]:
    p = split_name(a, t, v)
    return {
        "achternaam_norm": p.achternaam_norm,
        "tussenvoegsel_norm": p.tussenvoegsel_norm,
        "voornamen_norm": p.voornamen_norm,
        "initialen": p.initialen,
    }


def _number(nr: str | None, toev: str | None) -> dict[str, object]:
    number, toevoeging = split_huisnummer(nr, toev)
    return {"huisnummer": number, "toevoeging": toevoeging}


def normalise_records(frame: pl.DataFrame, id_key: bytes) -> pl.DataFrame:
    """The IN frame as person mentions in clean form (the columns the resolver reads)."""
    raw = frame.select(
        (pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, dtype=pl.String))
        .str.strip_chars()
        .alias(c)
        for c in IN_COLUMNS
    ).with_columns(pl.all().replace("", None))
    land = map_unique(raw["land"], normalise_country, pl.String).fill_null("NL")
    names = map_unique_rows(raw.select("achternaam", "tussenvoegsel", "voornamen"), _name, _NAME)
    numbers = map_unique_rows(raw.select("huisnummer", "toevoeging"), _number, _NUMBER)
    postcode = map_unique_rows(
        pl.DataFrame({"postcode": raw["postcode"], "land": land}), normalise_postcode, pl.String
    )

    def hash_id(s: str | None) -> str | None:
        norm = normalise_id_number(s)
        if not norm or looks_like_bsn(norm):
            return None
        return hmac.new(id_key, norm.encode("utf-8"), hashlib.sha256).hexdigest()

    base = pl.DataFrame(
        {
            "mention_id": raw["mention_id"],
            "geboortedatum": parse_dates(raw["geboortedatum"]),
            "straat": raw["straat"],
            "postcode": postcode,
            "woonplaats": raw["woonplaats"],
            "land": land,
            "id_hash": map_unique(raw["id_nummer"], hash_id, pl.String),
        }
    )
    return pl.concat([base, names.struct.unnest(), numbers.struct.unnest()], how="horizontal")


def link_persons(
    frame: pl.DataFrame, id_key: bytes, settings: Settings | None = None
) -> pl.DataFrame:
    """``mention_id, entity_id, confidence`` for every row of the IN ``frame``."""
    if frame.height == 0:
        return pl.DataFrame(schema=OUT_SCHEMA)
    mentions = normalise_records(frame, id_key)
    if mentions["mention_id"].null_count() or mentions["mention_id"].n_unique() < frame.height:
        raise ValueError("mention_id ontbreekt of komt dubbel voor")
    result = resolve_persons(mentions, settings=settings).mentions
    return result.select("mention_id", "entity_id", pl.col("confidence").cast(pl.Float64))
