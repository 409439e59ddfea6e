"""graph.net holds the graph of graph.build: the same nodes, hubs, edges, municipalities,
evidence and components as the networkx graph (the oracle), on a small mixed world."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import polars as pl

from graph.build import build_graph, undirected
from graph.frames import prepare
from graph.net import Net, components, net_from_frames
from graph.signals import rule_inputs
from graph.testing import naive_mentions
from tests.graph.graph_factory import dor, dossier, nacht, partij, tables, zaak


def _world() -> dict[str, pl.DataFrame]:
    """Sellers sharing an address, a seller who also stays at the park (the same woont_op
    stated by two registers), a Bibob dossier with parties, 13b cases, and a loose pair."""
    thuis = {"verkoper_postcode": "6291 BB", "verkoper_huisnummer": 7}
    sellers = [dor(verkoper_achternaam=f"Deler{i}", gemeentecode=gm, **thuis)
               for i, gm in enumerate(("GM0981", "GM1729", "GM0981"))]
    sellers += [dor(verkoper_achternaam="Peters", verkoper_voornamen="Piet",
                    verkoper_geboortedatum=date(1975, 5, 5), verkoper_postcode="6300 AB",
                    verkoper_huisnummer=2, datum_verkrijging=date(2024, 6, 2)),
                dor(verkoper_achternaam="Los", opkoper_kvk="33333333",
                    opkoper_naam="Tweede Zaak", verkoper_postcode="6400 AA",
                    verkoper_huisnummer=9)]
    stays = [nacht(gast_postcode="6300 AB", gast_huisnummer=2),
             nacht(gast_achternaam="Gast", gast_postcode="6291 BB", gast_huisnummer=7)]
    dossiers = [dossier(dossiernummer="B1", besluit="geweigerd"),
                dossier(dossiernummer="B2", locatie_huisnummer=12, gemeentecode="GM1903")]
    partijen = [partij("B1", "aanvrager", kvk="70000001"),
                partij("B1", "bestuurder", achternaam="Baas", postcode="6291 BB",
                       huisnummer=7),
                partij("B2", "aanvrager", kvk="70000002"),
                partij("B2", "aandeelhouder", achternaam="Baas"),
                partij("B2", "pandeigenaar", kvk="70000003")]
    zaken = [zaak(eigenaar_soort="rechtspersoon", eigenaar_kvk="70000003",
                  bewoner_achternaam="Huurder"),
             zaak(bewoner_achternaam="Deler1", pand_huisnummer=4)]
    return tables(sellers, stays, dossiers, partijen, zaken)


def _pair(t: dict[str, pl.DataFrame], m: pl.DataFrame) -> tuple[nx.MultiDiGraph, Net]:
    return build_graph(t, m), net_from_frames(prepare(t, m))


def _same(g: nx.MultiDiGraph, net: Net, twins: frozenset[str] = frozenset()) -> None:
    """`twins`: nodes named by two entity ids (`P-1` and `persoon:P-1`): either one's
    attributes may be the node's."""
    nodes = {r["node"]: r for r in net.nodes.iter_rows(named=True)}
    assert set(nodes) == set(g.nodes)
    gm = dict(net.gemeentecodes(net.nodes).iter_rows())
    for n, attrs in g.nodes(data=True):
        assert nodes[n]["soort"] == attrs.get("soort")
        assert nodes[n]["hub"] == bool(attrs.get("hub"))
        if n not in twins:
            assert nodes[n]["entity_id"] == attrs.get("entity_id")
            assert gm[n] == attrs.get("gemeentecodes", [])
    assert net.number_of_nodes() == g.number_of_nodes()
    assert net.number_of_edges() == g.number_of_edges()
    # components of the graph without hubs
    u = undirected(g)
    by_comp: dict[int, set[str]] = {}
    for n, c, hub in net.nodes.select("node", "comp", "hub").iter_rows():
        if not hub:
            by_comp.setdefault(c, set()).add(n)
    assert sorted(map(sorted, by_comp.values())) == sorted(map(sorted, nx.connected_components(u)))
    adj = net.adjacency(by_comp)
    assert {n: sorted(v) for n, v in adj.items()} == {n: sorted(u[n]) for n in u}
    # the evidence networkx keeps on every edge between entities that are no hub
    ev = net.edge_evidence(net.ends.filter(pl.col("in_u")))
    mine = {(a, b, k): e for a, b, k, e in ev.iter_rows()}
    theirs = {(a, b, k): e for a, b, k, e in g.edges(keys=True, data="evidence")
              if a in u and b in u}
    assert mine == theirs and theirs


def test_net_is_the_networkx_graph() -> None:
    t = _world()
    g, net = _pair(t, naive_mentions(t))
    # Piet Peters's woont_op is stated by dor and nachtregister: networkx keeps the latter
    piet = next(n for n in g if "peters" in n)
    assert g.has_edge(piet, "organisatie:O-11111111", "verkocht_aan")
    (woont,) = [d for _, _, k, d in g.out_edges(piet, keys=True, data=True) if k == "woont_op"]
    assert woont["register"] == "nachtregister"
    _same(g, net)


def test_net_with_prefixed_ids_and_edge_ends_without_mention() -> None:
    """Entity ids that carry their prefix, and a premises resolved as an organisation (the
    edge still points at `adres:…`, a node networkx adds without attributes)."""
    t = _world()
    m = naive_mentions(t).with_columns(
        pl.when((pl.col("entity_type") == "persoon") & (pl.col("register") == "nachtregister"))
        .then(pl.concat_str(pl.lit("persoon:"), pl.col("entity_id")))
        .otherwise(pl.col("entity_id")).alias("entity_id"),
        pl.when(pl.col("role") == "pand").then(pl.lit("organisatie"))
        .otherwise(pl.col("entity_type")).alias("entity_type"))
    g, net = _pair(t, m)
    bare = [n for n, d in g.nodes(data=True) if not d]
    assert bare and net.nodes.filter(pl.col("soort").is_null()).height == len(bare)
    ids = m.filter(pl.col("entity_type") == "persoon")["entity_id"].unique().to_list()
    twins = frozenset(i for i in ids if i.startswith("persoon:") and i[8:] in ids)
    assert twins  # Piet Peters sells (P-…) and stays (persoon:P-…)
    _same(g, net, twins)


def test_components_smallest_number_per_component() -> None:
    a = np.array([5, 1, 3, 6])
    b = np.array([1, 3, 0, 7])
    assert components(9, a, b).tolist() == [0, 0, 2, 0, 4, 0, 6, 6, 8]


def test_rule_inputs_rules_see_rows_up_to_as_of_and_the_graph_every_row() -> None:
    """As before graph.net: the rules' frames stop at the peildatum, the entity graph (built
    by build_graph from every row) does not; one preparation when no row is later."""
    t = tables([dor(datum_verkrijging=date(2024, 6, 3)),
                dor(verkoper_achternaam="Later", datum_verkrijging=date(2025, 3, 1))])
    m = naive_mentions(t)
    frames, net = rule_inputs(t, m, date(2024, 12, 31))
    assert frames.dor.height == 1 and net.frames.dor.height == 2
    assert any("later" in n for n in net.nodes["node"].to_list())
    assert net.number_of_nodes() == build_graph(t, m).number_of_nodes()
    frames, net = rule_inputs(t, m, date(2025, 3, 1))
    assert frames is net.frames and frames.dor.height == 2
