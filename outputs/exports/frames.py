"""The export graph as two polars frames: what every export file is written from.

`ExportGraph.nodes` has a `node` column (the typed node id) and one column per node
attribute, in node order; `ExportGraph.edges` has `u`, `v`, `key` and one column per edge
attribute, in edge order. A null cell is an absent attribute. This is the networkx graph of
`graph.build.build_graph` without building it: `export_graph(frames)` aggregates the same
edge rows the same way (one edge per (u, v, relatie); when two registers state it, the last
register in sort order), in the order networkx would iterate that graph (nodes sorted, edges
by source, target, relatie). `from_networkx` turns any networkx graph into this form (tests,
callers that hold a graph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    import networkx as nx

LIST_SEP = " | "
NODE_COLUMNS = ("node",)
EDGE_COLUMNS = ("u", "v", "key")


@dataclass(frozen=True)
class ExportGraph:
    nodes: pl.DataFrame
    edges: pl.DataFrame
    directed: bool = True
    multigraph: bool = True

    def node_attrs(self) -> list[str]:
        return [c for c in self.nodes.columns if c not in NODE_COLUMNS]

    def edge_attrs(self) -> list[str]:
        return [c for c in self.edges.columns if c not in EDGE_COLUMNS]


def export_graph(frames: Any) -> ExportGraph:
    """The entity graph of `graph.frames.prepare(tables, mentions)` (no `as_of`), as frames."""
    from graph.edges import edge_frame, node_frame

    nodes = export_nodes(node_frame(frames))
    edges = aggregate_edges(edge_frame(frames))
    return ExportGraph(_with_endpoints(nodes, edges), edges)


class PreparedGraph(ExportGraph):
    """The export graph of prepared register rows (`graph.frames.prepare`), built on first
    use of `nodes` or `edges`; until then `prepared()` gives those rows (what
    `outputs.exports.delta` works from without building the graph)."""

    prepared: Callable[[], Any]

    @classmethod
    def of(cls, prepared: Callable[[], Any]) -> PreparedGraph:
        g = object.__new__(cls)
        object.__setattr__(g, "prepared", prepared)
        object.__setattr__(g, "directed", True)
        object.__setattr__(g, "multigraph", True)
        return g

    def built(self) -> bool:
        return "nodes" in self.__dict__

    def __getattr__(self, name: str) -> Any:
        if name in ("nodes", "edges") and "prepared" in self.__dict__:
            g = export_graph(self.prepared())
            object.__setattr__(self, "nodes", g.nodes)
            object.__setattr__(self, "edges", g.edges)
            return self.__dict__[name]
        raise AttributeError(name)


def export_nodes(node_rows: pl.DataFrame) -> pl.DataFrame:
    """The export graph's node rows of `graph.build.node_frame` rows."""
    return node_rows.select(
        "node", pl.col("entity_type").alias("soort"), "entity_id", "gemeentecodes", "hub")


def aggregate_edges(edge_rows: pl.DataFrame) -> pl.DataFrame:
    """The export graph's edges of `graph.build.edge_frame` rows (one per relation per
    register row): one edge per (u, v, relatie), in edge order. An edge is a function of the
    rows that state it only (all of them must be given)."""
    from graph.edges import node_expr

    return (
        edge_rows
        .with_columns(node_expr("u", "u_type").alias("un"), node_expr("v", "v_type").alias("vn"))
        .group_by("un", "vn", "relatie", "register")
        .agg(pl.col("datum").min().alias("datum"), pl.col("datum").max().alias("laatste"),
             pl.col("ev").unique().sort().alias("evidence"), pl.len().alias("aantal"))
        .sort("un", "vn", "relatie", "register")
        # networkx keys the edge by relatie: a later register's edge replaces the earlier
        # (sorted: the last row of each (un, vn, relatie), no hashing)
        .filter(pl.any_horizontal(pl.col(c).ne_missing(pl.col(c).shift(-1))
                                  for c in ("un", "vn", "relatie")))
        .select(pl.col("un").alias("u"), pl.col("vn").alias("v"), pl.col("relatie").alias("key"),
                "relatie", "register", "datum", pl.col("laatste").alias("laatste_datum"),
                "evidence", pl.col("aantal").cast(pl.Int64),
                (pl.col("register") == "bibob").alias("bibob"))
    )


