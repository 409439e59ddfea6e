"""The graph and signals stage: every rule over the graph, status against the previous run,
and the signal files (re-stamped instead of computed when the rules' inputs are unchanged)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from flows.fingerprint import Stamp, frame_digest, link_tree
from flows.stages import StageResult
from iob.settings import Settings

if TYPE_CHECKING:
    from graph.frames import Frames
    from graph.incremental import State
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


STATE = "toestand.json"  # in CACHE: graph.incremental.State (with the files below)
STATE_SIGNALS = "signalen_alle.parquet"
STATE_ROWS = "rijen.parquet"
STATE_MENTIONS = "vermeldingen.npy"


def save_state(state: State, folder: Path) -> None:
    """`graph.incremental.State` into the run folder's rule cache."""
    import numpy as np

    from iob.atomic import write_atomic, write_json_atomic, write_parquet_atomic

    folder.mkdir(parents=True, exist_ok=True)
    write_parquet_atomic(folder / STATE_SIGNALS, state.signals)
    write_parquet_atomic(folder / STATE_ROWS, pl.concat([
        pl.DataFrame({"tabel": name, "h": pl.Series(h, dtype=pl.UInt64)})
        for name, h in state.tables.items()]))
    def save(path: Path) -> None:
        with path.open("wb") as fh:
            np.save(fh, state.mentions, allow_pickle=False)

    write_atomic(folder / STATE_MENTIONS, save)
    write_json_atomic(folder / STATE, {"setup": state.setup,
                                       "as_of": None if state.as_of is None
                                       else state.as_of.isoformat(),
                                       "gemeenten": state.gemeenten,
                                       "files": state.files,
                                       "hubs": sorted(state.hubs),
                                       "zone": sorted(state.zone)})


def load_state(folder: Path | None) -> State | None:
    """The state saved in `folder`; None when there is none or it cannot be read."""
    import json

    import numpy as np

    from graph.incremental import STATE_SCHEMA, State

    if folder is None or not (folder / STATE).is_file():
        return None
    try:
        meta = json.loads((folder / STATE).read_text(encoding="utf-8"))
        signals = pl.read_parquet(folder / STATE_SIGNALS)
        rows = pl.read_parquet(folder / STATE_ROWS)
        with (folder / STATE_MENTIONS).open("rb") as fh:
            mentions = np.load(fh, allow_pickle=False)
        if dict(signals.schema) != STATE_SCHEMA or mentions.dtype != np.uint64:
            return None
        tables = {str(name): part["h"].to_numpy()
                  for (name,), part in rows.group_by("tabel", maintain_order=True)}
        as_of = meta.get("as_of")  # (absent from states of earlier versions)
        return State(signals=signals, setup=str(meta["setup"]),
                     as_of=None if as_of is None else date.fromisoformat(str(as_of)),
                     gemeenten=[str(g) for g in meta["gemeenten"]],
                     hubs=frozenset(str(h) for h in meta["hubs"]),
                     zone=frozenset(str(z) for z in meta["zone"]), tables=tables,
                     files={str(k): str(v) for k, v in meta["files"].items()},
                     mentions=mentions)
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None


def table_files(settings: Settings) -> dict[str, str]:
    """Per lake table (`graph.incremental.table_hashes`): the size and time of its files
    (empty when it has none); a table whose files are unchanged has the same rows."""
    from flows.lake import current_path
    from graph.incremental import QUARANTAINE, REGISTER

    def sig(paths: list[Path]) -> str:
        return ";".join(f"{p.name}:{st.st_size}:{st.st_mtime_ns}"
                        for p in paths for st in [p.stat()])

    out = {name: sig([p for p in [current_path(settings.lake, name)] if p.is_file()])
           for name in REGISTER}
    out[QUARANTAINE] = sig(sorted((settings.quarantine / "nachtregister").glob("*.parquet")))
    return out


def loader_key() -> str:
    """The code that reads the lake tables (`flows.stages.load_tables`)."""
    import flows.lake
    import flows.stages
    import outputs.inputs
    from iob.sources import files_digest

    modules = (flows.lake, flows.stages, outputs.inputs)
    return files_digest((Path(str(m.__file__)).name, Path(str(m.__file__))) for m in modules)


def read_mentions_at(path: Path, positions: Any) -> pl.DataFrame | None:
    """The rows of a mentions file at the given positions, the columns `prepare` reads (a
    few rows each on their own slice, so only their pages are read). None when the file
    cannot be read."""
    from graph.incremental import MENTION_COLUMNS

    try:
        scan = pl.scan_parquet(path).select(MENTION_COLUMNS)
        if len(positions) > 64:
            return scan.collect()[[int(p) for p in positions]]
        return pl.concat([scan.slice(int(p), 1).collect() for p in positions])
    except (OSError, ValueError, IndexError, pl.exceptions.PolarsError):
        return None


