"""The graph and signals stage: every rule over the graph, status against the previous run,
and the signal files (re-stamped instead of computed when the rules' inputs are unchanged)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from flows.fingerprint import Stamp, frame_digest, link_tree
from flows.stages import StageResult, _previous
from iob.settings import Settings

if TYPE_CHECKING:
    from graph.frames import Frames


def restamped_signals(previous_dir: Path | None) -> pl.DataFrame | None:
    """The published signals as this run would compute them from the same inputs: the open
    ones `bestaand`, the `vervallen` ones dropped (they were listed once)."""
    from graph.signals import with_status

    prev = _previous(previous_dir, "signals/signals.parquet")
    if prev is None or "status" not in prev.columns:
        return None
    return with_status(prev.filter(pl.col("status") != "vervallen").drop("status"), prev)


def signals_stage(settings: Settings, tables: Callable[[], dict[str, pl.DataFrame]],
                  mentions: pl.DataFrame, as_of: date, staging: Path, previous_dir: Path | None,
                  prev: Stamp, stamp: Stamp,
                  prepared: Callable[[], Frames] | None = None
                  ) -> tuple[pl.DataFrame, StageResult]:
    """Graph (as frames: graph.net), every rule, status against the previous run, and the
    signal files.

    When the rules' inputs equal the published run's (`stamp.signals`), the published
    signals are re-stamped instead of computed again. `prepared` gives
    `graph.frames.prepare(tables(), mentions)` (every row) when the run shares it with the
    exports; it is called only when the rules run."""
    from graph.signals import rule_inputs, run_rules, with_status
    from iob.config import signal_config
    from iob.reference import deelnemers
    from outputs.signal_files import write_signal_files

    started = time.perf_counter()
    signals = restamped_signals(previous_dir) if prev.signals == stamp.signals else None
    reused = signals is not None
    size: dict[str, int] = {}
    if signals is None:
        frames, net = rule_inputs(tables(), mentions, as_of,
                                  None if prepared is None else prepared())
        size = {"knopen": net.number_of_nodes(), "verbindingen": net.number_of_edges()}
        current = run_rules(frames, net, as_of, signal_config(settings))
        del frames, net
        signals = with_status(current, _previous(previous_dir, "signals/signals.parquet"))
    stamp.signals_content = frame_digest(signals)
    old = None if previous_dir is None else previous_dir / "signals"
    if stamp.signals_content == prev.signals_content and old is not None and old.is_dir():
        link_tree(old, staging / "signals")
    else:
        write_signal_files(signals, staging / "signals", sorted(deelnemers()))
    counts = {f"signalen_{s}": int((signals["status"] == s).sum())
              for s in ("nieuw", "bestaand", "vervallen")}
    if reused:
        counts["hergebruikt"] = 1
    counts |= size
    return signals, StageResult(time.perf_counter() - started, counts,
                                ["signals/signals.parquet", "signals/<GMcode>/"])
