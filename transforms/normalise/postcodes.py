"""Postcodes: Dutch ``1234 AB``; Belgian (4) and German (5) digits kept as digits.

Pins:
- NL: ``1234ab``, ``1234AB``, `` 1234 ab ``, ``1234-AB``, ``NL-1234 AB`` -> ``1234 AB``;
  the first digit is 1-9; with land ``NL`` bare digits are not a postcode (``None``);
- BE: 4 digits (``B-3000``, ``BE 3000`` -> ``3000``); DE: 5 digits (``D-52072`` ->
  ``52072``; an Excel-mangled 4-digit ``1067`` -> ``01067``);
- land unknown (``None``): an NL pattern -> NL form, else 4-5 bare digits are kept;
- another land: upper case, spaces collapsed, 2-10 characters of ``A-Z``, ``0-9``, ``-``
  and space with at least one digit;
- digits are never dropped or reordered; garbage -> ``None``.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.normalise.vector import map_unique_rows, patch_rows

_PREFIX = re.compile(r"^(?:NL|BE|B|DE|D)\s*-?\s*(?=\d)", re.ASCII)
_NL = re.compile(r"([1-9]\d{3})\s*-?\s*([A-Z]{2})", re.ASCII)
_DIGITS = re.compile(r"\d{4,5}", re.ASCII)
# Common NL spellings handled in polars; every match gives what the scalar function gives.
_NL_FAST = r"^[ \t]*([1-9][0-9]{3})[ \t]*-?[ \t]*([A-Za-z]{2})[ \t]*$"
_DIGITS_FAST = r"^[ \t]*([0-9]{4,5})[ \t]*$"
_BE = re.compile(r"[1-9]\d{3}", re.ASCII)
_DE = re.compile(r"\d{5}", re.ASCII)
_FOREIGN = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]", re.ASCII)


def normalise_postcode(s: str | None, land: str | None = None) -> str | None:
    """The postcode ``s`` in canonical form for ISO-2 ``land`` (see module docstring)."""
    if not s:
        return None
    text = " ".join(s.upper().split())
    if land in (None, "NL", "BE", "DE"):
        text = _PREFIX.sub("", text, count=1)
    if land in (None, "NL"):
        if m := _NL.fullmatch(text):
            return f"{m.group(1)} {m.group(2)}"
        if land == "NL":
            return None
        return text if _DIGITS.fullmatch(text) else None
    if land == "BE":
        return text if _BE.fullmatch(text) else None
    if land == "DE":
        if _DE.fullmatch(text):
            return text
        return "0" + text if _BE.fullmatch(text) else None
    if _FOREIGN.fullmatch(text) and any(c.isdigit() for c in text):
        return text
    return None


def pc4(postcode: str | None) -> str | None:
    """The 4 digits of a Dutch postcode (any spelling ``normalise_postcode`` accepts as
    NL); ``None`` for anything else."""
    norm = normalise_postcode(postcode, "NL")
    return norm[:4] if norm else None


def normalise_postcodes(postcode: pl.Series, land: pl.Series | None = None) -> pl.Series:
    """Vectorised :func:`normalise_postcode` with a per-row ``land`` (ISO-2 or null); equal
    to the scalar function row for row. NL letter spellings and bare 4-5 digit postcodes
    take a polars fast path; other values go through the scalar function."""
    if land is None:
        land = pl.Series("land", [None] * postcode.len(), dtype=pl.String)
    nl = postcode.str.extract_groups(_NL_FAST)
    digits = postcode.str.extract(_DIGITS_FAST, 1)
    frame = pl.DataFrame({"nl": nl, "d": digits, "land": land})
    d, lnd = pl.col("d"), pl.col("land")
    fast = frame.select(
        pl.when(pl.col("nl").struct.field("1").is_not_null()
                & (lnd.is_null() | (lnd == "NL")))
        .then(pl.concat_str(pl.col("nl").struct.field("1"), pl.lit(" "),
                            pl.col("nl").struct.field("2").str.to_uppercase()))
        .when(d.is_null() | (lnd == "NL"))
        .then(None)
        .when(lnd == "BE")
        .then(pl.when(d.str.contains("^[1-9][0-9]{3}$")).then(d))
        .when(lnd == "DE")
        .then(pl.when(d.str.len_bytes() == 5).then(d)
              .when(d.str.contains("^[1-9]")).then(pl.lit("0") + d))
        .otherwise(d)
        .alias(postcode.name)
    ).to_series()
    nl_land = land.is_null() | (land == "NL")
    handled = (nl.struct.field("1").is_not_null() & nl_land) | digits.is_not_null()
    todo = postcode.is_not_null() & ~handled

    def slow(idx: pl.Series) -> pl.Series:
        rows = pl.DataFrame({"p": postcode.gather(idx), "l": land.gather(idx)})
        return map_unique_rows(rows, normalise_postcode, pl.String)

    return patch_rows(fast, todo, slow).alias(postcode.name)
