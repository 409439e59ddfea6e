"""A links CSV for the i2 Analyst's Notebook import wizard: one row per relation.

Columns: entiteit_1;relatie;entiteit_2;datum, then soort/label of both ends, register and
evidence. `;`-separated UTF-8 with BOM; no cell starts with `=`, `+`, `-` or `@` (prefixed
with `'`, so a spreadsheet never runs it as a formula). Written from the export frames
(outputs/exports/frames.py): rows sorted, quoted as Python's csv module quotes (minimal).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from outputs.exports.frames import ExportGraph, as_export_graph, compartment_frames, with_ends
from outputs.exports.splice import SEP, Plan, Previous, Section, write_from
from outputs.safe import FORMULA_STARTS

if TYPE_CHECKING:
    import networkx as nx

HEADER = ("entiteit_1", "relatie", "entiteit_2", "datum", "soort_1", "label_1", "soort_2",
          "label_2", "register", "bewijs")
LIST_SEP = " | "


def neutralise(cell: str) -> str:
    """Prefix text that a spreadsheet would read as a formula with `'`."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _neutral(col: pl.Expr) -> pl.Expr:
    starts = pl.any_horizontal([col.str.starts_with(s) for s in FORMULA_STARTS])
    return pl.when(starts).then(pl.concat_str(pl.lit("'"), col)).otherwise(col)


def _cell(df: pl.DataFrame, c: str | None) -> pl.Expr:
    """A column as the CSV's text: missing and null empty, dates ISO, lists ` | `-joined."""
    if c is None or c not in df.columns:
        return pl.lit("")
    t = df.schema[c]
    col = pl.col(c)
    if isinstance(t, pl.List):
        text = col.list.eval(pl.element().cast(pl.String)).list.join(LIST_SEP)
    elif t == pl.Boolean:
        text = pl.when(col).then(pl.lit("True")).otherwise(pl.lit("False"))
    elif t.is_float():
        text = col.map_elements(repr, return_dtype=pl.String)
    else:
        text = col.cast(pl.String)
    return text.fill_null("")


def _cell_or_null(df: pl.DataFrame, c: str) -> pl.Expr:
    """As `_cell`, null where the column is null or absent (a node without a label)."""
    if c not in df.columns:
        return pl.lit(None, dtype=pl.String)
    return pl.when(pl.col(c).is_null()).then(pl.lit(None, dtype=pl.String)) \
        .otherwise(_cell(df, c))


def link_frame(g: ExportGraph | nx.Graph, include_bibob: bool = False) -> pl.DataFrame:
    """One row per edge (columns `HEADER`, sorted), every cell text and neutralised."""
    eg = compartment_frames(as_export_graph(g), include_bibob)
    nodes = eg.nodes.select(
        "node", _cell(eg.nodes, "soort").alias("soort"),
        (_cell_or_null(eg.nodes, "label").fill_null(pl.col("node"))).alias("label"))
    e = eg.edges
    rows = e.select(
        pl.col("u").alias("entiteit_1"), _cell(e, "relatie").alias("relatie"),
        pl.col("v").alias("entiteit_2"), _cell(e, "datum").alias("datum"),
        _cell(e, "register").alias("register"), _cell(e, "evidence").alias("bewijs"),
    )
    rows = with_ends(rows, nodes, ("entiteit_1", "entiteit_2"),
                     ({"soort": "soort_1", "label": "label_1"},
                      {"soort": "soort_2", "label": "label_2"})).with_columns(
        pl.col(c).fill_null("") for c in ("soort_1", "label_1", "soort_2", "label_2"))
    found = rows.select(
        pl.any_horizontal([pl.col(c).str.starts_with(s) for s in FORMULA_STARTS]).any()
        .alias(c) for c in HEADER).row(0)
    starts = {c for c, has in zip(HEADER, found, strict=True) if has}
    rows = rows.select(_neutral(pl.col(c)).alias(c) if c in starts else pl.col(c)
                       for c in HEADER)  # only the columns that have such a cell
    first = list(HEADER[:3])  # (entity, relation, entity) is nearly always unique: then
    rows = rows.sort(first)  # sorting by it is enough; else by every column
    if rows.height > 1 and rows.select(
            pl.all_horizontal(pl.col(c) == pl.col(c).shift(1) for c in first).any()).item():
        return rows.sort(list(HEADER))
    return rows


def link_rows(g: ExportGraph | nx.Graph, include_bibob: bool = False
              ) -> list[tuple[str, ...]]:
    """Header + one row per edge (sorted), every cell neutralised."""
    return [HEADER, *link_frame(g, include_bibob).iter_rows()]


def _csv_cell(col: pl.Expr) -> pl.Expr:
    """Quoted (quotes doubled) when it holds `;`, `"`, CR or LF: csv.QUOTE_MINIMAL."""
    needs = col.str.contains(r'[;"\r\n]')
    return pl.when(needs).then(pl.concat_str(pl.lit('"'), col.str.replace_all('"', '""',
                                                                              literal=True),
                                             pl.lit('"'))).otherwise(col)


HEAD = ("\ufeff" + ";".join(HEADER) + "\r\n").encode("utf-8")


def _line() -> pl.Expr:
    return pl.concat_str([_csv_cell(pl.col(c)) for c in HEADER], separator=";") + "\r\n"


def links_plan(g: ExportGraph | nx.Graph, include_bibob: bool = False) -> Plan:
    """The links CSV as a `Plan`: the header, then one element per row."""
    return Plan([HEAD, Section(link_frame(g, include_bibob),
                               lambda rows: rows.select(_line().alias("text")), keys=link_keys)],
                HEAD.hex())


def link_keys(rows: pl.DataFrame) -> pl.Series:
    """A row's key in the index: entiteit_1, relatie, entiteit_2 (`SEP`-joined; the
    rows' order when those are unique)."""
    return rows.select(pl.concat_str(["entiteit_1", "relatie", "entiteit_2"], separator=SEP)
                       ).to_series()


def links_csv(g: ExportGraph | nx.Graph, include_bibob: bool = False) -> bytes:
    rows = link_frame(g, include_bibob)
    body = rows.select(_line().str.join("").alias("x")).item() if rows.height else ""
    return HEAD + str(body).encode("utf-8")


def write_links_csv(g: ExportGraph | nx.Graph, path: Path, include_bibob: bool = False,
                    previous: Previous | None = None) -> None:
    """The links CSV (what `links_csv` gives), written from polars without a Python copy;
    spliced from `previous` where it can be (outputs/exports/splice.py)."""
    write_from(links_plan(g, include_bibob), path, previous)
