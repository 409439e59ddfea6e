"""The entity graph: typed node ids, the stated relations, Bibob edges flagged."""

from __future__ import annotations

from datetime import date

import polars as pl

from graph.build import build_graph, node_id
from graph.testing import naive_mentions
from tests.graph.graph_factory import dor, dossier, nacht, partij, tables, zaak


def test_kvk_and_person_with_the_same_id_are_different_nodes() -> None:
    t = tables([dor()])
    m = naive_mentions(t).with_columns(pl.lit("X1").alias("entity_id"))
    g = build_graph(t, m)
    assert {"persoon:X1", "organisatie:X1", "adres:X1"} <= set(g.nodes)
    assert g.nodes["organisatie:X1"]["soort"] == "organisatie"
    assert node_id("persoon", "persoon:7") == "persoon:7"


def test_edges_carry_relation_dates_evidence_and_bibob_flag() -> None:
    t = tables([dor(verkoper_postcode="6291 BB", verkoper_huisnummer=3)], [nacht()],
               [dossier(dossiernummer="B1")],
               [partij("B1", "aanvrager", kvk="70000001"),
                partij("B1", "bestuurder", achternaam="Baas", postcode="6291 CC", huisnummer=4),
                partij("B1", "pandeigenaar", kvk="70000002")],
               [zaak(eigenaar_soort="rechtspersoon", eigenaar_kvk="70000002",
                     bewoner_achternaam="Huurder")])
    g = build_graph(t, naive_mentions(t))
    rels = {k for _, _, k in g.edges(keys=True)}
    assert rels == {"verkocht_aan", "woont_op", "gevestigd_op", "verbleef_bij", "vraagt_aan",
                    "bestuurder_van", "pandeigenaar_van", "eigenaar_van", "bewoner_van"}
    for _, _, _k, d in g.edges(keys=True, data=True):
        assert d["bibob"] == (d["register"] == "bibob")
        assert all(e.startswith(d["register"] + ":") for e in d["evidence"])
        assert isinstance(d["datum"], date)
    u, v, d = next((u, v, d) for u, v, k, d in g.edges(keys=True, data=True)
                   if k == "bestuurder_van")
    assert u.startswith("persoon:") and v == "organisatie:O-70000001" and d["bibob"]
    assert g.nodes["organisatie:O-70000002"]["gemeentecodes"] == ["GM0938", "GM0994"]


def test_same_relation_rows_aggregate_into_one_edge() -> None:
    t = tables([dor(datum_verkrijging=date(2024, 1, 1)), dor(datum_verkrijging=date(2024, 2, 1))])
    g = build_graph(t, naive_mentions(t))
    edges = [d for _, _, k, d in g.edges(keys=True, data=True) if k == "verkocht_aan"]
    assert len(edges) == 1 and edges[0]["aantal"] == 2
    assert edges[0]["datum"] == date(2024, 1, 1) and edges[0]["laatste_datum"] == date(2024, 2, 1)
