"""Options shared by several subcommands."""

from __future__ import annotations

import click

data_option = click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False),
    default=None,
    help="Datamap (standaard ./data of IOB_DATA).",
)
