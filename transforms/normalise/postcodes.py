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

_PREFIX = re.compile(r"^(?:NL|BE|B|DE|D)\s*-?\s*(?=\d)", re.ASCII)
_NL = re.compile(r"([1-9]\d{3})\s*-?\s*([A-Z]{2})", re.ASCII)
_DIGITS = re.compile(r"\d{4,5}", re.ASCII)
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
        return text if re.fullmatch(r"[1-9]\d{3}", text, re.ASCII) else None
    if land == "DE":
        if re.fullmatch(r"\d{5}", text, re.ASCII):
            return text
        return "0" + text if re.fullmatch(r"[1-9]\d{3}", text, re.ASCII) else None
    if _FOREIGN.fullmatch(text) and any(c.isdigit() for c in text):
        return text
    return None


def pc4(postcode: str | None) -> str | None:
    """The 4 digits of a Dutch postcode (any spelling ``normalise_postcode`` accepts as
    NL); ``None`` for anything else."""
    norm = normalise_postcode(postcode, "NL")
    return norm[:4] if norm else None
