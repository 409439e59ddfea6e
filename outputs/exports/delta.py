"""The export files of a night written from what changed, not from the whole graph.

A night adds register rows and moves mentions between entities; nothing else in the graph
changes (`_only_added` checks that: no record corrected or removed, the same program). An
entity's node attributes (`soort`, `entity_id`, `gemeentecodes`, `hub`) depend on its own
mentions only; an edge (u, v, relatie) on the rows that state it, each of which names u and
v. So with X the entities that gained or lost a mention (the previous run's mentions
against this run's, on (mention_id, entity_id)):

- every edge that can differ has an end in X; all edges at X are built from the rows that
  name an entity of X (`aggregate_edges` of those rows: complete for them);
- the nodes that can differ are X and the other ends of those edges (old and new): an
  end's presence under the Bibob compartment and its FtM `addressEntity` depend on its
  edges, which are its previous ones (from the previous GraphML) with those at X replaced;
- an FtM sanction stands at the first edge (in edge order) that has its Damocles record
  as evidence: the records of the Damocles rows that name X are placed again, and the
  parties of those rows join X so that every edge of such a record is rebuilt.

The previous elements' keys come from the previous indexes, which keep them
(outputs/exports/splice.py `previous_keys`): the GraphML's node ids and edges (source,
target, key; GEXF, FtM and links CSV hold the same nodes and edges), the links CSV's rows
and the FtM relations (what their ids hash: an edge, or a sanction's record), each in its
file's order; an index without keys (written by older code) has them read from the
previous GraphML and FtM file instead. The elements themselves come from the previous
files through their indexes (`splice_merged`): the kept ones copied, the rebuilt ones
rendered and put in by key, and the merged keys kept for the next night. Anything that
does not fit (no index, another program, keys out of order, an edge end without a node,
...) gives None / False: the caller then writes from the whole graph.
"""

from __future__ import annotations

import json
import mmap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from outputs.exports.frames import (
    ExportGraph,
    aggregate_edges,
    export_nodes,
    flat_frames,
    with_ends,
)
from outputs.exports.splice import (
    SEP,
    Loaded,
    Merge,
    Plan,
    Section,
    load_previous,
    previous_keys,
    section_index,
    splice_merged,
)

TYPES = ("persoon", "organisatie", "adres")
PARTIES = {  # the columns of each prepared frame that hold an entity id
    "dor": ("verkoper", "opkoper", "verkoper_adres", "opkoper_adres"),
    "nacht": ("gast", "logies", "gast_adres", "logies_adres"),
    "damocles": ("eigenaar", "bewoner", "pand", "eigenaar_adres"),
    "dossiers": ("aanvrager", "locatie"),
    "betrokkenen": ("eid", "adres", "locatie", "dossier_aanvrager"),
}
GRAPHML = "netwerk.graphml"
_UNESCAPE = (["&lt;", "&gt;", "&quot;", "&#13;", "&#10;", "&#09;", "&amp;"],
             ["<", ">", '"', "\r", "\n", "\t", "&"])


def touched_entities(previous_mentions: Path, mentions: pl.DataFrame) -> pl.Series | None:
    """The ids of the entities that gained or lost a mention between the previous run's
    mentions file and this run's mentions (a mention is (mention_id, entity_id)); None
    without the file."""
    cols = ["mention_id", "entity_id"]
    try:
        before = pl.read_parquet(previous_mentions, columns=cols)
    except (OSError, pl.exceptions.PolarsError):
        return None
    now = mentions.select(pl.col(c).cast(pl.String) for c in cols)
    before = before.select(pl.col(c).cast(pl.String) for c in cols)
    hb, hn = before.hash_rows(7), now.hash_rows(7)
    gone = before.filter(~hb.is_in(hn.implode()))
    came = now.filter(~hn.is_in(hb.implode()))
    return pl.concat([gone["entity_id"], came["entity_id"]]).unique()


