"""The exports stage's plumbing: the four files written on threads equal the files written
one after the other, a writer's error is raised, and the prepared frames the signals stage
shares with the exports are the ones `rule_inputs` would prepare itself."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import pytest

from flows import render
from flows.fingerprint import Stamp
from graph.build import edge_frame, node_frame
from graph.frames import prepare
from graph.signals import rule_inputs
from graph.testing import naive_mentions
from outputs.exports import export_graph
from tests.outputs.outputs_factory import inputs


def _write(out: Path, signals_frame: object) -> dict[str, bytes]:
    tables = dict(inputs().tables)
    mentions = naive_mentions(tables)
    frames = render.export_frames(lambda: prepare(tables, mentions))
    stamp = Stamp(resolve="r", signals_content="s")
    written, reused = render.write_exports(lambda: frames, signals_frame, out,  # type: ignore[arg-type]
                                           None, Stamp(), stamp)
    assert (written, reused) == (4, 0)
    assert set(stamp.exports) == set(render.EXPORTS)
    # the GEXF header carries the day it was written: not the content
    return {p.name: re.sub(rb'lastmodifieddate="[^"]*"', b"", p.read_bytes())
            for p in sorted(out.iterdir())}


def test_exports_on_threads_equal_the_exports_one_by_one(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    signals = inputs().signals
    monkeypatch.setattr(render, "EXPORT_THREADS", 1)
    alone = _write(tmp_path / "een", signals)
    monkeypatch.setattr(render, "EXPORT_THREADS", 2)
    threaded = _write(tmp_path / "twee", signals)
    assert set(alone) == set(render.EXPORTS)
    assert alone == threaded
    assert all(alone.values())


def test_run_parallel_runs_every_job_on_threads_and_raises_the_first_error() -> None:
    seen: list[str] = []
    names: set[str] = set()
    lock = threading.Lock()

    def job(name: str, fail: bool = False) -> None:
        with lock:
            seen.append(name)
            names.add(threading.current_thread().name)
        if fail:
            raise OSError(f"schijf vol bij {name}")

    with pytest.raises(OSError, match="bij b"):
        render._run_parallel([lambda: job("a"), lambda: job("b", True), lambda: job("c"),
                              lambda: job("d", True)], threads=2)
    assert sorted(seen) == ["a", "b", "c", "d"]  # the others still ran to their end
    assert all(n.startswith("export") for n in names)
    seen.clear()
    render._run_parallel([lambda: job("x")], threads=2)
    assert seen == ["x"]


def test_shared_prepared_frames_give_the_same_rule_inputs() -> None:
    tables = dict(inputs().tables)
    mentions = naive_mentions(tables)
    for as_of in (date(2024, 12, 31), date(2030, 1, 1)):
        own_frames, own_net = rule_inputs(tables, mentions, as_of)
        shared = render.prepared_frames(tables, mentions)
        frames, net = rule_inputs(tables, mentions, as_of, shared)
        assert net.frames is shared
        for name in ("dor", "nacht", "dossiers", "betrokkenen", "damocles"):
            assert getattr(frames, name).equals(getattr(own_frames, name))
        assert frames.index.sort("ev").equals(own_frames.index.sort("ev"))  # hashing order
        assert frames.hubs == own_frames.hubs
        cols = ["node", "soort", "entity_id", "hub"]  # node numbers follow hashing order
        assert net.nodes.select(cols).sort("node").equals(own_net.nodes.select(cols).sort("node"))
        assert net.number_of_edges() == own_net.number_of_edges()
        # the exports are built from the very frames the rules' graph was built from
        assert node_frame(shared).equals(node_frame(own_net.frames))
        assert edge_frame(shared).equals(edge_frame(own_net.frames))
        assert export_graph(shared).edges.height == own_net.number_of_edges()
