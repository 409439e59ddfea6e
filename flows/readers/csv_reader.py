"""CSV deliveries: `;`-separated, UTF-8 (BOM or not) or Windows-1252, header in line 1.

Fast path: polars parses the whole file; the parse is accepted only when a count proves
every record had exactly the header's number of fields (polars raises on too many; the
`;` count in the file must equal the separators of complete rows plus the `;` inside
values). Anything else (ragged rows, blank lines, stray quotes) takes the exact path:
the `csv` module finds each record's lines and field count, bad records go to the
structural quarantine, and the good ones are parsed again in bulk.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from flows.readers.csv_records import kept_text, parse_rows, scan_records
from flows.readers.frames import (
    BadRecord,
    Provenance,
    check_header,
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


@dataclass(frozen=True)
class Parsed:
    """Good records: `starts`/`ends` are 0-based body line indices, a record spans
    ``[start, end)``; the header is line 1, so the record's line is ``start + 2``."""

    frame: pl.DataFrame
    starts: pl.Series
    ends: pl.Series


def _header(file: str, utf8: bytes) -> tuple[list[str], int]:
    """Column names and the offset where the body starts."""
    end = utf8.find(b"\n")
    line = (utf8 if end < 0 else utf8[:end]).decode("utf-8").rstrip("\r")
    if not line.strip():
        raise DeliveryRejected(file, "kopregel (regel 1) is leeg")
    if ";" not in line:
        for sep, label in ((",", "','"), ("\t", "een tab")):
            if sep in line:
                raise DeliveryRejected(
                    file,
                    f"scheidingsteken lijkt {label} in plaats van ';' (sla op als CSV met ';')",
                )
    cells = next(csv.reader([line], delimiter=";", quotechar='"'))
    return header_names(cells), len(utf8) if end < 0 else end + 1


def _polars(data: bytes, names: list[str], header: bool) -> Parsed | None:
    """Parse with polars; None when the result cannot be proven exact."""
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_lines=1 if header else 0,
            separator=";",
            quote_char='"',
            schema=dict.fromkeys(names, pl.String),
            infer_schema=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None
    n = frame.height
    head_seps = head_lines = 0
    if header:
        head_end = data.find(b"\n")
        head_seps = data[: head_end if head_end >= 0 else len(data)].count(b";")
        head_lines = 1
    in_values = 0
    if b'"' in data:
        counts = frame.select(pl.sum_horizontal(pl.all().str.count_matches(";", literal=True)))
        in_values = int(counts.to_series().sum())
    if data.count(b";") - head_seps != (len(names) - 1) * n + in_values:
        return None
    starts = pl.int_range(0, n, eager=True, dtype=pl.Int64)
    lines = data.count(b"\n") - head_lines + (0 if data.endswith(b"\n") else 1)
    if lines == n:
        return Parsed(frame, starts, starts + 1)
    newlines = frame.select(
        pl.sum_horizontal(pl.all().str.count_matches("\n", literal=True).fill_null(0))
    ).to_series()
    if lines != n + newlines.sum():
        return None
    starts = starts + newlines.cum_sum() - newlines
    return Parsed(frame, starts, starts + newlines + 1)


def _exact(body: str, names: list[str]) -> tuple[Parsed, list[BadRecord]]:
    if "\r" in body and _LONE_CR.search(body):
        body = _LONE_CR.sub("\n" if "\n" not in body else " ", body)
    scan = scan_records(body, len(names))
    lines = body.split("\n")
    text = kept_text(lines, scan.skipped)
    starts = pl.Series(scan.starts, dtype=pl.Int64)
    ends = pl.Series(scan.ends, dtype=pl.Int64)
    parsed = _polars(text.encode("utf-8"), names, header=False) if text else None
    if parsed is not None and parsed.frame.height == len(starts):
        return Parsed(parsed.frame, starts, ends), scan.bad
    rows = parse_rows(text) if text else []
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    frame = pl.DataFrame(
        {name: list(col) for name, col in zip(names, columns, strict=True)},
        schema=dict.fromkeys(names, pl.String),
    )
    return Parsed(frame, starts, ends), scan.bad


def _candidates(frame: pl.DataFrame, key: str | None) -> list[int]:
    """Rows that may repeat another row: equal raw text means equal values, so equal key
    (the record id, cheap) and then equal row hash."""
    rows = frame.with_row_index("_iob_rij")
    if key in frame.columns:
        rows = rows.filter(pl.col(key).is_duplicated())
    if rows.height == 0:
        return []
    hashes = rows.drop("_iob_rij").hash_rows()
    return rows.get_column("_iob_rij").filter(hashes.is_duplicated()).to_list()


def _byte_duplicates(parsed: Parsed, key: str | None, body: Callable[[], str]) -> pl.Series:
    """True where a record's raw text repeats an earlier good record's, byte for byte."""
    flags = [False] * parsed.frame.height
    candidates = _candidates(parsed.frame, key) if parsed.frame.height > 1 else []
    if candidates:
        lines = body().split("\n")
        starts, ends = parsed.starts.to_list(), parsed.ends.to_list()
        seen: set[str] = set()
        for i in candidates:
            raw = "\n".join(lines[starts[i] : ends[i]]).rstrip("\r")
            flags[i] = raw in seen
            seen.add(raw)
    return pl.Series("_duplicaat", flags, dtype=pl.Boolean)


def read_csv_table(data: bytes, table: Table, prov: Provenance) -> CsvResult:
    """Read one CSV delivery into a raw table frame plus structural quarantine rows."""
    utf8 = decode_csv(prov.file, data).utf8
    names, body_at = _header(prov.file, utf8)
    check_header(prov.file, names, table)
    bad: list[BadRecord] = []
    if utf8.endswith((b"\n\n", b"\n\r\n")):
        utf8 = utf8.rstrip(b"\r\n") + b"\n"

    def body() -> str:
        end = len(utf8)
        while end > body_at and utf8[end - 1] in b"\r\n":
            end -= 1
        return str(memoryview(utf8)[body_at:end], "utf-8")

    parsed = _polars(utf8, names, header=True)
    if parsed is None:
        parsed, bad = _exact(body(), names)
    dups = _byte_duplicates(parsed, table.record_id, body)
    structural = structural_frame(bad, names, table, prov) if bad else empty_structural()
    raw = raw_table_frame(parsed.frame, parsed.starts + 2, dups, table, prov)
    return CsvResult(raw, structural, raw.height + structural.height)
