"""`iob decide`: record an analyst's judgement on two person mentions."""

from __future__ import annotations

import click

from iob.decisions import OORDELEN, DecisionStore
from iob.options import data_option
from iob.settings import load_settings


@click.command(name="decide")
@click.argument("mention_a")
@click.argument("mention_b")
@click.option("--oordeel", type=click.Choice(OORDELEN), required=True,
              help="zelfde = één persoon (must-link); verschillend = twee personen (cannot-link).")
@click.option("--door", "wie", required=True, help="Wie besluit (gebruikersnaam).")
@click.option("--reden", "waarom", required=True, help="Waarom (vrije tekst, verplicht).")
@data_option
def command(mention_a: str, mention_b: str, oordeel: str, wie: str, waarom: str,
            data: str | None) -> None:
    """Leg vast dat twee vermeldingen wel of niet dezelfde persoon zijn.

    Vermeldingen heten zoals in entities/mentions.parquet, bv. dor:V-2026-000102:verkoper:1.
    De volgende `iob run` houdt zich aan het laatste oordeel per paar.
    """
    store = DecisionStore.open(load_settings(data))
    number = store.record_link(mention_a, mention_b, oordeel, wie, waarom)
    click.echo(f"Besluit {number} vastgelegd: {mention_a} en {mention_b} zijn "
               f"{'dezelfde persoon' if oordeel == 'zelfde' else 'verschillende personen'}.")
