"""The oracle of the incremental exports: after a night with a new delivery the four export
files, spliced from the previous run's files (outputs/exports/splice.py), are byte for byte
what a from-scratch write of the same graph gives; so with other signals on that graph (the
FtM file spliced, only its Risks written anew; the graph files linked, with their indexes).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flows import render
from flows.fingerprint import Stamp
from outputs.exports import splice
from tests.flows.nightly_factory import KEY, fresh, make_history, run

# per export file its index and meta; the GraphML, links and FtM indexes keep the elements'
# keys too (the next night's delta reads them instead of the files)
STATE_FILES = sorted([f"{name}.{ext}" for name in render.EXPORTS for ext in ("json", "parquet")]
                     + [f"{name}.keys.parquet" for name in ("netwerk.graphml", "links.csv",
                                                            "entities.ftm.json")])


def _frames(data: Path) -> tuple[Any, pl.DataFrame]:
    """The export frames of the data folder's published graph, and its signals."""
    from flows.stages import load_tables
    from graph.frames import prepare
    from iob.settings import load_settings

    tables = load_tables(load_settings(str(data)))
    mentions = pl.read_parquet(data / "entities" / "mentions.parquet")
    signals = pl.read_parquet(data / "signals" / "signals.parquet")
    return render.export_frames(lambda: prepare(tables, mentions)), signals


def _whole(frames: Any, signals: pl.DataFrame, out: Path) -> dict[str, bytes]:
    """The exports of the graph and signals, written whole."""
    written, _ = render.write_exports(lambda: frames, signals, out / "exports", None, Stamp(),
                                      Stamp(resolve="heel"))
    assert written == len(render.EXPORTS)
    return _files(out / "exports")


def _files(folder: Path) -> dict[str, bytes]:
    """The export files (GEXF without the day it was written: the test may pass midnight)."""
    return {name: re.sub(rb'lastmodifieddate="[^"]*"', b"", (folder / name).read_bytes())
            for name in render.EXPORTS}


@pytest.mark.slow
def test_incremental_exports_equal_a_whole_write(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOB_PSEUDONYM_KEY", KEY)
    history = make_history(tmp_path / "geschiedenis", scale=1.0)
    data = fresh(history, tmp_path / "nacht")
    whole_writes: list[str] = []
    write_plan = splice.write_plan

    def counted(plan: splice.Plan, path: Path, state: Path | None = None) -> Any:
        whole_writes.append(path.name)
        return write_plan(plan, path, state)

    monkeypatch.setattr(splice, "write_plan", counted)
    out = run(data)
    assert out["stages"]["exports"]["counts"]["gemaakt"] == 4
    assert whole_writes == []  # all four spliced from the previous run's files
    monkeypatch.setattr(splice, "write_plan", write_plan)
    got = _files(data / "exports")
    frames, signals = _frames(data)
    assert got == _whole(frames, signals, tmp_path / "heel1")
    run_folder = (data / ".published" / "current").resolve()
    assert sorted(p.name for p in (run_folder / splice.STATE).iterdir()) == STATE_FILES
    assert not any(p.name.startswith(".") or p.suffix == ".parquet"
                   for p in (data / "exports").iterdir())

    # other signals on the same graph (statuses bestaand, titles changed, one gone): the
    # graph files linked, the FtM file spliced (only the Risks written anew)
    prev = Stamp.load(run_folder)
    other = signals.with_columns(pl.lit("bestaand").alias("status"),
                                 pl.concat_str("titel", pl.lit(" (herzien)")).alias("titel"))
    other = other.slice(1)
    assert not other.is_empty() and not other.equals(signals)
    stamp = Stamp(resolve=prev.resolve, signals_content="andere signalen")
    out_dir = tmp_path / "volgende"
    monkeypatch.setattr(splice, "write_plan", counted)

    def no_graph() -> Any:
        raise AssertionError("de graaf is gebouwd: alleen de Risks hoefden opnieuw")

    assert render.write_exports(no_graph, other, out_dir / "exports", run_folder, prev,
                                stamp) == (1, 3)
    assert whole_writes == []
    monkeypatch.setattr(splice, "write_plan", write_plan)
    again = _files(out_dir / "exports")
    assert again["entities.ftm.json"] != got["entities.ftm.json"]
    assert again == _whole(frames, other, tmp_path / "heel2")
    assert sorted(p.name for p in (out_dir / splice.STATE).iterdir()) == STATE_FILES
    # the carried index fits the new file: the next night splices it again
    from outputs.exports.ftm import ftm_plan

    ftm = "entities.ftm.json"
    assert splice.splice_plan(ftm_plan(frames, signals), tmp_path / "derde.json",
                              out_dir / "exports" / ftm, out_dir / splice.STATE,
                              tmp_path / "derde-state")
    assert (tmp_path / "derde.json").read_bytes() == (tmp_path / "heel1" / "exports" / ftm
                                                       ).read_bytes()


@pytest.mark.slow
def test_a_night_writes_the_exports_from_its_delta(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The night's exports merged from the previous files and what changed
    (outputs/exports/delta.py), the export graph never built: the same bytes as a whole
    write of the new graph."""
    from outputs.exports import delta
    from outputs.exports import frames as export_frames

    monkeypatch.setenv("IOB_PSEUDONYM_KEY", KEY)
    history = make_history(tmp_path / "geschiedenis", scale=0.05)
    data = fresh(history, tmp_path / "nacht")
    written: list[str] = []
    built: list[int] = []
    write_delta, export_graph = delta.write_delta, export_frames.export_graph

    def spied(*args: Any, **kw: Any) -> list[str]:
        done = write_delta(*args, **kw)
        written.extend(done)
        return done

    def counted(frames: Any) -> Any:
        built.append(1)
        return export_graph(frames)

    monkeypatch.setattr(delta, "write_delta", spied)
    monkeypatch.setattr(export_frames, "export_graph", counted)
    out = run(data)
    assert out["stages"]["exports"]["counts"]["gemaakt"] == 4
    assert sorted(written) == sorted(render.EXPORTS)
    assert built == []
    monkeypatch.setattr(export_frames, "export_graph", export_graph)
    frames, signals = _frames(data)
    assert _files(data / "exports") == _whole(frames, signals, tmp_path / "heel")
