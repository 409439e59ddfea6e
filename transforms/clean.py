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
from transforms.normalise.dates import parse_date, parse_dates, parse_time
from transforms.normalise.housenumbers import (
    merge_toevoeging,
    normalise_toevoeging,
    parse_huisnummer,
)
from transforms.normalise.idnumbers import bsn_form_mask, normalise_id_numbers
from transforms.normalise.kvk import normalise_kvk
from transforms.normalise.names import (
    canonical_tussenvoegsel,
    merge_tussenvoegsel,
    parse_voornamen,
    split_achternaam,
)
from transforms.normalise.numbers import parse_decimals, parse_int, parse_jn
from transforms.normalise.postcodes import normalise_postcodes
from transforms.normalise.vector import map_unique, map_unique_rows, patch_rows
from transforms.schema import Column, Table

DEFAULT_LAND: dict[str, str] = {"verkoper_land": "NL"}
"""Country columns that default to this code when the cell is empty."""

# Scalar parser and result dtype per parsed kind (postcode, decimal, huisnummer apart).
_PARSERS: dict[str, tuple[Callable[[Any], Any], pl.DataType | type[pl.DataType]]] = {
    "date": (parse_date, pl.Date),
    "time": (parse_time, pl.String),
    "int": (parse_int, pl.Int64),
    "jn": (parse_jn, pl.Boolean),
    "kvk": (normalise_kvk, pl.String),
    "country": (normalise_country, pl.String),
    "gemeentecode": (normalise_gemeentecode, pl.String),
}
_SURNAME = "achternaam"
_NAME_PARTS = pl.Struct({"a": pl.String, "t": pl.String, "r": pl.String})
_VOORNAMEN = pl.Struct({"v": pl.String, "i": pl.String})
_HUISNUMMER = pl.Struct({"n": pl.Int64, "t": pl.String})


def _strip(s: pl.Series) -> pl.Series:
    """Trimmed text, empty (or whitespace-only) -> null."""
    stripped = s.str.strip_chars()
    empty = stripped.str.len_bytes() == 0
    if empty.any():
        stripped = stripped.scatter(empty.arg_true(), None)
    return stripped


def _ongeldig(source: pl.Series, parsed: pl.Series) -> pl.Series:
    """True where the raw cell holds text (not only whitespace) but ``parsed`` is null;
    only the few candidate rows are checked for blankness."""
    candidate = source.is_not_null() & parsed.is_null()
    if candidate.any():
        idx = candidate.arg_true()
        blank = source.gather(idx).str.strip_chars().str.len_bytes() == 0
        if blank.any():
            candidate = candidate.scatter(idx.filter(blank), False)
    return candidate.alias(f"{source.name}__ongeldig")


def _column(raw: pl.DataFrame, name: str) -> pl.Series:
    if name in raw.columns:
        return raw.get_column(name).cast(pl.String)
    return pl.Series(name, [None] * raw.height, dtype=pl.String)


def _merge_pairs(
    a: pl.Series, b: pl.Series, fn: Callable[[str | None, str | None], str | None]
) -> pl.Series:
    """``fn(a, b)`` row-wise, for a merge ``fn`` with ``fn(x, None) == x`` and
    ``fn(None, y) == y``: only rows with both values present call ``fn``."""
    base = pl.select(pl.coalesce(a, b).alias(a.name)).to_series()
    both = a.is_not_null() & b.is_not_null()
    return patch_rows(
        base, both,
        lambda idx: map_unique_rows(
            pl.DataFrame({"a": a.gather(idx), "b": b.gather(idx)}), fn, pl.String
        ),
    )


def _split_achternaam(s: str | None) -> dict[str, str | None]:
    a, t, r = split_achternaam(s)
    return {"a": a, "t": t, "r": r}


def _parse_voornamen(s: str | None) -> dict[str, str | None]:
    v, i = parse_voornamen(s)
    return {"v": v, "i": i}


def _parse_huisnummer(s: str | None) -> dict[str, Any]:
    n, t = parse_huisnummer(s)
    return {"n": n, "t": t}


