"""The nightly flow: ingest, resolve, graph + signals, reports + exports, publish.

Thin: it sequences tasks, holds the run lock, and writes the manifest. The work itself is in
flows/ingest.py, flows/stages.py and the pure packages. Outputs are written to the run's
staging folder and published in one atomic step at the end (flows/publish.py).
"""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows import publish as publishing
from flows import stages
from flows.ingest import IngestResult, ingest
from flows.manifest import Manifest, new_run_id
from flows.progress import LogReporter, Reporter, default_reporter
from flows.summary import ingest_markdown
from iob.atomic import RunLock
from iob.settings import Settings, load_settings

Tables = dict[str, pl.DataFrame]


@task(name="inlezen-en-valideren", cache_policy=NO_CACHE)
def ingest_task(settings: Settings, run_id: str, interactive: bool, docs: bool) -> IngestResult:
    logger = get_run_logger()
    reporter: Reporter = default_reporter() if interactive else LogReporter(logger.info)
    try:
        return ingest(settings, run_id, reporter, docs=docs)
    finally:
        reporter.close()


@task(name="entiteiten-koppelen", cache_policy=NO_CACHE)
def resolve_task(settings: Settings, tables: Tables, staging: Path, previous: Path | None,
                 ) -> tuple[pl.DataFrame, stages.StageResult]:
    return stages.resolve_stage(settings, tables, staging, previous)


@task(name="netwerk-en-signalen", cache_policy=NO_CACHE)
def signals_task(settings: Settings, tables: Tables, mentions: pl.DataFrame, as_of: date,
                 staging: Path, previous: Path | None,
                 ) -> tuple[pl.DataFrame, Any, stages.StageResult]:
    return stages.signals_stage(settings, tables, mentions, as_of, staging, previous)


@task(name="rapporten-en-exports", cache_policy=NO_CACHE)
def outputs_task(settings: Settings, mentions: pl.DataFrame, signals: pl.DataFrame,
                 graph: Any, as_of: date, staging: Path) -> stages.StageResult:
    return stages.outputs_stage(settings, mentions, signals, graph, as_of, staging)


@task(name="publiceren", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def publish_task(settings: Settings, run_id: str) -> None:
    publishing.publish(settings.data, run_id)


def _artifacts(result: IngestResult, manifest: Manifest) -> None:
    create_table_artifact(
        key="inlezen-per-register",
        table=[
            {"register": reg,
             "rijen_in": sum(f.rows_in for f in result.files if f.register == reg),
             "geaccepteerd": sum(f.accepted for f in result.files if f.register == reg),
             "quarantaine": sum(f.quarantined for f in result.files if f.register == reg)}
            for reg in sorted({f.register for f in result.files})
        ],
        description=f"Run {manifest.run_id}: rijen per register",
    )
    signals = manifest.stages.get("signalen", {}).get("counts", {})
    create_table_artifact(
        key="signalen-per-status",
        table=[{"status": s, "aantal": signals.get(f"signalen_{s}", 0)}
               for s in ("nieuw", "bestaand", "vervallen")],
        description=f"Run {manifest.run_id}: signalen nieuw / bestaand / vervallen",
    )
    lines = [f"# Run {manifest.run_id} (peildatum {manifest.as_of})", ""]
    for name, stage in manifest.stages.items():
        lines.append(f"- **{name}**: {stage.get('seconds', 0):.1f} s; "
                     + ", ".join(f"{k} {v}" for k, v in stage.get("counts", {}).items()))
    lines += ["", ingest_markdown(result.files)]
    create_markdown_artifact(key="samenvatting-run", markdown="\n".join(lines) + "\n",
                             description="Samenvatting van de nachtelijke run")


def _record(manifest: Manifest, name: str, result: stages.StageResult) -> None:
    manifest.stages[name] = {"seconds": round(result.seconds, 3), "counts": result.counts}
    manifest.outputs += result.outputs
    manifest.save()


@flow(name="nachtelijke-run", flow_run_name="iob {as_of}", log_prints=True)
def nightly(
    data: str | None = None, as_of: str | None = None, interactive: bool = False,
    docs: bool = True,
) -> dict[str, Any]:
    """Run every stage on the data folder; refuses to run twice at once."""
    settings = load_settings(data)
    peildatum = date.fromisoformat(as_of) if as_of else date.today()
    with RunLock(settings.data):
        manifest = Manifest(new_run_id(), settings.runs, peildatum.isoformat())
        manifest.save()
        try:
            result = ingest_task(settings, manifest.run_id, interactive, docs)
            manifest.deliveries = [asdict(f) for f in result.files]
            manifest.stages["inlezen"] = {
                "seconds": round(result.seconds, 3),
                "counts": {"rijen_in": result.rows_in, **result.current_rows}}
            manifest.outputs += ["quality/deliveries.parquet", "quarantine/", "lake/"]
            manifest.save()
            previous = publishing.published(settings.data)
            staging = publishing.staging(settings.data, manifest.run_id)
            tables = stages.load_tables(settings)
            mentions, resolved = resolve_task(settings, tables, staging, previous)
            _record(manifest, "koppelen", resolved)
            signals, graph, signalled = signals_task(settings, tables, mentions, peildatum,
                                                     staging, previous)
            _record(manifest, "signalen", signalled)
            _record(manifest, "rapporten", outputs_task(settings, mentions, signals, graph,
                                                        peildatum, staging))
            publish_task(settings, manifest.run_id)
            _artifacts(result, manifest)
        except BaseException:
            manifest.finish("mislukt")
            raise
        manifest.finish()
    return {"run_id": manifest.run_id, "manifest": str(manifest.path),
            "files": [asdict(f) for f in result.files], "stages": manifest.stages}
