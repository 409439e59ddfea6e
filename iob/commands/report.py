"""`iob report`: regenerate the ondermijningsbeelden (HTML + PDF, analist + bestuurlijk)."""

from __future__ import annotations

from datetime import date, datetime

import click

from iob.errors import InputError
from iob.options import data_option
from iob.settings import load_settings


@click.command(name="report")
@data_option
@click.option("--gemeente", "gemeente", default=None, metavar="GMxxxx",
              help="Alleen deze gemeente (standaard: alle vijf Heuvelland-gemeenten).")
@click.option("--as-of", "as_of", default=None, metavar="yyyy-mm-dd",
              help="Peildatum (standaard vandaag).")
def command(data: str | None, gemeente: str | None, as_of: str | None) -> None:
    """Maak het ondermijningsbeeld per gemeente opnieuw (reports/<GMcode>/)."""
    from iob.reference import deelnemers
    from outputs.inputs import load_inputs
    from outputs.report import write_reports

    settings = load_settings(data)
    codes = sorted(deelnemers())
    if gemeente is not None:
        code = gemeente.strip().upper()
        if code not in codes:
            raise InputError(f"onbekende gemeente {gemeente!r}; kies uit {', '.join(codes)}")
        codes = [code]
    peildatum = _date(as_of) if as_of else date.today()
    if not settings.data.is_dir():
        raise InputError(f"datamap {settings.data} bestaat niet; geef --data of zet IOB_DATA")
    inputs = load_inputs(settings.data, peildatum)
    paths = write_reports(inputs, settings.data / "reports", codes)
    for note in inputs.ontbreekt:
        click.echo(f"let op: {note}", err=True)
    click.echo(f"{len(paths)} bestanden geschreven in {settings.data / 'reports'}.")


def _date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise InputError(f"--as-of {text!r} is geen datum; schrijf yyyy-mm-dd") from None
