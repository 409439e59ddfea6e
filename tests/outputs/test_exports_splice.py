"""Export files spliced from the previous file (outputs/exports/splice.py) are byte for byte
the files a whole write gives: for added, removed, changed and merged nodes and edges, and
for other signals on the same graph; and the index a splice writes serves the next splice.
An index that does not fit the previous file is declined (the caller writes the whole file).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import polars as pl
import pytest

from outputs.exports import from_networkx
from outputs.exports.frames import compartment_frames, flat_frames
from outputs.exports.ftm import ftm_plan
from outputs.exports.graphfiles import gexf_plan, graphml_plan
from outputs.exports.links import links_plan
from outputs.exports.splice import Plan, Section, previous_keys, splice_plan, write_plan
from tests.outputs.outputs_factory import inputs
from tests.outputs.test_exports_oracle import awkward_graph

PlanOf = Callable[[nx.Graph, pl.DataFrame], Plan]
PLANS: dict[str, PlanOf] = {
    "entities.ftm.json": lambda g, s: ftm_plan(from_networkx(g), s),
    "netwerk.graphml": lambda g, s: graphml_plan(flat_frames(compartment_frames(
        from_networkx(g)))),
    "netwerk.gexf": lambda g, s: gexf_plan(flat_frames(compartment_frames(from_networkx(g)))),
    "links.csv": lambda g, s: links_plan(from_networkx(g)),
}


def _added(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = g.copy()
    g.add_node("persoon:ENTPERS-000nieuw", soort="persoon", label="Nieuwe Koper")
    g.add_edge("persoon:ENTPERS-000nieuw", "adres:a1", key="woont_op", relatie="woont_op",
               register="dor", evidence=["dor:N1"], bibob=False)
    g.add_edge("persoon:ENTPERS-000nieuw", "adres:a1", key="bewoner_van",
               relatie="bewoner_van", register="damocles", evidence=["damocles:Z7"],
               bibob=False, datum=date(2026, 10, 1))
    g.add_edge("persoon:p1", "persoon:ENTPERS-000nieuw", key="verkocht_aan",
               relatie="verkocht_aan", register="dor", evidence=["dor:N1"], bibob=False)
    return g


def _removed(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = g.copy()
    g.remove_edge("persoon:p1", "adres:a1", key="eigenaar_van")
    g.remove_nodes_from(["persoon:ENTPERS-aaa111", "adres:leeg"])
    return g


def _changed(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = g.copy()
    g.nodes["adres:a2"]["label"] = "Tweede 2 & <bis>"
    d = g.edges["persoon:p1", "organisatie:o1", "nogmaals"]
    d["datum"], d["evidence"] = date(2024, 5, 6), ["dor:Z9", "dor:Z10"]
    return g


def _merged(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Two entities found to be one: p2's edges now p1's, p2 gone."""
    return nx.relabel_nodes(g, {"persoon:p2": "persoon:p1"}, copy=True)


def _spliced_equals_whole(tmp_path: Path, name: str, before: nx.Graph, after: nx.Graph,
                          signals_before: pl.DataFrame, signals_after: pl.DataFrame) -> None:
    plan_of = PLANS[name]
    first, second, third, whole = (tmp_path / d for d in ("1", "2", "3", "heel"))
    write_plan(plan_of(before, signals_before), first / name, first / "state")
    assert splice_plan(plan_of(after, signals_after), second / name, first / name,
                       first / "state", second / "state")
    write_plan(plan_of(after, signals_after), whole / name, whole / "state")
    assert (whole / name).read_bytes() != (first / name).read_bytes()  # a real change
    assert (second / name).read_bytes() == (whole / name).read_bytes(), name
    # and back, from the index the splice wrote
    assert splice_plan(plan_of(before, signals_before), third / name, second / name,
                       second / "state", third / "state")
    assert (third / name).read_bytes() == (first / name).read_bytes(), name
    # the element keys the indexes keep (GraphML, links, FtM relations) are those of the
    # file each stands beside
    assert _keys(second, name) == _keys(whole, name)
    assert _keys(third, name) == _keys(first, name)
    assert (_keys(first, name) is None) == (name == "netwerk.gexf")


def _keys(folder: Path, name: str) -> dict[int, list[str]] | None:
    keys = previous_keys(folder / name, folder / "state")
    return None if keys is None else {i: k.to_list() for i, k in keys.items()}


@pytest.mark.parametrize("name", list(PLANS))
@pytest.mark.parametrize("change", [_added, _removed, _changed, _merged])
def test_spliced_file_equals_the_whole_file(tmp_path: Path, name: str,
                                            change: Callable[[nx.MultiDiGraph],
                                                             nx.MultiDiGraph]) -> None:
    g = awkward_graph()
    after = change(g)
    signals = inputs().signals
    _spliced_equals_whole(tmp_path, name, g, after, signals, signals)


