"""Shared pieces of the readers: header names, required columns, the raw table frame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from iob.errors import DeliveryRejected
from transforms.schema import Table

STRUCTURAL_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "file": pl.String,
    "sheet": pl.String,
    "line": pl.Int64,
    "register": pl.String,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
}


@dataclass(frozen=True)
class Provenance:
    """What the raw frame of one delivery carries on every row."""

    file: str
    sheet: str
    delivery_date: date
    sha256: str
    gemeente_levering: str


def header_names(cells: Sequence[str | None]) -> list[str]:
    """Lower-cased, trimmed column names; BOM and surrounding quotes stripped.

    An empty header cell becomes ``kolom_<n>`` (1-based position) so the column is kept.
    """
    names = []
    for i, cell in enumerate(cells, start=1):
        name = (cell or "").replace("\ufeff", "").strip().strip('"').strip().lower()
        names.append(name or f"kolom_{i}")
    return names


def check_header(file: str, names: Sequence[str], table: Table, where: str = "") -> None:
    """Reject a header with a repeated name or without a required column."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DeliveryRejected(file, f"kolom '{name}' staat twee keer in de kopregel{where}")
        seen.add(name)
    missing = [c for c in table.required_columns if c not in seen]
    if len(missing) == 1:
        raise DeliveryRejected(file, f"verplichte kolom '{missing[0]}' ontbreekt{where}")
    if missing:
        listed = ", ".join(f"'{c}'" for c in missing)
        raise DeliveryRejected(file, f"verplichte kolommen {listed} ontbreken{where}")


def duplicate_flags(frame: pl.DataFrame) -> pl.Series:
    """True where a row repeats an earlier row of the frame in every column."""
    if frame.height == 0 or frame.width == 0:
        return pl.Series("_duplicaat", [False] * frame.height, dtype=pl.Boolean)
    return frame.select((~pl.struct(pl.all()).is_first_distinct()).alias("_duplicaat")).to_series()


def raw_table_frame(
    data: pl.DataFrame, lines: pl.Series, duplicates: pl.Series, table: Table, prov: Provenance
) -> pl.DataFrame:
    """Contract columns first (missing optional ones as null), then extras, then provenance.

    Every data column is String with the empty string turned into null.
    """
    present = set(data.columns)
    extras = [c for c in data.columns if c not in table.column_names]
    has_empty = data.select((pl.all() == "").any()).row(0, named=True) if data.width else {}
    columns = []
    for name in [*table.column_names, *extras]:
        if name not in present:
            columns.append(pl.lit(None, dtype=pl.String).alias(name))
        elif has_empty[name]:  # only these need a copy; the others stay zero-copy
            empty = pl.col(name) == ""
            columns.append(pl.when(empty).then(None).otherwise(pl.col(name)).alias(name))
        else:
            columns.append(pl.col(name))
    return data.select(
        *columns,
        pl.lit(prov.file, dtype=pl.String).alias("_file"),
        pl.lit(prov.sheet, dtype=pl.String).alias("_sheet"),
        lines.cast(pl.Int64).alias("_line"),
        pl.lit(prov.delivery_date, dtype=pl.Date).alias("_delivery_date"),
        pl.lit(prov.sha256, dtype=pl.String).alias("_sha256"),
        pl.lit(prov.gemeente_levering, dtype=pl.String).alias("_gemeente_levering"),
        duplicates.cast(pl.Boolean).alias("_duplicaat"),
    )


@dataclass(frozen=True)
class BadRecord:
    """A record that could not be split into the header's fields."""

    line: int
    fields: list[str]


def structural_frame(
    bad: Sequence[BadRecord], names: Sequence[str], table: Table, prov: Provenance
) -> pl.DataFrame:
    """One quarantine row per bad record. The value shown is the record id field, if any,
    never the whole line (it may hold an ID number)."""
    id_pos = names.index(table.record_id) if table.record_id in names else None
    rows = []
    for rec in bad:
        value = rec.fields[id_pos] if id_pos is not None and id_pos < len(rec.fields) else None
        reason = (
            f"regel heeft {len(rec.fields)} velden, verwacht {len(names)} "
            "(afgebroken of verschoven regel)"
        )
        rows.append(
            {
                "file": prov.file,
                "sheet": prov.sheet,
                "line": rec.line,
                "register": table.register,
                "column": None,
                "value": (value or None) and value[:200],
                "reason": reason,
            }
        )
    return pl.DataFrame(rows, schema=STRUCTURAL_SCHEMA)


def empty_structural() -> pl.DataFrame:
    return pl.DataFrame(schema=STRUCTURAL_SCHEMA)
