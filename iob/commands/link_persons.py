"""`iob link-persons IN.parquet OUT.parquet`: the person resolver as a standalone tool."""

from __future__ import annotations

import secrets
from pathlib import Path

import click

from iob.errors import InputError


@click.command(name="link-persons")
@click.argument("in_path", metavar="IN.parquet", type=click.Path(dir_okay=False))
@click.argument("out_path", metavar="OUT.parquet", type=click.Path(dir_okay=False))
def command(in_path: str, out_path: str) -> None:
    """Koppel persoonsrecords: welke rijen van IN zijn dezelfde persoon?

    IN heeft per persoonsrecord de tekstkolommen mention_id, achternaam, tussenvoegsel,
    voornamen, geboortedatum, straat, huisnummer, toevoeging, postcode, woonplaats, land en
    id_nummer (ontbrekende kolommen tellen als leeg). OUT krijgt per rij van IN mention_id,
    entity_id en confidence. ID-nummers worden alleen in het geheugen gehasht, met een
    willekeurige sleutel voor deze ene run; ze komen nergens op schijf.
    """
    import polars as pl

    from iob.atomic import write_parquet_atomic
    from transforms.resolve.link_persons import link_persons

    source = Path(in_path)
    if not source.is_file():
        raise InputError(f"{source}: bestand niet gevonden; geef een parquet-bestand als IN")
    try:
        frame = pl.read_parquet(source)
    except Exception as exc:  # polars raises several unrelated types for a bad file
        raise InputError(f"{source}: geen leesbaar parquet-bestand ({exc})") from exc
    if "mention_id" not in frame.columns:
        raise InputError(f"{source}: kolom mention_id ontbreekt")
    try:
        result = link_persons(frame, id_key=secrets.token_bytes(32))
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from exc
    write_parquet_atomic(Path(out_path), result)
    click.echo(
        f"{result.height:,} records, {result['entity_id'].n_unique():,} personen -> {out_path}"
    )
