"""KvK (Chamber of Commerce) numbers: 8 digits, leading zeros restored.

Pins: ``12345678`` as is; ``1234567`` (Excel dropped the zero; 5-7 digits) -> zero-padded to
8; ``12345678.0`` (XLSX float) -> ``12345678``; spaces and dots inside are removed
(``1234 5678``, ``12.345.678``); anything else (letters, 9+ digits, <5 digits) -> ``None``.
The KvK number has no check digit, so only the form is checked.
"""

from __future__ import annotations

import re

_XLSX_FLOAT = re.compile(r"(\d+)\.0+", re.ASCII)
_REMOVE = re.compile(r"[\s.]+")
_DIGITS = re.compile(r"\d{5,8}", re.ASCII)


def normalise_kvk(s: str | None) -> str | None:
    """The 8-digit KvK number in ``s`` (rules in the module docstring), else ``None``."""
    if not s:
        return None
    text = s.strip()
    if m := _XLSX_FLOAT.fullmatch(text):
        text = m.group(1)
    text = _REMOVE.sub("", text)
    return text.zfill(8) if _DIGITS.fullmatch(text) else None
