"""Fixed time frame of the demo data: period, delivery schedule, Dutch public holidays.

Nothing here reads the clock: the demo covers START .. END, both constants.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from graph.kalender import is_werkdag

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


def is_working_day(d: date) -> bool:
    """The same working days the `heling.bewaartermijn` rule counts (graph.kalender)."""
    return is_werkdag(d)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    n, d = 0, start
    while d < end:
        d += timedelta(days=1)
        n += is_working_day(d)
    return n
