"""FollowTheMoney entities (JSON lines) for Aleph and other FtM tools.

Mapping (checked against followthemoney 4.x in tests/outputs/test_outputs_exports.py):
- node `persoon` -> Person, `organisatie` -> Company (every register organisation has a KvK
  number), `adres` -> Address (`full` = label);
- `woont_op` / `gevestigd_op` -> the `addressEntity` property of the person/company;
- `bestuurder_van`, `leidinggevende_van` -> Directorship (director -> organization);
- `aandeelhouder_van`, `vermogensverschaffer_van` to a company -> Ownership (owner -> asset);
- every other relation (verkocht_aan, verbleef_bij, eigenaar_van, ...) -> UnknownLink
  (subject -> object, `role` = the relation);
- each Damocles record behind an edge to an address -> Sanction on that Address (program
  "Artikel 13b Opiumwet"): a 13b measure is a sanction by the mayor on a premises;
- each signal -> one Risk per core entity in the export (`reason` = toelichting, `status` =
  the signal's status, `summary` = title, `programId` = rule code). FtM 4 has a Risk schema
  ("a risk or warning associated with an entity"), the closest fit to a prompt for review.
Ids are stable: `iob-` + a hash of what the entity stands for.

The lines are built from the export frames (outputs/exports/frames.py) with polars string
expressions: each is what `json.dumps(entity, ensure_ascii=False, sort_keys=True)` gives.
Order: the nodes (node order), the relations and sanctions (edge order, a sanction once, at
its first edge), the risks.
"""

from __future__ import annotations

import hashlib
import json
import mmap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from iob.atomic import write_atomic
from outputs.exports.frames import ExportGraph, as_export_graph, compartment_frames, with_ends
from outputs.exports.splice import (
    Part,
    Plan,
    Previous,
    Section,
    carry_index,
    copy_range,
    sections_end,
    write_from,
)

if TYPE_CHECKING:
    import networkx as nx

Entity = dict[str, Any]
SCHEMA = {"persoon": "Person", "organisatie": "Company", "adres": "Address"}
ADRES_REL = ("woont_op", "gevestigd_op")
DIRECTOR_REL = ("bestuurder_van", "leidinggevende_van")
OWNER_REL = ("aandeelhouder_van", "vermogensverschaffer_van")
_CONTROL = [chr(i) for i in range(0x20)]
_JSON_FROM = ["\\", '"', *_CONTROL]
_JSON_TO = ["\\\\", '\\"', *(
    {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}.get(c, f"\\u{ord(c):04x}")
    for c in _CONTROL)]


def ftm_id(*parts: object) -> str:
    return "iob-" + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def _ids(prefix: str, *cols: pl.Series) -> pl.Series:
    """`ftm_id(prefix, *row)` for every row of the columns (a null is `None`, as str gives)."""
    sha1 = hashlib.sha1
    keys = pl.select(pl.concat_str([pl.lit(prefix), *(pl.lit(c).fill_null("None") for c in cols)],
                                   separator="\x1f").cast(pl.Binary)).to_series().to_list()
    digests = pl.Series([sha1(k).digest() for k in keys], dtype=pl.Binary)
    return pl.select(pl.concat_str(pl.lit("iob-"), pl.lit(digests).bin.encode("hex")
                                   .str.slice(0, 20))).to_series().rename("")


def _js(col: pl.Expr) -> pl.Expr:
    """A JSON string literal (json.dumps with ensure_ascii=False)."""
    return pl.concat_str(pl.lit('"'), col.str.replace_many(_JSON_FROM, _JSON_TO), pl.lit('"'))


def _q(col: pl.Expr) -> pl.Expr:
    """A JSON string literal of text that never needs escaping (FtM ids, schema names)."""
    return pl.concat_str(pl.lit('"'), col, pl.lit('"'))


def _prop(name: str, value: pl.Expr, first: bool = False) -> pl.Expr:
    """`"name": ["value"]` (with a leading `, ` unless first)."""
    return pl.concat_str(pl.lit(("" if first else ", ") + f'"{name}": ['), _js(value),
                         pl.lit("]"))


