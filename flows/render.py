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

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
REPORTS_STATE = "reports-state"  # in the run folder: what the reports keep for the next run
PARTS = "delen.json"  # the figures' parts per municipality and table, with their keys
REPORT_WRITERS = 4  # threads writing the report files (mostly waiting for fsync)


def report_inputs(settings: Settings, tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
                  signals: pl.DataFrame, as_of: date) -> Any:
    """The reports' inputs from what the run already holds (no second read of the lake)."""
    from flows import deliveries
    from outputs.inputs import DELIVERY_SCHEMA, MENTION_SCHEMA, SIGNAL_SCHEMA, ReportInputs, conform
    from transforms.schema import TABLES

    known = conform(deliveries.read(settings.quality), DELIVERY_SCHEMA)
    return ReportInputs(
        tables={name: tables[name] for name in TABLES},
        deliveries=known,
        quarantine=quarantine_counts(settings.quarantine, known),
        mentions=conform(mentions, MENTION_SCHEMA),
        signals=conform(signals, SIGNAL_SCHEMA),
        as_of=as_of,
    )


def quarantine_counts(quarantine: Path, known: pl.DataFrame) -> dict[str, int]:
    """Rows in quarantine per register (`quarantine/<register>/<sha256>.parquet`).

    The ingest writes one file per processed delivery and records its row count as the
    delivery's `rows_quarantined` (`known`: deliveries.parquet): where a register's folder
    holds exactly the files of its processed deliveries, their recorded counts are summed;
    elsewhere (a run that crashed between the two, a folder changed by hand) each file is
    counted."""
    from flows.deliveries import VERWERKT
    from transforms.schema import REGISTERS

    counts: dict[str, int] = {}
    done = known.filter(pl.col("status") == VERWERKT).partition_by(
        "register", as_dict=True, include_key=False)
    for register in REGISTERS:
        folder = quarantine / register
        names = sorted(n for n in os.listdir(folder) if n.endswith(".parquet")) \
            if folder.is_dir() else []
        here = done.get((register,), known.clear())
        shas = here.get_column("sha256").to_list()
        rows = here.get_column("rows_quarantined")
        if len(set(shas)) == len(shas) == len(names) and rows.null_count() == 0 \
                and {n.removesuffix(".parquet") for n in names} == set(shas):
            counts[register] = int(rows.sum())
        else:
            counts[register] = sum(pl.scan_parquet(folder / n).select(pl.len()).collect().item()
                                   for n in names)
    return counts


def part_keys(lake_dir: Path, code: str) -> dict[str, str]:
    """Per table of the figures' parts (`outputs.report.figures.DEEL_TABELLEN`): the key of
    what its `Deel`s are computed from: the code and the lake's current views it reads (their
    size and modification time, as the resolve key takes them: a view is rewritten whole
    when a delivery adds rows to it)."""
    from flows.lake import current_path
    from outputs.report.figures import DEEL_TABELLEN

    def view(table: str) -> list[object]:
        path = current_path(lake_dir, table)
        if not path.is_file():
            return [table]
        st = path.stat()
        return [table, st.st_size, st.st_mtime_ns]

    return {table: digest("deel", code, [view(t) for t in tables])
            for table, tables in DEEL_TABELLEN.items()}


Parts = dict[str, dict[str, tuple[str, Any]]]  # GMcode -> table -> (key, Deel)


def _load_parts(folder: Path | None) -> Parts:
    """The figures' parts a run kept (`REPORTS_STATE`); none when missing or unreadable."""
    import json

    from outputs.report.state import deel_from_json

    path = None if folder is None else folder / REPORTS_STATE / PARTS
    if path is None or not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {gm: {table: (str(entry["key"]), deel_from_json(entry["deel"]))
                     for table, entry in tables.items()}
                for gm, tables in raw["gemeenten"].items()}
    except (ValueError, KeyError, TypeError, IndexError):
        return {}


def _save_parts(folder: Path, parts: Parts) -> None:
    from iob.atomic import write_json_atomic
    from outputs.report.state import deel_to_json

    write_json_atomic(folder / REPORTS_STATE / PARTS, {"gemeenten": {
        gm: {table: {"key": key, "deel": deel_to_json(part)}
             for table, (key, part) in tables.items()}
        for gm, tables in parts.items()}})


