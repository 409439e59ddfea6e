"""The exports as networkx wrote them before they were written from frames: the oracle.

Verbatim the networkx-based writers of outputs/exports (GraphML/GEXF via the flat graph and
networkx's writers, FtM and links by walking the graph). tests/outputs/test_exports_oracle.py
checks that the frame-based writers produce the same files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from outputs.exports.compartment import compartment
from outputs.safe import FORMULA_STARTS

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
    nx.write_graphml(flat, path, encoding="utf-8")


def write_gexf(g: nx.Graph, path: Path, include_bibob: bool = False) -> None:
    flat = flat_graph(g, include_bibob)
    nx.write_gexf(flat, path, encoding="utf-8")


Entity = dict[str, Any]
SCHEMA = {"persoon": "Person", "organisatie": "Company", "adres": "Address"}
ADRES_REL = ("woont_op", "gevestigd_op")
DIRECTOR_REL = ("bestuurder_van", "leidinggevende_van")
OWNER_REL = ("aandeelhouder_van", "vermogensverschaffer_van")


def ftm_id(*parts: object) -> str:
    return "iob-" + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def _d(v: Any) -> list[str]:
    return [v.isoformat()] if isinstance(v, date) else ([str(v)] if v else [])


def _node(n: str, d: dict[str, Any]) -> Entity:
    schema = SCHEMA.get(str(d.get("soort")), "LegalEntity")
    label = str(d.get("label") or n)
    props: dict[str, list[str]] = {"name": [label]} if schema != "Address" else {"full": [label]}
    props["description"] = [f"iob-entiteit {n}"]
    return {"id": ftm_id("node", n), "schema": schema, "properties": props}


def _edge(u: str, v: str, d: dict[str, Any], g: nx.Graph, nodes: dict[str, Entity]
          ) -> Iterator[Entity]:
    rel = str(d.get("relatie") or "")
    su, sv = nodes[u]["schema"], nodes[v]["schema"]
    start = _d(d.get("datum"))
    common = {"startDate": start} if start else {}
    ev = d.get("evidence") or []
    if rel in ADRES_REL and sv == "Address" and su != "Address":
        nodes[u]["properties"].setdefault("addressEntity", [])
        if nodes[v]["id"] not in nodes[u]["properties"]["addressEntity"]:
            nodes[u]["properties"]["addressEntity"].append(nodes[v]["id"])
    elif rel in DIRECTOR_REL and sv == "Company" and su != "Address":
        yield {"id": ftm_id("edge", u, v, rel), "schema": "Directorship",
               "properties": {"director": [nodes[u]["id"]], "organization": [nodes[v]["id"]],
                              "role": [rel.removesuffix("_van")], **common}}
    elif rel in OWNER_REL and sv == "Company" and su != "Address":
        yield {"id": ftm_id("edge", u, v, rel), "schema": "Ownership",
               "properties": {"owner": [nodes[u]["id"]], "asset": [nodes[v]["id"]],
                              "role": [rel.removesuffix("_van")], **common}}
    else:
        yield {"id": ftm_id("edge", u, v, rel), "schema": "UnknownLink",
               "properties": {"subject": [nodes[u]["id"]], "object": [nodes[v]["id"]],
                              "role": [rel.replace("_", " ")], **common}}
    if d.get("register") == "damocles" and sv == "Address":
        for rec in ev:
            yield {"id": ftm_id("sanction", rec), "schema": "Sanction",
                   "properties": {"entity": [nodes[v]["id"]],
                                  "program": ["Artikel 13b Opiumwet"],
                                  "authority": ["Burgemeester"], "programId": [str(rec)],
                                  **common}}


def _risks(signals: pl.DataFrame, nodes: dict[str, Entity], include_bibob: bool
           ) -> Iterator[Entity]:
    by_entity: dict[str, str] = {}
    for n, e in nodes.items():
        by_entity.setdefault(n, e["id"])
        by_entity.setdefault(n.split(":", 1)[-1], e["id"])
    for s in signals.iter_rows(named=True):
        if s.get("bibob") and not include_bibob:
            continue
        for eid in s.get("entity_ids") or []:
            target = by_entity.get(str(eid))
            if target is None:
                continue
            props: dict[str, list[str]] = {
                "entity": [target], "reason": [str(s.get("toelichting") or "")],
                "status": [str(s.get("status") or "")], "summary": [str(s.get("titel") or "")],
                "programId": [str(s["rule"])], "authority": ["iob (RIEC Limburg)"]}
            props.update({k: v for k, v in (("startDate", _d(s.get("eerste_datum"))),
                                            ("endDate", _d(s.get("laatste_datum")))) if v})
            yield {"id": ftm_id("risk", s["signal_id"], eid), "schema": "Risk",
                   "properties": props}


def ftm_entities(g: nx.Graph, signals: pl.DataFrame | None = None,
                 include_bibob: bool = False) -> list[Entity]:
    """All FtM entities of the graph (compartment applied) and of the signals on them."""
    src = compartment(g, include_bibob)
    nodes = {str(n): _node(str(n), d) for n, d in src.nodes(data=True)}
    rels: dict[str, Entity] = {}
    for u, v, d in src.edges(data=True):
        for e in _edge(str(u), str(v), d, src, nodes):
            rels.setdefault(e["id"], e)
    risks = list(_risks(signals, nodes, include_bibob)) if signals is not None else []
    return [*nodes.values(), *rels.values(), *risks]


def write_ftm(g: nx.Graph, path: Path, signals: pl.DataFrame | None = None,
              include_bibob: bool = False) -> None:
    """Write the entities as JSON lines (one entity per line, UTF-8)."""
    text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                   for e in ftm_entities(g, signals, include_bibob))
    path.write_text(text, encoding="utf-8")


HEADER = ("entiteit_1", "relatie", "entiteit_2", "datum", "soort_1", "label_1", "soort_2",
          "label_2", "register", "bewijs")


def neutralise(cell: str) -> str:
    """Prefix text that a spreadsheet would read as a formula with `'`."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return " | ".join(_csv_text(x) for x in v)
    return str(v)


def link_rows(g: nx.Graph, include_bibob: bool = False) -> list[tuple[str, ...]]:
    """Header + one row per edge (sorted), every cell neutralised."""
    src = compartment(g, include_bibob)
    rows = []
    for u, v, d in src.edges(data=True):
        nu, nv = src.nodes[u], src.nodes[v]
        rows.append(tuple(neutralise(_csv_text(x)) for x in (
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
    path.write_bytes(data)