def test_spliced_ftm_file_with_other_risks_equals_the_whole_file(tmp_path: Path) -> None:
    """Same graph, other signals (status nieuw -> bestaand, one gone)."""
    before = inputs().signals
    after = before.with_columns(pl.lit("bestaand").alias("status")).slice(1)
    g = awkward_graph()
    _spliced_equals_whole(tmp_path, "entities.ftm.json", g, g, before, after)
    whole = (tmp_path / "heel" / "entities.ftm.json").read_bytes()
    assert b'"status": ["bestaand"]' in whole and b'"status": ["nieuw"]' not in whole


def test_splice_copies_the_unchanged_elements_and_renders_only_the_new(
        tmp_path: Path) -> None:
    calls: list[int] = []

    def render(rows: pl.DataFrame) -> pl.DataFrame:
        calls.append(rows.height)
        return rows.select(pl.concat_str(pl.col("x"), pl.lit("\n")).alias("text"))

    def plan(xs: list[str]) -> Plan:
        return Plan([b"kop\n", Section(pl.DataFrame({"x": xs}), render), b"voet\n"], "k")

    old = [f"regel {i}" for i in range(1000)]
    new = [*old[:10], "nieuw a", *old[10:500], *old[501:], "nieuw b"]
    write_plan(plan(old), tmp_path / "a" / "f.txt", tmp_path / "a" / "s")
    calls.clear()
    assert splice_plan(plan(new), tmp_path / "b" / "f.txt", tmp_path / "a" / "f.txt",
                       tmp_path / "a" / "s", tmp_path / "b" / "s")
    assert calls == [2]
    assert (tmp_path / "b" / "f.txt").read_text() == "kop\n" + "".join(
        f"{x}\n" for x in new) + "voet\n"


@pytest.mark.parametrize("positional", [False, True])
def test_rows_that_occur_more_than_once_are_spliced_as_the_whole_file(
        tmp_path: Path, positional: bool) -> None:
    def render(rows: pl.DataFrame) -> pl.DataFrame:
        if not positional:
            return rows.select(pl.concat_str(pl.col("x"), pl.lit("\n")).alias("text"))
        return rows.select(
            pl.concat_str(pl.lit("<"), pl.col("_id").cast(pl.String), pl.lit(" "),
                          pl.col("x"), pl.lit(">\n")).alias("text"),
            pl.lit(1, dtype=pl.Int64).alias("idoff"))

    def plan(xs: list[str]) -> Plan:
        return Plan([Section(pl.DataFrame({"x": xs}), render, positional)], "k")

    old = ["a", "b", "a", "b", "c"]
    new = ["a", "d", "b", "a", "a", "c", "b"]
    write_plan(plan(old), tmp_path / "a" / "f", tmp_path / "a" / "s")
    assert splice_plan(plan(new), tmp_path / "b" / "f", tmp_path / "a" / "f",
                       tmp_path / "a" / "s", tmp_path / "b" / "s")
    write_plan(plan(new), tmp_path / "heel" / "f")
    assert (tmp_path / "b" / "f").read_bytes() == (tmp_path / "heel" / "f").read_bytes()


def test_an_index_that_does_not_fit_is_declined(tmp_path: Path) -> None:
    signals = inputs().signals
    g = awkward_graph()
    plan = PLANS["links.csv"](g, signals)
    old, state = tmp_path / "a" / "links.csv", tmp_path / "a" / "s"
    write_plan(plan, old, state)
    # the previous file is not the one indexed
    old.write_bytes(old.read_bytes() + b"x")
    assert not splice_plan(plan, tmp_path / "b" / "links.csv", old, state, tmp_path / "b")
    assert not (tmp_path / "b" / "links.csv").exists()
    # an index whose elements do not tile the file
    write_plan(plan, old, state)
    table = state / "links.csv.parquet"
    index = pl.read_parquet(table)
    index.with_columns(pl.when(pl.int_range(pl.len()) == 1).then(pl.col("off") + 1)
                       .otherwise(pl.col("off")).alias("off")).write_parquet(table)
    assert not splice_plan(plan, tmp_path / "b" / "links.csv", old, state, tmp_path / "b")
    index.write_parquet(table)
    assert splice_plan(plan, tmp_path / "b" / "links.csv", old, state, tmp_path / "b")
    # no index
    write_plan(plan, old)
    assert not splice_plan(plan, tmp_path / "b" / "links.csv", old, tmp_path / "geen",
                           tmp_path / "b")
    # another header: the GraphML keys of a new attribute
    write_plan(PLANS["netwerk.graphml"](g, signals), tmp_path / "a" / "g.graphml", state)
    other = g.copy()
    other.add_node("adres:a3", soort="adres", nieuw_attribuut="x")
    assert not splice_plan(PLANS["netwerk.graphml"](other, signals),
                           tmp_path / "b" / "g.graphml", tmp_path / "a" / "g.graphml",
                           state, tmp_path / "b")