def _with_endpoints(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """Nodes plus, at the end, edge endpoints without a node row (networkx adds them bare),
    in the order of their first appearance (sources, then targets)."""
    ends = pl.concat([edges["u"], edges["v"]]).rename("node")
    absent = ends.filter(~ends.is_in(nodes["node"].implode()))
    if absent.is_empty():
        return nodes
    missing = absent.unique(maintain_order=True).to_frame()
    return pl.concat([nodes, missing], how="diagonal_relaxed")


def with_ends(rows: pl.DataFrame, nodes: pl.DataFrame, ends: tuple[str, str],
              names: tuple[dict[str, str], dict[str, str]]) -> pl.DataFrame:
    """`rows` with node attributes of both ends: for `names[k]` = {column of `nodes`: new
    name}, that column of the node `rows[ends[k]]` (null where there is none). One join of
    both ends' ids (one hash table of the node ids, not two); the ids in `nodes["node"]`
    must be unique (an export graph's are)."""
    n = rows.height
    both = pl.concat([rows.select(pl.col(ends[0]).alias("node")),
                      rows.select(pl.col(ends[1]).alias("node"))]).join(
        nodes.select("node", *{**names[0], **names[1]}), on="node", how="left",
        maintain_order="left")
    if both.height != 2 * n:
        raise ValueError("export graph: a node id occurs more than once")
    first, second = both.slice(0, n), both.slice(n, n)
    return rows.with_columns(*(first[c].alias(a) for c, a in names[0].items()),
                             *(second[c].alias(a) for c, a in names[1].items()))


def _value(v: Any) -> Any:
    """A networkx attribute value as the flat export writes it (lists kept as lists)."""
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v
    if isinstance(v, list | tuple) and all(isinstance(x, str) for x in v):
        return v
    return flat_value(v)


def flat_value(value: Any) -> str | int | float | bool:
    """A scalar for GraphML/GEXF: lists ` | `-joined (sets sorted), dates ISO."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return LIST_SEP.join(str(flat_value(v)) for v in items)
    return str(value)


def _column(name: str, values: list[Any]) -> pl.Series:
    """One attribute column; values polars cannot hold in one type become their flat text."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {list, tuple} and all(isinstance(x, str) for v in values if v is not None
                                      for x in v):
        return pl.Series(name, [list(v) if v is not None else None for v in values],
                         dtype=pl.List(pl.String))
    dtypes: dict[type, pl.DataType] = {str: pl.String(), bool: pl.Boolean(), int: pl.Int64(),
                                       float: pl.Float64(), date: pl.Date()}
    if len(kinds) == 1 and next(iter(kinds)) in dtypes:
        return pl.Series(name, values, dtype=dtypes[next(iter(kinds))])
    return pl.Series(name, [None if v is None else str(flat_value(v)) for v in values],
                     dtype=pl.String)


def _frame(ids: dict[str, list[Any]], rows: list[dict[str, Any]]) -> pl.DataFrame:
    names: dict[str, None] = {}
    for d in rows:
        names.update(dict.fromkeys(str(k) for k in d))
    cols = [pl.Series(k, v, dtype=pl.String) for k, v in ids.items()]
    cols += [_column(k, [_value(d.get(k)) for d in rows]) for k in names if k not in ids]
    return pl.DataFrame(cols)


def from_networkx(g: nx.Graph) -> ExportGraph:
    """Any networkx graph as an `ExportGraph` (node ids and edge keys as text)."""
    nodes = list(g.nodes(data=True))
    node_frame = _frame({"node": [str(n) for n, _ in nodes]}, [d for _, d in nodes])
    if g.is_multigraph():
        edges = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)]
    else:
        edges = [(u, v, None, d) for u, v, d in g.edges(data=True)]
    edge_frame = _frame({"u": [str(e[0]) for e in edges], "v": [str(e[1]) for e in edges],
                         "key": [None if e[2] is None else str(e[2]) for e in edges]},
                        [e[3] for e in edges])
    return ExportGraph(node_frame, edge_frame, g.is_directed(), g.is_multigraph())


def as_export_graph(g: ExportGraph | nx.Graph) -> ExportGraph:
    return g if isinstance(g, ExportGraph) else from_networkx(g)  # networkx only then


def _bibob(edges: pl.DataFrame) -> pl.Expr:
    """An edge is Bibob-derived when its `bibob` flag is true, or (no flag) its register is
    `bibob` (outputs.exports.compartment)."""
    reg = (pl.col("register") == "bibob") if "register" in edges.columns else pl.lit(False)
    if "bibob" not in edges.columns:
        return reg.fill_null(False)
    flag = pl.col("bibob").cast(pl.Boolean, strict=False) if edges.schema["bibob"] != pl.String \
        else pl.col("bibob") != ""
    return pl.when(pl.col("bibob").is_not_null()).then(flag).otherwise(reg.fill_null(False))


def compartment_frames(g: ExportGraph, include_bibob: bool = False) -> ExportGraph:
    """Without Bibob-derived edges, and without the nodes only those edges held."""
    if include_bibob or g.edges.is_empty():
        return g
    is_bibob = g.edges.select(_bibob(g.edges).alias("b"))["b"]
    if not is_bibob.any():  # e.g. frames the compartment was applied to already
        return g
    drop, keep = g.edges.filter(is_bibob), g.edges.filter(~is_bibob)
    touched = pl.concat([drop["u"], drop["v"]]).unique()
    # which of those few nodes a kept edge still holds (no set of every kept endpoint)
    few = touched.implode()
    still = pl.concat([keep["u"].filter(keep["u"].is_in(few)),
                       keep["v"].filter(keep["v"].is_in(few))])
    gone = touched.filter(~touched.is_in(still.implode()))
    nodes = g.nodes.filter(~pl.col("node").is_in(gone.implode()))
    return replace(g, nodes=nodes, edges=keep)


def flat_frames(g: ExportGraph) -> ExportGraph:
    """Every attribute a scalar column (lists ` | `-joined, dates ISO), nodes with a `label`
    (the node id where it has none) — what GraphML and GEXF hold."""
    def flat(df: pl.DataFrame, skip: tuple[str, ...]) -> pl.DataFrame:
        exprs = []
        for c, t in df.schema.items():
            if c in skip:
                continue
            if isinstance(t, pl.List):
                exprs.append(pl.col(c).list.eval(pl.element().cast(pl.String))
                             .list.join(LIST_SEP).alias(c))
            elif t in (pl.Date, pl.Null) or isinstance(t, pl.Datetime | pl.Duration):
                exprs.append(pl.col(c).cast(pl.String).alias(c))
        return df.with_columns(exprs) if exprs else df

    nodes = flat(g.nodes, NODE_COLUMNS)
    if "label" in nodes.columns:
        nodes = nodes.with_columns(pl.col("label").cast(pl.String).fill_null(pl.col("node")))
    else:
        nodes = nodes.with_columns(pl.col("node").alias("label"))
    return replace(g, nodes=nodes, edges=flat(g.edges, EDGE_COLUMNS))
