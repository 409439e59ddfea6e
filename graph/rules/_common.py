"""What every rule shares: the context it runs in, the raw signal shape and the finishing step.

A rule returns a *raw* frame, one row per signal: `kern` (the core entity ids and, where the
core is not an entity, a stable key such as `serienummer:<n>`; the signal id hashes the rule
and the sorted kern, never dates or evidence), `entity_ids`, `evidence`, `toelichting`,
`score`. `finish` adds the id, title, municipalities, bovenlokaal flag, date span and the
internal `bibob` flag from the evidence rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from graph.catalogue import titel
from graph.frames import Frames
from graph.net import Net

RAW_SCHEMA: dict[str, pl.DataType] = {
    "kern": pl.List(pl.String()), "entity_ids": pl.List(pl.String()),
    "evidence": pl.List(pl.String()), "toelichting": pl.String(), "score": pl.Float64(),
}
SIGNAL_SCHEMA: dict[str, pl.DataType] = {
    "signal_id": pl.String(), "rule": pl.String(), "titel": pl.String(),
    "gemeentecodes": pl.List(pl.String()), "bovenlokaal": pl.Boolean(), "score": pl.Float64(),
    "entity_ids": pl.List(pl.String()), "evidence": pl.List(pl.String()),
    "toelichting": pl.String(), "eerste_datum": pl.Date(), "laatste_datum": pl.Date(),
    "bibob": pl.Boolean(),
}


@dataclass
class Context:
    frames: Frames  # the register rows up to `as_of`
    net: Net  # the entity graph (graph.net; every row, as graph.build builds it)
    as_of: date
    # filled while running: rule code -> finished signals (netwerk rules read heling's)
    done: dict[str, pl.DataFrame] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # shared intermediate results


def raw(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Raw signals from Python rows (keys as RAW_SCHEMA)."""
    return pl.DataFrame(rows, schema=RAW_SCHEMA)


def empty_raw() -> pl.DataFrame:
    return pl.DataFrame(schema=RAW_SCHEMA)


def signal_id(rule: str, kern: list[str]) -> str:
    text = "\x1f".join([rule, *sorted(set(kern))])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def finish(rule: str, r: pl.DataFrame, f: Frames) -> pl.DataFrame:
    """Raw signals -> signals with the outputs.md columns (+ `bibob`)."""
    if r.is_empty():
        return pl.DataFrame(schema=SIGNAL_SCHEMA)
    r = r.with_row_index("_i").with_columns(
        pl.col("evidence").list.unique().list.sort(),
        pl.col("entity_ids").list.unique().list.sort(),
    )
    rows = r.select("_i", "evidence").explode("evidence")
    # the index rows of this evidence first: a scan instead of hashing every index row
    index = f.index.filter(pl.col("ev").is_in(rows["evidence"].drop_nulls().unique().implode()))
    spans = (
        rows.join(index, left_on="evidence", right_on="ev", how="left")
        .group_by("_i")
        .agg(pl.col("gemeentecode").drop_nulls().unique().sort().alias("gemeentecodes"),
             pl.col("datum_van").min().alias("eerste_datum"),
             pl.col("datum_tot").max().alias("laatste_datum"),
             (pl.col("register") == "bibob").any().alias("bibob"))
    )
    out = r.join(spans, on="_i", how="left").sort("_i")
    ids = [signal_id(rule, k) for k in out["kern"].to_list()]
    return out.with_columns(
        pl.Series("signal_id", ids, dtype=pl.String),
        pl.lit(rule).alias("rule"),
        pl.lit(titel(rule)).alias("titel"),
        (pl.col("gemeentecodes").list.len() > 1).alias("bovenlokaal"),
        pl.col("score").clip(0.0, 1.0),
        pl.col("bibob").fill_null(False),
    ).select(list(SIGNAL_SCHEMA)).unique("signal_id", keep="first", maintain_order=True)


def n_tekst(n: int, enkel: str, meervoud: str) -> str:
    return f"{n} {enkel if n == 1 else meervoud}"


def flat(name: str) -> pl.Expr:
    """A list column's items, as the aggregate of a group (lists of all rows concatenated)."""
    return pl.col(name).list.explode(keep_nulls=False, empty_as_null=False)
