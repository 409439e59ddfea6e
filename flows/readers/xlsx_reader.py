"""XLSX deliveries: named sheets (matched case-insensitively after trimming), header in the
first non-empty row, typed cells turned into text as internals.md fixes."""

from __future__ import annotations

from dataclasses import dataclass, replace

import fastexcel
import polars as pl

from flows.readers.frames import (
    Provenance,
    check_header,
    duplicate_flags,
    header_names,
    raw_table_frame,
)
from flows.readers.sniff import ZIP_MAGIC, check_not_empty
from iob.errors import DeliveryRejected
from transforms.schema import Table

NOT_EXCEL = "bestand heet .xlsx maar is geen Excel-bestand"
# fastexcel renders date cells as 'yyyy-mm-dd hh:mm:ss'; the raw layer keeps the date.
_DATETIME = r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$"


@dataclass(frozen=True)
class SheetResult:
    table: pl.DataFrame
    rows_in: int


def open_workbook(file: str, data: bytes) -> fastexcel.ExcelReader:
    check_not_empty(file, data)
    if not data.startswith(ZIP_MAGIC):
        hint = " (het lijkt een tekstbestand; lever CSV als .csv)" if b";" in data[:4096] else ""
        raise DeliveryRejected(file, NOT_EXCEL + hint)
    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel raises its own and calamine errors for corrupt zips
        raise DeliveryRejected(file, f"{NOT_EXCEL} (niet te openen: {type(exc).__name__})") from exc


def find_sheets(file: str, reader: fastexcel.ExcelReader, tables: tuple[Table, ...]) -> list[str]:
    """The workbook's sheet name for each table; reject naming the missing sheet(s)."""
    found = list(reader.sheet_names)
    by_key = {name.strip().lower(): name for name in found}
    wanted = [t.sheet or t.name for t in tables]
    missing = [w for w in wanted if w not in by_key]
    if missing:
        listed = ", ".join(f"'{n}'" for n in found) or "geen"
        if len(missing) == 1:
            cause = f"tabblad '{missing[0]}' ontbreekt"
        else:
            cause = "tabbladen " + ", ".join(f"'{m}'" for m in missing) + " ontbreken"
        raise DeliveryRejected(file, f"{cause} (gevonden: {listed})")
    return [by_key[w] for w in wanted]


def _cell_text(col: str) -> pl.Expr:
    c = pl.col(col)
    return pl.when(c.str.contains(_DATETIME)).then(c.str.slice(0, 10)).otherwise(c).alias(col)


def read_sheet(
    reader: fastexcel.ExcelReader, sheet: str, table: Table, prov: Provenance
) -> SheetResult:
    """One sheet as a raw table frame; `_line` is the sheet row number (header row = 1)."""
    prov = replace(prov, sheet=sheet)
    grid = reader.load_sheet(sheet, header_row=None, dtypes="string", skip_rows=0).to_polars()
    grid = grid.with_row_index("_row", offset=1)
    cells = [c for c in grid.columns if c != "_row"]
    filled = (
        pl.any_horizontal(
            [pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "") for c in cells]
        )
        if cells
        else pl.lit(False)
    )
    grid = grid.filter(filled)
    where = f" in tabblad '{sheet}'"
    if grid.height == 0:
        raise DeliveryRejected(prov.file, f"tabblad '{sheet}' is leeg (geen kopregel)")
    names = header_names([grid.item(0, c) for c in cells])
    check_header(prov.file, names, table, where)
    body = grid.slice(1).rename(dict(zip(cells, names, strict=True)))
    data = body.select([_cell_text(n) for n in names])
    raw = raw_table_frame(data, body.get_column("_row"), duplicate_flags(data), table, prov)
    return SheetResult(raw, raw.height)
