"""Entry point: read one delivery file (CSV or XLSX) into raw table frames."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from flows.readers.csv_reader import read_csv_table
from flows.readers.frames import Provenance, empty_structural
from flows.readers.names import parse_delivery_name
from flows.readers.xlsx_reader import find_sheets, open_workbook, read_sheet
from iob.errors import DeliveryRejected
from transforms.schema import REGISTER_SPECS, Register


@dataclass(frozen=True)
class Delivery:
    """One delivery file as read: raw table frames plus rows that could not be split.

    rows_in counts every data row of every sheet, structurally bad ones included, so
    ``rows_in == sum(len(t) for t in tables.values()) + len(structural)``.
    """

    file: str
    register: str
    gemeente_levering: str
    delivery_date: date
    sha256: str
    tables: dict[str, pl.DataFrame]
    structural: pl.DataFrame
    rows_in: int


def _check_format(file: str, spec: Register, extension: str) -> None:
    if extension in spec.formats:
        return
    if spec.name == "bibob":
        sheets = " en ".join(f"'{t.sheet}'" for t in spec.tables)
        raise DeliveryRejected(
            file,
            f"bibob wordt aangeleverd als Excel-bestand (.xlsx) met tabbladen {sheets}, "
            f"niet als .{extension}",
        )
    allowed = " of ".join(f".{f}" for f in spec.formats)
    raise DeliveryRejected(
        file, f"{spec.name} wordt aangeleverd als {allowed}, niet als .{extension}"
    )


def read_delivery(path: Path, register: str | None = None) -> Delivery:
    """Read a delivery file once, hash its bytes, and split it into raw table frames.

    `register`, when given (the landing folder the file was found in), must match the
    register in the file name. Raises `DeliveryRejected` for a file that cannot be read.
    """
    file = path.name
    name = parse_delivery_name(file)
    if register is not None and register != name.register:
        raise DeliveryRejected(
            file,
            f"bestand staat bij register '{register}' maar de naam zegt '{name.register}'; "
            "hernoem het of lever het bij het juiste register",
        )
    spec = REGISTER_SPECS[name.register]
    _check_format(file, spec, name.extension)
    data = path.read_bytes()
    prov = Provenance(
        file=file,
        sheet="",
        delivery_date=name.delivery_date,
        sha256=hashlib.sha256(data).hexdigest(),
        gemeente_levering=name.gemeentecode,
    )
    tables: dict[str, pl.DataFrame] = {}
    structural = empty_structural()
    rows_in = 0
    if name.extension == "csv":
        (table,) = spec.tables
        result = read_csv_table(data, table, prov)
        tables[table.name] = result.table
        structural, rows_in = result.structural, result.rows_in
    else:
        reader = open_workbook(file, data)
        for table, sheet in zip(spec.tables, find_sheets(file, reader, spec.tables), strict=True):
            sheet_result = read_sheet(reader, sheet, table, prov)
            tables[table.name] = sheet_result.table
            rows_in += sheet_result.rows_in
    return Delivery(
        file=file,
        register=name.register,
        gemeente_levering=name.gemeentecode,
        delivery_date=name.delivery_date,
        sha256=prov.sha256,
        tables=tables,
        structural=structural,
        rows_in=rows_in,
    )
