"""IMEI and serial numbers of goods (DOR ``serienummer``).

Pins: :func:`luhn_valid` is the standard Luhn mod-10 check on a string of ASCII digits
(``False`` for anything else); an IMEI is 15 digits passing it (spaces/dashes ignored);
:func:`normalise_serial` upper-cases and drops whitespace and dashes.
"""

from __future__ import annotations

import re

_STRIP = re.compile(r"[\s\-]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def luhn_valid(digits: str | None) -> bool:
    """True when ``digits`` is a non-empty string of ASCII digits passing the Luhn check."""
    if not digits or not _ASCII_DIGITS.fullmatch(digits):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def normalise_serial(s: str | None) -> str | None:
    """Serial number for matching: upper case, whitespace and dashes removed; empty ->
    ``None``."""
    if not s:
        return None
    text = _STRIP.sub("", s).upper()
    return text or None


def is_valid_imei(s: str | None) -> bool:
    """True when ``s`` (spaces/dashes ignored) is 15 ASCII digits passing the Luhn check."""
    text = normalise_serial(s)
    return text is not None and len(text) == 15 and luhn_valid(text)
