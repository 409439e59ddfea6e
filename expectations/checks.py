"""The row checks of one register table, derived from `transforms/schema.py`.

Each `Check` is one great-expectations expectation (type + kwargs, checked on the pandas
copy of the batch) plus what the quarantine needs when a row fails it: the column to
blame, the offending value and the Dutch reason. This module is pure: no GX import, so
the suite can be read and tested without GX's import cost.

Derived columns (computed in polars by `derived_columns`, then checked by GX like any other
column) keep the GX run fast and the suite complete:
- `_zonder_dossier`: a Bibob party whose dossiernummer is not in the dossiers sheet.
- `<date>__na_levering`, `<date>__voor_1900`, `<later>__voor_<earlier>`: the date
  comparisons. GX's column-pair expectation copies the whole batch per expectation and its
  `between` with a date bound maps every value in Python: both slow at 300k rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from iob.reference import REGIO, deelnemers
from transforms.schema import Kind, Table

#: kinds the cleaner parses; each has `<col>__raw` and `<col>__ongeldig`
PARSED_KINDS: frozenset[Kind] = frozenset({
    "gemeentecode", "kvk", "postcode", "huisnummer", "date", "time", "int", "decimal",
    "jn", "country",
})
GEBOORTE_MINIMUM = dt.date(1900, 1, 1)
MASKER = "*********"
DELIVERY = "_delivery_date"
ZONDER_DOSSIER = "_zonder_dossier"

_ONGELDIG: dict[str, str] = {
    "gemeentecode": "is geen geldige gemeentecode (GM + 4 cijfers)",
    "kvk": "is geen geldig KvK-nummer (8 cijfers)",
    "postcode": "is geen geldige postcode",
    "huisnummer": "is geen geldig huisnummer",
    "date": "is geen geldige datum",
    "time": "is geen geldige tijd (uu:mm)",
    "int": "is geen geheel getal",
    "decimal": "is geen getal",
    "jn": "is geen ja of nee",
    "country": "is geen geldige landcode",
}


@dataclass(frozen=True, eq=False)
class Check:
    """One expectation and how a failure reads in quarantine."""

    key: str  # stable id, stored in the expectation's meta as `check`
    type: str  # GX expectation type, e.g. `expect_column_values_to_be_in_set`
    kwargs: dict[str, Any]
    description: str  # what is checked, in Dutch (shown in the suite and Data Docs)
    column: str | None  # the column to blame in quarantine
    reason: pl.Expr  # Dutch reason for a failing row
    value: pl.Expr | None = None  # the offending value shown in quarantine
    unless: str | None = None  # skip the reason when this Boolean column is True
    derived: pl.Expr | None = None  # polars expression of the Boolean column GX checks

    @property
    def columns(self) -> tuple[str, ...]:
        cols = [self.kwargs[k] for k in ("column", "column_A", "column_B") if k in self.kwargs]
        return tuple(cols)


def _q(expr: pl.Expr) -> pl.Expr:
    """`'value'` as text."""
    return pl.concat_str(pl.lit("'"), expr.cast(pl.String), pl.lit("'"))


def _text(table: Table, col: str) -> pl.Expr:
    """The value as delivered: the raw text for parsed kinds, else the clean value."""
    kind = table.column(col).kind
    if kind == "id_nummer":
        return pl.lit(MASKER)
    if kind in PARSED_KINDS:
        return pl.coalesce(pl.col(f"{col}__raw"), pl.col(col).cast(pl.String))
    return pl.col(col).cast(pl.String)


def _say(*parts: str | pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in parts])


def _leverdatum() -> pl.Expr:
    return pl.col(DELIVERY).dt.to_string("%Y-%m-%d")


def _in_set(col: str, values: list[str]) -> dict[str, Any]:
    return {"column": col, "value_set": values}


def _is_false(col: str) -> dict[str, Any]:
    return {"column": col, "value_set": [False]}


IN_SET = "expect_column_values_to_be_in_set"
NOT_NULL = "expect_column_values_to_not_be_null"
BETWEEN = "expect_column_values_to_be_between"


def _column_checks(table: Table, name: str) -> list[Check]:
    col = table.column(name)
    value = _text(table, name)
    out: list[Check] = []
    if col.kind in PARSED_KINDS:
        flag = f"{name}__ongeldig"
        out.append(Check(
            f"{name}.geldig", IN_SET, _is_false(flag),
            f"{name} is leesbaar waar een waarde is geleverd ({col.kind})", name,
            _say(name, " ", _q(value), " ", _ONGELDIG[col.kind]), value))
    if col.required:
        out.append(Check(
            f"{name}.verplicht", NOT_NULL, {"column": name}, f"{name} is verplicht", name,
            _say(name, " is verplicht maar leeg"), pl.lit(None, pl.String),
            unless=f"{name}__ongeldig" if col.kind in PARSED_KINDS else None))
    if col.kind == "enum":
        allowed = ", ".join(col.values)
        out.append(Check(
            f"{name}.waardenlijst", IN_SET, _in_set(name, list(col.values)),
            f"{name} is een van: {allowed}", name,
            _say(name, " ", _q(value), f" is geen toegestane waarde ({allowed})"), value))
    if col.minimum is not None:
        m = f"{col.minimum:g}"
        out.append(Check(
            f"{name}.minimum", BETWEEN, {"column": name, "min_value": col.minimum},
            f"{name} is minstens {m}", name,
            _say(name, " ", _q(value), f" is kleiner dan {m}"), value))
    if col.kind == "gemeentecode":
        codes = sorted(deelnemers())
        out.append(Check(
            f"{name}.deelnemer", IN_SET, _in_set(name, codes),
            f"{name} is een deelnemende gemeente van regio {REGIO}: {', '.join(codes)}", name,
            _say(name, " ", _q(value), f" doet niet mee in regio {REGIO}"), value))
    if name in table.date_not_after_delivery or name in table.birth_dates:
        flag = f"{name}__na_levering"
        out.append(Check(
            f"{name}.niet_na_levering", IN_SET, _is_false(flag),
            f"{name} ligt niet na de leverdatum", name,
            _say(name, " ", _q(value), " ligt na de leverdatum ", _leverdatum()), value,
            derived=(pl.col(name) > pl.col(DELIVERY)).fill_null(False).alias(flag)))
    if name in table.birth_dates:
        flag = f"{name}__voor_1900"
        out.append(Check(
            f"{name}.na_1900", IN_SET, _is_false(flag),
            f"{name} ligt niet vóór {GEBOORTE_MINIMUM.isoformat()}", name,
            _say(name, " ", _q(value), f" ligt vóór {GEBOORTE_MINIMUM.isoformat()}"), value,
            derived=(pl.col(name) < GEBOORTE_MINIMUM).fill_null(False).alias(flag)))
    for later, earlier in table.not_before:
        if later == name:
            flag = f"{later}__voor_{earlier}"
            out.append(Check(
                f"{later}.niet_voor_{earlier}", IN_SET, _is_false(flag),
                f"{later} ligt niet vóór {earlier}", later,
                _say(f"{later} ligt vóór {earlier}"), value,
                derived=(pl.col(later) < pl.col(earlier)).fill_null(False).alias(flag)))
    if col.kind == "id_nummer":
        out.append(Check(
            f"{name}.geen_bsn", IN_SET, _is_false(f"{name}__bsn"),
            f"{name} is geen BSN (9 cijfers die de elfproef halen)", name,
            _say(f"{name} lijkt een BSN (gemaskeerd); een BSN mag nooit worden opgeslagen"),
            value))
    return out


def checks(table: Table) -> list[Check]:
    """All row checks of `table`, in column order, then the row-level checks."""
    out = [c for name in table.column_names for c in _column_checks(table, name)]
    if table.parent_key is not None:
        key = table.parent_key
        out.append(Check(
            f"{key}.bekend_dossier", IN_SET, _is_false(ZONDER_DOSSIER),
            f"{key} staat in het tabblad dossiers", key,
            _say(key, " ", _q(pl.col(key)), " staat niet in het tabblad dossiers"),
            pl.col(key)))
    out.append(Check(
        "regel.geen_duplicaat", IN_SET, _is_false("_duplicaat"),
        "regel is geen exacte herhaling van een eerdere regel in hetzelfde bestand", None,
        _say("regel is een exacte herhaling van een eerdere regel in dit bestand"), None))
    return out


def derived_columns(table: Table, parent_ids: set[str] | None) -> list[pl.Expr]:
    """Polars expressions for the derived columns the checks of `table` read."""
    out = [c.derived for c in checks(table) if c.derived is not None]
    if table.parent_key is not None:
        key = pl.col(table.parent_key)
        missing = (pl.lit(False) if parent_ids is None
                   else key.is_not_null() & ~key.is_in(sorted(parent_ids)))
        out.append(missing.alias(ZONDER_DOSSIER))
    return out
