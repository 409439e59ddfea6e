"""The export files written from a night's delta (outputs/exports/delta.py) are byte for byte
the files a whole write of the new graph gives, with the same index: for new records that
touch existing entities, a merge of two entities, an entity that becomes a hub and gets
another municipality, a Bibob relation (hidden by the compartment) and a node only a
Bibob edge held that gets a public one, a moved Damocles party (sanctions placed again),
and GEXF edge ids (positions) after inserts. Where the lake was corrected, the delta
declines (the caller writes from the whole graph).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flows import render
from flows.fingerprint import Stamp
from outputs.exports import delta, export_graph
from outputs.exports.splice import STATE

pytestmark = pytest.mark.slow
NAMES = list(render.EXPORTS)
LAKE = {"dor": "dor", "nachtregister": "nachtregister", "damocles": "damocles",
        "bibob_dossiers": "bibob_dossiers", "bibob_betrokkenen": "bibob_betrokkenen"}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, pl.DataFrame],
                                                                pl.DataFrame, pl.DataFrame]:
    """A small demo history after one run: its lake tables, mentions and signals."""
    from flows.stages import load_tables
    from iob.settings import load_settings
    from tests.flows.nightly_factory import KEY, make_history

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY", KEY)
        h = make_history(tmp_path_factory.mktemp("delta"), scale=0.05)
        tables = load_tables(load_settings(str(h.data)))
    mentions = pl.read_parquet(h.data / "entities" / "mentions.parquet")
    signals = pl.read_parquet(h.data / "signals" / "signals.parquet")
    return tables, mentions, signals


def _state(folder: Path, tables: dict[str, pl.DataFrame]) -> None:
    """An entities folder's resolve state as the resolve stage writes it (marks, lake)."""
    from flows.stages import lake_state

    (folder / "state").mkdir(parents=True, exist_ok=True)
    (folder / "state" / "state.json").write_text(json.dumps(
        {"marks": {"code": "programma", "decisions": "besluiten"},
         "tables": lake_state(tables)}), encoding="utf-8")


def _run_folder(root: Path, tables: dict[str, pl.DataFrame], mentions: pl.DataFrame) -> Path:
    (root / "entities").mkdir(parents=True)
    mentions.write_parquet(root / "entities" / "mentions.parquet")
    _state(root / "entities", tables)
    return root


def _whole(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, signals: pl.DataFrame,
           run: Path) -> None:
    from graph.frames import prepare

    g = export_graph(prepare(tables, mentions))
    written, _ = render.write_exports(lambda: g, signals, run / "exports", None, Stamp(),
                                      Stamp(resolve="heel"))
    assert written == len(NAMES)


def _files(folder: Path) -> dict[str, bytes]:
    return {name: re.sub(rb'lastmodifieddate="[^"]*"', b"", (folder / name).read_bytes())
            for name in NAMES}


def _night(tmp: Path, before: tuple[dict[str, pl.DataFrame], pl.DataFrame],
           after: tuple[dict[str, pl.DataFrame], pl.DataFrame], signals: pl.DataFrame,
           keys: bool = True) -> list[str]:
    """The previous run written whole from `before` (`keys`: its indexes keep the elements'
    keys; else as an index written before they were), then the delta of `after` from it;
    asserts it equals a whole write of `after` (files and indexes, keys included); the
    files it wrote."""
    prev = _run_folder(tmp / "vorige", *before)
    _whole(*before, signals, prev)
    if not keys:
        _without_keys(prev / STATE)
    cur = _run_folder(tmp / "nu", *after)
    done = delta.write_delta(*after, signals, cur / "exports", prev, NAMES, prev / STATE,
                             cur / STATE)
    heel = _run_folder(tmp / "heel", *after)
    _whole(*after, signals, heel)
    got, want = _files(cur / "exports"), _files(heel / "exports")
    for name in done:
        assert got[name] == want[name], name
        assert pl.read_parquet(cur / STATE / f"{name}.parquet").equals(
            pl.read_parquet(heel / STATE / f"{name}.parquet")), name
        assert _keys(cur / STATE, name) == _keys(heel / STATE, name), name
    assert {name for name in NAMES if _keys(heel / STATE, name) is not None} == KEPT
    return done


KEPT = {"netwerk.graphml", "links.csv", "entities.ftm.json"}  # indexes that keep keys


