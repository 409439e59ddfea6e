"""The nightly flow's pieces without Prefect or a pipeline: keys, stamps, re-stamping,
abandoned runs, artifacts, retry condition, one-line errors."""

from __future__ import annotations

import json
import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flows.artifacts import register_rows, signal_rows, summary_markdown
from flows.fingerprint import Stamp, digest, frame_digest, link_file, link_tree
from flows.ingest import FileResult, IngestResult
from flows.manifest import Manifest, mark_abandoned
from flows.signals_stage import restamped_signals
from flows.stages import Lazy


def _signals(ids: list[str], status: list[str] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame({
        "signal_id": ids, "rule": ["r"] * len(ids), "titel": ids,
        "gemeentecodes": [["GM0994"]] * len(ids), "evidence": [[f"dor:{i}"] for i in ids],
        "score": [0.5] * len(ids), "eerste_datum": [date(2026, 1, 1)] * len(ids)})
    return frame if status is None else frame.with_columns(pl.Series("status", status))


def test_digests_are_stable_and_see_every_value() -> None:
    a = _signals(["s1", "s2"])
    assert frame_digest(a) == frame_digest(a.clone())
    changed = a.with_columns(pl.when(pl.col("signal_id") == "s2").then(pl.lit(["dor:x"]))
                             .otherwise(pl.col("evidence")).alias("evidence"))
    assert frame_digest(changed) != frame_digest(a)
    assert digest("a", "bc") != digest("ab", "c")


def test_a_stamp_survives_a_round_trip_and_a_broken_one_counts_as_none(tmp_path: Path) -> None:
    stamp = Stamp(resolve="r", signals="s", reports={"GM0994": "x"}, exports={"a": "b"})
    stamp.save(tmp_path)
    assert Stamp.load(tmp_path) == stamp
    (tmp_path / "stamp.json").write_text("{kapot")
    assert Stamp.load(tmp_path) == Stamp()
    assert Stamp.load(None) == Stamp()
    assert Stamp.load(tmp_path / "bestaat-niet") == Stamp()


def test_linked_outputs_share_the_file_and_replacing_one_leaves_the_other(tmp_path: Path) -> None:
    src = tmp_path / "oud" / "reports"
    (src / "GM0994" / "bestuurlijk").mkdir(parents=True)
    (src / "GM0994" / "a.html").write_text("een")
    (src / "GM0994" / "bestuurlijk" / "b.html").write_text("twee")
    link_tree(src, tmp_path / "nieuw" / "reports")
    new = tmp_path / "nieuw" / "reports" / "GM0994" / "a.html"
    assert new.read_text() == "een"
    assert os.stat(new).st_ino == os.stat(src / "GM0994" / "a.html").st_ino
    assert (tmp_path / "nieuw" / "reports" / "GM0994" / "bestuurlijk" / "b.html").is_file()
    from iob.atomic import write_text_atomic

    write_text_atomic(new, "anders")  # how every stage writes: a new file, never in place
    assert (src / "GM0994" / "a.html").read_text() == "een"
    link_file(src / "GM0994" / "a.html", tmp_path / "los" / "a.html")
    assert (tmp_path / "los" / "a.html").read_text() == "een"


def test_restamped_signals_are_what_a_recomputation_would_give(tmp_path: Path) -> None:
    from graph.signals import with_status

    previous = _signals(["s1", "s2", "s3"], ["nieuw", "bestaand", "vervallen"])
    (tmp_path / "signals").mkdir()
    previous.write_parquet(tmp_path / "signals" / "signals.parquet")
    got = restamped_signals(tmp_path)
    assert got is not None
    assert got["signal_id"].to_list() == ["s1", "s2"]
    assert set(got["status"]) == {"bestaand"}
    recomputed = with_status(_signals(["s1", "s2"]), previous)
    assert got.equals(recomputed)
    assert restamped_signals(None) is None
    assert restamped_signals(tmp_path / "leeg") is None


def test_lazy_values_are_made_once() -> None:
    calls: list[int] = []
    value = Lazy(lambda: calls.append(1) or len(calls))
    assert value() == 1 and value() == 1 and calls == [1]


def test_runs_that_died_are_marked_abandoned(tmp_path: Path) -> None:
    for run_id, status in (("a", "voltooid"), ("b", "bezig"), ("c", "mislukt")):
        m = Manifest(run_id, tmp_path, "2026-11-28")
        m.status = status
        m.save()
    assert mark_abandoned(tmp_path) == ["b"]
    statuses = {p.parent.name: json.loads(p.read_text())["status"]
                for p in tmp_path.glob("*/manifest.json")}
    assert statuses == {"a": "voltooid", "b": "afgebroken", "c": "mislukt"}


def test_the_manifest_shows_which_stage_was_running(tmp_path: Path) -> None:
    m = Manifest("r1", tmp_path, "2026-11-28")
    m.begin("koppelen")
    raw = json.loads(m.path.read_text())
    assert raw["status"] == "bezig" and raw["stages"]["koppelen"] == {"status": "bezig"}


def _result() -> IngestResult:
    return IngestResult([
        FileResult("dor_GM0994_20261127.csv", "dor", "a", "verwerkt", 10, 8, 2),
        FileResult("dor_GM0994_20261128.csv", "dor", "b", "dubbel"),
        FileResult("nachtregister_GM0981_20261127.csv", "nachtregister", "c", "afgewezen",
                   message="kapot"),
    ], {}, 1.0)


def test_the_artifacts_count_per_register_and_per_status(tmp_path: Path) -> None:
    rows = register_rows(_result())
    assert rows[0] == {"register": "dor", "bestanden": 2, "rijen_in": 10, "geaccepteerd": 8,
                       "quarantaine": 2, "afgewezen": 0, "dubbel": 1}
    assert rows[1]["afgewezen"] == 1
    m = Manifest("r1", tmp_path, "2026-11-28")
    m.stages = {"koppelen": {"seconds": 0.1, "counts": {"mentions": 5, "hergebruikt": 1}},
                "signalen": {"seconds": 2.0, "counts": {"signalen_nieuw": 3,
                                                        "signalen_bestaand": 4}}}
    assert signal_rows(m) == [{"status": "nieuw", "aantal": 3},
                              {"status": "bestaand", "aantal": 4},
                              {"status": "vervallen", "aantal": 0}]
    text = summary_markdown(_result(), m)
    assert "| Entiteiten koppelen | 0.1 | ja | mentions 5 |" in text
    assert "**3** nieuw, **4** bestaand, **0** vervallen" in text
    assert "dor_GM0994_20261127.csv" in text


class _State:
    def __init__(self, exc: BaseException | None) -> None:
        self.exc = exc

    def result(self) -> Any:
        if self.exc is not None:
            raise self.exc
        return None


def test_only_io_errors_are_retried() -> None:
    from flows.nightly import _io_error

    assert _io_error(None, None, _State(OSError("schijf vol")))
    assert not _io_error(None, None, _State(ValueError("fout in de code")))
    assert not _io_error(None, None, _State(None))


def test_prefect_errors_reach_the_user_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture,
                                                         ) -> None:
    from iob.commands.run import quiet_tracebacks

    monkeypatch.delenv("IOB_DEBUG", raising=False)
    quiet_tracebacks()
    logger = logging.getLogger("prefect.flow_runs")
    try:
        raise RuntimeError("kapot")
    except RuntimeError:
        with caplog.at_level(logging.ERROR, logger="prefect.flow_runs"):
            logger.exception("Encountered exception during execution")
    assert "Traceback" not in caplog.text
    assert "Encountered exception during execution" in caplog.text
