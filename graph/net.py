"""The entity graph as frames: what the rules need of `graph.build`'s graph, without networkx.

`Net` holds the same nodes and edges as `build_graph` (node ids, `soort`, `entity_id`,
`gemeentecodes`, `hub`; one edge per (source, target, relatie), where two registers stating
the same relation keep the last register in (un, vn, relatie, register) order, as the
networkx graph keeps it) plus the connected components of the undirected graph without
hubs. Components are computed with numpy (union-find by hooking and pointer jumping) on
integer node numbers, so a scale-10 graph needs no Python object per node or edge.

Rules ask for the parts they need (`components`, `component_nodes`, `adjacency`,
`undirected_pairs`); everything is computed once per `Net`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from graph.build import edge_frame, node_expr, node_frame
from graph.frames import Frames

NODE_SCHEMA: dict[str, pl.DataType] = {
    "i": pl.UInt32(), "node": pl.String(), "soort": pl.String(), "entity_id": pl.String(),
    "gemeentecodes": pl.List(pl.String()), "hub": pl.Boolean(),
}


def edges_aggregated(f: Frames) -> pl.DataFrame:
    """One row per graph edge: un, vn, relatie, register, datum, laatste_datum, evidence,
    aantal, bibob — as `graph.build` puts them on the networkx edges."""
    agg = (
        edge_frame(f)
        .with_columns(node_expr("u", "u_type").alias("un"), node_expr("v", "v_type").alias("vn"))
        .group_by("un", "vn", "relatie", "register")
        .agg(pl.col("datum").min().alias("datum"), pl.col("datum").max().alias("laatste_datum"),
             pl.col("ev").unique().sort().alias("evidence"), pl.len().alias("aantal"))
        .sort("un", "vn", "relatie", "register")
    )
    # networkx keys an edge by its relation: a later register's row replaces an earlier one
    return (agg.unique(["un", "vn", "relatie"], keep="last", maintain_order=True)
            .with_columns((pl.col("register") == "bibob").alias("bibob")))


def components(n: int, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Connected components of the undirected graph on nodes 0..n-1 with edges a[k]-b[k]:
    per node the smallest node number of its component."""
    parent = np.arange(n, dtype=np.int64)
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    while True:
        pa, pb = parent[a], parent[b]
        lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
        differ = lo != hi
        if not differ.any():
            return parent
        # hook every root onto the smallest root it is linked to (roots only: every node
        # points at its root after the pointer jumping below, so lo and hi are roots)
        np.minimum.at(parent, hi[differ], lo[differ])
        while True:
            up = parent[parent]
            if np.array_equal(up, parent):
                break
            parent = up


@dataclass
class Net:
    """Nodes (`i`, node, soort, entity_id, gemeentecodes, hub, comp) and edges (`ui`, `vi`,
    un, vn, relatie, register, datum, laatste_datum, evidence, aantal, bibob, `in_u`: both
    ends are no hub). `comp` is the component in the undirected graph without hubs (the
    smallest `i` in it; a hub is a component of its own, never used)."""

    nodes: pl.DataFrame
    edges: pl.DataFrame
    _cache: dict[str, Any] = field(default_factory=dict)

    def number_of_nodes(self) -> int:
        return self.nodes.height

    def number_of_edges(self) -> int:
        return self.edges.height

    def undirected_pairs(self) -> pl.DataFrame:
        """The simple undirected graph without hubs: one row (a, b) per linked node pair,
        a < b (node numbers), with the component `comp`."""
        if "pairs" not in self._cache:
            e = self.edges.filter(pl.col("in_u"))
            self._cache["pairs"] = (
                e.select(pl.min_horizontal("ui", "vi").alias("a"),
                         pl.max_horizontal("ui", "vi").alias("b"))
                .unique().join(self.nodes.select(pl.col("i").alias("a"), "comp"), on="a"))
        pairs: pl.DataFrame = self._cache["pairs"]
        return pairs

    def adjacency(self, comps: Iterable[int]) -> dict[str, list[str]]:
        """Node id -> its neighbours in the undirected graph without hubs, for every node of
        the given components (isolated nodes too)."""
        wanted = pl.Series("comp", list(comps), dtype=pl.Int64)
        members = self.nodes.filter(pl.col("comp").is_in(wanted.implode()))
        names = self.nodes.select("i", "node")
        p = self.undirected_pairs().filter(pl.col("comp").is_in(wanted.implode()))
        both = pl.concat([p.select("a", "b"), p.select(pl.col("b").alias("a"),
                                                       pl.col("a").alias("b"))])
        both = (both.join(names.rename({"i": "a", "node": "na"}), on="a")
                .join(names.rename({"i": "b", "node": "nb"}), on="b"))
        adj: dict[str, list[str]] = {n: [] for n in members["node"].to_list()}
        for x, y in zip(both["na"].to_list(), both["nb"].to_list(), strict=True):
            adj[x].append(y)
        return adj


def net_from_frames(f: Frames) -> Net:
    """The graph of `graph.build.graph_from_frames(f)` as a `Net`."""
    nf = node_frame(f).select("node", pl.col("entity_type").alias("soort"), "entity_id",
                              "gemeentecodes", "hub")
    edges = edges_aggregated(f)
    # edge ends without a mention of their own become attribute-less nodes (networkx adds them)
    extra = (pl.concat([edges.select(pl.col("un").alias("node")),
                        edges.select(pl.col("vn").alias("node"))])
             .unique(maintain_order=True).join(nf.select("node"), on="node", how="anti"))
    if not extra.is_empty():
        nf = pl.concat([nf, extra], how="diagonal_relaxed")
    nodes = nf.with_row_index("i").with_columns(pl.col("hub").fill_null(False))
    idx = nodes.select("i", "node", "hub")
    edges = (edges.join(idx.rename({"i": "ui", "node": "un", "hub": "_hu"}), on="un")
             .join(idx.rename({"i": "vi", "node": "vn", "hub": "_hv"}), on="vn")
             .with_columns((~pl.col("_hu") & ~pl.col("_hv")).alias("in_u"))
             .drop("_hu", "_hv"))
    # join keeps the left order: edges stay in (un, vn, relatie) order
    e = edges.filter(pl.col("in_u"))
    comp = components(nodes.height, e["ui"].to_numpy(), e["vi"].to_numpy())
    nodes = nodes.with_columns(pl.Series("comp", comp, dtype=pl.Int64))
    return Net(nodes=nodes, edges=edges)
