"""Spreadsheet safety: no cell may start a formula (outputs.md)."""

from __future__ import annotations

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str | None) -> str | None:
    """Prefix `'` to text a spreadsheet would read as a formula."""
    if text is None:
        return None
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_expr(column: str) -> pl.Expr:
    col = pl.col(column).cast(pl.String)
    starts = pl.any_horizontal([col.str.starts_with(s) for s in FORMULA_STARTS])
    return pl.when(starts).then(pl.lit("'") + col).otherwise(col).alias(column)
