"""GraphML and GEXF for Gephi and other tools: list and date attributes flattened to text.

Written straight from the export frames (outputs/exports/frames.py) with vectorised string
building: the same documents networkx's `write_graphml` / `write_gexf` wrote from the flat
graph (same keys and types, same element order, ElementTree's escaping and indentation), at
a fraction of the time. Attribute types: text `string`, integers `long`, floats `double`,
booleans `boolean`; a null cell is an absent attribute.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from outputs.exports.frames import (
    ExportGraph,
    as_export_graph,
    compartment_frames,
    flat_frames,
)
from outputs.exports.splice import SEP, Part, Plan, Previous, Section, write_from

if TYPE_CHECKING:
    import networkx as nx

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GEXF_NS = "http://www.gexf.net/1.2draft"
DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
# attributes networkx's GEXF writer turns into XML attributes instead of attvalues
GEXF_SPECIAL_NODE = ("id", "pid", "start", "end", "viz", "parents", "spells", "slices")
GEXF_SPECIAL_EDGE = ("id", "label", "weight", "type", "start", "end", "viz", "spells",
                     "slices", "networkx_key")


def _text(col: pl.Expr) -> pl.Expr:
    """XML character data as ElementTree escapes it."""
    return col.str.replace_many(["&", "<", ">"], ["&amp;", "&lt;", "&gt;"])


def _attr(col: pl.Expr) -> pl.Expr:
    """An XML attribute value as ElementTree escapes it."""
    return col.str.replace_many(["&", "<", ">", '"', "\r", "\n", "\t"],
                                ["&amp;", "&lt;", "&gt;", "&quot;", "&#13;", "&#10;", "&#09;"])


def _escaped(df: pl.DataFrame, text: pl.Expr, attribute: bool) -> pl.Expr:
    """`text` escaped for XML (attribute value or character data); as is when no row of
    `df` needs it (the usual case: ids, codes, dates), which saves a copy of every value."""
    special = r'[&<>"\r\n\t]' if attribute else "[&<>]"
    if not df.is_empty() and not df.select(text.str.contains(special).any()).item():
        return text
    return _attr(text) if attribute else _text(text)


def _text_of(df: pl.DataFrame, c: str, text: pl.Expr, attribute: bool) -> pl.Expr:
    """Column `c` as `text`, escaped where needed: numbers and booleans never need it."""
    t = df.schema[c]
    return text if t.is_numeric() or t == pl.Boolean else _escaped(df, text, attribute)


def _xml_type(dtype: pl.DataType) -> str:
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "long"
    if dtype.is_float():
        return "double"
    return "string"


def _as_text(df: pl.DataFrame, c: str, booleans: tuple[str, str]) -> pl.Expr:
    """An attribute column as the text networkx writes: str(value), booleans as given; null
    where the value is."""
    t = df.schema[c]
    col = pl.col(c)
    if t == pl.Boolean:
        return pl.when(col).then(pl.lit(booleans[0])).when(~col).then(pl.lit(booleans[1]))
    if t.is_float():
        return col.map_elements(repr, return_dtype=pl.String)
    return col.cast(pl.String)


def _by_first_use(df: pl.DataFrame, columns: list[str]) -> list[str]:
    """Columns in the order networkx meets them: by the first row that has a value."""
    if df.is_empty():
        return []
    firsts = df.select(pl.col(c).is_not_null().arg_max().alias(c) for c in columns).row(0)
    has = df.select(pl.col(c).is_not_null().any().alias(c) for c in columns).row(0)
    return [c for _, _, c in sorted((f, i, c) for i, (c, f, h) in
                                    enumerate(zip(columns, firsts, has, strict=True)) if h)]


def _element(df: pl.DataFrame, head: pl.Expr, tag: str, indent: str,
             children: list[tuple[pl.Expr, pl.Expr]], wrapper: str | None = None) -> pl.Expr:
    """One element per row: `head` = the start tag's content, `children` = (present, line),
    each line null where its child is absent (one concatenation, nulls left out)."""
    if not children:
        return pl.concat_str(pl.lit(f"{indent}<{tag} "), head, pl.lit(" />\n"))
    any_child = pl.any_horizontal([present for present, _ in children])
    inner = indent + "  "
    opening = ">\n" + ("" if wrapper is None else f"{inner}<{wrapper}>\n")
    closing = ("" if wrapper is None else f"{inner}</{wrapper}>\n") + f"{indent}</{tag}>\n"
    return pl.concat_str(
        [pl.lit(f"{indent}<{tag} "), head,
         pl.when(any_child).then(pl.lit(opening)).otherwise(pl.lit(" />\n")),
         *(line for _, line in children),
         pl.when(any_child).then(pl.lit(closing))],
        ignore_nulls=True)


def graphml_plan(g: ExportGraph) -> Plan:
    """GraphML of flat frames (`flat_frames`) as a `Plan`: header, nodes, edges, footer."""
    node_cols = _by_first_use(g.nodes, g.node_attrs())
    edge_cols = _by_first_use(g.edges, g.edge_attrs())
    keys = {("node", c): f"d{i}" for i, c in enumerate(node_cols)}
    keys |= {("edge", c): f"d{len(node_cols) + i}" for i, c in enumerate(edge_cols)}
    head = [DECLARATION,
            f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation='
            f'"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n']
    schemas = {"node": g.nodes.schema, "edge": g.edges.schema}
    for (scope, c), kid in reversed(keys.items()):
        head.append(f'  <key id="{kid}" for="{scope}" attr.name="{_escape_attr(c)}" '
                    f'attr.type="{_xml_type(schemas[scope][c])}" />\n')
    kind = "directed" if g.directed else "undirected"
    if g.nodes.is_empty() and g.edges.is_empty():
        head.append(f'  <graph edgedefault="{kind}" />\n</graphml>\n')
        return Plan(["".join(head).encode("utf-8")], "".join(head))
    head.append(f'  <graph edgedefault="{kind}">\n')

    def data(df: pl.DataFrame, scope: str, cols: list[str]) -> list[tuple[pl.Expr, pl.Expr]]:
        out_: list[tuple[pl.Expr, pl.Expr]] = []
        for c in cols:
            text = _as_text(df, c, ("True", "False"))
            start = f'      <data key="{keys[(scope, c)]}"'
            line = (pl.when(text == "").then(pl.lit(f"{start} />\n"))
                    .otherwise(pl.concat_str(pl.lit(f"{start}>"), _text_of(df, c, text, False),
                                             pl.lit("</data>\n"))))
            out_.append((pl.col(c).is_not_null(), line))
        return out_

    def nodes(df: pl.DataFrame) -> pl.DataFrame:
        node_head = pl.concat_str(pl.lit('id="'), _escaped(df, pl.col("node"), True),
                                  pl.lit('"'))
        return df.select(_element(df, node_head, "node", "    ", data(df, "node", node_cols))
                         .alias("text"))

    def edges(df: pl.DataFrame) -> pl.DataFrame:
        edge_head = [pl.lit('source="'), _escaped(df, pl.col("u"), True),
                     pl.lit('" target="'), _escaped(df, pl.col("v"), True), pl.lit('"')]
        if g.multigraph:
            edge_head += [pl.lit(' id="'), _escaped(df, pl.col("key").cast(pl.String), True),
                          pl.lit('"')]
        return df.select(_element(df, pl.concat_str(edge_head), "edge", "    ",
                                  data(df, "edge", edge_cols)).alias("text"))

    header = "".join(head)
    return Plan([header.encode("utf-8"), Section(g.nodes, nodes, keys=node_keys),
                 Section(g.edges, edges, keys=edge_keys), b"  </graph>\n</graphml>\n"],
                header)


def node_keys(rows: pl.DataFrame) -> pl.Series:
    """A GraphML node's key in the index: its id."""
    return rows["node"].cast(pl.String)


