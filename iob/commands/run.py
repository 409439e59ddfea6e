"""`iob run`: the nightly job as a Prefect flow, in-process (no server to set up)."""

from __future__ import annotations

import logging
import os
import sys
from datetime import date

import click

from iob.errors import InputError
from iob.options import data_option

#: Prefect's loggers that log a failing flow or task with its traceback
PREFECT_RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs", "prefect.flow_engine",
                       "prefect.task_engine")


class _NoTraceback(logging.Filter):
    """Keep Prefect's error line but drop the traceback (the CLI prints one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text:
            record.exc_info = None
            record.exc_text = None
            record.msg = str(record.msg).split("\nTraceback (most recent call last)")[0]
        return True


def quiet_tracebacks() -> None:
    """Prefect logs a failing run with its traceback; the user sees one line instead
    (IOB_DEBUG=1 keeps them)."""
    if os.environ.get("IOB_DEBUG"):
        return
    for name in PREFECT_RUN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTraceback) for f in logger.filters):
            logger.addFilter(_NoTraceback())


def warm_up_validation(data: str | None) -> None:
    """When landing/ holds new deliveries, start great-expectations in its worker process
    now: it imports (a few seconds) while Prefect starts, and the ingest stage takes it over
    (expectations/worker.py). A night without news starts nothing."""
    from flows import deliveries
    from iob.settings import load_settings

    settings = load_settings(data)
    if deliveries.scan_landing(settings.landing, deliveries.read(settings.quality)):
        from expectations.worker import start

        start()


def check_not_running(data: str | None) -> None:
    """Refuse at once when another run holds the data folder (before Prefect starts)."""
    from iob.atomic import RunLock
    from iob.settings import load_settings

    settings = load_settings(data)
    if settings.data.is_dir():
        with RunLock(settings.data):
            pass


@click.command(name="run")
@data_option
@click.option("--as-of", "as_of", default=None, metavar="JJJJ-MM-DD",
              help="Peildatum voor de tijdvensters van de regels (standaard vandaag).")
@click.option("--geen-docs", is_flag=True, help="Sla de GX Data Docs over (sneller).")
def command(data: str | None, as_of: str | None, geen_docs: bool) -> None:
    """Draai de nachtelijke run: inlezen, valideren, koppelen, signalen, rapporten en
    publiceren. Wat niet veranderd is, wordt hergebruikt; twee runs tegelijk kan niet."""
    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            raise InputError(f"--as-of '{as_of}' is geen datum; gebruik JJJJ-MM-DD") from None
    check_not_running(data)
    warm_up_validation(data)
    from rich.console import Console

    from flows.ingest import FileResult
    from flows.nightly import nightly
    from flows.summary import ingest_table

    quiet_tracebacks()
    out = nightly(data=data, as_of=as_of, interactive=sys.stderr.isatty(), docs=not geen_docs)
    console = Console()
    files = [FileResult(**f) for f in out["files"]]
    if files:
        console.print(ingest_table(files))
    else:
        console.print("Geen nieuwe leveringen in landing/.")
    reused = [name for name, stage in out["stages"].items()
              if stage.get("counts", {}).get("hergebruikt")]
    if reused:
        console.print(f"Ongewijzigd en hergebruikt: {', '.join(reused)}.")
    console.print(f"Run {out['run_id']} voltooid; manifest: {out['manifest']}")