def _keys(state: Path, name: str) -> dict[str, Any] | None:
    """The element keys an index keeps (per section), None without them."""
    path = state / f"{name}.keys.parquet"
    meta = json.loads((state / f"{name}.json").read_text(encoding="utf-8"))
    if not path.is_file():
        assert "keys" not in meta
        return None
    frame = pl.read_parquet(path)
    assert meta["keys"] == {str(i): n for i, n in frame["section"].value_counts(sort=True)
                            .sort("section").iter_rows()}
    return {str(i): part["k"].to_list() for (i,), part in
            frame.group_by("section", maintain_order=True)}


def _without_keys(state: Path) -> None:
    """The indexes as code that kept no keys wrote them."""
    for name in NAMES:
        (state / f"{name}.keys.parquet").unlink(missing_ok=True)
        meta_path = state / f"{name}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta.pop("keys", None)
        meta_path.write_text(json.dumps(meta), encoding="utf-8")


def _moved(mentions: pl.DataFrame, which: pl.Expr, to: str) -> pl.DataFrame:
    changed = mentions.with_columns(pl.when(which).then(pl.lit(to)).otherwise(
        pl.col("entity_id")).alias("entity_id"))
    assert not changed.equals(mentions)
    return changed


def _entity(mentions: pl.DataFrame, role: str, pick: Callable[[pl.DataFrame], Any]) -> str:
    counts = (mentions.filter(pl.col("role") == role).group_by("entity_id").len()
              .sort("len", "entity_id", descending=True))
    return str(pick(counts))


def test_new_records_touching_existing_entities(history: Any, tmp_path: Path) -> None:
    tables, mentions, signals = history
    dor = tables["dor"]
    # the new records: the last rows (their dealers, and some sellers, have older rows)
    held = dor.tail(15)["registratienummer"]
    new = pl.col("registratienummer").is_in(held.implode())
    before_tables = {**tables, "dor": dor.filter(~new)}
    after_tables = {**tables, "dor": dor.with_columns(
        pl.when(new).then(pl.lit("nieuwe-levering")).otherwise(pl.col("_sha256"))
        .alias("_sha256"))}
    old = mentions.filter(~((pl.col("register") == "dor")
                            & pl.col("record_id").is_in(held.cast(pl.String).implode())))
    assert old.height < mentions.height
    assert _night(tmp_path, (before_tables, old), (after_tables, mentions), signals) == NAMES


