"""A tiny factory for register rows, mentions and signals in graph tests.

Rows are dicts with sensible defaults (a Vaals dealer, a park in Gulpen-Wittem, ...); pass only
what a test is about. Mentions come from graph.testing.naive_mentions (exact keys), so two
rows with the same name and birth date are the same person.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from graph.build import build_graph
from graph.config import SignalConfig
from graph.frames import _DTYPE, conform
from graph.signals import compute_signals
from graph.testing import naive_mentions
from transforms.schema import TABLES

AS_OF = date(2024, 12, 31)
_ids = itertools.count(1)


def _frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    spec = TABLES[table]
    schema = {c.name: _DTYPE.get(c.kind, pl.String()) for c in spec.columns}
    cols = sorted({k for r in rows for k in r})
    full = [{k: r.get(k) for k in cols} for r in rows]
    df = pl.DataFrame(full, schema={c: schema.get(c, pl.String()) for c in cols})
    return conform(table, df)


def dor(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "registratienummer": f"D{next(_ids)}", "gemeentecode": "GM0981",
        "opkoper_kvk": "11111111", "opkoper_naam": "Goud en Zo", "opkoper_postcode": "6291 AA",
        "opkoper_huisnummer": 1, "datum_verkrijging": date(2024, 6, 3),
        "wijze_verkrijging": "koop", "categorie": "overig", "prijs": 20.0,
        "betaalwijze": "pin", "verkoper_achternaam": "Jansen", "verkoper_voornamen": "Jan",
        "verkoper_geboortedatum": date(1980, 1, 1), "verkoper_woonplaats": "Vaals",
        "verkoper_land": "NL", "verkoper_id_type": "paspoort", "verkoper_id_nummer": "idjan",
        "serienummer": None,
    }
    row.update(kw)
    return row


def nacht(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "registratie_id": f"N{next(_ids)}", "gemeentecode": "GM1729",
        "logies_kvk": "22222222", "logies_naam": "Park Heuvelzicht", "logies_type": "vakantiepark",
        "accommodatie": "Chalet 1", "logies_postcode": "6271 AA", "logies_huisnummer": 5,
        "aankomst": date(2024, 6, 1), "vertrek": date(2024, 6, 4),
        "gast_achternaam": "Peters", "gast_voornamen": "Piet",
        "gast_geboortedatum": date(1975, 5, 5), "gast_woonplaats": "Gulpen", "gast_land": "NL",
        "gast_nationaliteit": "NL", "id_type": "paspoort", "id_nummer": "idpiet",
        "aantal_personen": 1,
    }
    row.update(kw)
    return row


def dossier(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "dossiernummer": f"B{next(_ids)}", "gemeentecode": "GM0938",
        "beschikking_type": "exploitatievergunning", "locatie_postcode": "6231 AA",
        "locatie_huisnummer": 10, "aanvraagdatum": date(2024, 3, 1),
        "mate_van_gevaar": "geen", "besluit": "verleend", "besluitdatum": date(2024, 4, 1),
    }
    row.update(kw)
    return row


def partij(dossiernummer: str, rol: str, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"dossiernummer": dossiernummer, "rol": rol, "soort": "persoon",
                           "land": "NL"}
    if "kvk" in kw or "naam_rechtspersoon" in kw:
        row["soort"] = "rechtspersoon"
    row.update(kw)
    return row


def zaak(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "zaaknummer": f"Z{next(_ids)}", "gemeentecode": "GM0994", "pand_postcode": "6301 AA",
        "pand_huisnummer": 3, "pand_type": "woning", "datum_constatering": date(2024, 2, 1),
        "grondslag": "13b_a", "middel": "hennep", "maatregel": "waarschuwing",
        "status": "opgelegd",
    }
    row.update(kw)
    return row


def tables(dor_rows: list[dict[str, Any]] | None = None,
           nacht_rows: list[dict[str, Any]] | None = None,
           dossiers: list[dict[str, Any]] | None = None,
           partijen: list[dict[str, Any]] | None = None,
           zaken: list[dict[str, Any]] | None = None) -> dict[str, pl.DataFrame]:
    out: dict[str, pl.DataFrame] = {}
    for name, rows in (("dor", dor_rows), ("nachtregister", nacht_rows),
                       ("bibob_dossiers", dossiers), ("bibob_betrokkenen", partijen),
                       ("damocles", zaken)):
        if rows:
            out[name] = _frame(name, rows)
    return out


def run(t: dict[str, pl.DataFrame], as_of: date = AS_OF,
        config: SignalConfig | None = None) -> tuple[pl.DataFrame, nx.MultiDiGraph]:
    """The signals, and the networkx graph of the same rows (for assertions on the graph)."""
    m = naive_mentions(t)
    return compute_signals(t, m, as_of, config), build_graph(t, m)


def of_rule(signals: pl.DataFrame, rule: str) -> pl.DataFrame:
    return signals.filter(pl.col("rule") == rule)


def resolved_demo(root: Path, key: str, seed: int) -> tuple[dict[str, pl.DataFrame],
                                                             pl.DataFrame]:
    """Lake tables (with the quarantined nachtregister rows) and resolved mentions of a small
    demo (scale 0.1) generated under `root` with pseudonym key `key`."""
    import pytest

    from flows import stages
    from flows.ingest import ingest
    from flows.progress import LogReporter
    from iob.demo import generate
    from iob.settings import load_settings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY", key)
        generate(root / "data", seed=seed, scale=0.1)
        settings = load_settings(root / "data")
        ingest(settings, "test", LogReporter(lambda _: None), docs=False)
        tables = stages.load_tables(settings)
        mentions, _ = stages.resolve_stage(settings, tables, root / "staging", None)
    return tables, mentions


def whole_signals(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
                  config: SignalConfig, as_of: date) -> tuple[pl.DataFrame, Any]:
    """Every rule on everything at `as_of` (with scope: the oracle of the incremental
    signals), and the `graph.incremental.State` a run leaves (program "programma")."""
    from graph.incremental import State, component_scope, mention_hashes, setup_key, table_hashes
    from graph.signals import rule_inputs, run_rules_cached

    frames, net = rule_inputs(tables, mentions, as_of)
    out, cache = run_rules_cached(frames, net, as_of, config, None, "programma")
    signals = component_scope(out, net)
    gemeenten = frames.index["gemeentecode"].drop_nulls().unique().sort().to_list()
    state = State(signals=signals, setup=setup_key(as_of, "programma", config),
                  gemeenten=gemeenten or ["GM0000"], hubs=net.frames.hubs, zone=cache.zone,
                  tables=table_hashes(tables), mentions=mention_hashes(mentions), as_of=as_of)
    return signals, state
