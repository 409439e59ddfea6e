"""Fixed time frame of the demo data: period, delivery schedule, Dutch public holidays.

Nothing here reads the clock: the demo covers START .. END, both constants.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

START = date(2025, 6, 1)
END = date(2026, 11, 27)
CREATED = datetime(2026, 11, 27, 6, 0, 0)  # XLSX workbook property, fixed for determinism

# Delivery cadence (months per file) and the days after the period end on which each
# municipality delivers. Fixed tables, so the schedule never depends on the seed.
CADENCE: dict[str, dict[str, int]] = {
    "dor": {"GM1903": 1, "GM1729": 1, "GM0938": 3, "GM0981": 3, "GM0994": 1},
    "nachtregister": {"GM1903": 3, "GM1729": 1, "GM0938": 3, "GM0981": 1, "GM0994": 1},
    "bibob": {"GM1903": 3, "GM1729": 3, "GM0938": 6, "GM0981": 3, "GM0994": 3},
    "damocles": {"GM1903": 3, "GM1729": 3, "GM0938": 3, "GM0981": 6, "GM0994": 3},
}
DELIVERY_OFFSET: dict[str, int] = {
    "GM1903": 3, "GM1729": 1, "GM0938": 6, "GM0981": 2, "GM0994": 4,
}
# A municipality may deliver on behalf of another (file name code != row code).
DELIVERED_BY: dict[str, dict[str, str]] = {"damocles": {"GM0938": "GM0994"}}


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


@cache
def periods(months: int) -> tuple[tuple[date, date], ...]:
    """Consecutive periods of `months` calendar months from START; the last ends at END."""
    out: list[tuple[date, date]] = []
    begin = START
    while begin <= END:
        nxt = _add_months(begin, months)
        out.append((begin, min(nxt - timedelta(days=1), END)))
        begin = nxt
    return tuple(out)


def deliverer(register: str, gemeente: str) -> str:
    return DELIVERED_BY.get(register, {}).get(gemeente, gemeente)


def delivery_for(register: str, gemeente: str, day: date) -> date:
    """Delivery date of the file that carries a row of `gemeente` dated `day`."""
    by = deliverer(register, gemeente)
    for begin, end in periods(CADENCE[register][by]):
        if begin <= day <= end:
            return min(end + timedelta(days=DELIVERY_OFFSET[by]), END)
    raise ValueError(f"{day} outside {START}..{END}")


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def holidays(year: int) -> frozenset[date]:
    """Dutch public holidays that are generally days off (Bevrijdingsdag and Goede Vrijdag
    are left out: not every year / not everywhere a day off)."""
    e = easter(year)
    koningsdag = date(year, 4, 27)
    if koningsdag.weekday() == 6:
        koningsdag = date(year, 4, 26)
    days = {
        date(year, 1, 1), e, e + timedelta(days=1), koningsdag, e + timedelta(days=39),
        e + timedelta(days=49), e + timedelta(days=50), date(year, 12, 25), date(year, 12, 26),
    }
    return frozenset(days)


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in holidays(d.year)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    n, d = 0, start
    while d < end:
        d += timedelta(days=1)
        n += is_working_day(d)
    return n
