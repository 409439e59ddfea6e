"""Municipality codes (CBS ``gemeentecode``).

Pins: ``GM0994``, ``gm0994``, ``GM 994``, ``0994``, ``994`` and ``994.0`` (XLSX) ->
``GM0994``; more than 4 significant digits or anything else -> ``None``.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"(?:GM)?\s*-?\s*0*(\d{1,4})(?:\.0+)?", re.ASCII | re.IGNORECASE)


def normalise_gemeentecode(s: str | None) -> str | None:
    """``GM`` + 4 digits for any accepted spelling of a CBS municipality code."""
    if not s:
        return None
    m = _CODE.fullmatch(s.strip())
    if not m or int(m.group(1)) == 0:
        return None
    return "GM" + m.group(1).zfill(4)