def restamped_signals(previous_dir: Path | None) -> pl.DataFrame | None:
    """The published signals as this run would compute them from the same inputs: the open
    ones `bestaand`, the `vervallen` ones dropped (they were listed once)."""
    return _restamped(_previous(previous_dir, "signals/signals.parquet"))


def _restamped(prev: pl.DataFrame | None) -> pl.DataFrame | None:
    from graph.signals import with_status

    if prev is None or "status" not in prev.columns:
        return None
    return with_status(prev.filter(pl.col("status") != "vervallen").drop("status"), prev)


def _import_writer() -> None:
    import xlsxwriter  # noqa: F401


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
    signals from that run's rule cache (`regelcache/`, beside the outputs). A night whose
    only changes are new DOR rows and a peildatum at most `graph.incremental.MAX_SHIFT` days
    after the previous run's takes the incremental path (`graph.incremental`) from the state
    that run left (`regelcache/toestand.json` and its files). `prepared` gives
    `graph.frames.prepare(tables(), mentions)` (every row) when the run shares it with the
    exports; it is called only when the rules run."""
    from dataclasses import replace

    from graph.incremental import (
        SCOPE,
        State,
        component_scope,
        delta,
        mention_hashes,
        run_incremental,
        setup_key,
        table_hashes,
    )
    from graph.signals import program_key, rule_inputs, run_rules_cached, with_status
    from iob.atomic import write_text_atomic
    from iob.config import signal_config
    from iob.reference import deelnemers
    from outputs.signal_files import write_signal_files, writer_key

    started = time.perf_counter()
    if prev.signals != stamp.signals:
        # the signal files of a changed municipality need xlsxwriter: imported beside the
        # rules (its import is Python work; the rules mostly polars work without the GIL)
        threading.Thread(target=_import_writer, daemon=True).start()
    published = _previous(previous_dir, "signals/signals.parquet")
    signals = _restamped(published) if prev.signals == stamp.signals else None
    reused = signals is not None
    size: dict[str, int] = {}
    cached = None if previous_dir is None else previous_dir / CACHE
    if signals is None:
        config = signal_config(settings)
        program = program_key()
        loader = loader_key()

        def setup_at(day: date) -> str:
            return setup_key(day, program, config, loader)

        setup = setup_at(as_of)
        hashes = mention_hashes(mentions)
        state = load_state(cached)
        files = table_files(settings)
        known = None if state is None else {
            name: h for name, h in state.tables.items()
            if state.files.get(name) == files[name] and files[name]}
        now = table_hashes(tables(), known)
        current = None
        d = None
        if state is not None and previous_dir is not None:
            path = previous_dir / "entities" / "mentions.parquet"
            d = delta(tables(), now, mentions, hashes, state, setup_at,
                      lambda positions: read_mentions_at(path, positions), as_of)
            if d is not None:
                current = run_incremental(tables(), mentions, as_of, config, state, d)
        previous = load_rule_cache(cached)
        if current is not None and state is not None:
            size = {"incrementeel": 1, "geraakt": 0 if d is None else d.touched.height,
                    "dagen_verschoven": 0 if d is None else (as_of - d.since).days}
            cache = previous
            new_state = replace(state, signals=current, mentions=hashes, tables=now, files=files,
                                setup=setup, as_of=as_of)
        else:
            frames, net = rule_inputs(tables(), mentions, as_of,
                                      None if prepared is None else prepared())
            size = {"knopen": net.number_of_nodes(), "verbindingen": net.number_of_edges()}
            full, cache = run_rules_cached(frames, net, as_of, config, previous, program)
            current = component_scope(full, net)
            gemeenten = frames.index["gemeentecode"].drop_nulls().unique().sort().to_list()
            new_state = State(signals=current, setup=setup,
                              gemeenten=[str(g) for g in gemeenten] or ["GM0000"],
                              hubs=net.frames.hubs, zone=cache.zone,
                              tables=now, files=files, mentions=hashes, as_of=as_of)
            del frames, net
        save_rule_cache(cache, staging / CACHE)
        save_state(new_state, staging / CACHE)
        # (on a later peildatum the local rules were computed from their previous signals,
        # and the cache keeps the previous peildatum's keys: none of them is this run's)
        size["regels_hergebruikt"] = 0 if size.get("dagen_verschoven") else sum(
            previous.keys.get(c) == k for c, k in cache.keys.items())
        signals = with_status(current.drop(SCOPE), published)
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