def _text(df: pl.DataFrame, c: str) -> pl.Expr:
    """A column as str(value); null where absent or null."""
    if c not in df.columns:
        return pl.lit(None, dtype=pl.String)
    t = df.schema[c]
    if t == pl.Boolean:
        return pl.when(pl.col(c)).then(pl.lit("True")).otherwise(pl.lit("False"))
    if t.is_float():
        return pl.col(c).map_elements(repr, return_dtype=pl.String)
    return pl.col(c).cast(pl.String)


def _truthy(df: pl.DataFrame, c: str) -> pl.Expr:
    """The column's text where the value is truthy in Python (not null, "", 0, False)."""
    if c not in df.columns:
        return pl.lit(None, dtype=pl.String)
    t = df.schema[c]
    col = pl.col(c)
    if t == pl.Boolean:
        falsy = ~col
    elif t.is_numeric():
        falsy = col == 0
    elif t == pl.String:
        falsy = col == ""
    elif isinstance(t, pl.List):
        falsy = col.list.len() == 0
    else:
        falsy = pl.lit(False)
    return pl.when(col.is_null() | falsy).then(pl.lit(None, dtype=pl.String)) \
        .otherwise(_text(df, c) if not isinstance(t, pl.List) else pl.lit(""))


def _node_rows(nodes: pl.DataFrame, schema: pl.DataFrame, address: pl.DataFrame
               ) -> pl.DataFrame:
    """node, schema, label and addresses (node ids) of every node: what its line shows."""
    n = schema.with_columns(
        nodes.select(_truthy(nodes, "label").fill_null(pl.col("node")).alias("label")))
    return n.join(address, on="node", how="left", maintain_order="left")


def _fids(nodes: pl.Series) -> pl.Series:
    return _ids("node", nodes)


def _node_lines(n: pl.DataFrame) -> pl.DataFrame:
    """The JSON line of every node row (`_node_rows`)."""
    n = n.with_row_index("_r").with_columns(_fids(n["node"]).alias("fid"))
    adr = n.select("_r", "addr").explode("addr").filter(pl.col("addr").is_not_null())
    adr = (adr.with_columns(_fids(adr["addr"]).alias("a"))
           .group_by("_r", maintain_order=True)
           .agg(pl.concat_str(pl.lit('"'), pl.col("a"), pl.lit('"')).str.join(", ")
                .alias("addr")))
    n = n.drop("addr").join(adr, on="_r", how="left", maintain_order="left")
    addr = pl.when(pl.col("addr").is_not_null()).then(
        pl.concat_str(pl.lit('"addressEntity": ['), pl.col("addr"), pl.lit("], "))
    ).otherwise(pl.lit(""))
    line = pl.concat_str(
        pl.lit('{"id": '), _q(pl.col("fid")), pl.lit(', "properties": {'), addr,
        _prop("description", pl.concat_str(pl.lit("iob-entiteit "), pl.col("node")), True),
        pl.when(pl.col("schema") == "Address").then(_prop("full", pl.col("label")))
        .otherwise(_prop("name", pl.col("label"))),
        pl.lit('}, "schema": '), _q(pl.col("schema")), pl.lit("}\n"))
    return n.select(line.alias("text"))


def _edge_frame(eg: ExportGraph) -> pl.DataFrame:
    e = eg.edges
    return e.select(
        "u", "v",
        _truthy(e, "relatie").fill_null("").alias("rel"),
        _text(e, "register").alias("register"),
        _truthy(e, "datum").alias("start"),
        (pl.col("evidence").cast(pl.List(pl.String)) if "evidence" in e.columns
         and isinstance(e.schema["evidence"], pl.List)
         else pl.lit(None, dtype=pl.List(pl.String))).alias("evidence"),
    ).with_row_index("i")


