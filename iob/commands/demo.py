"""`iob demo DIR [--seed N] [--scale X]`: synthetic deliveries with ground truth."""

from __future__ import annotations

from pathlib import Path

import click

from iob.errors import InputError
from iob.pseudonym import ensure_demo_key
from iob.settings import load_settings


@click.command(name="demo")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=42, show_default=True, help="Toevalszaad.")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Volume: 1 = één jaar Heuvelland-volume.")
def command(directory: Path, seed: int, scale: float) -> None:
    """Schrijf een synthetische levering (alle vier registers) met grondwaarheid naar DIR."""
    from iob.demo import generate

    if scale <= 0:
        raise InputError(f"--scale moet groter dan 0 zijn, niet {scale}")
    summary = generate(directory, seed=seed, scale=scale)
    created = ensure_demo_key(load_settings(directory))
    rows = ", ".join(f"{table} {n:,}" for table, n in summary.rows.items())
    click.echo(f"Demodata geschreven naar {directory}: {len(summary.files)} bestanden; "
               f"rijen: {rows}; {summary.cases} geplante casussen en {summary.decoys} "
               "lokcasussen (grondwaarheid in truth/).")
    if created is not None:
        click.echo(f"Demosleutel voor pseudonimisering aangemaakt: {created}")
