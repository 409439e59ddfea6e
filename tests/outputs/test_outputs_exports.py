"""Exports: GraphML/GEXF round-trip, i2 links CSV, FollowTheMoney validation, Bibob compartment."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from outputs.exports import (
    compartment,
    ftm_entities,
    link_rows,
    write_ftm,
    write_gexf,
    write_graphml,
    write_links_csv,
)
from tests.outputs.outputs_factory import graph, inputs


def test_bibob_edges_and_bibob_only_nodes_are_left_out_unless_asked() -> None:
    g = graph()
    c = compartment(g)
    assert "persoon:b1" not in c  # only known from Bibob
    assert "persoon:p2" in c  # also known from the DOR
    assert not any(d.get("register") == "bibob" for _, _, d in c.edges(data=True))
    full = compartment(g, include_bibob=True)
    assert full.number_of_edges() == g.number_of_edges()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_round_trip_through_networkx(tmp_path: Path, fmt: str) -> None:
    g = graph()
    path = tmp_path / f"netwerk.{fmt}"
    if fmt == "graphml":
        write_graphml(g, path)
        back = nx.read_graphml(path)
    else:
        write_gexf(g, path)
        back = nx.read_gexf(path)
    expected = compartment(g)
    assert set(back.nodes) == set(expected.nodes)
    assert back.number_of_edges() == expected.number_of_edges()
    assert back.nodes["persoon:p2"]["soort"] == "persoon"
    rel = {d["relatie"] for _, _, d in back.edges(data=True)}
    assert rel == {"verkocht_aan", "eigenaar_van", "woont_op", "aandeelhouder_van"}
    dates = {d["datum"] for _, _, d in back.edges(data=True)}
    assert dates == {"2026-01-10"}


def test_links_csv_is_semicolon_utf8_bom_and_formula_neutral(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    write_links_csv(graph(), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["entiteit_1", "relatie", "entiteit_2", "datum"]
    assert len(rows) == 1 + compartment(graph()).number_of_edges()
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    labels = {c for r in rows for c in r}
    assert "'=HYPERLINK(\"x\")" in labels and "'-Pandstraat 1, 6291 AB Vaals" in labels
    assert not any("bibob" in c for r in rows for c in r)


def test_link_rows_include_bibob_only_when_asked() -> None:
    assert any(r[8] == "bibob" for r in link_rows(graph(), include_bibob=True))


def test_ftm_entities_have_the_expected_schemata() -> None:
    ents = ftm_entities(graph(), inputs().signals)
    schemata = {e["schema"] for e in ents}
    assert {"Person", "Company", "Address", "UnknownLink", "Ownership", "Sanction"} <= schemata
    assert "Directorship" not in schemata  # the only directorship is Bibob-derived
    with_bibob = {e["schema"] for e in ftm_entities(graph(), include_bibob=True)}
    assert "Directorship" in with_bibob
    person = next(e for e in ents if e["properties"].get("name") == ["Persoon Twee"])
    assert person["properties"]["addressEntity"]  # woont_op -> addressEntity


def test_ftm_entities_validate_with_followthemoney(tmp_path: Path) -> None:
    import followthemoney as ftm
    from followthemoney import model

    g = graph()
    g.add_node("persoon:ENTPERS-aaa111", soort="persoon", label="Signaalpersoon")
    g.add_edge("persoon:ENTPERS-aaa111", "adres:a1", key="bewoner_van", relatie="bewoner_van",
               register="damocles", evidence=["damocles:Z1"], bibob=False)
    path = tmp_path / "entities.ftm.json"
    write_ftm(g, path, inputs().signals, include_bibob=True)
    lines = path.read_text(encoding="utf-8").splitlines()
    ids = set()
    schemata = set()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # raises on unknown schema/property
        assert proxy.schema.name == data["schema"]
        for required in proxy.schema.required:
            assert proxy.get(required), (data["schema"], required)
        for name, values in data["properties"].items():
            prop = proxy.schema.get(name)
            assert prop is not None, (data["schema"], name)
            for v in values:
                assert prop.type.clean(v) is not None, (data["schema"], name, v)
        ids.add(data["id"])
        schemata.add(data["schema"])
    assert "Risk" in schemata and "Directorship" in schemata
    for line in lines:  # every entity reference points at an exported entity
        proxy = model.get_proxy(json.loads(line))
        for ref, value in proxy.itervalues():
            if ref.type.name == "entity":
                assert value in ids
    assert ftm.__name__ == "followthemoney"


def test_write_column_writes_the_values_utf8_in_order_between_python_writes(
        tmp_path: Path) -> None:
    import polars as pl

    from outputs.exports.text import write_column, write_lines

    values = ['a;b\n', None, 'é "q"\r\n', "", "<&>\t\u2028\n", "x,y\n", None, "z"]
    df = pl.DataFrame({"v": values}, schema={"v": pl.String})
    path = tmp_path / "uit.txt"
    with open(path, "wb") as fh:
        fh.write(b"kop\n")
        write_column(fh, df, pl.col("v"), chunk=3)  # chunk boundaries inside the values
        fh.write(b"midden\n")
        write_lines(fh, df["v"], chunk=2)
        fh.write(b"staart\n")
    body = "".join(v for v in values if v is not None)
    assert path.read_bytes() == f"kop\n{body}midden\n{body}staart\n".encode()
