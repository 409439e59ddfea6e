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

_INT = re.compile(r"([+-]?\d{1,18})(?:[.,]0{1,2})?", re.ASCII)
_CURRENCY = re.compile(r"€|EUR|\s", re.IGNORECASE)
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)
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
