"""Dutch working days, for the DOR hold period (heling.bewaartermijn).

A working day is Monday–Friday and not a Dutch public holiday. Holidays counted:
Nieuwjaarsdag, 2e Paasdag (1e Paasdag and 1e Pinksterdag are Sundays anyway), Koningsdag
(27 April, 26 April when the 27th is a Sunday), Hemelvaartsdag, 2e Pinksterdag, 1e and
2e Kerstdag. Choices (configurable in `Bewaartermijn`):
- Goede Vrijdag is *not* a general day off in the Netherlands (shops and most employers
  work), so by default it is a working day.
- Bevrijdingsdag (5 May) is a general day off only in lustrum years (2020, 2025, ...) under
  most collective agreements and for the government; default: lustrum years only.
Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher); no dependency.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import polars as pl


def pasen(jaar: int) -> date:
    """Easter Sunday of `jaar` (Gregorian calendar)."""
    a = jaar % 19
    b, c = divmod(jaar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    maand, dag = divmod(h + ell - 7 * m + 114, 31)
    return date(jaar, maand, dag + 1)


@cache
def feestdagen(jaar: int, goede_vrijdag: bool = False,
               bevrijdingsdag_elk_jaar: bool = False) -> frozenset[date]:
    """Dutch public holidays of `jaar` that are not working days."""
    p = pasen(jaar)
    koningsdag = date(jaar, 4, 27)
    if koningsdag.weekday() == 6:
        koningsdag = date(jaar, 4, 26)
    dagen = {
        date(jaar, 1, 1),
        p + timedelta(days=1),  # 2e Paasdag
        koningsdag,
        p + timedelta(days=39),  # Hemelvaartsdag
        p + timedelta(days=50),  # 2e Pinksterdag
        date(jaar, 12, 25),
        date(jaar, 12, 26),
    }
    if goede_vrijdag:
        dagen.add(p - timedelta(days=2))
    if bevrijdingsdag_elk_jaar or jaar % 5 == 0:
        dagen.add(date(jaar, 5, 5))
    return frozenset(dagen)


def is_werkdag(d: date, goede_vrijdag: bool = False,
               bevrijdingsdag_elk_jaar: bool = False) -> bool:
    return d.weekday() < 5 and d not in feestdagen(d.year, goede_vrijdag, bevrijdingsdag_elk_jaar)


def werkdagen_teller(van: date, tot: date, goede_vrijdag: bool = False,
                     bevrijdingsdag_elk_jaar: bool = False) -> pl.DataFrame:
    """Calendar frame `datum, werkdagen` for every day van..tot: `werkdagen` is the number
    of working days from `van` up to and including `datum`. The number of working days in
    the half-open span (a, b] is then werkdagen(b) - werkdagen(a)."""
    n = (tot - van).days + 1
    dagen = [van + timedelta(days=i) for i in range(max(n, 0))]
    teller: list[int] = []
    totaal = 0
    for d in dagen:
        totaal += is_werkdag(d, goede_vrijdag, bevrijdingsdag_elk_jaar)
        teller.append(totaal)
    return pl.DataFrame({"datum": dagen, "werkdagen": teller},
                        schema={"datum": pl.Date, "werkdagen": pl.Int64})