#: a one-word achternaam that `split_achternaam` only lower-cases: plain ASCII letters,
#: capitalised, lower or upper case (no camel case to unglue), not an abbreviation (``vd``)
_PLAIN_SURNAME = r"^(?:[A-Z]?[a-z]+|[A-Z]+)$"
_ABBREVIATED = ["v", "vd", "vdn", "vh"]
#: voornamen that `parse_voornamen` only lower-cases: ASCII words, single spaces, each word
#: with a vowel or longer than four letters (else it would be read as initials, ``JP``)
_PLAIN_GIVEN = r"^[A-Za-z]+(?: [A-Za-z]+)*$"


def _plain_surnames(uniq: pl.Series) -> tuple[pl.Series, pl.Series]:
    lower = uniq.str.to_lowercase()
    covered = uniq.str.contains(_PLAIN_SURNAME) & ~lower.is_in(_ABBREVIATED)
    none = pl.lit(None, pl.String)
    results = pl.select(pl.struct(lower.alias("a"), none.alias("t"), none.alias("r")))
    return covered, results.to_series()


def _plain_given_names(uniq: pl.Series) -> tuple[pl.Series, pl.Series]:
    lower = uniq.str.to_lowercase()
    words = lower.str.split(" ")
    named = words.list.eval(
        pl.element().str.contains("[aeiouy]") | (pl.element().str.len_chars() > 4)
    ).list.all()
    covered = uniq.str.contains(_PLAIN_GIVEN) & named
    initials = words.list.eval(pl.element().str.slice(0, 1)).list.join("")
    return covered, pl.select(pl.struct(lower.alias("v"), initials.alias("i"))).to_series()


def split_achternamen(source: pl.Series) -> pl.Series:
    """:func:`transforms.normalise.names.split_achternaam` on a column, as a struct
    (``a``, ``t``, ``r``); plain one-word names take a vectorised path."""
    return map_unique(source, _split_achternaam, _NAME_PARTS, _plain_surnames)


def parse_voornamen_column(source: pl.Series) -> pl.Series:
    """:func:`transforms.normalise.names.parse_voornamen` on a column, as a struct
    (``v``, ``i``); plain names take a vectorised path."""
    return map_unique(source, _parse_voornamen, _VOORNAMEN, _plain_given_names)


def _names(raw: pl.DataFrame, prefix: str) -> list[pl.Series]:
    """The four norm columns of the person with column prefix ``prefix``; equal, row for
    row, to :func:`transforms.normalise.names.split_name` on the three raw columns."""
    parts = split_achternamen(_column(raw, prefix + _SURNAME))
    given = map_unique(
        _column(raw, prefix + "tussenvoegsel"), canonical_tussenvoegsel, pl.String
    )
    tv = _merge_pairs(given, parts.struct.field("t"), merge_tussenvoegsel)
    voornamen = _column(raw, prefix + "voornamen")
    has_voornamen = voornamen.str.strip_chars().str.len_bytes().fill_null(0) > 0
    effective = pl.select(
        pl.when(has_voornamen).then(voornamen).otherwise(parts.struct.field("r"))
    ).to_series()
    first = parse_voornamen_column(effective)
    return [
        parts.struct.field("a").alias(f"{prefix}achternaam_norm"),
        tv.alias(f"{prefix}tussenvoegsel_norm"),
        first.struct.field("v").alias(f"{prefix}voornamen_norm"),
        first.struct.field("i").alias(f"{prefix}initialen"),
    ]


def _huisnummer(raw: pl.DataFrame, name: str) -> tuple[pl.Series, pl.Series]:
    """The house number and the merged ``<base>toevoeging`` (explicit column + suffix)."""
    base = name[: -len("huisnummer")]
    parsed = map_unique(_column(raw, name), _parse_huisnummer, _HUISNUMMER)
    explicit = map_unique(_column(raw, base + "toevoeging"), normalise_toevoeging, pl.String)
    toevoeging = _merge_pairs(parsed.struct.field("t"), explicit, merge_toevoeging)
    return parsed.struct.field("n").alias(name), toevoeging.alias(base + "toevoeging")


def _countries(raw: pl.DataFrame, table: Table) -> dict[str, pl.Series]:
    """Cleaned country columns (ISO-2), with :data:`DEFAULT_LAND` applied to empty cells."""
    lands: dict[str, pl.Series] = {}
    for col in table.columns:
        if col.kind != "country":
            continue
        source = _column(raw, col.name)
        parsed = map_unique(source, normalise_country, pl.String)
        if col.name in DEFAULT_LAND:
            present = source.str.strip_chars().str.len_bytes().fill_null(0) > 0
            parsed = pl.select(
                pl.when(present).then(parsed).otherwise(pl.lit(DEFAULT_LAND[col.name]))
                .alias(col.name)
            ).to_series()
        lands[col.name] = parsed
    return lands


