"""FollowTheMoney entities (JSON lines) for Aleph and other FtM tools.

Mapping (checked against followthemoney 4.x in tests/outputs/test_ftm.py):
- node `persoon` -> Person, `organisatie` -> Company (every register organisation has a KvK
  number), `adres` -> Address (`full` = label);
- `woont_op` / `gevestigd_op` -> the `addressEntity` property of the person/company;
- `bestuurder_van`, `leidinggevende_van` -> Directorship (director -> organization);
- `aandeelhouder_van`, `vermogensverschaffer_van` to a company -> Ownership (owner -> asset);
- every other relation (verkocht_aan, verbleef_bij, eigenaar_van, ...) -> UnknownLink
  (subject -> object, `role` = the relation);
- each Damocles record behind an edge to a premises -> Sanction on that Address (program
  "Artikel 13b Opiumwet"): a 13b measure is a sanction by the mayor on a premises;
- each signal -> one Risk per core entity in the export (`reason` = toelichting, `status` =
  the signal's status, `summary` = title, `programId` = rule code). FtM 4 has a Risk schema
  ("a risk or warning associated with an entity"), the closest fit to a prompt for review.
Ids are stable: `iob-` + a hash of what the entity stands for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from iob.atomic import write_atomic
from outputs.exports.compartment import compartment

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
    write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