def test_ftm_with_only_new_risks_without_the_graph(tmp_path: Path) -> None:
    """Same graph, other signals: the previous file's entities copied, only the Risks of the
    new signals written (equal to the whole file), its index carried for the next splice; a
    signal on an entity the previous file does not place is declined (nothing written)."""
    from outputs.exports.ftm import write_ftm_new_risks
    from outputs.exports.splice import Previous

    g = awkward_graph()
    before = inputs().signals
    after = before.with_columns(pl.lit("bestaand").alias("status")).slice(1)
    write_plan(ftm_plan(g, before), tmp_path / "a" / "f.json", tmp_path / "a" / "s")
    was = Previous(tmp_path / "a" / "f.json", tmp_path / "a" / "s", tmp_path / "b" / "s")
    assert write_ftm_new_risks(was, before, after, tmp_path / "b" / "f.json")
    write_plan(ftm_plan(g, after), tmp_path / "heel.json")
    assert (tmp_path / "b" / "f.json").read_bytes() == (tmp_path / "heel.json").read_bytes()
    assert splice_plan(ftm_plan(g, before), tmp_path / "c" / "f.json", tmp_path / "b" / "f.json",
                       tmp_path / "b" / "s", tmp_path / "c" / "s")
    assert (tmp_path / "c" / "f.json").read_bytes() == (tmp_path / "a" / "f.json").read_bytes()

    stranger = after.head(1).with_columns(pl.lit("iob-s-vreemd").alias("signal_id"),
                                          pl.lit(["onbekend-1"]).alias("entity_ids"))
    assert not write_ftm_new_risks(was, before, pl.concat([after, stranger]),
                                   tmp_path / "d" / "f.json")
    assert not (tmp_path / "d" / "f.json").exists()
    no_index = Previous(tmp_path / "a" / "f.json", tmp_path / "geen", tmp_path / "e" / "s")
    assert not write_ftm_new_risks(no_index, before, after, tmp_path / "e" / "f.json")


def test_a_merged_gexf_renumbers_its_edges(tmp_path: Path) -> None:
    """`splice_merged`: kept elements copied (their ids written over, also where an id gets
    another number of digits: 9 -> 10, 99 -> 100), new ones put in: the file and index a
    whole write of the new graph gives."""
    from outputs.exports.frames import ExportGraph
    from outputs.exports.splice import Merge, splice_merged

    def graph(edges: list[tuple[str, str]]) -> ExportGraph:
        nodes = [f"persoon:p{i:03d}" for i in range(241)]
        return ExportGraph(
            pl.DataFrame({"node": nodes, "soort": ["persoon"] * len(nodes)}),
            pl.DataFrame({"u": [u for u, _ in edges], "v": [v for _, v in edges],
                          "key": ["verkocht_aan"] * len(edges),
                          "relatie": ["verkocht_aan"] * len(edges),
                          "register": ["dor"] * len(edges)}))

    def key(e: tuple[str, str]) -> str:
        return f"{e[0]}\x00{e[1]}"

    old = [(f"persoon:p{i:03d}", f"persoon:p{i + 1:03d}") for i in range(0, 240, 2)]
    gone = {old[3], old[50], old[97]}
    added = [(f"persoon:p{i:03d}", f"persoon:p{i + 2:03d}") for i in (0, 4, 8, 40, 96, 98, 230)]
    new = sorted([e for e in old if e not in gone] + added, key=key)
    state, heel = tmp_path / "oud-state", tmp_path / "heel-state"
    write_plan(gexf_plan(flat_frames(graph(old))), tmp_path / "oud.gexf", state)
    write_plan(gexf_plan(flat_frames(graph(new))), tmp_path / "heel.gexf", heel)
    old_nodes = graph(old).nodes["node"]
    new_nodes = graph(new).nodes["node"]
    assert old_nodes.equals(new_nodes)
    # one node written anew (a section needs a row), every added edge
    kept_nodes = pl.int_range(1, old_nodes.len(), dtype=pl.UInt32, eager=True)
    kept = [i for i, e in enumerate(old) if e not in gone]
    kept_keys = pl.Series([key(old[i]) for i in kept])
    at = kept_keys.search_sorted(pl.Series([key(e) for e in added]), side="left")
    part = graph(added)
    part = ExportGraph(graph(new).nodes.head(1), part.edges)
    assert splice_merged(gexf_plan(flat_frames(part)), tmp_path / "nieuw.gexf",
                         tmp_path / "oud.gexf", state, tmp_path / "nieuw-state",
                         [Merge(kept_nodes, pl.Series([0], dtype=pl.UInt32)),
                          Merge(pl.Series(kept, dtype=pl.UInt32), at)])
    got = (tmp_path / "nieuw.gexf").read_bytes()
    assert b' id="99"' in got and b' id="100"' in got
    assert got == (tmp_path / "heel.gexf").read_bytes()
    assert pl.read_parquet(tmp_path / "nieuw-state" / "nieuw.gexf.parquet").equals(
        pl.read_parquet(heel / "heel.gexf.parquet"))


