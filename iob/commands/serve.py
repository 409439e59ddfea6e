"""`iob serve`: serve the nightly schedule from this process (no worker needed)."""

from __future__ import annotations

import click

from iob.options import data_option

CRON = "0 2 * * *"
TIMEZONE = "Europe/Amsterdam"


@click.command(name="serve")
@data_option
def command(data: str | None) -> None:
    """Voer de nachtelijke run elke nacht om 02:00 (Europe/Amsterdam) uit tot Ctrl-C."""
    from prefect.schedules import Cron

    from flows.nightly import nightly

    params = {"data": data} if data else {}
    nightly.serve(name="nightly", schedules=[Cron(CRON, timezone=TIMEZONE)], parameters=params)
