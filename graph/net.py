"""The entity graph as frames: what the rules need of `graph.build`'s graph, without networkx.

`Net` holds the nodes and edges of `build_graph` (node ids, `soort`, `entity_id`, `hub`; one
edge per (source, target, relatie)) plus the connected components of the undirected graph
without hubs, computed with numpy (union-find by hooking and pointer jumping) on integer node
numbers, so a scale-10 graph needs no Python object per node or edge. What networkx keeps on
nodes and edges beyond that is aggregated only where a rule asks: `gemeentecodes` (a node's
municipalities) and `edge_evidence` (an edge's evidence; where two registers state the same
relation, the last register in (un, vn, relatie, register) order, as networkx keeps it).
`links`, `undirected_pairs` and `adjacency` give the structure; each is computed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from graph.edges import edge_frame, node_expr
from graph.frames import Frames


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
    """The graph of `graph.build.graph_from_frames(frames)`, for the rules.

    `nodes`: i (node number), node, soort, entity_id, hub, comp (the component in the
    undirected graph without hubs: its smallest `i`; a hub is a component of its own).
    `ends`: one row per distinct (u, u_type, v, v_type, relatie) of `edge_frame(frames)` with
    the node ids un, vn, their numbers ui, vi and `in_u` (neither end a hub). Municipalities
    and evidence are aggregated only for the nodes and edges a rule asks about."""

    frames: Frames
    nodes: pl.DataFrame
    ends: pl.DataFrame
    _cache: dict[str, Any] = field(default_factory=dict)

    def number_of_nodes(self) -> int:
        return self.nodes.height

    def number_of_edges(self) -> int:
        """Edges as networkx counts them: one per (source, target, relatie)."""
        return self.links().height

    def links(self) -> pl.DataFrame:
        """One row per edge: ui, vi, relatie, in_u."""
        if "links" not in self._cache:
            self._cache["links"] = self.ends.select("ui", "vi", "relatie", "in_u").unique()
        links: pl.DataFrame = self._cache["links"]
        return links

    def undirected_pairs(self) -> pl.DataFrame:
        """The simple undirected graph without hubs: one row (a, b) per linked node pair,
        a < b (node numbers), with the component `comp`."""
        if "pairs" not in self._cache:
            e = self.ends.filter(pl.col("in_u"))
            self._cache["pairs"] = (
                e.select(pl.min_horizontal("ui", "vi").alias("a"),
                         pl.max_horizontal("ui", "vi").alias("b"))
                .unique().join(self.nodes.select(pl.col("i").alias("a"), "comp"), on="a"))
        pairs: pl.DataFrame = self._cache["pairs"]
        return pairs

    def adjacency(self, comps: Iterable[int]) -> dict[str, list[str]]:
        """Node id -> its neighbours in the undirected graph without hubs, for every node of
        the given components (isolated nodes too)."""
        wanted = pl.Series("comp", list(comps), dtype=pl.Int64).implode()
        members = self.nodes.filter(pl.col("comp").is_in(wanted))
        names = self.nodes.select("i", "node")
        p = self.undirected_pairs().filter(pl.col("comp").is_in(wanted))
        both = pl.concat([p.select("a", "b"), p.select(pl.col("b").alias("a"),
                                                       pl.col("a").alias("b"))])
        both = (both.join(names.rename({"i": "a", "node": "na"}), on="a")
                .join(names.rename({"i": "b", "node": "nb"}), on="b"))
        adj: dict[str, list[str]] = {n: [] for n in members["node"].to_list()}
        for x, y in zip(both["na"].to_list(), both["nb"].to_list(), strict=True):
            adj[x].append(y)
        return adj

    def gemeentecodes(self, nodes: pl.DataFrame) -> pl.DataFrame:
        """For the given nodes (column `node`): node, gemeentecodes (sorted municipalities of
        the rows that mention it; empty for an edge end without a mention)."""
        wanted = self.nodes.join(nodes.select("node").unique(), on="node", how="semi")
        m = (self.frames.mentions
             .filter(pl.col("entity_id").is_in(wanted["entity_id"].drop_nulls().implode()))
             .join(wanted.select(pl.col("soort").alias("entity_type"), "entity_id"),
                   on=["entity_type", "entity_id"], how="semi")
             .join(self.frames.index.select("ev", "gemeentecode"), on="ev", how="left")
             .group_by("entity_type", "entity_id")
             .agg(pl.col("gemeentecode").drop_nulls().unique().sort().alias("gemeentecodes")))
        return (wanted.join(m.rename({"entity_type": "soort"}), on=["soort", "entity_id"],
                            how="left")
                .select("node", pl.col("gemeentecodes").fill_null(pl.lit([], pl.List(pl.String))))
                )

    def edge_evidence(self, ends: pl.DataFrame) -> pl.DataFrame:
        """The evidence of the given edges (rows of `ends`, whole (un, vn, relatie) groups):
        un, vn, relatie, evidence, as `graph.build` puts it on the networkx edge (when two
        registers state the relation, the last register's rows)."""
        keys = ["u", "u_type", "v", "v_type", "relatie"]
        rows = (edge_frame_of(self).filter(pl.col("u").is_in(ends["u"].unique().implode()))
                .join(ends.select(keys).unique(), on=keys, how="semi", nulls_equal=True))
        return (rows.with_columns(node_expr("u", "u_type").alias("un"),
                                  node_expr("v", "v_type").alias("vn"))
                .group_by("un", "vn", "relatie", "register")
                .agg(pl.col("ev").unique().sort().alias("evidence"))
                .sort("un", "vn", "relatie", "register")
                .unique(["un", "vn", "relatie"], keep="last", maintain_order=True)
                .select("un", "vn", "relatie", "evidence"))


def edge_frame_of(net: Net) -> pl.DataFrame:
    """`graph.build.edge_frame` of the net's frames (computed once)."""
    if "edge_frame" not in net._cache:
        net._cache["edge_frame"] = edge_frame(net.frames)
    rows: pl.DataFrame = net._cache["edge_frame"]
    return rows


def net_from_frames(f: Frames) -> Net:
    """The graph of `graph.build.graph_from_frames(f)` as a `Net`."""
    nodes = (f.mentions.lazy().select(pl.col("entity_type").alias("soort"), "entity_id")
             .unique()
             .with_columns(node_expr("entity_id", "soort").alias("node"),
                           pl.col("entity_id").is_in(list(f.hubs)).alias("hub")).collect())
    if nodes["node"].n_unique() < nodes.height:
        # an entity id already carrying its prefix names the node of another type's id
        nodes = nodes.sort("node", "soort", "entity_id").unique("node", keep="first")
    rows = edge_frame(f)
    ends = (rows.select("u", "u_type", "v", "v_type", "relatie").unique()
            .with_columns(node_expr("u", "u_type").alias("un"),
                          node_expr("v", "v_type").alias("vn")))
    nodes = nodes.with_row_index("i").select("i", "node", "soort", "entity_id", "hub")
    ends = _numbered(ends, nodes)
    # edge ends without a mention of their own become attribute-less nodes (networkx adds them)
    extra = (pl.concat([ends.filter(pl.col("ui").is_null()).select(pl.col("un").alias("node")),
                        ends.filter(pl.col("vi").is_null()).select(pl.col("vn").alias("node"))])
             .unique().sort("node"))
    if not extra.is_empty():
        extra = extra.with_row_index("i", offset=nodes.height).with_columns(
            pl.lit(None, dtype=pl.String).alias("soort"),
            pl.lit(None, dtype=pl.String).alias("entity_id"), pl.lit(False).alias("hub"))
        nodes = pl.concat([nodes, extra.select(nodes.columns)])
        ends = _numbered(ends.drop("ui", "vi", "_hu", "_hv"), nodes)
    ends = (ends.with_columns((~pl.col("_hu") & ~pl.col("_hv")).alias("in_u"))
            .drop("_hu", "_hv"))
    e = ends.filter(pl.col("in_u"))
    comp = components(nodes.height, e["ui"].to_numpy(), e["vi"].to_numpy())
    nodes = nodes.with_columns(pl.Series("comp", comp, dtype=pl.Int64))
    net = Net(frames=f, nodes=nodes, ends=ends)
    net._cache["edge_frame"] = rows
    return net


def _numbered(ends: pl.DataFrame, nodes: pl.DataFrame) -> pl.DataFrame:
    """`ends` with the node numbers ui, vi and hub flags _hu, _hv of both ends (null where
    the node is not in `nodes`)."""
    idx = nodes.select("i", "node", "hub")
    return (ends.join(idx.rename({"i": "ui", "node": "un", "hub": "_hu"}), on="un", how="left")
            .join(idx.rename({"i": "vi", "node": "vn", "hub": "_hv"}), on="vn", how="left"))
