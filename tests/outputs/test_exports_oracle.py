"""The frame-based exports equal what the networkx writers wrote (tests/outputs/exports_oracle.py).

GraphML and GEXF are compared as networkx reads them back (nodes, edges, attributes) and
byte for byte; FtM and the links CSV byte for byte. Inputs: the fixture graph (hand-made
attributes and awkward text), the graph of the report fixture's registers (every register,
Bibob included) and, slow, the demo run's lake.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl
import pytest

from graph.build import build_graph
from graph.frames import prepare
from graph.testing import naive_mentions
from outputs.exports import (
    ExportGraph,
    export_graph,
    from_networkx,
    write_ftm,
    write_gexf,
    write_graphml,
    write_links_csv,
)
from tests.outputs import exports_oracle as oracle
from tests.outputs.outputs_factory import frame, graph, inputs

Writer = Callable[..., None]
FILES: dict[str, tuple[Writer, Writer, Callable[[Path], nx.Graph] | None]] = {
    "netwerk.graphml": (write_graphml, oracle.write_graphml, nx.read_graphml),
    "netwerk.gexf": (write_gexf, oracle.write_gexf, nx.read_gexf),
    "links.csv": (write_links_csv, oracle.write_links_csv, None),
    "entities.ftm.json": (write_ftm, oracle.write_ftm, None),
}


def awkward_graph() -> nx.MultiDiGraph:
    """The fixture graph plus text that needs escaping, a bare node, a damocles record
    behind two edges (one Sanction), a person with two addresses, a relation stated twice."""
    g = graph()
    g.add_node("persoon:ENTPERS-aaa111", soort="persoon", label="Signaalpersoon")
    g.add_node('organisatie:x;"y', soort="organisatie", label='a\nb\t"<&>é\u2028',
               gemeentecodes=["GM0981", "GM1729"], hub=True, aantal=3)
    g.add_node("adres:leeg", soort="adres", gemeentecodes=[], hub=False)
    g.add_node("adres:a2", soort="adres", label="Tweede 2")
    for rel, ev, d in (("bewoner_van", ["damocles:Z1", "damocles:Z2"], None),
                       ("eigenaar_van", ["damocles:Z1"], date(2025, 1, 1))):
        g.add_edge("persoon:ENTPERS-aaa111", "adres:a1", key=rel, relatie=rel,
                   register="damocles", evidence=ev, bibob=False, datum=d)
    g.add_edge("persoon:p2", "adres:a2", key="woont_op", relatie="woont_op", register="nacht",
               evidence=["n:1"], bibob=False, aantal=2, laatste_datum=date(2026, 2, 1))
    g.add_edge("persoon:p1", "organisatie:o1", key="nogmaals", relatie="verkocht_aan",
               register="dor", evidence=["dor:Z9"], bibob=False)  # same relation, other key
    g.add_edge('organisatie:x;"y', "organisatie:o1", key="leidinggevende_van",
               relatie="leidinggevende_van", register="kvk", evidence=["=x;y", "b"])
    return g


def register_graph() -> tuple[nx.MultiDiGraph, ExportGraph]:
    """The report fixture's registers (plus a Bibob applicant, its director and a premises
    owner): the networkx graph and the export frames."""
    tables = dict(inputs().tables)
    tables["bibob_dossiers"] = tables["bibob_dossiers"].with_columns(
        pl.lit("6291 EF").alias("locatie_postcode"), pl.lit(11).alias("locatie_huisnummer"))
    extra = frame("bibob_betrokkenen", [
        {"dossiernummer": "BIBOBDOS-77", "rol": "aanvrager", "soort": "organisatie",
         "kvk": "87654321", "naam_rechtspersoon": "Goudhandel Zilverschoon"},
        {"dossiernummer": "BIBOBDOS-77", "rol": "pandeigenaar", "soort": "persoon",
         "achternaam": "Vastgoedbaronnetje", "postcode": "6291 EF", "huisnummer": 11}])
    tables["bibob_betrokkenen"] = pl.concat([tables["bibob_betrokkenen"], extra])
    mentions = naive_mentions(tables)
    return build_graph(tables, mentions), export_graph(prepare(tables, mentions))


def _edges(g: nx.Graph) -> list[tuple[Any, ...]]:
    if g.is_multigraph():
        return sorted((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True))
    return sorted((u, v, sorted(d.items())) for u, v, d in g.edges(data=True))


def _same(new: Path, old: Path, read: Callable[[Path], nx.Graph] | None, exact: bool) -> None:
    if read is not None:
        a, b = read(new), read(old)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True))
        assert _edges(a) == _edges(b)
        assert a.is_directed() == b.is_directed() and a.is_multigraph() == b.is_multigraph()
    if exact or read is None:
        assert new.read_bytes() == old.read_bytes()


def _compare(tmp_path: Path, new_input: nx.Graph | ExportGraph, g: nx.Graph,
             signals: pl.DataFrame | None, include_bibob: bool, exact: bool = True) -> None:
    """Every export file, new and old; XML files also byte for byte when `exact` (a graph
    whose elements list their attributes in different orders gives the same graph in a
    different element order)."""
    for name, (new_writer, old_writer, read) in FILES.items():
        new, old = tmp_path / f"new-{name}", tmp_path / f"old-{name}"
        extra = (signals,) if name.endswith(".json") else ()
        new_writer(new_input, new, *extra, include_bibob=include_bibob)
        old_writer(g, old, *extra, include_bibob=include_bibob)
        _same(new, old, read, exact)


@pytest.mark.parametrize("include_bibob", [False, True])
def test_exports_of_a_networkx_graph_equal_the_networkx_writers(
        tmp_path: Path, include_bibob: bool) -> None:
    g = awkward_graph()
    _compare(tmp_path, g, g, inputs().signals, include_bibob, exact=False)


@pytest.mark.parametrize("include_bibob", [False, True])
def test_exports_from_frames_equal_the_networkx_writers_on_the_graph_built_from_them(
        tmp_path: Path, include_bibob: bool) -> None:
    g, frames = register_graph()
    assert g.number_of_edges() > 10 and any(d["bibob"] for *_, d in g.edges(data=True))
    _compare(tmp_path, frames, g, inputs().signals, include_bibob)


def test_export_frames_hold_the_graph_of_graph_build() -> None:
    g, frames = register_graph()
    assert frames.nodes.equals(from_networkx(g).nodes)
    assert frames.edges.equals(from_networkx(g).edges)


@pytest.mark.slow
def test_exports_of_the_demo_equal_the_networkx_writers(demo_run: Path, tmp_path: Path) -> None:
    from flows.stages import load_tables
    from iob.settings import load_settings

    tables = load_tables(load_settings(demo_run))
    mentions = pl.read_parquet(demo_run / "entities" / "mentions.parquet")
    signals = pl.read_parquet(demo_run / "signals" / "signals.parquet")
    g = build_graph(tables, mentions)
    _compare(tmp_path, export_graph(prepare(tables, mentions)), g, signals, False)


def test_writers_give_the_same_files_from_compartmented_and_flattened_frames(
        tmp_path: Path) -> None:
    """flows/render.py applies the compartment and flattening once for all files."""
    from outputs.exports.frames import compartment_frames, flat_frames

    frames = from_networkx(awkward_graph())
    public = compartment_frames(frames)
    flat = flat_frames(public)
    for name, (writer, _, _) in FILES.items():
        extra = (inputs().signals,) if name.endswith(".json") else ()
        writer(frames, tmp_path / "a", *extra)
        writer(flat if name.startswith("netwerk") else public, tmp_path / "b", *extra)
        assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes(), name
