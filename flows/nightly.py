"""The nightly flow: ingest, resolve, graph + signals, reports + exports, publish.

Thin: it sequences tasks, holds the run lock, and writes the manifest. The work itself is in
flows/ingest.py, flows/stages.py, flows/render.py and the pure packages. Outputs are written
to the run's staging folder and published in one atomic step at the end (flows/publish.py).

Incremental: every stage has a key (flows/fingerprint.py); where it equals the published
run's key the stage links that run's files instead of computing them again. A night without
new deliveries, decisions or configuration therefore only re-stamps the signals `bestaand`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import publish as publishing
from flows import render, signals_stage, stages
from flows.artifacts import publish_artifacts
from flows.fingerprint import Stamp
from flows.ingest import IngestResult, ingest
from flows.manifest import Manifest, mark_abandoned, new_run_id
from flows.progress import LogReporter, Reporter, default_reporter
from flows.stages import Lazy
from iob.atomic import RunLock
from iob.settings import Settings, load_settings

Tables = Lazy[dict[str, pl.DataFrame]]


def _io_error(task: Any, run: Any, state: Any) -> bool:
    """Retry only what may be passing: I/O errors (a full disk, a busy network share)."""
    try:
        state.result()
    except OSError:
        return True
    except BaseException:
        return False
    return False


def _logger() -> Any:
    """The run logger inside Prefect; a plain logger when the stages run without it."""
    try:
        return get_run_logger()
    except Exception:
        import logging

        return logging.getLogger("iob.nightly")


@task(name="inlezen-en-valideren", cache_policy=NO_CACHE)
def ingest_task(settings: Settings, run_id: str, interactive: bool, docs: bool) -> IngestResult:
    reporter: Reporter = default_reporter() if interactive else LogReporter(_logger().info)
    try:
        return ingest(settings, run_id, reporter, docs=docs)
    finally:
        reporter.close()


@task(name="wat-is-er-nieuw", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2,
      retry_condition_fn=_io_error)
def inputs_task(settings: Settings, as_of: date) -> Stamp:
    return stages.input_stamp(settings, as_of)


@task(name="entiteiten-koppelen", cache_policy=NO_CACHE)
def resolve_task(settings: Settings, tables: Tables, staging: Path, previous: Path | None,
                 prev: Stamp, stamp: Stamp) -> tuple[pl.DataFrame, stages.StageResult]:
    if previous is not None and prev.resolve == stamp.resolve \
            and (previous / "entities" / "mentions.parquet").is_file():
        return stages.reuse_entities(previous, staging)
    return stages.resolve_stage(settings, tables(), staging, previous)


@task(name="netwerk-en-signalen", cache_policy=NO_CACHE)
def signals_task(settings: Settings, tables: Tables, mentions: pl.DataFrame, as_of: date,
                 staging: Path, previous: Path | None, prev: Stamp, stamp: Stamp,
                 prepared: Lazy[Any] | None = None) -> tuple[pl.DataFrame, stages.StageResult]:
    return signals_stage.signals_stage(settings, tables, mentions, as_of, staging, previous,
                                       prev, stamp, prepared)


@task(name="rapporten-maken", cache_policy=NO_CACHE)
def reports_task(settings: Settings, tables: Tables, mentions: pl.DataFrame,
                 signals: pl.DataFrame, as_of: date, staging: Path, previous: Path | None,
                 prev: Stamp, stamp: Stamp) -> stages.StageResult:
    from flows.fingerprint import code_digest

    return render.reports_stage(settings, tables, mentions, signals, as_of, staging, previous,
                                prev, stamp, code_digest())


@task(name="exports-maken", cache_policy=NO_CACHE)
def exports_task(signals: pl.DataFrame, frames: Lazy[Any], staging: Path, previous: Path | None,
                 prev: Stamp, stamp: Stamp) -> stages.StageResult:
    return render.exports_stage(signals, frames, staging, previous, prev, stamp)


@task(name="publiceren", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2,
      retry_condition_fn=_io_error)
def publish_task(settings: Settings, run_id: str, stamp: Stamp) -> None:
    stamp.save(settings.data / publishing.PUBLISHED / run_id)
    publishing.publish(settings.data, run_id)


def _record(manifest: Manifest, name: str, result: stages.StageResult) -> None:
    manifest.stages[name] = {"status": "klaar", "seconds": round(result.seconds, 3),
                             "counts": result.counts}
    manifest.outputs += result.outputs
    manifest.save()


@dataclass(frozen=True)
class Steps:
    """The stages as callables: Prefect tasks in the flow, their plain functions in tests."""

    ingest: Callable[..., IngestResult]
    inputs: Callable[..., Stamp]
    resolve: Callable[..., tuple[pl.DataFrame, stages.StageResult]]
    signals: Callable[..., tuple[pl.DataFrame, stages.StageResult]]
    reports: Callable[..., stages.StageResult]
    exports: Callable[..., stages.StageResult]
    publish: Callable[..., None]
    artifacts: Callable[[IngestResult, Manifest], None] = lambda result, manifest: None


TASKS = Steps(ingest_task, inputs_task, resolve_task, signals_task, reports_task, exports_task,
              publish_task, publish_artifacts)
PLAIN = Steps(ingest_task.fn, inputs_task.fn, resolve_task.fn, signals_task.fn,
              reports_task.fn, exports_task.fn, publish_task.fn)


def run_stages(settings: Settings, peildatum: date, steps: Steps, interactive: bool = False,
               docs: bool = True) -> dict[str, Any]:
    """Every stage in order under the run lock, with the manifest; publish at the end."""
    with RunLock(settings.data):
        mark_abandoned(settings.runs)
        manifest = Manifest(new_run_id(), settings.runs, peildatum.isoformat())
        manifest.save()
        try:
            manifest.begin("inlezen")
            result = steps.ingest(settings, manifest.run_id, interactive, docs)
            manifest.deliveries = [asdict(f) for f in result.files]
            manifest.stages["inlezen"] = {
                "status": "klaar", "seconds": round(result.seconds, 3),
                "counts": {"rijen_in": result.rows_in, **result.current_rows}}
            manifest.outputs += ["quality/deliveries.parquet", "quarantine/", "lake/"]
            manifest.save()
            previous = publishing.published(settings.data)
            prev = Stamp.load(previous)
            stamp = steps.inputs(settings, peildatum)
            manifest.inputs = {"resolve": stamp.resolve, "signals": stamp.signals,
                               "deliveries": stamp.deliveries}
            staging = publishing.staging(settings.data, manifest.run_id)
            tables: Tables = Lazy(lambda: stages.load_tables(settings))
            manifest.begin("koppelen")
            mentions, resolved = steps.resolve(settings, tables, staging, previous, prev, stamp)
            _record(manifest, "koppelen", resolved)
            # the register rows with their entities (every row): prepared once, for the
            # rules' graph and for the exports (each stage may be reused without it)
            prepared: Lazy[Any] = Lazy(lambda: render.prepared_frames(tables(), mentions))
            manifest.begin("signalen")
            signals, signalled = steps.signals(settings, tables, mentions, peildatum, staging,
                                               previous, prev, stamp, prepared)
            _record(manifest, "signalen", signalled)
            manifest.begin("rapporten")
            _record(manifest, "rapporten", steps.reports(
                settings, tables, mentions, signals, peildatum, staging, previous, prev, stamp))
            manifest.begin("exports")
            export_frames = Lazy(lambda: render.export_frames(prepared))
            _record(manifest, "exports", steps.exports(signals, export_frames, staging, previous,
                                                       prev, stamp))
            manifest.begin("publiceren")
            started = time.perf_counter()
            steps.publish(settings, manifest.run_id, stamp)
            _record(manifest, "publiceren", stages.StageResult(time.perf_counter() - started))
            steps.artifacts(result, manifest)
        except BaseException:
            manifest.finish("mislukt")
            raise
        manifest.finish()
    return {"run_id": manifest.run_id, "manifest": str(manifest.path),
            "files": [asdict(f) for f in result.files], "stages": manifest.stages}


def run_name() -> str:
    """`nacht <peildatum>` in the Prefect UI (today when no peildatum is given)."""
    from prefect.runtime import flow_run

    as_of = (flow_run.parameters or {}).get("as_of")
    return f"nacht {as_of or date.today().isoformat()}"


@flow(name="nachtelijke-run", flow_run_name=run_name, log_prints=True)
def nightly(
    data: str | None = None, as_of: str | None = None, interactive: bool = False,
    docs: bool = True,
) -> dict[str, Any]:
    """Inlezen, valideren, koppelen, signalen, rapporten en publiceren; nooit twee tegelijk."""
    settings = load_settings(data)
    peildatum = date.fromisoformat(as_of) if as_of else date.today()
    return run_stages(settings, peildatum, TASKS, interactive, docs)