def write_reports(inputs: Any, out: Path, previous: Path | None, prev: Stamp, stamp: Stamp,
                  code: str, keys: dict[str, str] | None = None) -> tuple[int, int]:
    """Render the reports whose documents changed, link the others; (rendered, reused).

    `keys`: the `part_keys` of this run; a municipality's figures then take over the parts
    (`outputs.report.figures.delen`) the previous run kept under the same key, and the
    run keeps its own beside the reports (`REPORTS_STATE`)."""
    from iob.atomic import write_atomic
    from iob.reference import deelnemers
    from outputs.report.figures import delen
    from outputs.report.write import NAAM, documents, report_dir

    rendered = reused = 0
    kept = _load_parts(previous) if keys is not None else {}
    parts: Parts = {}
    todo: list[tuple[str, dict[Any, Any]]] = []
    for gm in sorted(deelnemers()):
        known = {table: part for table, (key, part) in kept.get(gm, {}).items()
                 if keys is not None and keys.get(table) == key}
        computed = delen(inputs, gm, known)
        docs = documents(inputs, gm, computed)
        if keys is not None:
            parts[gm] = {table: (keys[table], part) for table, part in computed.items()}
        key = digest(code, repr(sorted(docs.items())))
        stamp.reports[gm] = key
        old = None if previous is None else previous / "reports" / gm
        if prev.reports.get(gm) == key and old is not None and old.is_dir():
            link_tree(old, out / gm)
            reused += 1
        else:
            todo.append((gm, docs))
    from outputs.report.html import render_html
    from outputs.report.pdf import render_pdf

    # each file written (and synced) on a thread while the next document is rendered
    with ThreadPoolExecutor(REPORT_WRITERS, thread_name_prefix="rapport") as writers:
        written = []
        for gm, docs in todo:
            for versie, doc in docs.items():
                folder = report_dir(out, gm, versie)
                html, pdf = render_html(doc).encode("utf-8"), render_pdf(doc)
                written += [writers.submit(write_atomic, path, _writer(data)) for path, data in
                            ((folder / f"{NAAM}.html", html), (folder / f"{NAAM}.pdf", pdf))]
            rendered += 1
        if keys is not None:
            written.append(writers.submit(_save_parts, out.parent, parts))
    for future in written:
        future.result()
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
    if same_inputs and old_reports is not None and previous is not None:
        link_tree(old_reports, staging / "reports")
        if (previous / REPORTS_STATE).is_dir():
            link_tree(previous / REPORTS_STATE, staging / REPORTS_STATE)
        stamp.reports = dict(prev.reports)
        rendered, reused = 0, len(prev.reports)
    else:
        _import_on_a_thread("jinja2")
        inputs = report_inputs(settings, tables(), mentions, signals, as_of)
        rendered, reused = write_reports(inputs, staging / "reports", previous, prev, stamp,
                                         code, part_keys(settings.lake, code))
    counts = {"gemaakt": rendered, "overgenomen": reused}
    if rendered == 0:
        counts["hergebruikt"] = 1
    return StageResult(time.perf_counter() - started, counts, ["reports/<GMcode>/"])


def _import_on_a_thread(module: str) -> None:
    """Import `module` on a thread (the HTML renderer's jinja2: about 0.1 s of Python) while
    this one computes the figures (mostly polars, without the GIL); an import of it here
    waits for that one to end."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=(module,), daemon=True,
                     name=f"import-{module}").start()


def exports_stage(signals: pl.DataFrame, graph: Callable[[], ExportFrames], staging: Path,
                  previous: Path | None, prev: Stamp, stamp: Stamp) -> StageResult:
    """The exports for analyst tools: written where their key changed."""
    started = time.perf_counter()
    written, linked = write_exports(graph, signals, staging / "exports", previous, prev, stamp)
    counts = {"gemaakt": written, "overgenomen": linked}
    if written == 0:
        counts["hergebruikt"] = 1
    return StageResult(time.perf_counter() - started, counts, ["exports/"])
