"""A links CSV for the i2 Analyst's Notebook import wizard: one row per relation.

Columns: entiteit_1;relatie;entiteit_2;datum, then soort/label of both ends, register and
evidence. `;`-separated UTF-8 with BOM; no cell starts with `=`, `+`, `-` or `@` (prefixed
with `'`, so a spreadsheet never runs it as a formula).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from iob.atomic import write_atomic
from outputs.exports.compartment import compartment
from outputs.safe import FORMULA_STARTS

HEADER = ("entiteit_1", "relatie", "entiteit_2", "datum", "soort_1", "label_1", "soort_2",
          "label_2", "register", "bewijs")


def neutralise(cell: str) -> str:
    """Prefix text that a spreadsheet would read as a formula with `'`."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return " | ".join(_text(x) for x in v)
    return str(v)


def link_rows(g: nx.Graph, include_bibob: bool = False) -> list[tuple[str, ...]]:
    """Header + one row per edge (sorted), every cell neutralised."""
    src = compartment(g, include_bibob)
    rows = []
    for u, v, d in src.edges(data=True):
        nu, nv = src.nodes[u], src.nodes[v]
        rows.append(tuple(neutralise(_text(x)) for x in (
            u, d.get("relatie"), v, d.get("datum"), nu.get("soort"), nu.get("label", u),
            nv.get("soort"), nv.get("label", v), d.get("register"), d.get("evidence"))))
    return [HEADER, *sorted(rows)]


def links_csv(g: nx.Graph, include_bibob: bool = False) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerows(link_rows(g, include_bibob))
    return buf.getvalue().encode("utf-8-sig")


def write_links_csv(g: nx.Graph, path: Path, include_bibob: bool = False) -> None:
    data = links_csv(g, include_bibob)
    write_atomic(path, lambda p: p.write_bytes(data))
