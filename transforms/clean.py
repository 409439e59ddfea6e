"""Raw text frame -> typed clean frame (docs/internals.md, "Clean frame").

Same rows in the same order; provenance and unknown extra columns are kept as they are.
Contract columns are replaced in place by their cleaned value; helper columns
(``__raw``, ``__ongeldig``, ``__bsn``, the name norms, a created toevoeging) are appended.

Every scalar rule lives in :mod:`transforms.normalise`; this module only applies those
functions column-wise through their unique values (:func:`map_unique`), so the cleaner and
the scalar normalisers cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from transforms.normalise.codes import normalise_gemeentecode
from transforms.normalise.countries import normalise_country
from transforms.normalise.dates import parse_date, parse_time
from transforms.normalise.housenumbers import (
    merge_toevoeging,
    normalise_toevoeging,
    parse_huisnummer,
)
from transforms.normalise.idnumbers import looks_like_bsn, normalise_id_number
from transforms.normalise.kvk import normalise_kvk
from transforms.normalise.names import (
    canonical_tussenvoegsel,
    merge_tussenvoegsel,
    parse_voornamen,
    split_achternaam,
)
from transforms.normalise.numbers import parse_decimal, parse_int, parse_jn
from transforms.normalise.postcodes import normalise_postcode
from transforms.normalise.vector import map_unique, map_unique_rows
from transforms.schema import Column, Table

DEFAULT_LAND: dict[str, str] = {"verkoper_land": "NL"}
"""Country columns that default to this code when the cell is empty."""

# Scalar parser and result dtype per parsed kind (postcode and huisnummer are handled apart).
_PARSERS: dict[str, tuple[Callable[[Any], Any], pl.DataType | type[pl.DataType]]] = {
    "date": (parse_date, pl.Date),
    "time": (parse_time, pl.String),
    "int": (parse_int, pl.Int64),
    "decimal": (parse_decimal, pl.Float64),
    "jn": (parse_jn, pl.Boolean),
    "kvk": (normalise_kvk, pl.String),
    "country": (normalise_country, pl.String),
    "gemeentecode": (normalise_gemeentecode, pl.String),
}
_SURNAME = "achternaam"
_NAME_PARTS = pl.Struct({"a": pl.String, "t": pl.String, "r": pl.String})
_VOORNAMEN = pl.Struct({"v": pl.String, "i": pl.String})
_HUISNUMMER = pl.Struct({"n": pl.Int64, "t": pl.String})
_ID = pl.Struct({"h": pl.String, "bsn": pl.Boolean})


def _stripped(s: pl.Series) -> pl.Series:
    """Trimmed text, empty -> null."""
    out = s.cast(pl.String).str.strip_chars()
    return pl.select(pl.when(out != "").then(out).alias(s.name)).to_series()


def _present(raw: pl.Series) -> pl.Series:
    """True where the raw cell holds something other than whitespace."""
    return _stripped(raw).is_not_null()


def _helpers(name: str, raw: pl.Series, parsed: pl.Series) -> list[pl.Series]:
    """``<col>__raw`` and ``<col>__ongeldig`` for a parsed column."""
    ongeldig = _present(raw) & parsed.is_null()
    return [raw.cast(pl.String).alias(f"{name}__raw"), ongeldig.alias(f"{name}__ongeldig")]


def _column(raw: pl.DataFrame, name: str) -> pl.Series:
    if name in raw.columns:
        return raw.get_column(name).cast(pl.String)
    return pl.Series(name, [None] * raw.height, dtype=pl.String)


def _names(raw: pl.DataFrame, prefix: str) -> list[pl.Series]:
    """The four norm columns of the person with column prefix ``prefix``; equal, row for
    row, to :func:`transforms.normalise.names.split_name` on the three raw columns."""
    parts = map_unique(_column(raw, prefix + _SURNAME), _split_achternaam, _NAME_PARTS)
    given = map_unique(
        _column(raw, prefix + "tussenvoegsel"), canonical_tussenvoegsel, pl.String
    )
    frame = pl.DataFrame({"given": given, "extracted": parts.struct.field("t")})
    tv = map_unique_rows(frame, merge_tussenvoegsel, pl.String)
    voornamen = _column(raw, prefix + "voornamen")
    has_voornamen = voornamen.str.strip_chars().str.len_chars().fill_null(0) > 0
    effective = pl.select(
        pl.when(has_voornamen).then(voornamen).otherwise(parts.struct.field("r"))
    ).to_series()
    first = map_unique(effective, _parse_voornamen, _VOORNAMEN)
    return [
        parts.struct.field("a").alias(f"{prefix}achternaam_norm"),
        tv.alias(f"{prefix}tussenvoegsel_norm"),
        first.struct.field("v").alias(f"{prefix}voornamen_norm"),
        first.struct.field("i").alias(f"{prefix}initialen"),
    ]


def _split_achternaam(s: str | None) -> dict[str, str | None]:
    a, t, r = split_achternaam(s)
    return {"a": a, "t": t, "r": r}


def _parse_voornamen(s: str | None) -> dict[str, str | None]:
    v, i = parse_voornamen(s)
    return {"v": v, "i": i}


def _parse_huisnummer(s: str | None) -> dict[str, Any]:
    n, t = parse_huisnummer(s)
    return {"n": n, "t": t}


def _huisnummer(raw: pl.DataFrame, col: Column) -> list[pl.Series]:
    """Number, helpers and the merged ``<base>toevoeging`` column (created if absent)."""
    base = col.name[: -len("huisnummer")]
    source = _column(raw, col.name)
    parsed = map_unique(source, _parse_huisnummer, _HUISNUMMER)
    number = parsed.struct.field("n").alias(col.name)
    explicit = map_unique(_column(raw, base + "toevoeging"), normalise_toevoeging, pl.String)
    frame = pl.DataFrame({"split": parsed.struct.field("t"), "explicit": explicit})
    toevoeging = map_unique_rows(frame, merge_toevoeging, pl.String)
    return [number, *_helpers(col.name, source, number),
            toevoeging.alias(base + "toevoeging")]


def _land_for(table: Table, postcode_col: str, lands: dict[str, pl.Series],
              height: int) -> pl.Series:
    """The cleaned country of a postcode column: ``<prefix>land`` when the table has one,
    else NL (establishment addresses lie in a participating municipality)."""
    land_col = postcode_col[: -len("postcode")] + "land"
    if land_col in lands:
        return lands[land_col]
    return pl.Series(land_col, ["NL"] * height, dtype=pl.String)


def _id_nummer(source: pl.Series, pseudonymise: Callable[[str], str]) -> list[pl.Series]:
    """Hash of the normalised number, null where it looked like a BSN (never hashed)."""
    def one(s: str | None) -> dict[str, Any]:
        norm = normalise_id_number(s)
        if norm is None:
            return {"h": None, "bsn": False}
        if looks_like_bsn(norm):
            return {"h": None, "bsn": True}
        return {"h": pseudonymise(norm), "bsn": False}

    parsed = map_unique(source, one, _ID)
    return [parsed.struct.field("h").alias(source.name),
            parsed.struct.field("bsn").alias(f"{source.name}__bsn")]


def clean_table(
    raw: pl.DataFrame, table: Table, pseudonymise: Callable[[str], str]
) -> pl.DataFrame:
    """The clean frame of one raw table frame (contract in docs/internals.md).

    ``pseudonymise`` receives the normalised ID number and returns its keyed hash; it is
    called once per distinct number and never for a BSN-like value.
    """
    replaced: list[pl.Series] = []
    merged: list[pl.Series] = []  # contract toevoeging columns, replaced after text cleaning
    added: list[pl.Series] = []
    lands: dict[str, pl.Series] = {}
    for col in table.columns:
        if col.kind != "country":
            continue
        source = _column(raw, col.name)
        parsed = map_unique(source, normalise_country, pl.String)
        if col.name in DEFAULT_LAND:
            parsed = pl.select(
                pl.when(_present(source)).then(parsed).otherwise(pl.lit(DEFAULT_LAND[col.name]))
                .alias(col.name)
            ).to_series()
        lands[col.name] = parsed

    for col in table.columns:
        source = _column(raw, col.name)
        if col.kind in ("text", "name"):
            replaced.append(_stripped(source).alias(col.name))
        elif col.kind == "enum":
            replaced.append(_stripped(source).str.to_lowercase().alias(col.name))
        elif col.kind == "id_nummer":
            hashed, bsn = _id_nummer(source, pseudonymise)
            replaced.append(hashed)
            added.append(bsn)
        elif col.kind == "huisnummer":
            number, raw_col, ongeldig, toevoeging = _huisnummer(raw, col)
            replaced.append(number)
            added.extend([raw_col, ongeldig])
            (merged if toevoeging.name in table.column_names else added).append(toevoeging)
        elif col.kind == "postcode":
            land = _land_for(table, col.name, lands, raw.height)
            frame = pl.DataFrame({"p": source, "l": land})
            parsed = map_unique_rows(frame, normalise_postcode, pl.String).alias(col.name)
            replaced.append(parsed)
            added.extend(_helpers(col.name, source, parsed))
        else:
            if col.kind == "country":
                parsed = lands[col.name]
            else:
                fn, dtype = _PARSERS[col.kind]
                parsed = map_unique(source, fn, dtype)
            replaced.append(parsed.alias(col.name))
            added.extend(_helpers(col.name, source, parsed))
        if col.kind == "name" and col.name.endswith(_SURNAME):
            added.extend(_names(raw, col.name[: -len(_SURNAME)]))

    # A contract toevoeging column holds the value merged with its huisnummer's suffix.
    replaced = [s for s in replaced if s.name not in {m.name for m in merged}] + merged
    return raw.with_columns(replaced).with_columns(added)