def test_the_kept_keys_stand_for_the_previous_files(history: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With the keys in the previous indexes the delta does not read the previous GraphML
    and FtM file for their elements; without them (indexes of older code) it does, and the
    indexes it writes keep the keys again."""
    tables, mentions, signals = history
    a = _entity(mentions, "verkoper", lambda c: c["entity_id"][0])
    b = _entity(mentions, "verkoper", lambda c: c["entity_id"][1])
    after = _moved(mentions, pl.col("entity_id") == b, a)
    read: list[str] = []
    previous_graph, ftm_keys = delta._previous_graph, delta._ftm_relation_keys

    def graph(*args: Any) -> Any:
        read.append("graphml")
        return previous_graph(*args)

    def ftm(*args: Any) -> Any:
        read.append("ftm")
        return ftm_keys(*args)

    monkeypatch.setattr(delta, "_previous_graph", graph)
    monkeypatch.setattr(delta, "_ftm_relation_keys", ftm)
    assert _night(tmp_path / "met", (tables, mentions), (tables, after), signals) == NAMES
    assert read == []
    assert _night(tmp_path / "zonder", (tables, mentions), (tables, after), signals,
                  keys=False) == NAMES
    assert sorted(read) == ["ftm", "graphml"]


def test_a_merge_of_two_entities(history: Any, tmp_path: Path) -> None:
    tables, mentions, signals = history
    a = _entity(mentions, "verkoper", lambda c: c["entity_id"][0])
    b = _entity(mentions, "verkoper", lambda c: c["entity_id"][1])
    after = _moved(mentions, pl.col("entity_id") == b, a)
    assert _night(tmp_path, (tables, mentions), (tables, after), signals) == NAMES


def test_an_entity_becomes_a_hub_in_another_municipality(history: Any,
                                                         tmp_path: Path) -> None:
    tables, mentions, signals = history
    # a seller's address takes a dealer's address's place on one record: a hub now, and
    # with that record's municipality
    hubs = mentions.filter(pl.col("role").is_in(["opkoper", "logies", "adres:opkoper",
                                                 "adres:logies"]))["entity_id"]
    record = mentions.filter(pl.col("role") == "adres:opkoper").row(0, named=True)
    homes = mentions.filter((pl.col("role") == "adres:verkoper")
                            & ~pl.col("entity_id").is_in(hubs.implode()))
    elsewhere = homes.filter(pl.col("gemeentecode") != record["gemeentecode"])
    home = (elsewhere if elsewhere.height else homes)["entity_id"][0]
    after = _moved(mentions, pl.col("mention_id") == record["mention_id"], home)
    assert _night(tmp_path, (tables, mentions), (tables, after), signals) == NAMES


def test_bibob_relations_under_the_compartment(history: Any, tmp_path: Path) -> None:
    tables, mentions, signals = history
    bibob = mentions.filter((pl.col("register") == "bibob")
                            & ~pl.col("role").str.starts_with("adres:")
                            & (pl.col("role") != "aanvrager"))
    assert bibob.height >= 2
    public = _entity(mentions, "verkoper", lambda c: c["entity_id"][2])
    # one Bibob party becomes an entity with public edges (a hidden relation), another a
    # new entity only that Bibob edge holds (left out of the exports)
    after = _moved(mentions, pl.col("mention_id") == bibob["mention_id"][0], public)
    after = _moved(after, pl.col("mention_id") == bibob["mention_id"][1], "ENTPERS-bibob-alleen")
    assert _night(tmp_path, (tables, mentions), (tables, after), signals) == NAMES
    # and back: the entity only a Bibob edge held gets a public edge (a seller's place)
    sale = mentions.filter(pl.col("role") == "verkoper")["mention_id"][0]
    again = _moved(after, pl.col("mention_id") == sale, "ENTPERS-bibob-alleen")
    assert _night(tmp_path / "terug", (tables, after), (tables, again), signals) == NAMES


def test_a_damocles_party_moves(history: Any, tmp_path: Path) -> None:
    tables, mentions, signals = history
    dam = mentions.filter(pl.col("register") == "damocles")
    panden = dam.filter(pl.col("role") == "pand")
    assert panden.height >= 2
    # the premises of one case is another case's: its sanction moves to the other address
    after = _moved(mentions, pl.col("mention_id") == panden["mention_id"][0],
                   panden["entity_id"][1])
    assert _night(tmp_path, (tables, mentions), (tables, after), signals) == NAMES


def test_a_corrected_record_is_declined(history: Any, tmp_path: Path) -> None:
    tables, mentions, signals = history
    prev = _run_folder(tmp_path / "vorige", tables, mentions)
    _whole(tables, mentions, signals, prev)
    # one record delivered again (corrected): the current view lost its old row
    dor = tables["dor"]
    corrected = {**tables, "dor": dor.slice(1)}
    cur = _run_folder(tmp_path / "nu", tables, mentions)
    assert delta.write_delta(corrected, mentions, signals, cur / "exports", prev, NAMES,
                             prev / STATE, cur / STATE) == []
    assert not (cur / "exports").exists()


def test_the_nodes_a_signal_can_name_are_found_without_looking_at_every_node() -> None:
    """`Delta.nodes_named` (the nodes the FtM Risks look among) gives what a look at every
    public node after the night gives: each node whose id, or id after its first colon, is
    one of the entity ids; with types found by binary search (`_prefixes`)."""
    from outputs.exports.frames import ExportGraph

    before = sorted(["adres:A1", "adres:A2", "organisatie:O1", "persoon:P1", "persoon:P2",
                     "persoon:x:P3", "kaal", "z:P1", "zz:Q", "a:b:c"])
    gone = ["persoon:P2", "adres:A2"]
    new = sorted(["persoon:P2", "persoon:P4", "nieuw:Q", "adres:A3"])
    empty = pl.DataFrame({"u": [], "v": [], "key": []}, schema=dict.fromkeys(
        ("u", "v", "key"), pl.String))
    d = delta.Delta(ExportGraph(pl.DataFrame({"node": new}), empty), pl.Series(gone),
                    empty, delta._Before(pl.Series("node", before), empty), pl.DataFrame(),
                    pl.DataFrame(), pl.Series([], dtype=pl.String), pl.DataFrame())
    after = sorted({*before} - {*gone} | {*new})
    for ids in (["P1", "A2", "Q", "x:P3", "kaal", "b:c"], ["P4", "A3"], [], ["niets"]):
        want = [n for n in after if n in ids or n.split(":", 1)[-1] in ids]
        assert d.nodes_named(pl.Series(ids, dtype=pl.String)).to_list() == want, ids
    assert delta._prefixes(pl.Series(before)) == {"a", "adres", "organisatie", "persoon", "z",
                                                  "zz"}
