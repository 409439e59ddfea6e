"""Exact record splitting with the `csv` module, for files polars cannot take as they are
(ragged rows, blank lines, stray quotes). It only finds where each record starts and ends
and which records have the wrong field count; the good records are parsed again in bulk.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field

from flows.readers.frames import BadRecord

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Scan:
    """Records of a CSV body. Line indices are 0-based into the body's lines; a record
    spans lines ``[start, end)``."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)  # bad records, blank lines


def scan_records(body: str, n_fields: int, first_line: int = 2) -> Scan:
    """Split the body into records the way `csv` reads them. The body's line ends must be
    `\n` or `\r\n` (no lone `\r`), so that `line_num` counts physical lines.

    Blank and whitespace-only lines are skipped (they are not rows). A record whose field
    count differs from `n_fields` becomes a `BadRecord` numbered by its first physical line
    (`first_line` for the body's first line).
    """
    scan = Scan()
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=";", quotechar='"', strict=False)
    end = 0
    for fields in reader:
        start, end = end, reader.line_num
        if len(fields) == n_fields:
            scan.starts.append(start)
            scan.ends.append(end)
        elif not fields or (len(fields) == 1 and not fields[0].strip()):
            scan.skipped.append((start, end))
        else:
            scan.bad.append(BadRecord(first_line + start, fields))
            scan.skipped.append((start, end))
    return scan


def kept_text(lines: list[str], skipped: list[tuple[int, int]]) -> str:
    """The body without the skipped line ranges, joined by newlines."""
    parts = []
    at = 0
    for start, end in skipped:
        if start > at:
            parts.append("\n".join(lines[at:start]))
        at = end
    if at < len(lines):
        parts.append("\n".join(lines[at:]))
    return "\n".join(parts)


def parse_rows(text: str) -> list[list[str]]:
    """All records of `text` (no blank lines in it) as field lists."""
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
