"""House numbers with their toevoeging.

Pins:
- ``12a``, ``12 A``, ``12-A``, ``12-2``, ``101-A``, ``12bis``, ``12 hs``, ``12/2`` -> number
  + toevoeging; ``12.0`` (XLSX) -> 12 without toevoeging;
- a toevoeging is upper case ``A-Z0-9`` without separators, at most 8 characters;
- the number has at most 6 digits; a value that does not start with a digit is not a house
  number (``None``);
- explicit toevoeging column vs one split off the number: when only one is present it wins;
  equal -> that one; otherwise they are joined, split part first (``12a`` + ``2`` ->
  ``A2``), unless the explicit one already starts with the split part (``12a`` + ``A2`` ->
  ``A2``);
- digits are never dropped or reordered (apart from leading zeros of the number).
"""

from __future__ import annotations

import re

from transforms.normalise.text import fold_diacritics

_XLSX_FLOAT = re.compile(r"(\d{1,6})\.0+", re.ASCII)
_NUMBER = re.compile(r"(\d{1,6})(?![0-9])[\s\-/.,_]*(.*)", re.ASCII | re.DOTALL)
_SEPARATORS = re.compile(r"[\s\-/.,_]+")
_TOEVOEGING = re.compile(r"[A-Z0-9]{1,8}", re.ASCII)


def normalise_toevoeging(s: str | None) -> str | None:
    """A toevoeging as stored: diacritics folded, upper case, separators removed; empty or
    anything outside ``A-Z0-9`` after that (or longer than 8) -> ``None``."""
    if not s:
        return None
    text = _SEPARATORS.sub("", fold_diacritics(s).upper())
    return text if _TOEVOEGING.fullmatch(text) else None


def merge_toevoeging(split: str | None, explicit: str | None) -> str | None:
    """Combine a normalised toevoeging split off the number with the explicit column
    (rule in the module docstring)."""
    if not split:
        return explicit
    if not explicit or explicit == split:
        return split
    if explicit.startswith(split):
        return explicit
    return split + explicit


def parse_huisnummer(nr: str | None) -> tuple[int | None, str | None]:
    """``(number, toevoeging)`` of a raw house-number cell; ``(None, None)`` when it is not
    a house number (empty, no leading digit, too long, an unusable toevoeging)."""
    if not nr:
        return None, None
    text = nr.strip()
    if m := _XLSX_FLOAT.fullmatch(text):
        return int(m.group(1)), None
    m = _NUMBER.fullmatch(text)
    if not m:
        return None, None
    rest = m.group(2)
    toevoeging = normalise_toevoeging(rest)
    if rest.strip() and toevoeging is None:
        return None, None
    return int(m.group(1)), toevoeging


def split_huisnummer(
    nr: str | None, toevoeging: str | None = None
) -> tuple[int | None, str | None]:
    """``(huisnummer, toevoeging)`` from the number cell and the toevoeging cell: the
    toevoeging upper case without separators, merged per :func:`merge_toevoeging`. When the
    number is unusable the explicit toevoeging is still returned."""
    number, split = parse_huisnummer(nr)
    return number, merge_toevoeging(split, normalise_toevoeging(toevoeging))
