"""The entity graph: persons, organisations and addresses, with the relations the registers state.

A `networkx.MultiDiGraph`: relations have a direction (the seller sold *to* the dealer, the
director is director *of* the company), and two entities can be linked by several relations
(a person both director and shareholder of a company), each its own edge with the relation
as key. Algorithms that need no direction (components, articulation points) use
`undirected(graph)`.

Nodes are typed ids `<soort>:<entity_id>` (`persoon:…`, `organisatie:…`, `adres:…`; an
entity id that already carries its prefix is kept as is), so a KvK number can never collide
with a person. Node attributes: `soort`, `entity_id` (as in mentions), `gemeentecodes`
(sorted list of the municipalities of the rows that mention it), `hub` (a dealer, host, or
their address: they never connect their customers in groups, clusters or bridges).

Edges: one per (source, target, relatie), aggregated over the register rows that state it,
with `relatie`, `register`, `datum` (first), `laatste_datum`, `evidence` (sorted list of
`register:record_id`), `aantal` (rows) and `bibob` (True for Bibob-derived edges).

Relations: `verkocht_aan` (seller -> dealer), `verbleef_bij` (guest -> host), `woont_op`
(person -> address), `gevestigd_op` (organisation -> address), `<rol>_van` for the Bibob roles
bestuurder, aandeelhouder, vermogensverschaffer, zakelijk_samenwerkingsverband,
leidinggevende (party -> applicant) and pandeigenaar (party -> the dossier's locatie),
`vraagt_aan` (applicant -> locatie), `eigenaar_van` / `bewoner_van` (-> Damocles premises).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx
import polars as pl

from graph.edges import EDGE_COLUMNS, edge_frame, node_expr, node_frame, node_id
from graph.frames import Frames, prepare

__all__ = ["EDGE_COLUMNS", "build_graph", "edge_frame", "graph_from_frames", "no_gc",
           "node_expr", "node_frame", "node_id", "undirected"]


@contextmanager
def no_gc() -> Iterator[None]:
    """Building many small dicts: the cyclic GC would rescan the growing heap over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def graph_from_frames(f: Frames) -> nx.MultiDiGraph:
    with no_gc():
        return _graph_from_frames(f)


def _graph_from_frames(f: Frames) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    nodes = node_frame(f)
    g.add_nodes_from(
        (n, {"soort": s, "entity_id": e, "gemeentecodes": gc, "hub": h})
        for n, s, e, gc, h in zip(*(nodes[c].to_list() for c in (
            "node", "entity_type", "entity_id", "gemeentecodes", "hub")), strict=True)
    )
    agg = (
        edge_frame(f)
        .with_columns(node_expr("u", "u_type").alias("un"), node_expr("v", "v_type").alias("vn"))
        .group_by("un", "vn", "relatie", "register")
        .agg(pl.col("datum").min().alias("datum"), pl.col("datum").max().alias("laatste"),
             pl.col("ev").unique().sort().alias("evidence"), pl.len().alias("aantal"))
        # deterministic: when two registers state the same relation between the same two
        # entities, the edge keyed by the relation is the last register in this order
        .sort("un", "vn", "relatie", "register")
    )
    cols: list[Any] = [agg[c].to_list() for c in
                       ("un", "vn", "relatie", "register", "datum", "laatste", "evidence",
                        "aantal")]
    g.add_edges_from(
        (u, v, rel, {"relatie": rel, "register": reg, "datum": d, "laatste_datum": ld,
                     "evidence": ev, "aantal": n, "bibob": reg == "bibob"})
        for u, v, rel, reg, d, ld, ev, n in zip(*cols, strict=True)
    )
    return g


def build_graph(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame) -> nx.MultiDiGraph:
    """The entity graph of all lake tables (dict by table name) and the mentions."""
    return graph_from_frames(prepare(tables, mentions))


def undirected(g: nx.MultiDiGraph, without_hubs: bool = True) -> nx.Graph:
    """A simple undirected view for components and bridges; hubs left out by default."""
    hubs = {n for n, hub in g.nodes(data="hub") if hub} if without_hubs else set()
    h = nx.Graph()
    with no_gc():
        h.add_nodes_from(n for n in g if n not in hubs)
        # the adjacency dicts, not g.edges(): one step per node pair instead of per relation
        h.add_edges_from((u, v) for u, nbrs in g.adj.items() if u not in hubs
                         for v in nbrs if v not in hubs)
    return h
