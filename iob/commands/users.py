"""`iob users add|list|disable|enable`: personal accounts for the review page."""

from __future__ import annotations

import sys

import click

from iob.errors import InputError
from iob.options import data_option
from iob.settings import load_settings


@click.group(name="users")
def command() -> None:
    """Gebruikers van de reviewpagina: aanmaken, tonen, uitschakelen, weer inschakelen."""


def _log(data: str | None, actie: str, obj: str, resultaat: str) -> None:
    from review.audit import AuditLog, cli_origin

    AuditLog(load_settings(data)).append("beheer-cli", actie, obj, resultaat, cli_origin())


@command.command(name="add")
@click.argument("login")
@click.option("--rol", required=True, help="analist, riec_analist, bibob_coordinator, "
                                           "auditor of beheerder.")
@click.option("--gemeente", required=True, metavar="GMxxxx[,GMyyyy]",
              help="Gemeente(n) waaraan de gebruiker gebonden is.")
@data_option
def add(login: str, rol: str, gemeente: str, data: str | None) -> None:
    """Maak een persoonlijk account; het wachtwoord komt van standaardinvoer.

    Drukt het TOTP-geheim af als otpauth://-URI (voor de authenticator-app). Bijvoorbeeld:
    `printf '%s' "$WACHTWOORD" | iob users add j.jansen --rol analist --gemeente GM0994`
    """
    from review.users import UserStore

    if sys.stdin.isatty():
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError("geen wachtwoord op standaardinvoer")
    uri = UserStore(load_settings(data)).add(login, rol, gemeente, password)
    _log(data, "gebruiker.aanmaken", login.strip().lower(), f"ok; rol {rol}, {gemeente}")
    click.echo(uri)


@command.command(name="list")
@data_option
def list_users(data: str | None) -> None:
    """Toon alle gebruikers met rol, gemeenten en status (nooit wachtwoorden of geheimen)."""
    from review.users import UserStore

    rows = UserStore(load_settings(data)).all()
    if not rows:
        click.echo("Nog geen gebruikers; maak er een met `iob users add`.")
        return
    for row in rows:
        status = "actief" if row["actief"] else "uitgeschakeld"
        if row["geblokkeerd_tot"] is not None:
            status += f", geblokkeerd tot {row['geblokkeerd_tot']}"
        click.echo(f"{row['login']:<24} {row['rol']:<18} {row['gemeenten']:<36} {status}")


@command.command(name="disable")
@click.argument("login")
@data_option
def disable(login: str, data: str | None) -> None:
    """Schakel een account uit; lopende sessies vervallen bij het volgende verzoek."""
    from review.users import UserStore

    UserStore(load_settings(data)).set_active(login.strip().lower(), False)
    _log(data, "gebruiker.uitschakelen", login, "ok")
    click.echo(f"Gebruiker {login} uitgeschakeld.")


@command.command(name="enable")
@click.argument("login")
@data_option
def enable(login: str, data: str | None) -> None:
    """Schakel een account weer in en hef een blokkade op."""
    from review.users import UserStore

    UserStore(load_settings(data)).set_active(login.strip().lower(), True)
    _log(data, "gebruiker.inschakelen", login, "ok")
    click.echo(f"Gebruiker {login} ingeschakeld.")
