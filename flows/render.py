"""The reports and exports stage, doing only the work that changed.

Reports: a municipality's ondermijningsbeeld is a pure function of its `Document`s; the
stage computes the documents of every municipality (cheap), hashes them, and renders HTML
and PDF only where the hash differs from the published run's — elsewhere it links the
published files. Exports: the graph files depend on the graph only (the lake and the
entities: the resolve key), the FollowTheMoney file also on the signals; each is linked from
the published run when its key is unchanged. They are written from the export frames
(`outputs.exports.export_graph`, polars), never from the networkx graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from flows.fingerprint import Stamp, digest, link_file, link_tree
from flows.stages import StageResult
from iob.settings import Settings

if TYPE_CHECKING:
    from outputs.exports.splice import Previous

ExportFrames = Any  # outputs.exports.ExportGraph (imported lazily)
EXPORTS: dict[str, str] = {  # file -> what its key depends on
    "entities.ftm.json": "graph+signals",
    "netwerk.graphml": "graph",
    "netwerk.gexf": "graph",
    "links.csv": "graph",
}
FLAT = ("netwerk.graphml", "netwerk.gexf")  # written from the flattened frames
COST = ("netwerk.gexf", "entities.ftm.json", "netwerk.graphml", "links.csv")  # costly first
EXPORT_THREADS = 2


def report_inputs(settings: Settings, tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
                  signals: pl.DataFrame, as_of: date) -> Any:
    """The reports' inputs from what the run already holds (no second read of the lake)."""
    from flows import deliveries
    from outputs.inputs import DELIVERY_SCHEMA, MENTION_SCHEMA, SIGNAL_SCHEMA, ReportInputs, conform
    from transforms.schema import REGISTERS, TABLES

    quarantine = {
        register: sum(pl.scan_parquet(f).select(pl.len()).collect().item()
                      for f in sorted((settings.quarantine / register).glob("*.parquet")))
        for register in REGISTERS}
    return ReportInputs(
        tables={name: tables[name] for name in TABLES},
        deliveries=conform(deliveries.read(settings.quality), DELIVERY_SCHEMA),
        quarantine=quarantine,
        mentions=conform(mentions, MENTION_SCHEMA),
        signals=conform(signals, SIGNAL_SCHEMA),
        as_of=as_of,
    )


def write_reports(inputs: Any, out: Path, previous: Path | None, prev: Stamp, stamp: Stamp,
                  code: str) -> tuple[int, int]:
    """Render the reports whose documents changed, link the others; (rendered, reused)."""
    from iob.atomic import write_atomic
    from iob.reference import deelnemers
    from outputs.report.html import render_html
    from outputs.report.pdf import render_pdf
    from outputs.report.write import NAAM, documents, report_dir

    rendered = reused = 0
    for gm in sorted(deelnemers()):
        docs = documents(inputs, gm)
        key = digest(code, repr(sorted(docs.items())))
        stamp.reports[gm] = key
        old = None if previous is None else previous / "reports" / gm
        if prev.reports.get(gm) == key and old is not None and old.is_dir():
            link_tree(old, out / gm)
            reused += 1
            continue
        for versie, doc in docs.items():
            folder = report_dir(out, gm, versie)
            html, pdf = render_html(doc).encode("utf-8"), render_pdf(doc)
            for path, data in ((folder / f"{NAAM}.html", html), (folder / f"{NAAM}.pdf", pdf)):
                write_atomic(path, _writer(data))
        rendered += 1
    return rendered, reused


def _writer(data: bytes) -> Callable[[Path], object]:
    def write(p: Path) -> None:
        p.write_bytes(data)
        p.chmod(0o644)

    return write


def prepared_frames(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame) -> Any:
    """`graph.frames.prepare(tables, mentions)`: every register row with its entities, what
    the rules' graph (`graph.signals.rule_inputs`) and the exports are built from; prepared
    on first use of its rows (`graph.frames.PreparedRows`: the exports of a night
    may need only its inputs)."""
    from graph.frames import PreparedRows

    return PreparedRows.of(tables, mentions)


def export_frames(prepared: Callable[[], Any]) -> ExportFrames:
    """The export graph (frames) of the prepared register rows (`prepared_frames`), built
    on first use (`outputs.exports.frames.PreparedGraph`): a night whose exports are written
    from what changed (`outputs.exports.delta`) never builds it."""
    from outputs.exports.frames import PreparedGraph

    return PreparedGraph.of(prepared)


