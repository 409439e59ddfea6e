"""Text built by polars written straight to a file: no Python string of it, no re-encoding.

`write_column` writes a string expression over the rows of a frame (each value carries its
own line ends) chunk by chunk through polars' CSV writer with quoting off and no line
terminator: the values' UTF-8 bytes, one after the other, exactly what `"".join(values)`
encoded would give (null values write nothing).
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

CHUNK = 100_000  # rows per string-building step (bounds the memory of one step)


def write_column(out: BinaryIO, df: pl.DataFrame, text: pl.Expr, chunk: int = CHUNK) -> None:
    """Write `text` evaluated on every row of `df`, in row order, to `out` (binary)."""
    out.flush()  # what Python buffered so far goes first
    for offset in range(0, df.height, chunk):
        part = df.slice(offset, chunk).select(text.alias("text"))
        part.write_csv(out, include_header=False, quote_style="never", line_terminator="")
    out.flush()


def write_lines(out: BinaryIO, lines: pl.Series, chunk: int = CHUNK) -> None:
    """Write the strings of `lines` (each ending its line) in order to `out` (binary)."""
    write_column(out, lines.to_frame("text"), pl.col("text"), chunk)
