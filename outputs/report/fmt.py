"""Dutch number and date formatting, and the small-count rule of the bestuurlijke version."""

from __future__ import annotations

from datetime import date

from outputs.report.blocks import Versie

DREMPEL = 5  # counts 1..DREMPEL-1 are shown as "<5" in the bestuurlijke version
KLEIN = f"<{DREMPEL}"
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


def klein(n: int, versie: Versie) -> bool:
    """True when this count must be suppressed in this version (1..4 in bestuurlijk)."""
    return versie == "bestuurlijk" and 0 < n < DREMPEL


def getal(n: int) -> str:
    """12345 -> '12.345' (Dutch thousands separator)."""
    return f"{n:,}".replace(",", ".")


def aantal(n: int, versie: Versie) -> str:
    return KLEIN if klein(n, versie) else getal(n)


def decimaal(x: float, cijfers: int = 1) -> str:
    return f"{x:,.{cijfers}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def tarief(n: int, inwoners: int, versie: Versie) -> str:
    """Count per 10,000 inhabitants; '–' without inhabitants or when the count is suppressed."""
    if inwoners <= 0 or klein(n, versie):
        return "–"
    return decimaal(n * 10_000 / inwoners)


def aandeel(deel: int, geheel: int, versie: Versie) -> str:
    """Share as a percentage; '–' when the part is suppressed or the whole is zero."""
    if geheel <= 0 or klein(deel, versie):
        return "–"
    return decimaal(100 * deel / geheel) + " %"


def datum(d: date | None) -> str:
    if d is None:
        return "onbekend"
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