def _state(entities: Path) -> dict[str, Any] | None:
    """The resolve stage's state of an entities folder (its marks, the lake it saw)."""
    try:
        state = json.loads((entities / "state" / "state.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def only_added(tables: dict[str, pl.DataFrame], previous_entities: Path, entities: Path) -> bool:
    """The lake as the previous run saw it plus new deliveries' rows (no record corrected or
    removed), by the same program (the code mark of this run's resolve, or else the code's
    digest): the rows the previous exports came from are all still there, unchanged."""
    from transforms.schema import TABLES

    state = _state(previous_entities)
    if state is None:
        return False
    now = _state(entities)
    if now is not None:
        code = now.get("marks", {}).get("code")
    else:
        from flows.fingerprint import code_digest

        code = code_digest()
    if state.get("marks", {}).get("code") != code:
        return False
    seen = state.get("tables", {})
    for name in TABLES:
        frame = tables.get(name)
        was = seen.get(name, {"rows": 0, "deliveries": []})
        if frame is None:
            if int(was["rows"]):
                return False
            continue
        new = frame.height
        if "_sha256" in frame.columns:
            old = pl.Series(list(was["deliveries"]), dtype=pl.String)
            new = int(frame.select((~pl.col("_sha256").is_in(old.implode())).sum()).item())
        if frame.height != int(was["rows"]) + new:
            return False
    return True


def _node_ids(ids: pl.Series) -> pl.Series:
    """Every node id an entity id can have (`graph.edges.node_expr` with any type)."""
    forms = [ids] + [pl.select(pl.concat_str(pl.lit(f"{t}:"), pl.lit(ids))).to_series()
                     for t in TYPES]
    return pl.concat(forms).unique().rename("node")


def _entity_ids(nodes: pl.Series) -> pl.Series:
    """Every entity id a node id can stand for (itself, or without its `type:`)."""
    rest = nodes.str.splitn(":", 2).struct.field("field_1").drop_nulls()
    return pl.concat([nodes, rest]).unique().rename("entity_id")


def _rows_naming(frames: Any, ids: pl.Series) -> Any:
    """The prepared frames with only the rows that name one of the entity ids."""
    wanted = ids.implode()
    parts = {name: getattr(frames, name).lazy().filter(pl.any_horizontal(
        pl.col(c).is_in(wanted) for c in cols)).collect() for name, cols in PARTIES.items()}
    return replace(frames, **parts)


def _edges_at(frames: Any, ids: pl.Series) -> pl.DataFrame:
    """Every edge (export graph, before the compartment) with an end among the entities
    `ids` (entity ids), complete: built from all rows that name them."""
    from graph.edges import edge_frame

    nodes = _node_ids(ids).implode()
    edges = aggregate_edges(edge_frame(_rows_naming(frames, ids)))
    return edges.filter(pl.col("u").is_in(nodes) | pl.col("v").is_in(nodes))


def _heads(m: mmap.mmap, index: pl.DataFrame, limit: int | None) -> pl.Series:
    """The first `limit` bytes (None: all) of each element's text (the index's `off`,
    `len`); null where they are not whole UTF-8."""
    import pyarrow as pa  # type: ignore[import-untyped]

    off = index["off"].to_numpy()
    length = index["len"].to_numpy()
    end = off + (length if limit is None else np.minimum(length, limit))
    if len(off) > 1 and not (off[1:] >= end[:-1]).all():
        raise _Misfit("index: elements overlap")
    if len(off) and end[-1] > len(m):
        raise _Misfit("index: beyond the file")
    bounds = np.empty(2 * len(off) + 1, dtype=np.int64)
    bounds[0:-1:2] = off
    bounds[1:-1:2] = end
    bounds[-1] = end[-1] if len(off) else 0
    pieces = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 2 * len(off),
                                              [None, pa.py_buffer(bounds), pa.py_buffer(m)])
    return pl.Series(pieces).gather_every(2, 0).cast(pl.String, strict=False)


def _fields(m: mmap.mmap, index: pl.DataFrame, tag: str, n: int, limit: int) -> pl.DataFrame:
    """The first `n` `"`-separated fields after `tag` at the start of each element (`f0`,
    `f1`, ...: an attribute value, the text up to the next value, ...); all null where
    the element does not start with `tag` or has fewer fields in its first `limit` bytes
    (then looked for in its whole text)."""
    def split(heads: pl.Series) -> pl.DataFrame:
        ok = heads.str.starts_with(tag)
        parts = heads.str.slice(len(tag)).str.split_exact('"', n) \
            .struct.rename_fields([f"f{i}" for i in range(n + 1)]).struct.unnest()
        whole = ok & pl.col(f"f{n}").is_not_null()  # n quotes found
        return parts.select(pl.when(whole).then(pl.col(c)).alias(c) for c in parts.columns[:n])

    got = split(_heads(m, index, limit))
    missing = got[f"f{n - 1}"].is_null()
    if missing.any():
        where = missing.arg_true()
        again = split(_heads(m, index[where], None))
        got = pl.DataFrame([got[c].scatter(where, again[c]) for c in got.columns])
    return got


def _unescaped(col: pl.Expr) -> pl.Expr:
    return col.str.replace_many(*_UNESCAPE)


@dataclass(frozen=True)
class _Before:
    """The previous export graph's public nodes and edges (file order), from its GraphML."""

    nodes: pl.Series  # node ids, ascending
    edges: pl.DataFrame  # u, v, key, k (their order key); ascending by k

    def keys(self) -> dict[int, pl.Series]:
        """The GraphML index's keys of these elements (`graphfiles.graphml_plan`)."""
        return {1: self.nodes, 2: self.edges["k"]}


def _graph_from_keys(keys: dict[int, pl.Series]) -> _Before | None:
    """The previous graph from the keys its GraphML index keeps (node ids; source, target
    and key of the edges, `SEP`-joined), when they are whole and in key order."""
    if sorted(keys) != [1, 2]:
        return None
    nodes, k = keys[1].rename("node"), keys[2].rename("k")
    edges = k.str.split_exact(SEP, 2).struct.rename_fields(["u", "v", "key"]).struct.unnest() \
        .with_columns(k)
    if nodes.null_count() or edges.null_count().sum_horizontal().item():
        return None
    if not (_ascending(nodes) and _ascending(k)):
        return None
    return _Before(nodes, edges)


def _previous_graph(graphml: Path, index: list[pl.DataFrame]) -> _Before | None:
    """The previous graph read from its GraphML (an index without keys: written before
    they were kept)."""
    node_tag, edge_tag = '    <node id="', '    <edge source="'
    with open(graphml, "rb") as fh, mmap.mmap(
            fh.fileno(), 0, flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0),
            prot=mmap.PROT_READ) as m:  # populated: one fault for all pages read
        nodes = _fields(m, index[0], node_tag, 1, 64).rename({"f0": "node"})["node"]
        fields = _fields(m, index[1], edge_tag, 5, 144)
    edges = fields.select(pl.col("f0").alias("u"), pl.col("f2").alias("v"),
                          pl.col("f4").alias("key"))
    tags = fields.select((pl.col("f1") == " target=") & (pl.col("f3") == " id=")).to_series()
    if nodes.null_count() or edges.null_count().sum_horizontal().item() or not tags.all():
        return None
    if nodes.str.contains("&", literal=True).any():
        nodes = nodes.to_frame("n").select(_unescaped(pl.col("n")))["n"]
    if edges.select(pl.any_horizontal(pl.all().str.contains("&", literal=True)).any()).item():
        edges = edges.select(_unescaped(pl.all()))
    edges = edges.with_columns(_key("u", "v", "key"))
    before = _Before(nodes.rename("node"), edges)
    if not (_ascending(before.nodes) and _ascending(edges["k"])):
        return None  # e.g. edge ends without a node row (put last): not in key order
    return before


