"""Exact record splitting with the `csv` module: the path for files polars cannot take
as they are (ragged rows, blank lines, stray quotes) and the oracle the fast path is
tested against.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from flows.readers.frames import BadRecord

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Records:
    """Records of a CSV body split by field count; lines are physical (header = 1)."""

    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    duplicates: list[bool] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)


def _physical_lines(body: str) -> Iterator[str]:
    start = 0
    while True:
        end = body.find("\n", start)
        if end < 0:
            if start < len(body):
                yield body[start:]
            return
        yield body[start : end + 1]
        start = end + 1


def split_records(body: str, n_fields: int, first_line: int = 2) -> Records:
    """Split `body` (the text after the header line) into records.

    Blank and whitespace-only lines are skipped (they are not rows). A record whose field
    count differs from `n_fields` is a `BadRecord`. A good record whose raw text (without
    its line ending) equals an earlier good record's is flagged as a duplicate.
    """
    lines = body.split("\n")
    out = Records()
    seen: set[str] = set()
    reader = csv.reader(_physical_lines(body), delimiter=";", quotechar='"', strict=False)
    consumed = 0
    for fields in reader:
        start = consumed
        consumed = reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        line = first_line + start
        if len(fields) != n_fields:
            out.bad.append(BadRecord(line, fields))
            continue
        raw = "\n".join(lines[start:consumed]).rstrip("\r\n")
        out.rows.append(fields)
        out.lines.append(line)
        out.duplicates.append(raw in seen)
        seen.add(raw)
    return out
