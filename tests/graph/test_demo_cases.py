"""The demo's planted cases are found and its decoys stay clean, through the real pipeline
pieces (ingest, load_tables, entity resolution, graph + signals) on a small demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

SCALE = 0.1  # every case is planted at every scale; the background shrinks
AS_OF = date(2026, 11, 28)


@pytest.mark.slow
def test_demo_cases_found_and_decoys_clean(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import stages
    from flows.ingest import ingest
    from flows.progress import LogReporter
    from graph.signals import compute_signals
    from iob.config import signal_config
    from iob.demo import generate
    from iob.demo.evaluate import load_cases, score_cases
    from iob.settings import load_settings

    monkeypatch.setenv("IOB_PSEUDONYM_KEY", "test-sleutel-voor-de-demo")
    data = tmp_path / "data"
    summary = generate(data, seed=42, scale=SCALE)
    settings = load_settings(data)
    ingest(settings, "test", LogReporter(lambda _: None), docs=False)
    tables = stages.load_tables(settings)
    staging = tmp_path / "staging"
    mentions, _ = stages.resolve_stage(settings, tables, staging, None)
    # what flows.signals_stage computes (its bookkeeping around it is the flow's business)
    signals = compute_signals(tables, mentions, AS_OF, signal_config(settings))

    cases = load_cases(data)
    score = score_cases(signals, cases)
    assert len(score.found) == summary.cases > 0
    assert score.missed == []
    assert score.decoys_flagged == []
    assert len(score.decoys_clean) == summary.decoys > 0
    # few enough to review: the planted cases and little background noise
    background = signals.filter(~pl.col("evidence").list.set_intersection(
        sorted({e for c in cases for e in c["evidence"]})).list.len().gt(0))
    assert background.height <= len(cases), background.group_by("rule").len()
