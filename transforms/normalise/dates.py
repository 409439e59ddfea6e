"""Dates and times as the registers deliver them.

Pins:
- ``dd-mm-jjjj``, ``d-m-jjjj``, ``jjjj-mm-dd`` with ``-``, ``/`` or ``.`` as separator;
- ``yyyy-mm-dd hh:mm[:ss[.ffffff]]`` (an XLSX datetime rendered as text; also with ``T``;
  the time part is shape-checked only and then ignored);
- Excel serial numbers as text: an integer of at most 5 digits or such a number with a
  fraction (``45352``, ``45352.0`` -> 2024-03-01), in 1..2958465; Excel's phantom
  1900-02-29 (serial 60) -> ``None``;
- impossible dates (``31-02-2026``) and anything else -> ``None``, never an exception;
- :func:`parse_dates` gives exactly :func:`parse_date` for every element.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import polars as pl

from transforms.normalise.vector import map_unique

_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME_SUFFIX, re.ASCII)
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME_SUFFIX, re.ASCII)
_SERIAL = re.compile(r"(\d{1,5})(?:\.\d+)?", re.ASCII)
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 = 1900-03-01 with this epoch
_EXCEL_MAX = 2958465  # 9999-12-31

_HMS = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?", re.ASCII)
_HHMM = re.compile(r"(\d{2})(\d{2})", re.ASCII)
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T](.+)", re.ASCII)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def excel_serial_to_date(serial: int) -> date | None:
    """The date of an Excel (1900 system) serial day number; ``None`` outside
    1..2958465 and for the non-existent 1900-02-29 (serial 60)."""
    if serial < 1 or serial > _EXCEL_MAX or serial == 60:
        return None
    if serial < 60:
        return _EXCEL_EPOCH + timedelta(days=serial + 1)
    return _EXCEL_EPOCH + timedelta(days=serial)


def parse_date(s: str | None) -> date | None:
    """Parse one register date (see the module docstring for the accepted forms)."""
    if not s:
        return None
    text = s.strip()
    if m := _DMY.fullmatch(text):
        return _make(int(m.group(4)), int(m.group(3)), int(m.group(1)))
    if m := _YMD.fullmatch(text):
        return _make(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if m := _SERIAL.fullmatch(text):
        return excel_serial_to_date(int(m.group(1)))
    return None


def plain_dates(uniq: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A vectorised :func:`parse_date` for the usual ``dd-mm-jjjj`` and ``jjjj-mm-dd``
    (zero-padded, no spaces, year not 0000): (which values it covers, their dates). Impossible
    dates become null, as in the scalar function. For :func:`map_unique`'s ``fast``."""
    dmy = uniq.str.contains(r"^\d{2}-\d{2}-\d{4}$") & ~uniq.str.ends_with("0000")
    ymd = uniq.str.contains(r"^\d{4}-\d{2}-\d{2}$") & ~uniq.str.starts_with("0000")
    dates = pl.select(
        pl.when(dmy).then(uniq.str.to_date("%d-%m-%Y", strict=False))
        .when(ymd).then(uniq.str.to_date("%Y-%m-%d", strict=False))
        .alias(uniq.name)
    ).to_series()
    return dmy | ymd, dates


def parse_dates(s: pl.Series) -> pl.Series:
    """Vectorised :func:`parse_date`: a ``pl.Date`` series, element for element equal to the
    scalar function (applied to the unique values only, the usual forms in polars)."""
    return map_unique(s, parse_date, pl.Date, plain_dates)


def parse_time(s: str | None) -> str | None:
    """``HH:MM`` from ``9:05``, ``09:05``, ``09:05:00``, ``9.05``, ``0905`` or an XLSX
    datetime ``yyyy-mm-dd hh:mm:ss``; seconds are dropped; out-of-range -> ``None``."""
    if not s:
        return None
    text = s.strip()
    if m := _DATETIME.fullmatch(text):
        text = m.group(1).strip()
    m = _HMS.fullmatch(text) or _HHMM.fullmatch(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    second = int(m.group(3)) if m.re is _HMS and m.group(3) else 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}"
