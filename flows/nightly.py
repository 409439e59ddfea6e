"""The nightly flow: ingest, validate (and, as they arrive, resolve, graph, signals, publish).

Thin: it sequences tasks, holds the run lock, and writes the manifest. The work itself is in
flows/ingest.py and the pure packages.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import date
from typing import Any

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.ingest import IngestResult, ingest
from flows.manifest import Manifest, new_run_id
from flows.progress import LogReporter, Reporter, default_reporter
from flows.summary import ingest_markdown
from iob.atomic import RunLock
from iob.settings import Settings, load_settings


@task(name="inlezen-en-valideren", cache_policy=NO_CACHE, task_run_name="inlezen en valideren")
def ingest_task(settings: Settings, run_id: str, interactive: bool, docs: bool) -> IngestResult:
    logger = get_run_logger()
    reporter: Reporter = default_reporter() if interactive else LogReporter(logger.info)
    try:
        return ingest(settings, run_id, reporter, docs=docs)
    finally:
        reporter.close()


def _artifacts(result: IngestResult, run_id: str) -> None:
    create_table_artifact(
        key="inlezen-per-register",
        table=[
            {"register": reg,
             "rijen_in": sum(f.rows_in for f in result.files if f.register == reg),
             "geaccepteerd": sum(f.accepted for f in result.files if f.register == reg),
             "quarantaine": sum(f.quarantined for f in result.files if f.register == reg)}
            for reg in sorted({f.register for f in result.files})
        ],
        description=f"Run {run_id}: rijen per register",
    )
    create_markdown_artifact(
        key="samenvatting-run",
        markdown=f"# Run {run_id}\n\n{ingest_markdown(result.files)}\n",
        description="Samenvatting van de nachtelijke run",
    )


@flow(name="nachtelijke-run", flow_run_name="iob {as_of}", log_prints=True)
def nightly(
    data: str | None = None, as_of: str | None = None, interactive: bool = False,
    docs: bool = True,
) -> dict[str, Any]:
    """Run every stage that exists on the data folder; refuses to run twice at once."""
    settings = load_settings(data)
    run_as_of = as_of or date.today().isoformat()
    with RunLock(settings.data):
        manifest = Manifest(new_run_id(), settings.runs, run_as_of)
        manifest.save()
        try:
            result = ingest_task(settings, manifest.run_id, interactive, docs)
            manifest.deliveries = [asdict(f) for f in result.files]
            manifest.stages["ingest"] = {
                "seconds": round(result.seconds, 3), "rows_in": result.rows_in,
                "current_rows": result.current_rows,
            }
            manifest.outputs += ["quality/deliveries.parquet", "quarantine/", "lake/"]
            _artifacts(result, manifest.run_id)
        except BaseException:
            manifest.finish("mislukt")
            raise
        manifest.finish()
    return {"run_id": manifest.run_id, "manifest": str(manifest.path),
            "files": [asdict(f) for f in result.files]}
