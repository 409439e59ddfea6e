"""`iob review`: serve the review page (signals, linkage queue, entities, audit log)."""

from __future__ import annotations

import ipaddress

import click

from iob.errors import InputError
from iob.options import data_option
from iob.settings import load_settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(name="review")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adres om op te luisteren; standaard alleen deze computer.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--demo", is_flag=True,
              help="Demomodus: geen TOTP-code nodig (alleen op localhost; staat op elke pagina).")
@data_option
def command(host: str, port: int, demo: bool, data: str | None) -> None:
    """Start de reviewpagina: signalen beoordelen, koppelingen keuren, personen bekijken.

    Gebruikers maakt u eerst met `iob users add`. Elke weergave en elk besluit komt in het
    auditlog (`iob audit verify` controleert het).
    """
    import uvicorn

    from review.app import create_app

    loopback = _is_loopback(host)
    if demo and not loopback:
        raise InputError("--demo (zonder tweede factor) kan alleen op localhost; "
                         "laat --host weg of gebruik 127.0.0.1")
    settings = load_settings(data)
    if not (settings.data / "signals" / "signals.parquet").exists():
        raise InputError(f"{settings.data}: geen signals/signals.parquet; draai eerst `iob run`")
    allowed = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    app = create_app(settings, demo=demo, allowed_hosts=allowed)
    if not loopback:
        click.echo(f"Let op: de reviewpagina luistert op {host}, niet alleen op deze computer. "
                   "Zet er een HTTPS-proxy voor.", err=True)
    if demo:
        click.echo("Demomodus: de tweede factor (TOTP) staat uit.", err=True)
    click.echo(f"Reviewpagina op http://{host}:{port}/ (Ctrl-C stopt)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False)