def _land_for(postcode_col: str, lands: dict[str, pl.Series], height: int) -> pl.Series:
    """The cleaned country of a postcode column: ``<prefix>land`` when the table has one,
    else NL (establishment addresses lie in a participating municipality)."""
    land_col = postcode_col[: -len("postcode")] + "land"
    if land_col in lands:
        return lands[land_col]
    return pl.Series(land_col, ["NL"] * height, dtype=pl.String)


def _id_nummer(source: pl.Series, pseudonymise: Callable[[str], str]) -> list[pl.Series]:
    """Hash of the normalised number, null where it looked like a BSN (never hashed).

    Vectorised: normalisation and the BSN guard run in polars; `pseudonymise` is called once
    per distinct normalised number that is not BSN-shaped."""
    norm = normalise_id_numbers(source)
    bsn = bsn_form_mask(norm)
    keep = norm.filter(~bsn & norm.is_not_null()).unique()
    hashed = pl.Series([pseudonymise(v) for v in keep.to_list()], dtype=pl.String)
    # old -> new as two Series: no Python dict of every number (a third of this function)
    hashes = pl.select(
        pl.when(bsn).then(pl.lit(None, pl.String))
        .otherwise(norm.replace_strict(keep, hashed, default=None, return_dtype=pl.String))
        .alias(source.name)
    ).to_series()
    return [hashes, bsn.alias(f"{source.name}__bsn")]


def _parse(raw: pl.DataFrame, col: Column, lands: dict[str, pl.Series]) -> pl.Series:
    """The cleaned value of a parsed-kind column (not huisnummer)."""
    source = _column(raw, col.name)
    if col.kind == "country":
        return lands[col.name]
    if col.kind == "postcode":
        return normalise_postcodes(source, _land_for(col.name, lands, raw.height))
    if col.kind == "decimal":
        return parse_decimals(source)
    if col.kind == "date":
        return parse_dates(source)
    fn, dtype = _PARSERS[col.kind]
    return map_unique(source, fn, dtype)


def clean_table(
    raw: pl.DataFrame, table: Table, pseudonymise: Callable[[str], str]
) -> pl.DataFrame:
    """The clean frame of one raw table frame (contract in docs/internals.md).

    ``pseudonymise`` receives the normalised ID number and returns its keyed hash; it is
    called once per distinct number and never for a BSN-like value.
    """
    missing = [c for c in table.column_names if c not in raw.columns]
    if missing:
        raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
    lands = _countries(raw, table)
    values: dict[str, pl.Series] = {}  # cleaned values replacing the raw columns
    added: list[pl.Series] = []  # __raw, __ongeldig, __bsn, name norms
    merged: dict[str, pl.Series] = {}  # <base>toevoeging merged with the huisnummer suffix
    for col in table.columns:
        name = col.name
        source = _column(raw, name)
        if col.kind in ("text", "name"):
            values[name] = _strip(source)
        elif col.kind == "enum":
            values[name] = _strip(source).str.to_lowercase()
        elif col.kind == "id_nummer":
            values[name], bsn = _id_nummer(source, pseudonymise)
            added.append(bsn)
        else:
            toevoeging = None
            if col.kind == "huisnummer":
                parsed, toevoeging = _huisnummer(raw, name)
            else:
                parsed = _parse(raw, col, lands)
            values[name] = parsed.alias(name)
            added.extend([source.alias(f"{name}__raw"), _ongeldig(source, parsed)])
            if toevoeging is not None:
                merged[toevoeging.name] = toevoeging
        if col.kind == "name" and name.endswith(_SURNAME):
            added.extend(_names(raw, name[: -len(_SURNAME)]))
    # The toevoeging next to a huisnummer holds the merged value (replacing the text
    # cleaning of a contract toevoeging column; created at the end otherwise).
    values.update((k, v) for k, v in merged.items() if k in values)
    added.extend(v for k, v in merged.items() if k not in values)
    return raw.with_columns(list(values.values())).with_columns(added)
