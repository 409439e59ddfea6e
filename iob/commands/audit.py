"""`iob audit verify`: check that no entry of the review page's audit log was changed or
deleted."""

from __future__ import annotations

import click

from iob.errors import IobError
from iob.options import data_option
from iob.settings import load_settings


class AuditBroken(IobError):
    """The audit log's hash chain is broken."""


@click.group(name="audit")
def command() -> None:
    """Het auditlog van de reviewpagina."""


@command.command(name="verify")
@data_option
def verify(data: str | None) -> None:
    """Controleer de hashketen: elke gewijzigde of verwijderde regel wordt genoemd."""
    from review.audit import AuditLog

    checked, problems = AuditLog(load_settings(data)).verify()
    if problems:
        for problem in problems:
            click.echo(f"auditlog: {problem}", err=True)
        raise AuditBroken(f"auditlog niet intact: {len(problems)} probleem/problemen, eerste: "
                          f"{problems[0]}")
    click.echo(f"Auditlog intact: {checked} regels gecontroleerd.")