def edge_keys(rows: pl.DataFrame) -> pl.Series:
    """A GraphML edge's key in the index: source, target, key (`SEP`-joined)."""
    return rows.select(pl.concat_str([pl.col(c).cast(pl.String) for c in ("u", "v", "key")],
                                     separator=SEP)).to_series()


def _escape_attr(s: str) -> str:
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"),
                 ("\n", "&#10;"), ("\t", "&#09;")):
        s = s.replace(a, b)
    return s


def gexf_plan(g: ExportGraph) -> Plan:
    """GEXF of flat frames (`flat_frames`) as a `Plan`; the edges are `positional` (their
    id is their position)."""
    node_cols = [c for c in _by_first_use(g.nodes, g.node_attrs()) if c != "label"]
    for c in node_cols:
        if c in GEXF_SPECIAL_NODE:
            raise ValueError(f"GEXF: node attribute {c!r} is not supported")
    edges = g.edges
    edge_attrs = [c for c in g.edge_attrs() if c != "key"]
    for c in edge_attrs:
        if c in GEXF_SPECIAL_EDGE:
            raise ValueError(f"GEXF: edge attribute {c!r} is not supported")
    if g.multigraph:  # networkx stores the multigraph key as attribute `networkx_key`
        edges = edges.with_columns(pl.col("key").alias("networkx_key"))
        edge_attrs.append("networkx_key")
    edge_cols = _by_first_use(edges, edge_attrs)
    ids = {("node", c): str(i) for i, c in enumerate(node_cols)}
    ids |= {("edge", c): str(len(node_cols) + i) for i, c in enumerate(edge_cols)}
    kind = "directed" if g.directed else "undirected"
    meta = (f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n'
            f"    <creator>NetworkX {_networkx_version()}</creator>\n  </meta>\n")
    head = [f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{GEXF_NS} '
            f'{GEXF_NS}/gexf.xsd" version="1.2">\n',
            f'  <graph defaultedgetype="{kind}" mode="static" name="">\n']
    schemas = {"node": g.nodes.schema, "edge": edges.schema}
    for scope, cols in (("edge", edge_cols), ("node", node_cols)):
        if cols:
            head.append(f'    <attributes mode="static" class="{scope}">\n')
            for c in cols:
                head.append(f'      <attribute id="{ids[(scope, c)]}" '
                            f'title="{_escape_attr(c)}" '
                            f'type="{_xml_type(schemas[scope][c])}" />\n')
            head.append("    </attributes>\n")

    def values(df: pl.DataFrame, scope: str, cols: list[str]) -> list[tuple[pl.Expr, pl.Expr]]:
        out_: list[tuple[pl.Expr, pl.Expr]] = []
        for c in cols:
            text = _as_text(df, c, ("true", "false"))
            if df.schema[c].is_float():
                text = text.replace_strict({"inf": "INF", "nan": "NaN", "-inf": "-INF"},
                                           default=text)
            out_.append((pl.col(c).is_not_null(), pl.concat_str(
                pl.lit(f'          <attvalue for="{ids[(scope, c)]}" value="'),
                _text_of(df, c, text, True),
                pl.lit('" />\n'))))
        return out_

    def node_text(df: pl.DataFrame) -> pl.DataFrame:
        head_ = pl.concat_str(pl.lit('id="'), _escaped(df, pl.col("node"), True),
                              pl.lit('" label="'), _escaped(df, pl.col("label"), True),
                              pl.lit('"'))
        return df.select(_element(df, head_, "node", "      ",
                                  values(df, "node", node_cols), wrapper="attvalues")
                         .alias("text"))

    def edge_text(df: pl.DataFrame) -> pl.DataFrame:
        u, v = _escaped(df, pl.col("u"), True), _escaped(df, pl.col("v"), True)
        head_ = pl.concat_str(pl.lit('source="'), u, pl.lit('" target="'), v,
                              pl.lit('" id="'), pl.col("_id").cast(pl.String), pl.lit('"'))
        # where the id starts in the element's text (the splice writes it anew there)
        before_id = len('      <edge source="" target="" id="')
        return df.select(
            _element(df, head_, "edge", "      ", values(df, "edge", edge_cols),
                     wrapper="attvalues").alias("text"),
            (u.str.len_bytes() + v.str.len_bytes() + before_id).cast(pl.Int64).alias("idoff"))

    parts: list[Part] = [(DECLARATION + head[0] + meta + "".join(head[1:])).encode("utf-8")]
    for tag, df, render, positional in (("nodes", g.nodes, node_text, False),
                                        ("edges", edges, edge_text, True)):
        if df.is_empty():
            parts.append(f"    <{tag} />\n".encode())
            continue
        parts += [f"    <{tag}>\n".encode(), Section(df, render, positional),
                  f"    </{tag}>\n".encode()]
    parts.append(b"  </graph>\n</gexf>\n")
    # the date of the meta line is written anew each time; no element depends on it
    return Plan(parts, DECLARATION + "".join(head))


def _networkx_version() -> str:
    """The installed networkx's version (what `networkx.__version__` gives), without
    importing it."""
    from importlib.metadata import version

    return version("networkx")


def _prepared(g: ExportGraph | nx.Graph, include_bibob: bool) -> ExportGraph:
    return flat_frames(compartment_frames(as_export_graph(g), include_bibob))


def write_graphml(g: ExportGraph | nx.Graph, path: Path, include_bibob: bool = False,
                  previous: Previous | None = None) -> None:
    """The export graph as GraphML (Bibob-derived edges left out unless asked); spliced
    from `previous` where it can be (outputs/exports/splice.py)."""
    write_from(graphml_plan(_prepared(g, include_bibob)), path, previous)


def write_gexf(g: ExportGraph | nx.Graph, path: Path, include_bibob: bool = False,
               previous: Previous | None = None) -> None:
    """The export graph as GEXF 1.2 (Bibob-derived edges left out unless asked); spliced
    from `previous` where it can be (outputs/exports/splice.py)."""
    write_from(gexf_plan(_prepared(g, include_bibob)), path, previous)