def _relation_rows(edges: pl.DataFrame) -> pl.DataFrame:
    """The relation entities and sanctions in file order (edge order, a sanction once, at
    its first edge): `key` (what the id hashes), `kind`, `a`, `b` (for a relation its
    ends, for a sanction the record and the address node), `rel`, `start`."""
    return relation_rows_at(edges).drop("i", "sub")


def relation_rows_at(edges: pl.DataFrame) -> pl.DataFrame:
    """`_relation_rows` with where each row stands: `i` its edge (row of `edges`), `sub` 0
    for the relation, k for a sanction (its record the k-th of the edge's evidence)."""
    su, sv = pl.col("su"), pl.col("sv")
    kind = (pl.when(pl.col("rel").is_in(list(DIRECTOR_REL)) & (sv == "Company")
                    & (su != "Address")).then(pl.lit("Directorship"))
            .when(pl.col("rel").is_in(list(OWNER_REL)) & (sv == "Company") & (su != "Address"))
            .then(pl.lit("Ownership")).otherwise(pl.lit("UnknownLink")))
    links = edges.filter(~(pl.col("rel").is_in(list(ADRES_REL)) & (sv == "Address")
                           & (su != "Address"))).select(
        "i", pl.lit(0, dtype=pl.Int64).alias("sub"),
        pl.concat_str(pl.lit("edge"), "u", "v", "rel", separator="\x1f").alias("key"),
        kind.alias("kind"), pl.col("u").alias("a"), pl.col("v").alias("b"), "rel", "start")
    sanctions = (edges.filter((pl.col("register") == "damocles") & (sv == "Address"))
                 .select("i", "v", "start", pl.col("evidence").alias("rec"))
                 .with_columns(pl.int_ranges(1, pl.col("rec").list.len() + 1).alias("sub"))
                 .explode("rec", "sub").filter(pl.col("rec").is_not_null()))
    sanctions = sanctions.select(
        "i", pl.col("sub").cast(pl.Int64),
        pl.concat_str(pl.lit("sanction"), "rec", separator="\x1f").alias("key"),
        pl.lit("Sanction").alias("kind"), pl.col("rec").alias("a"), pl.col("v").alias("b"),
        pl.lit(None, dtype=pl.String).alias("rel"), "start")
    return (pl.concat([links, sanctions]).sort("i", "sub")
            .unique("key", keep="first", maintain_order=True))


def relation_keys(r: pl.DataFrame) -> pl.Series:
    """A relation row's key in the index: what its id hashes (`edge` u v relatie, or
    `sanction` record, `\x1f`-joined)."""
    return r["key"]


def _relation_lines(r: pl.DataFrame) -> pl.DataFrame:
    """The JSON line of every relation row (`_relation_rows`)."""
    sha1 = hashlib.sha1
    digests = pl.Series([sha1(k).digest() for k in
                         r["key"].cast(pl.Binary).to_list()], dtype=pl.Binary)
    r = r.with_columns(
        pl.concat_str(pl.lit("iob-"), pl.lit(digests).bin.encode("hex").str.slice(0, 20))
        .alias("id"),
        _fids(r["a"]).alias("uid"), _fids(r["b"]).alias("vid"))
    start = pl.when(pl.col("start").is_not_null()).then(_prop("startDate", pl.col("start"))) \
        .otherwise(pl.lit(""))
    uid, vid = _q(pl.col("uid")), _q(pl.col("vid"))
    role_van = _js(pl.col("rel").str.strip_suffix("_van"))
    props = (
        pl.when(pl.col("kind") == "Directorship").then(pl.concat_str(
            pl.lit('"director": ['), uid, pl.lit('], "organization": ['), vid,
            pl.lit('], "role": ['), role_van, pl.lit("]"), start))
        .when(pl.col("kind") == "Ownership").then(pl.concat_str(
            pl.lit('"asset": ['), vid, pl.lit('], "owner": ['), uid, pl.lit('], "role": ['),
            role_van, pl.lit("]"), start))
        .when(pl.col("kind") == "Sanction").then(pl.concat_str(
            pl.lit('"authority": ["Burgemeester"], "entity": ['), vid,
            pl.lit('], "program": ["Artikel 13b Opiumwet"], "programId": ['), _js(pl.col("a")),
            pl.lit("]"), start))
        .otherwise(pl.concat_str(
            pl.lit('"object": ['), vid, pl.lit('], "role": ['),
            _js(pl.col("rel").str.replace_all("_", " ", literal=True)), pl.lit("]"), start,
            pl.lit(', "subject": ['), uid, pl.lit("]"))))
    return r.select(pl.concat_str(pl.lit('{"id": '), _q(pl.col("id")),
                                  pl.lit(', "properties": {'), props, pl.lit('}, "schema": '),
                                  _q(pl.col("kind")), pl.lit("}\n")).alias("text"))


