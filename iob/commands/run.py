"""`iob run`: the nightly job as a Prefect flow, in-process (no server to set up)."""

from __future__ import annotations

import sys
from datetime import date

import click

from iob.errors import InputError
from iob.options import data_option


@click.command(name="run")
@data_option
@click.option("--as-of", "as_of", default=None, metavar="JJJJ-MM-DD",
              help="Peildatum voor de tijdvensters van de regels (standaard vandaag).")
@click.option("--geen-docs", is_flag=True, help="Sla de GX Data Docs over (sneller).")
def command(data: str | None, as_of: str | None, geen_docs: bool) -> None:
    """Draai de nachtelijke run: inlezen, valideren en alle stappen die er zijn."""
    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            raise InputError(f"--as-of '{as_of}' is geen datum; gebruik JJJJ-MM-DD") from None
    from rich.console import Console

    from flows.ingest import FileResult
    from flows.nightly import nightly
    from flows.summary import ingest_table

    out = nightly(data=data, as_of=as_of, interactive=sys.stderr.isatty(), docs=not geen_docs)
    console = Console()
    files = [FileResult(**f) for f in out["files"]]
    if files:
        console.print(ingest_table(files))
    else:
        console.print("Geen nieuwe leveringen in landing/.")
    console.print(f"Run {out['run_id']} voltooid; manifest: {out['manifest']}")
