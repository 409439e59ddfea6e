"""CSV deliveries: `;`-separated, UTF-8 (BOM or not) or Windows-1252, header in line 1.

Fast path: polars parses the body; the parse is accepted only when a cheap count proves
every record had exactly the header's number of fields and one physical line per record
(plus the newlines inside quoted values). Anything else (ragged rows, blank lines, stray
quotes, byte-duplicate candidates in a file with quotes) goes through `csv_records`, which
is exact and slower.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import polars as pl

from flows.readers.csv_records import split_records
from flows.readers.frames import (
    BadRecord,
    Provenance,
    check_header,
    duplicate_flags,
    empty_structural,
    header_names,
    raw_table_frame,
    structural_frame,
)
from flows.readers.sniff import decode_csv
from iob.errors import DeliveryRejected
from transforms.schema import Table

_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass(frozen=True)
class CsvResult:
    table: pl.DataFrame
    structural: pl.DataFrame
    rows_in: int


def _header(file: str, utf8: bytes) -> tuple[list[str], bytes]:
    end = utf8.find(b"\n")
    head = utf8 if end < 0 else utf8[:end]
    body = b"" if end < 0 else utf8[end + 1 :]
    line = head.decode("utf-8").rstrip("\r")
    if not line.strip():
        raise DeliveryRejected(file, "kopregel (regel 1) is leeg")
    if ";" not in line and "," in line:
        raise DeliveryRejected(
            file, "scheidingsteken lijkt ',' in plaats van ';' (sla op als CSV met ';')"
        )
    cells = next(csv.reader([line], delimiter=";", quotechar='"'))
    return header_names(cells), body


def _fast(body: bytes, names: list[str]) -> tuple[pl.DataFrame, pl.Series] | None:
    """Parse with polars; None when the result cannot be proven exact."""
    try:
        frame = pl.read_csv(
            body,
            has_header=False,
            separator=";",
            quote_char='"',
            schema=dict.fromkeys(names, pl.String),
            infer_schema=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None
    n = frame.height
    quoted = b'"' in body
    in_values_sep = in_values_nl = 0
    newlines = None
    if quoted:
        counts = frame.select(
            pl.sum_horizontal(pl.all().str.count_matches(";", literal=True).fill_null(0)).sum(),
            pl.sum_horizontal(pl.all().str.count_matches("\n", literal=True).fill_null(0)).alias(
                "nl"
            ),
        )
        in_values_sep = int(counts.item(0, 0) or 0)
        newlines = counts.get_column("nl")
        in_values_nl = int(newlines.sum())
    if body.count(b";") != (len(names) - 1) * n + in_values_sep:
        return None
    if body.count(b"\n") + (0 if body.endswith(b"\n") else 1) != n + in_values_nl:
        return None
    if in_values_nl and newlines is not None:
        lines = pl.int_range(2, n + 2, eager=True) + newlines.cum_sum() - newlines
    else:
        lines = pl.int_range(2, n + 2, eager=True)
    return frame, lines


def _slow(
    body: bytes, names: list[str]
) -> tuple[pl.DataFrame, pl.Series, pl.Series, list[BadRecord]]:
    text = body.decode("utf-8")
    text = _LONE_CR.sub("\n" if "\n" not in text else " ", text)
    rec = split_records(text, len(names))
    columns = list(zip(*rec.rows, strict=True)) if rec.rows else [()] * len(names)
    frame = pl.DataFrame(
        {name: list(col) for name, col in zip(names, columns, strict=True)},
        schema=dict.fromkeys(names, pl.String),
    )
    lines = pl.Series("_line", rec.lines, dtype=pl.Int64)
    dups = pl.Series("_duplicaat", rec.duplicates, dtype=pl.Boolean)
    return frame, lines, dups, rec.bad


def read_csv_table(data: bytes, table: Table, prov: Provenance) -> CsvResult:
    """Read one CSV delivery into a raw table frame plus structural quarantine rows."""
    text = decode_csv(prov.file, data)
    names, body = _header(prov.file, text.utf8)
    check_header(prov.file, names, table)
    body = body.rstrip(b"\r\n")
    bad: list[BadRecord] = []
    empty = (pl.DataFrame(schema=dict.fromkeys(names, pl.String)), pl.Series([], dtype=pl.Int64))
    fast = _fast(body, names) if body else empty
    if fast is not None:
        frame, lines = fast
        dups = duplicate_flags(frame)
        if b'"' in body and bool(dups.any()):
            fast = None  # quoting can make different bytes parse equal: decide exactly
    if fast is None:
        frame, lines, dups, bad = _slow(body, names)
    structural = structural_frame(bad, names, table, prov) if bad else empty_structural()
    raw = raw_table_frame(frame, lines, dups, table, prov)
    return CsvResult(raw, structural, raw.height + structural.height)
