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
from flows.stages import StageResult
from iob.settings import Settings

if TYPE_CHECKING:
    from graph.frames import Frames
    from graph.signals import RuleCache

#: the local rules' signals under the keys of their inputs (graph.signals.RuleCache), in the
#: run folder beside the published outputs
CACHE = "regelcache"
#: in CACHE: `outputs.signal_files.writer_key()` of the run's signal files
WRITER = "schrijver.txt"


def _previous(previous_dir: Path | None, relative: str) -> pl.DataFrame | None:
    """A parquet file of the previous run, if it has it."""
    if previous_dir is None:
        return None
    path = previous_dir / relative
    return pl.read_parquet(path) if path.is_file() else None


def save_rule_cache(cache: RuleCache, folder: Path) -> None:
    """The local rules' cache (`graph.signals.RuleCache`) into the run folder."""
    from iob.atomic import write_json_atomic, write_parquet_atomic

    folder.mkdir(parents=True, exist_ok=True)
    write_parquet_atomic(folder / "signalen.parquet", cache.signals)
    write_json_atomic(folder / "sleutels.json", cache.keys)


def load_rule_cache(folder: Path | None) -> RuleCache:
    """The cache saved in `folder`; empty when there is none or it cannot be read."""
    import json

    from graph.rules._common import SIGNAL_SCHEMA
    from graph.signals import RuleCache

    if folder is None or not (folder / "sleutels.json").is_file():
        return RuleCache()
    try:
        keys = json.loads((folder / "sleutels.json").read_text(encoding="utf-8"))
        signals = pl.read_parquet(folder / "signalen.parquet")
        if not isinstance(keys, dict) or dict(signals.schema) != SIGNAL_SCHEMA:
            return RuleCache()
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return RuleCache()
    return RuleCache({str(k): str(v) for k, v in keys.items()}, signals)


def restamped_signals(previous_dir: Path | None) -> pl.DataFrame | None:
    """The published signals as this run would compute them from the same inputs: the open
    ones `bestaand`, the `vervallen` ones dropped (they were listed once)."""
    return _restamped(_previous(previous_dir, "signals/signals.parquet"))


def _restamped(prev: pl.DataFrame | None) -> pl.DataFrame | None:
    from graph.signals import with_status

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
    signals are re-stamped instead of computed again. Otherwise a local rule (verblijf,
    damocles: `graph.signals.LOCAL`) whose own inputs equal the published run's takes its
    signals from that run's rule cache (`regelcache/`, beside the outputs). `prepared` gives
    `graph.frames.prepare(tables(), mentions)` (every row) when the run shares it with the
    exports; it is called only when the rules run."""
    from graph.signals import rule_inputs, run_rules_cached, with_status
    from iob.atomic import write_text_atomic
    from iob.config import signal_config
    from iob.reference import deelnemers
    from outputs.signal_files import write_signal_files, writer_key

    started = time.perf_counter()
    published = _previous(previous_dir, "signals/signals.parquet")
    signals = _restamped(published) if prev.signals == stamp.signals else None
    reused = signals is not None
    size: dict[str, int] = {}
    cached = None if previous_dir is None else previous_dir / CACHE
    if signals is None:
        frames, net = rule_inputs(tables(), mentions, as_of,
                                  None if prepared is None else prepared())
        size = {"knopen": net.number_of_nodes(), "verbindingen": net.number_of_edges()}
        previous = load_rule_cache(cached)
        current, cache = run_rules_cached(frames, net, as_of, signal_config(settings), previous)
        del frames, net
        save_rule_cache(cache, staging / CACHE)
        size["regels_hergebruikt"] = sum(previous.keys.get(c) == k for c, k in cache.keys.items())
        signals = with_status(current, published)
    elif cached is not None and cached.is_dir():
        link_tree(cached, staging / CACHE)  # kept for the next night
    stamp.signals_content = frame_digest(signals)
    old = None if previous_dir is None else previous_dir / "signals"
    writer = writer_key()
    before = None  # the writer of the previous run's files, when recorded
    if cached is not None and (cached / WRITER).is_file():
        before = (cached / WRITER).read_text(encoding="utf-8")
    if stamp.signals_content == prev.signals_content and old is not None and old.is_dir():
        link_tree(old, staging / "signals")
        written_by = before  # the files are the previous run's
    else:
        # the municipalities whose rows did not change keep their files, when the same
        # writer wrote them
        same = before == writer
        write_signal_files(signals, staging / "signals", sorted(deelnemers()),
                           published if same else None, old if same else None)
        written_by = writer
    if written_by is not None:
        write_text_atomic(staging / CACHE / WRITER, written_by)
    counts = {f"signalen_{s}": int((signals["status"] == s).sum())
              for s in ("nieuw", "bestaand", "vervallen")}
    if reused:
        counts["hergebruikt"] = 1
    counts |= size
    return signals, StageResult(time.perf_counter() - started, counts,
                                ["signals/signals.parquet", "signals/<GMcode>/"])
