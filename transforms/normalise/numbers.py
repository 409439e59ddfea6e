"""Numbers and ja/nee as the registers deliver them.

Pins:
- int: ``3``, `` 3 ``, ``+3``, ``-3``, ``3.0``/``3,0``/``3.00`` (XLSX) -> 3; at most 18 digits;
  ``1.000`` is ambiguous and rejected; anything else -> ``None``;
- decimal: decimal comma (``129,95``), decimal point (``129.95``, XLSX), thousands separators
  when both appear (``1.234,56``, ``1,234.56``: the last one is the decimal separator) or when
  one repeats (``1.234.567``); ``€``/``EUR`` and spaces ignored; no exponent, inf or nan;
- jn: ``ja``/``j``/``yes``/``y``/``true``/``waar``/``1`` -> True,
  ``nee``/``n``/``no``/``false``/``onwaar``/``0`` -> False, case-insensitive; else ``None``.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.normalise.vector import map_unique, patch_rows

_INT = re.compile(r"([+-]?\d{1,18})(?:[.,]0{1,2})?", re.ASCII)
_CURRENCY = re.compile(r"€|EUR|\s", re.IGNORECASE)
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)
# Plain decimals handled in polars (same result as the scalar parser for every match).
_DECIMAL_FAST = r"^ *-?[0-9]{1,15}(?:[.,][0-9]{1,15})? *$"
_TRUE = frozenset({"ja", "j", "yes", "y", "true", "waar", "1"})
_FALSE = frozenset({"nee", "n", "no", "false", "onwaar", "0"})


def parse_int(s: str | None) -> int | None:
    """An integer register value (rules in the module docstring)."""
    if not s:
        return None
    m = _INT.fullmatch(s.strip())
    return int(m.group(1)) if m else None


def parse_decimal(s: str | None) -> float | None:
    """A decimal register value (rules in the module docstring)."""
    if not s:
        return None
    text = _CURRENCY.sub("", s)
    if not text or len(text) > 40:
        return None
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        if text.count(decimal_sep) > 1:
            return None
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif commas:
        text = text.replace(",", "") if commas > 1 else text.replace(",", ".")
    elif dots > 1:
        text = text.replace(".", "")
    return float(text) if _PLAIN.fullmatch(text) else None


def parse_jn(s: str | None) -> bool | None:
    """ja/nee (and the listed synonyms) -> bool; anything else -> ``None``."""
    if not s:
        return None
    text = s.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def parse_decimals(s: pl.Series) -> pl.Series:
    """Vectorised :func:`parse_decimal` (Float64), equal to it row for row; plain
    ``123``/``123,45``/``123.45`` take a polars fast path, the rest the scalar function."""
    plain = s.str.contains(_DECIMAL_FAST).fill_null(False)
    fast = pl.select(
        pl.when(plain)
        .then(s.str.strip_chars(" ").str.replace(",", ".", literal=True)
              .cast(pl.Float64, strict=False))
        .alias(s.name)
    ).to_series()
    todo = s.is_not_null() & ~plain
    return patch_rows(
        fast, todo, lambda idx: map_unique(s.gather(idx), parse_decimal, pl.Float64)
    ).alias(s.name)