@pytest.mark.parametrize("name", ["netwerk.gexf", "netwerk.graphml"])
def test_a_merged_file_copies_the_rebuilt_elements_that_did_not_change(
        tmp_path: Path, name: str) -> None:
    """`splice_merged`: a new row with the content of an element it replaces is copied
    from the previous file, not rendered; only the changed and added rows are rendered, and
    the file and index are those of a whole write."""
    from outputs.exports.frames import ExportGraph
    from outputs.exports.splice import Merge, splice_merged

    plan_of = gexf_plan if name == "netwerk.gexf" else graphml_plan

    def graph(edges: list[tuple[str, str]], nacht: frozenset[tuple[str, str]] = frozenset()
              ) -> ExportGraph:
        nodes = [f"persoon:p{i:03d}" for i in range(41)]
        return ExportGraph(
            pl.DataFrame({"node": nodes, "soort": ["persoon"] * len(nodes)}),
            pl.DataFrame({"u": [u for u, _ in edges], "v": [v for _, v in edges],
                          "key": ["verkocht_aan"] * len(edges),
                          "relatie": ["verkocht_aan"] * len(edges),
                          "register": ["nacht" if e in nacht else "dor" for e in edges]}))

    def key(e: tuple[str, str]) -> str:
        return f"{e[0]}\x00{e[1]}"

    old = [(f"persoon:p{i:03d}", f"persoon:p{i + 1:03d}") for i in range(0, 40, 2)]
    rebuilt = [old[3], old[4], old[9], old[15]]  # all dropped; old[9] now from `nacht`
    changed = frozenset({old[9]})
    added = [(f"persoon:p{i:03d}", f"persoon:p{i + 2:03d}") for i in (0, 20)]
    new = sorted(old + added, key=key)
    state, heel = tmp_path / "oud-state", tmp_path / "heel-state"
    suffix = name.rsplit(".", 1)[1]
    write_plan(plan_of(flat_frames(graph(old))), tmp_path / f"oud.{suffix}", state)
    write_plan(plan_of(flat_frames(graph(new, changed))), tmp_path / f"heel.{suffix}", heel)
    kept_nodes = pl.int_range(1, 41, dtype=pl.UInt32, eager=True)  # node 0 put in again
    kept = [i for i, e in enumerate(old) if e not in rebuilt]
    kept_keys = pl.Series([key(old[i]) for i in kept])
    put = sorted(rebuilt + added, key=key)
    at = kept_keys.search_sorted(pl.Series([key(e) for e in put]), side="left")
    part = graph(put, changed)
    plan = plan_of(flat_frames(ExportGraph(graph(new).nodes.head(1), part.edges)))
    rendered: list[int] = []

    def counted(section: Section) -> Section:
        def render(rows: pl.DataFrame) -> pl.DataFrame:
            rendered.append(rows.height)
            return section.render(rows)
        return Section(section.rows, render, section.positional)

    plan = Plan([counted(p) if isinstance(p, Section) else p for p in plan.parts], plan.key)
    assert splice_merged(plan, tmp_path / f"nieuw.{suffix}", tmp_path / f"oud.{suffix}",
                         state, tmp_path / "nieuw-state",
                         [Merge(kept_nodes, pl.Series([0], dtype=pl.UInt32)),
                          Merge(pl.Series(kept, dtype=pl.UInt32), at)])
    assert sum(rendered) == 1 + len(added)  # the changed edge and the added ones
    assert (tmp_path / f"nieuw.{suffix}").read_bytes() \
        == (tmp_path / f"heel.{suffix}").read_bytes()
    assert pl.read_parquet(tmp_path / "nieuw-state" / f"nieuw.{suffix}.parquet").equals(
        pl.read_parquet(heel / f"heel.{suffix}.parquet"))


@pytest.mark.parametrize("chunk", [1, 5, 64])
def test_ids_written_over_in_small_steps(tmp_path: Path, chunk: int,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The ids of copied GEXF edges are written over as their bytes are copied, a stretch
    at a time: steps that end inside an id (or hold one byte) give the same file."""
    import outputs.exports.splice as splice

    monkeypatch.setattr(splice, "PATCH_CHUNK", chunk)
    test_a_merged_gexf_renumbers_its_edges(tmp_path)
