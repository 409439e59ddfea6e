"""`iob ingest`: read and validate new deliveries now, without the rest of the run."""

from __future__ import annotations

import click

from iob.atomic import RunLock
from iob.options import data_option
from iob.settings import load_settings


@click.command(name="ingest")
@data_option
@click.option("--geen-docs", is_flag=True, help="Sla de GX Data Docs over (sneller).")
def command(data: str | None, geen_docs: bool) -> None:
    """Lees nieuwe leveringen in landing/, valideer ze en sla ze op (met quarantaine)."""
    from rich.console import Console

    from flows.ingest import ingest
    from flows.manifest import new_run_id
    from flows.progress import default_reporter
    from flows.summary import ingest_table

    settings = load_settings(data)
    reporter = default_reporter()
    with RunLock(settings.data):
        try:
            result = ingest(settings, new_run_id(), reporter, docs=not geen_docs)
        finally:
            reporter.close()
    console = Console()
    if result.files:
        console.print(ingest_table(result.files))
    else:
        console.print("Geen nieuwe leveringen in landing/.")
    console.print(f"Klaar in {result.seconds:.1f} s; {result.rows_in:,} rijen gelezen.")
