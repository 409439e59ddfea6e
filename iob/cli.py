"""The `iob` command. Subcommands live in `iob/commands/<name>.py`, each exposing `command`.

Errors of the IobError family become one line on stderr and exit code 1; nothing else
leaks a traceback to the user unless IOB_DEBUG is set.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from iob.errors import IobError

from . import commands


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IobError as exc:
            if os.environ.get("IOB_DEBUG"):
                raise
            click.echo(f"iob: {exc}", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("IOB_DEBUG"):
                raise
            click.echo(f"iob: interne fout ({type(exc).__name__}: {exc}); "
                       "zet IOB_DEBUG=1 voor de volledige melding", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """iob: integraal ondermijningsbeeld voor de Heuvelland-gemeenten.

    Registers inlezen en valideren, personen en organisaties koppelen, signalen berekenen en
    het ondermijningsbeeld per gemeente maken.
    """


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            main.add_command(command)


_register_commands()