def _d(v: Any) -> list[str]:
    return [v.isoformat()] if isinstance(v, date) else ([str(v)] if v else [])


Target = Callable[[str, str], str | None]


def _node_target(signals: pl.DataFrame, nodes: pl.DataFrame) -> Target:
    """The FtM id of the first node (node order; `nodes` has `node`) whose id, or id
    without its `soort:` prefix, is the entity id; None when the entity is not in the
    export."""
    wanted = {str(e) for ids in signals["entity_ids"].to_list() if ids for e in ids} \
        if "entity_ids" in signals.columns else set()
    cand = nodes.filter(pl.col("node").is_in(list(wanted))
                        | pl.col("node").str.splitn(":", 2).struct.field("field_1")
                        .fill_null(pl.col("node")).is_in(list(wanted)))
    by_entity: dict[str, str] = {}
    cand = cand.select("node", _fids(cand["node"]).alias("fid"))
    for n, fid in cand.iter_rows():
        by_entity.setdefault(n, fid)
        by_entity.setdefault(n.split(":", 1)[-1], fid)
    return lambda _signal, eid: by_entity.get(eid)


def _risks(signals: pl.DataFrame, target: Target, include_bibob: bool) -> Iterator[Entity]:
    """One Risk per signal and core entity in the export."""
    for s in signals.iter_rows(named=True):
        if s.get("bibob") and not include_bibob:
            continue
        for eid in s.get("entity_ids") or []:
            entity = target(str(s["signal_id"]), str(eid))
            if entity is None:
                continue
            props: dict[str, list[str]] = {
                "entity": [entity], "reason": [str(s.get("toelichting") or "")],
                "status": [str(s.get("status") or "")], "summary": [str(s.get("titel") or "")],
                "programId": [str(s["rule"])], "authority": ["iob (RIEC Limburg)"]}
            props.update({k: v for k, v in (("startDate", _d(s.get("eerste_datum"))),
                                            ("endDate", _d(s.get("laatste_datum")))) if v})
            yield {"id": ftm_id("risk", s["signal_id"], eid), "schema": "Risk",
                   "properties": props}


def _risk_lines(signals: pl.DataFrame, target: Target, include_bibob: bool) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                   for e in _risks(signals, target, include_bibob))


def ftm_lines(g: ExportGraph | nx.Graph, signals: pl.DataFrame | None = None,
              include_bibob: bool = False) -> Iterator[str]:
    """The JSON lines (each ending in a newline) of all entities, in chunks."""
    for part in ftm_plan(g, signals, include_bibob).parts:
        if isinstance(part, bytes):
            yield part.decode("utf-8")
        else:
            yield from _joined(part.render(part.rows)["text"])