def write_exports(graph: Callable[[], ExportFrames], signals: pl.DataFrame, out: Path,
                  previous: Path | None, prev: Stamp, stamp: Stamp) -> tuple[int, int]:
    """Write the exports whose key changed, link the others; (written, reused).

    `graph` gives the export frames (`outputs.exports.ExportGraph`); it is called only when
    a file has to be written. When it gives the prepared rows unbuilt and the previous run's
    files fit, the files are merged from those and the elements that changed
    (`outputs.exports.delta`); else from the graph: spliced from the previous run's file
    where its index (`outputs.exports.splice`, in the run folder's `exports-state/`) fits
    (only the new and changed elements rendered), else whole, with a new index."""
    from flows.stages import Lazy
    from outputs.exports import write_ftm, write_gexf, write_graphml, write_links_csv
    from outputs.exports.frames import compartment_frames, flat_frames
    from outputs.exports.splice import STATE, Previous, link_index

    # the Bibob compartment applied, and the attributes flattened, once for all files (the
    # writers apply both again: a no-op on frames that already are)
    public: Lazy[ExportFrames] = Lazy(lambda: compartment_frames(graph()))
    flat: Lazy[ExportFrames] = Lazy(lambda: flat_frames(public()))
    writers: dict[str, Callable[[Path, Previous], None]] = {
        "entities.ftm.json": lambda p, was: write_ftm(public(), p, signals, previous=was),
        "netwerk.graphml": lambda p, was: write_graphml(flat(), p, previous=was),
        "netwerk.gexf": lambda p, was: write_gexf(flat(), p, previous=was),
        "links.csv": lambda p, was: write_links_csv(public(), p, previous=was),
    }
    state = out.parent / STATE
    old_state = None if previous is None else previous / STATE
    written = reused = 0
    todo: list[str] = []
    for name, depends in EXPORTS.items():
        key = digest(name, stamp.resolve,
                     stamp.signals_content if "signals" in depends else "")
        stamp.exports[name] = key
        old = None if previous is None else previous / "exports" / name
        if prev.exports.get(name) == key and old is not None and old.is_file():
            link_file(old, out / name)
            if old_state is not None:
                link_index(old_state, state, name)
            reused += 1
            continue
        written += 1
        was = Previous(old, old_state, state)
        # same graph, other signals (e.g. nieuw -> bestaand): only the Risks are new
        if not (name == "entities.ftm.json" and prev.resolve == stamp.resolve
                and _new_risks_only(previous, was, signals, out / name)):
            todo.append(name)
    if todo and previous is not None and old_state is not None:
        todo = _delta(graph, signals, out, previous, todo, old_state, state)
    if todo:
        public()  # built here, once: the writers share it (Lazy is not thread-safe)
        if any(name in FLAT for name in todo):
            flat()
        _run_parallel([partial(writers[name], out / name, Previous(
            None if previous is None else previous / "exports" / name, old_state, state))
            for name in sorted(todo, key=COST.index)])
    return written, reused


def _delta(graph: Callable[[], ExportFrames], signals: pl.DataFrame, out: Path, previous: Path,
           todo: list[str], old_state: Path, state: Path) -> list[str]:
    """Write what of `todo` the delta of the night can (`outputs.exports.delta`: from the
    previous files and what changed, without the whole graph); the files still to write."""
    from outputs.exports.frames import PreparedGraph

    g = graph()
    if not isinstance(g, PreparedGraph) or g.built():
        return todo
    from graph.frames import PreparedRows
    from outputs.exports.delta import write_delta

    rows = g.prepared()
    if not isinstance(rows, PreparedRows):
        return todo
    done = write_delta(*rows.source, signals, out, previous, todo, old_state, state)
    return [name for name in todo if name not in done]


def _run_parallel(jobs: list[Callable[[], None]], threads: int | None = None) -> None:
    """Run the jobs on `threads` threads (default `EXPORT_THREADS`; polars and file writes
    release the GIL); the first error is raised once every job has ended (each writes its
    file atomically)."""
    from concurrent.futures import ThreadPoolExecutor

    threads = EXPORT_THREADS if threads is None else threads
    if threads <= 1 or len(jobs) <= 1:
        for job in jobs:
            job()
        return
    with ThreadPoolExecutor(min(threads, len(jobs)), thread_name_prefix="export") as pool:
        futures = [pool.submit(job) for job in jobs]
    for future in futures:
        future.result()


def _new_risks_only(previous: Path | None, was: Previous, signals: pl.DataFrame,
                    path: Path) -> bool:
    """The previous FtM file (same graph) with the Risks of `signals` (True), without
    building the graph; False when that cannot be done and the file is written from it."""
    from outputs.exports.ftm import write_ftm_new_risks

    prev_signals = None if previous is None else previous / "signals" / "signals.parquet"
    if prev_signals is None or not prev_signals.is_file():
        return False
    return write_ftm_new_risks(was, pl.read_parquet(prev_signals), signals, path)


def reports_stage(settings: Settings, tables: Callable[[], dict[str, pl.DataFrame]],
                  mentions: pl.DataFrame, signals: pl.DataFrame, as_of: date, staging: Path,
                  previous: Path | None, prev: Stamp, stamp: Stamp, code: str) -> StageResult:
    """The ondermijningsbeeld per municipality: rendered where its content changed."""
    started = time.perf_counter()
    old_reports = None if previous is None else previous / "reports"
    same_inputs = (prev.resolve == stamp.resolve and prev.signals == stamp.signals
                   and prev.deliveries == stamp.deliveries
                   and prev.signals_content == stamp.signals_content and bool(prev.reports)
                   and old_reports is not None and old_reports.is_dir())
    if same_inputs and old_reports is not None:
        link_tree(old_reports, staging / "reports")
        stamp.reports = dict(prev.reports)
        rendered, reused = 0, len(prev.reports)
    else:
        inputs = report_inputs(settings, tables(), mentions, signals, as_of)
        rendered, reused = write_reports(inputs, staging / "reports", previous, prev, stamp,
                                         code)
    counts = {"gemaakt": rendered, "overgenomen": reused}
    if rendered == 0:
        counts["hergebruikt"] = 1
    return StageResult(time.perf_counter() - started, counts, ["reports/<GMcode>/"])


def exports_stage(signals: pl.DataFrame, graph: Callable[[], ExportFrames], staging: Path,
                  previous: Path | None, prev: Stamp, stamp: Stamp) -> StageResult:
    """The exports for analyst tools: written where their key changed."""
    started = time.perf_counter()
    written, linked = write_exports(graph, signals, staging / "exports", previous, prev, stamp)
    counts = {"gemaakt": written, "overgenomen": linked}
    if written == 0:
        counts["hergebruikt"] = 1
    return StageResult(time.perf_counter() - started, counts, ["exports/"])