def _key(*cols: str) -> pl.Expr:
    return pl.concat_str([pl.col(c) for c in cols], separator=SEP).alias("k")


def _ascending(keys: pl.Series) -> bool:
    return keys.len() < 2 or bool((keys.slice(1) > keys.slice(0, keys.len() - 1)).all())


def _merge(kept_keys: pl.Series, keep: pl.Series, new_keys: pl.Series) -> Merge:
    """The merge of new elements (keys ascending) into the kept previous ones (keys
    ascending, `keep` their places): each new element before the first kept one with a
    greater key."""
    if not new_keys.len():
        return Merge(keep, pl.Series([], dtype=pl.UInt32))
    if not _ascending(new_keys):
        raise _Misfit("keys")
    at = kept_keys.search_sorted(new_keys, side="left")
    inside = at < kept_keys.len()
    if (kept_keys.gather(at.filter(inside)) == new_keys.filter(inside)).any():
        raise _Misfit("a new element has the key of a kept one")
    return Merge(keep, at)


class _Misfit(Exception):
    """The delta does not fit the previous files: write from the whole graph."""


def _kept(keys: pl.Series, drop: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The keys and places of the previous elements not dropped."""
    places = pl.int_range(keys.len(), dtype=pl.UInt32, eager=True)
    return keys.filter(~drop), places.filter(~drop)


@dataclass(frozen=True)
class Delta:
    """What changed in the export graph: the public nodes and edges to write anew (`graph`,
    in export order), which previous elements they replace (`nodes`, `edges`: node ids and
    edge keys), and the previous graph."""

    graph: ExportGraph  # the rebuilt public nodes and edges (compartment applied)
    nodes: pl.Series  # node ids whose previous element (if any) goes
    edges: pl.DataFrame  # u, v, key of the edges whose previous element (if any) goes
    before: _Before
    address: pl.DataFrame  # node, addr: the FtM addressEntity (node ids) of `graph.nodes`
    sanctions: pl.DataFrame  # `relation_rows_at` rows of the sanctions placed anew (+ `k`)
    records: pl.Series  # the Damocles records whose sanction is placed anew
    placed: pl.DataFrame  # rec, k: where every current sanction stands

    def nodes_named(self, ids: pl.Series) -> pl.Series:
        """The public node ids after (ascending) that can stand for one of the entity ids:
        the id itself, or the id after a node's `type:` prefix (`ftm._node_target`)."""
        ids = ids.cast(pl.String).drop_nulls().unique()
        before = self.before.nodes
        types = _prefixes(before) | _prefixes(self.graph.nodes["node"].sort())
        forms = pl.concat([ids, *((f"{t}:" + ids).cast(pl.String) for t in sorted(types))])
        kept = before.filter(before.is_in(forms.implode())
                             & ~before.is_in(self.nodes.implode()))
        new = self.graph.nodes["node"]
        return pl.concat([kept, new.filter(new.is_in(forms.implode()))]).sort()


def _prefixes(nodes: pl.Series) -> set[str]:
    """The `type` parts (before the first colon) of the node ids (ascending): one binary
    search per type, not a look at every id."""
    found: set[str] = set()
    i, n = 0, nodes.len()
    while i < n:
        node = str(nodes[i])
        if ":" not in node:
            i += 1
            continue
        p = node.split(":", 1)[0]
        found.add(p)
        i = max(i + 1, int(nodes.search_sorted(p + chr(ord(":") + 1), side="left")))
    return found


def _records(mentions: pl.DataFrame, ids: pl.Series) -> pl.DataFrame:
    """`register`, `record_id` of the records that mention one of the entity ids."""
    return mentions.lazy().filter(pl.col("entity_id").is_in(ids.implode())) \
        .select("register", "record_id").unique().collect()


def _prepared_for(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
                  records: pl.DataFrame) -> Any:
    """`graph.frames.prepare` of the records' rows (all of each record's rows and
    mentions): the same rows, with the same parties, as in `prepare` of everything."""
    from graph.frames import prepare
    from transforms.schema import TABLES

    sub: dict[str, pl.DataFrame] = dict(tables)
    for name, spec in TABLES.items():
        frame = tables.get(name)
        if frame is None or spec.record_id not in frame.columns:
            continue
        ids = records.filter(pl.col("register") == spec.register)["record_id"]
        sub[name] = frame.lazy().filter(
            pl.col(spec.record_id).cast(pl.String).is_in(ids.implode())).collect()
    ids = records["record_id"].unique()
    m = mentions.lazy().filter(pl.col("record_id").is_in(ids.implode())).join(
        records.lazy(), on=["register", "record_id"], how="semi", maintain_order="left")
    return prepare(sub, m.collect())


@dataclass(frozen=True)
class _Rebuilt:
    """The edges to build again (what of the delta does not need the previous graph)."""

    frames: Any  # `prepare` of the records of X, of every Damocles and Bibob row, ...
    parties: pl.Series  # the entity ids of every Damocles row's parties
    recs: pl.Series  # the Damocles records named by X
    xnodes: pl.Series  # the node ids of X (its Damocles records' parties joined)
    new_edges: pl.DataFrame  # every edge at X, built anew
    placed: pl.DataFrame  # where every FtM sanction stands (`_sanctions`)


def export_delta(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, touched: pl.Series,
                 before: _Before) -> Delta | None:
    """The delta of the export graph given the entities that gained or lost a mention."""
    return _delta_from(tables, mentions, rebuilt_at(tables, mentions, touched), before)


def rebuilt_at(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, touched: pl.Series
               ) -> _Rebuilt:
    """The edges at the entities that gained or lost a mention (X), built anew: the part
    of `export_delta` that does not need the previous graph (it runs while that is read)."""
    ids = _entity_ids(_node_ids(touched))
    # the rows that name X, all Damocles and Bibob rows and the rows that name their parties
    dam = mentions.filter(pl.col("register") == "damocles")
    parties = _entity_ids(_node_ids(dam["entity_id"].drop_nulls().unique()))
    records = pl.concat([
        _records(mentions, pl.concat([ids, parties]).unique()),
        mentions.filter(pl.col("register").is_in(["damocles", "bibob"]))
        .select("register", "record_id")]).unique()
    frames = _prepared_for(tables, mentions, records)
    # Damocles records named by X: their parties join X (every edge of the record rebuilt)
    named = frames.damocles.filter(pl.any_horizontal(pl.col(c).is_in(ids.implode())
                                                     for c in PARTIES["damocles"]))
    recs = named["ev"].unique()
    ids = _entity_ids(_node_ids(pl.concat(
        [ids, *(named[c].drop_nulls() for c in PARTIES["damocles"])]).unique()))
    xnodes = _node_ids(ids)
    return _Rebuilt(frames, parties, recs, xnodes, _edges_at(frames, ids),
                    _sanctions(frames, parties))


def _delta_from(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, rebuilt: _Rebuilt,
                before: _Before) -> Delta | None:
    """`export_delta` from the edges built anew and the previous graph."""
    from graph.edges import edge_frame, node_expr, node_frame
    from outputs.exports.ftm import ADRES_REL

    frames, recs = rebuilt.frames, rebuilt.recs
    xnodes, new_edges = rebuilt.xnodes, rebuilt.new_edges
    old = before.edges.with_row_index("j").filter(
        pl.col("u").is_in(xnodes.implode()) | pl.col("v").is_in(xnodes.implode()))
    # the nodes that can differ: X and every end of an edge at X, before and after; their
    # attributes from all their mentions
    nodes = pl.concat([xnodes, new_edges["u"], new_edges["v"], old["u"], old["v"]]).unique()
    at_nodes = _prepared_for(tables, mentions, _records(mentions, _entity_ids(nodes)))
    rows = export_nodes(node_frame(at_nodes))
    rows = rows.filter(pl.col("node").is_in(nodes.implode()))
    if rows["node"].n_unique() != rows.height:
        return None
    public_edges = new_edges.filter(~pl.col("bibob"))
    ends = pl.concat([public_edges["u"], public_edges["v"]]).unique()
    if not ends.is_in(rows["node"].implode()).all():
        return None  # an edge end without a node row: networkx adds it bare, at the end
    # the public edges of those nodes after: the previous ones not rebuilt, and the new
    keys = pl.concat([public_edges.select("u", "v", "key"),
                      old.select("u", "v", "key")]).unique()
    around = before.edges.select("u", "v", "key").filter(
        pl.col("u").is_in(nodes.implode()) | pl.col("v").is_in(nodes.implode()))
    around = pl.concat([around.join(old.select("u", "v", "key"), on=["u", "v", "key"],
                                    how="anti"), public_edges.select("u", "v", "key")])
    # the compartment: a node is left out when it has a Bibob edge and no other
    dossiers = replace(frames, **{name: getattr(frames, name).clear()
                                  for name in ("dor", "nacht", "damocles")})
    bibob_rows = edge_frame(dossiers)
    bibob_ends = pl.concat([bibob_rows.select(node_expr("u", "u_type").alias("n")),
                            bibob_rows.select(node_expr("v", "v_type").alias("n"))])["n"]
    with_edges = pl.concat([around["u"], around["v"]]).unique()
    rows = rows.filter(~pl.col("node").is_in(bibob_ends.implode())
                       | pl.col("node").is_in(with_edges.implode())).sort("node")
    graph = ExportGraph(rows, public_edges)
    # FtM: the addresses of each rebuilt node, from all its public edges (edge order)
    address = (around.filter(pl.col("u").is_in(rows["node"].implode())
                             & pl.col("key").is_in(list(ADRES_REL))
                             & pl.col("v").str.starts_with("adres:")
                             & ~pl.col("u").str.starts_with("adres:"))
               .sort("u", "v", "key").unique(["u", "v"], keep="first", maintain_order=True)
               .group_by("u", maintain_order=True).agg(pl.col("v").alias("addr"))
               .rename({"u": "node"}))
    placed = rebuilt.placed
    sanctions = placed.filter(pl.col("a").is_in(recs.implode()))
    return Delta(graph, nodes, keys, before, address, sanctions, recs,
                 placed.select(pl.col("a").alias("rec"), "k"))


def _sanctions(frames: Any, parties: pl.Series) -> pl.DataFrame:
    """Where every FtM sanction stands (`relation_rows_at` rows, with their order key `k`):
    from the edges at all parties of Damocles rows (few; `frames` holds at least all rows
    that name them), built whole."""
    from outputs.exports.ftm import _edge_frame, relation_rows_at

    edges = _edges_at(frames, parties).filter(pl.col("register") == "damocles")
    eg = ExportGraph(pl.DataFrame(), edges)
    e = _edge_frame(eg).with_columns(
        pl.col("u").str.extract(r"^([^:]*):", 1).replace_strict(
            _SCHEMA, default="LegalEntity").alias("su"),
        pl.col("v").str.extract(r"^([^:]*):", 1).replace_strict(
            _SCHEMA, default="LegalEntity").alias("sv"))
    rows = relation_rows_at(e).filter(pl.col("kind") == "Sanction")
    return _with_order_key(rows, e)


_SCHEMA = {"persoon": "Person", "organisatie": "Company", "adres": "Address"}


def _with_order_key(rows: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """`relation_rows_at` rows of `edges` (`_edge_frame` rows) with their order key `k`:
    their edge's (u, v, relatie), then `sub`."""
    at = edges.select("i", pl.concat_str("u", "v", "rel", separator=SEP).alias("_e"))
    return rows.join(at, on="i", how="left", maintain_order="left").select(
        pl.all().exclude("_e"),
        pl.concat_str("_e", pl.col("sub").cast(pl.String).str.zfill(6), separator=SEP)
        .alias("k"))


def _graph_merges(delta: Delta) -> list[Merge]:
    """The node and edge sections of GraphML and GEXF (the same elements, in the same
    order)."""
    b = delta.before
    nodes = _merge(*_kept(b.nodes, b.nodes.is_in(delta.nodes.implode())),
                   delta.graph.nodes["node"])
    gone = delta.edges.select(_key("u", "v", "key"))["k"]
    edges = _merge(*_kept(b.edges["k"], b.edges["k"].is_in(gone.implode())),
                   delta.graph.edges.select(_key("u", "v", "key"))["k"])
    return [nodes, edges]


def write_graphfile(delta: Delta, name: str, path: Path, old: Path, old_state: Path,
                    state: Path, merges: list[Merge] | None = None,
                    loaded: Loaded | None = None) -> bool:
    """GraphML or GEXF (`name`) from the previous file and the delta (`merges`: those of
    `_graph_merges`, when already made; `loaded`: the previous file's index, when read
    ahead)."""
    from outputs.exports.graphfiles import gexf_plan, graphml_plan

    flat = flat_frames(delta.graph)
    plan = graphml_plan(flat) if name == GRAPHML else gexf_plan(flat)
    if len([p for p in plan.parts if isinstance(p, Section)]) != 2:
        return False
    index = None if loaded is None else loaded.for_plan(plan)
    if loaded is not None and index is None:
        return False
    return splice_merged(plan, path, old, old_state, state,
                         _graph_merges(delta) if merges is None else merges, index,
                         keys=delta.before.keys() if name == GRAPHML else None)


def write_links(delta: Delta, path: Path, old: Path, old_state: Path, state: Path,
                loaded: Loaded | None = None) -> bool:
    from outputs.exports.links import links_plan

    plan = links_plan(delta.graph)
    section = plan.parts[1]
    assert isinstance(section, Section)
    index = None if loaded is None else loaded.for_plan(plan)
    if loaded is not None and index is None:
        return False
    b = delta.before.edges
    gone = delta.edges.select(_key("u", "key", "v"))["k"]
    kept = previous_keys(old, old_state) if loaded is None else loaded.keys
    if kept is not None and sorted(kept) == [1] and _ascending(kept[1]):
        old_keys = kept[1]  # the rows' keys, in file order
    else:  # an index without keys: the rows are sorted by them
        old_keys = b.select(_key("u", "key", "v"))["k"].sort()
    new_keys = section.rows.select(_key("entiteit_1", "relatie", "entiteit_2"))["k"]
    merge = _merge(*_kept(old_keys, old_keys.is_in(gone.implode())), new_keys)
    return splice_merged(plan, path, old, old_state, state, [merge], index,
                         keys={1: old_keys})


def write_ftm_delta(delta: Delta, signals: pl.DataFrame, path: Path, old: Path,
                    old_state: Path, state: Path, loaded: Loaded | None = None) -> bool:
    from outputs.exports.ftm import (
        SCHEMA,
        _edge_frame,
        _node_lines,
        _node_rows,
        _node_target,
        _relation_lines,
        _risk_lines,
        relation_keys,
        relation_rows_at,
    )
    g = delta.graph
    schema = g.nodes.select("node", pl.col("soort").cast(pl.String)
                            .replace_strict(SCHEMA, default="LegalEntity").alias("schema"))
    node_rows = _node_rows(g.nodes, schema, delta.address)
    edges = with_ends(_edge_frame(g), schema, ("u", "v"), ({"schema": "su"}, {"schema": "sv"}))
    rel = _with_order_key(relation_rows_at(edges).filter(pl.col("kind") != "Sanction"), edges)
    new = pl.concat([rel, delta.sanctions]).sort("k")
    columns = [c for c in new.columns if c not in ("i", "sub", "k")]
    named = signals["entity_ids"].explode() if "entity_ids" in signals.columns else \
        pl.Series([], dtype=pl.String)
    target = _node_target(signals, delta.nodes_named(named).to_frame("node"))
    risks = _risk_lines(signals, target, False).encode("utf-8")
    plan = Plan([Section(node_rows, _node_lines),
                 Section(new.select(columns), _relation_lines, keys=relation_keys), risks], "ftm")
    whole = section_index(plan, old, old_state) if loaded is None else loaded.for_plan(plan)
    if whole is None:
        return False
    b = delta.before
    nodes = _merge(*_kept(b.nodes, b.nodes.is_in(delta.nodes.implode())), node_rows["node"])
    # the previous relation elements' keys (file order): kept in the index, or else read
    relations = int((whole["section"] == 1).sum())
    kept = previous_keys(old, old_state) if loaded is None else loaded.keys
    keys = kept[1] if kept is not None and sorted(kept) == [1] and \
        kept[1].len() == relations else \
        _ftm_relation_keys(old, whole.filter(pl.col("section") == 1), b)
    if keys is None:
        return False
    is_sanction = keys.str.starts_with(_SANCTION)
    recs = keys.filter(is_sanction).str.slice(len(_SANCTION))
    links = keys.filter(~is_sanction).to_frame("e").select(
        pl.col("e").str.strip_prefix(_EDGE).str.replace_all(_FTM_SEP, SEP, literal=True))
    links = links.select(pl.concat_str("e", pl.lit("000000"), separator=SEP).alias("k"), "e")
    if links["e"].str.count_matches(SEP, literal=True).ne(2).any():
        return False  # an id with the separator in it
    gone_edges = delta.edges.select(pl.concat_str("u", "v", "key", separator=SEP))
    placed = recs.to_frame("rec").join(delta.placed, on="rec", how="left",
                                       maintain_order="left")
    if placed["k"].null_count():
        return False  # a sanction no Damocles edge holds now
    sanction_at = is_sanction.arg_true()
    link_at = (~is_sanction).arg_true()
    old_keys = pl.concat([links.select(link_at.alias("p"), "k"),
                          placed.select(sanction_at.alias("p"), "k")]).sort("p")["k"]
    drop = pl.concat([
        links.select(link_at.alias("p"),
                     pl.col("e").is_in(gone_edges.to_series().implode()).alias("d")),
        pl.DataFrame({"p": sanction_at, "d": recs.is_in(delta.records.implode())})
    ]).sort("p")["d"]
    kept_keys, keep = _kept(old_keys, drop)
    if not _ascending(kept_keys):
        return False
    return splice_merged(plan, path, old, old_state, state,
                         [nodes, _merge(kept_keys, keep, new["k"])], whole, keys={1: keys})


_FTM_SEP = "\x1f"  # joins the parts of what an FtM id hashes (`ftm.relation_keys`)
_EDGE, _SANCTION = "edge" + _FTM_SEP, "sanction" + _FTM_SEP


def _ftm_relation_keys(old: Path, index: pl.DataFrame, b: _Before) -> pl.Series | None:
    """The keys (`ftm.relation_keys`) of the previous FtM file's relation elements (`index`:
    their rows of its index) read from that file and the previous graph (an index without
    keys: written before they were kept): a sanction's line has "authority" first and its
    record as programId; the other lines are the edges that are not an address
    (`ftm.relation_rows_at`), in edge order. None when they do not fit."""
    from outputs.exports.ftm import ADRES_REL

    with open(old, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
        buf = np.frombuffer(m, dtype=np.uint8)
        start = index["off"].to_numpy() + len('{"id": "iob-01234567890123456789", '
                                              '"properties": {')
        probe = b'"authority"'
        if len(start) and (start + len(probe) > len(buf)).any():
            return None
        is_sanction = np.ones(len(start), dtype=bool)
        for k, byte in enumerate(probe):
            is_sanction &= buf[start + k] == byte
        del buf
        lines = [json.loads(m[o:o + n]) for o, n in
                 index.filter(pl.Series(is_sanction)).select("off", "len").iter_rows()]
    recs = pl.Series([line["properties"]["programId"][0] for line in lines], dtype=pl.String)
    su = b.edges["u"].str.extract(r"^([^:]*):", 1)
    sv = b.edges["v"].str.extract(r"^([^:]*):", 1)
    is_link = ~(b.edges["key"].is_in(list(ADRES_REL)) & (sv == "adres") & (su != "adres"))
    links = b.edges.filter(is_link).select(
        pl.concat_str(pl.lit("edge"), "u", "v", "key", separator=_FTM_SEP))
    if links.height + recs.len() != index.height:
        return None
    keys = pl.concat([
        links.select(pl.Series("p", np.flatnonzero(~is_sanction)), pl.all().alias("k")),
        pl.DataFrame({"p": np.flatnonzero(is_sanction),
                      "k": (_SANCTION + recs).cast(pl.String)})])
    return keys.sort("p")["k"]


COST = ("netwerk.gexf", "entities.ftm.json", "netwerk.graphml", "links.csv")  # costly first
GRAPHS = ("netwerk.gexf", GRAPHML)  # the same nodes and edges in the same order


def write_delta(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, signals: pl.DataFrame,
                out: Path, previous: Path, todo: list[str], old_state: Path, state: Path,
                threads: int = 4) -> list[str]:
    """Write what of `todo` (export file names) the delta can, from the previous run's files
    in `previous`, for the lake tables and mentions of this run; the names written. `out`
    is the run's exports folder (its run folder holds this run's `entities`); the files are
    written on `threads` threads (one per file: a writer waiting for its fsync or a kernel
    copy leaves the core to another)."""
    from concurrent.futures import ThreadPoolExecutor

    old_exports = previous / "exports"
    entities = out.parent / "entities"
    with ThreadPoolExecutor(threads, thread_name_prefix="export-delta") as pool:
        def rebuilt() -> _Rebuilt | None:  # while the previous graph is read
            touched = touched_entities(previous / "entities" / "mentions.parquet", mentions)
            return None if touched is None else rebuilt_at(tables, mentions, touched)

        rebuilt_job = pool.submit(rebuilt)
        names = sorted(todo, key=lambda n: COST.index(n) if n in COST else len(COST))
        # the previous files' indexes (and keys) read meanwhile
        ahead = {name: pool.submit(load_previous, old_exports / name, old_state)
                 for name in names if name != GRAPHML}
        graphml = load_previous(old_exports / GRAPHML, old_state)
        before = _before(old_exports / GRAPHML, old_state, graphml)
        fits = before is not None and only_added(tables, previous / "entities", entities)
        edges = rebuilt_job.result()
        if not fits or edges is None or before is None:
            return []
        delta = _delta_from(tables, mentions, edges, before)
        if delta is None:
            return []
        merges: list[Merge] | None = None

        def write(name: str) -> bool:
            old = old_exports / name
            loaded = graphml if name == GRAPHML else ahead[name].result()
            if not old.is_file() or loaded is None:
                return False
            try:
                if name == "entities.ftm.json":
                    return write_ftm_delta(delta, signals, out / name, old, old_state, state,
                                           loaded)
                if name == "links.csv":
                    return write_links(delta, out / name, old, old_state, state, loaded)
                return write_graphfile(delta, name, out / name, old, old_state, state,
                                       merges, loaded)
            except _Misfit:
                return False

        # the files that do not need the graph files' merges first, while those are made
        jobs = {name: pool.submit(write, name) for name in names if name not in GRAPHS}
        try:  # the same for GraphML and GEXF
            merges = _graph_merges(delta)
        except _Misfit:
            merges = None  # (each file then finds that out again, and declines)
        jobs |= {name: pool.submit(write, name) for name in names if name in GRAPHS}
        return [name for name in todo if jobs[name].result()]


def _before(graphml: Path, old_state: Path, loaded: Loaded | None = None) -> _Before | None:
    """The previous graph: from the keys its GraphML index keeps (`loaded`: that index,
    read already), else read from the GraphML (header, nodes, edges, footer; its index's
    key is checked per file)."""
    kept = previous_keys(graphml, old_state) if loaded is None else loaded.keys
    before = None if kept is None else _graph_from_keys(kept)
    if before is not None:
        return before
    index = _graph_index((1, 2), graphml, old_state)
    try:
        return None if index is None else _previous_graph(graphml, index)
    except _Misfit:
        return None


def _graph_index(sections: tuple[int, ...], old: Path, old_state: Path
                 ) -> list[pl.DataFrame] | None:
    """The GraphML index's node and edge sections (its key is not checked here: each
    file's own plan is, when it is written)."""
    from outputs.exports.splice import INDEX_SCHEMA, _index_paths

    table, meta_path = _index_paths(old_state, old.name)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("size") != old.stat().st_size:
            return None
        index = pl.read_parquet(table)
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None
    if dict(index.schema) != INDEX_SCHEMA or index.height != meta.get("rows"):
        return None
    if tuple(sorted(index["section"].unique().to_list())) != sections:
        return None
    return [index.filter(pl.col("section") == i) for i in sections]