def ftm_plan(g: ExportGraph | nx.Graph, signals: pl.DataFrame | None = None,
             include_bibob: bool = False) -> Plan:
    """The FtM file as a `Plan`: the nodes, the relations and sanctions (each line a
    function of its row), the Risks (written anew each time)."""
    eg = compartment_frames(as_export_graph(g), include_bibob)
    edges = _edge_frame(eg)
    schema = eg.nodes.select("node", (pl.col("soort").cast(pl.String) if "soort" in
                                      eg.nodes.columns else pl.lit(None, dtype=pl.String))
                             .replace_strict(SCHEMA, default="LegalEntity").alias("schema"))
    edges = with_ends(edges, schema, ("u", "v"), ({"schema": "su"}, {"schema": "sv"}))
    address = (edges.filter(pl.col("rel").is_in(list(ADRES_REL)) & (pl.col("sv") == "Address")
                            & (pl.col("su") != "Address"))
               .unique(["u", "v"], keep="first", maintain_order=True)
               .group_by("u", maintain_order=True)
               .agg(pl.col("v").alias("addr"))
               .rename({"u": "node"}))
    parts: list[Part] = [Section(_node_rows(eg.nodes, schema, address), _node_lines),
                         Section(_relation_rows(edges), _relation_lines, keys=relation_keys)]
    if signals is not None:
        parts.append(_risk_lines(signals, _node_target(signals, eg.nodes), include_bibob)
                     .encode("utf-8"))
    return Plan(parts, "ftm")


def _joined(lines: pl.Series, chunk: int = 100_000) -> Iterator[str]:
    for offset in range(0, lines.len(), chunk):
        yield str(lines.slice(offset, chunk).str.join("").item())


def ftm_entities(g: ExportGraph | nx.Graph, signals: pl.DataFrame | None = None,
                 include_bibob: bool = False) -> list[Entity]:
    """All FtM entities of the graph (compartment applied) and of the signals on them."""
    return [json.loads(line) for part in ftm_lines(g, signals, include_bibob)
            for line in part.split("\n") if line]


def write_ftm(g: ExportGraph | nx.Graph, path: Path, signals: pl.DataFrame | None = None,
              include_bibob: bool = False, previous: Previous | None = None) -> None:
    """Write the entities as JSON lines (one entity per line, UTF-8); spliced from
    `previous` where it can be (outputs/exports/splice.py)."""
    write_from(ftm_plan(g, signals, include_bibob), path, previous)


class _Unknown(Exception):
    """A signal names an entity the previous file does not place."""


def write_ftm_new_risks(previous: Previous, previous_signals: pl.DataFrame,
                        signals: pl.DataFrame, path: Path, include_bibob: bool = False) -> bool:
    """The FtM file of the same graph as `previous.file` (written from `previous_signals`,
    with its index) for other signals: that file's entities and relations copied, then the
    Risks of `signals`; the graph is not needed. False (nothing written) without a fitting
    index, or when a signal names an entity that the previous file does not place;
    `write_ftm` then writes it from the graph."""
    old, old_state = previous.file, previous.state
    if old is None or old_state is None or not old.is_file():
        return False
    shape = Plan([Section(pl.DataFrame(), _node_lines), Section(pl.DataFrame(), _relation_lines),
                  b""], "ftm")
    split = sections_end(shape, old, old_state)
    if split is None:
        return False
    placed_before: dict[str, str] = {}
    if old.stat().st_size > split:
        with open(old, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
            placed_before = {e["id"]: e["properties"]["entity"][0]
                             for e in map(json.loads, m[split:].decode("utf-8").split("\n")[:-1])}
    placed = {(str(s["signal_id"]), str(eid))
              for s in previous_signals.iter_rows(named=True)
              if include_bibob or not s.get("bibob") for eid in s.get("entity_ids") or []}

    def target(signal: str, eid: str) -> str | None:
        found = placed_before.get(ftm_id("risk", signal, eid))
        if found is None and (signal, eid) not in placed:
            raise _Unknown(eid)
        return found

    try:
        risks = _risk_lines(signals, target, include_bibob).encode("utf-8")
    except _Unknown:
        return False

    def write(p: Path) -> None:
        with open(old, "rb") as src, open(p, "wb") as dst:
            copy_range(src, dst, 0, split)
            dst.write(risks)

    write_atomic(path, write)
    carry_index(old, old_state, path, previous.new_state)
    return True
