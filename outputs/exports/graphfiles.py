"""GraphML and GEXF for Gephi and other tools: list and date attributes flattened to text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from iob.atomic import write_atomic
from outputs.exports.compartment import compartment

LIST_SEP = " | "


def _flat(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return LIST_SEP.join(str(_flat(v)) for v in items)
    return str(value)


def _attrs(d: dict[str, Any]) -> dict[str, str | int | float | bool]:
    return {k: _flat(v) for k, v in d.items() if v is not None}


def flat_graph(g: nx.Graph, include_bibob: bool = False) -> nx.Graph:
    """The export graph: compartment applied, every attribute a scalar (lists ` | `-joined,
    dates ISO, nulls dropped), each node with a `label` (its id when it has none)."""
    src = compartment(g, include_bibob)
    out = src.__class__()
    for n, d in src.nodes(data=True):
        attrs = _attrs(d)
        attrs.setdefault("label", str(n))
        out.add_node(n, **attrs)
    if src.is_multigraph():
        for u, v, k, d in src.edges(keys=True, data=True):
            out.add_edge(u, v, key=k, **_attrs(d))
    else:
        for u, v, d in src.edges(data=True):
            out.add_edge(u, v, **_attrs(d))
    return out


def write_graphml(g: nx.Graph, path: Path, include_bibob: bool = False) -> None:
    flat = flat_graph(g, include_bibob)
    write_atomic(path, lambda p: nx.write_graphml(flat, p, encoding="utf-8"))


def write_gexf(g: nx.Graph, path: Path, include_bibob: bool = False) -> None:
    flat = flat_graph(g, include_bibob)
    write_atomic(path, lambda p: nx.write_gexf(flat, p, encoding="utf-8"))
