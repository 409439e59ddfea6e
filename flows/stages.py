"""The stages after ingest, as plain functions of the data folder and a staging folder.

Each reads what upstream published (the lake, the previous run's outputs), calls the pure
packages, and writes into the run's staging folder; `flows.publish` makes them public at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

import polars as pl

from flows import lake
from flows.fingerprint import (
    Stamp,
    code_digest,
    config_digest,
    decisions_digest,
    deliveries_digest,
    digest,
    lake_digest,
    link_tree,
)
from iob.atomic import write_parquet_atomic
from iob.settings import Settings
from transforms.schema import TABLES

T = TypeVar("T")

PUBLIC_MENTION_COLUMNS = ["mention_id", "register", "record_id", "role", "entity_type",
                          "entity_id", "confidence"]


@dataclass
class StageResult:
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


class Lazy(Generic[T]):
    """A value computed on first use (the lake tables, the graph: skipped when reused)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._done = False

    def __call__(self) -> T:
        if not self._done:
            self._value = self._make()
            self._done = True
        return self._value  # type: ignore[return-value]


def input_stamp(settings: Settings, as_of: date) -> Stamp:
    """The keys of this run's stages (see flows/fingerprint.py)."""
    from iob.decisions import DecisionStore

    code = code_digest()
    links = DecisionStore.open(settings).latest_links()
    resolve = digest("resolve", lake_digest(settings), decisions_digest(links), code)
    return Stamp(resolve=resolve, deliveries=deliveries_digest(settings),
                 signals=digest("signals", resolve, as_of.isoformat(), config_digest(settings)))


def load_tables(settings: Settings) -> dict[str, pl.DataFrame]:
    """The current view of every lake table (an empty frame where nothing arrived yet), and
    the quarantined nachtregister rows as `nachtregister_quarantaine` (for the
    registration-quality rule: file, line, reason, record_id, gemeentecode, logies_kvk)."""
    from flows.ingest import QUARANTINE_SCHEMA
    from outputs.inputs import conform_table

    tables = {name: conform_table(name, lake.read_current(settings.lake, name))
              for name in TABLES}
    files = sorted((settings.quarantine / "nachtregister").glob("*.parquet"))
    quarantined = [pl.read_parquet(f) for f in files]
    tables["nachtregister_quarantaine"] = (
        pl.concat(quarantined, how="diagonal_relaxed") if quarantined
        else pl.DataFrame(schema=QUARANTINE_SCHEMA))
    return tables


def _previous(previous_dir: Path | None, relative: str) -> pl.DataFrame | None:
    if previous_dir is None:
        return None
    path = previous_dir / relative
    return pl.read_parquet(path) if path.is_file() else None


def _canonical(mentions: pl.DataFrame, entity_type: str, columns: list[str]) -> pl.DataFrame:
    """One row per entity: the most frequent value of each column, and its mentions."""
    part = mentions.filter(pl.col("entity_type") == entity_type)
    aggs = [pl.col(c).drop_nulls().mode().sort().first().alias(c) for c in columns]
    return (part.group_by("entity_id")
            .agg(*aggs, pl.len().alias("aantal_vermeldingen"),
                 pl.col("register").unique().sort().alias("registers"),
                 pl.col("gemeentecode").drop_nulls().unique().sort().alias("gemeentecodes"),
                 pl.col("mention_id").sort().alias("mention_ids"))
            .sort("entity_id"))


def resolve_stage(settings: Settings, tables: dict[str, pl.DataFrame], staging: Path,
                  previous_dir: Path | None) -> tuple[pl.DataFrame, StageResult]:
    """Mentions -> persons, organisations, addresses, honouring analysts' decisions."""
    from iob.decisions import DecisionStore
    from transforms.mentions import extract_mentions
    from transforms.resolve.addresses import resolve_addresses
    from transforms.resolve.orgs import resolve_orgs
    from transforms.resolve.persons import resolve_persons

    started = time.perf_counter()
    mentions = extract_mentions(tables)
    prev = _previous(previous_dir, "entities/mention_map.parquet")
    decisions = DecisionStore.open(settings).latest_links()

    def prev_of(kind: str) -> pl.DataFrame | None:
        return None if prev is None else prev.filter(pl.col("entity_type") == kind)

    persons = mentions.filter(pl.col("entity_type") == "persoon")
    resolution = resolve_persons(persons, decisions.select("mention_a", "mention_b", "oordeel"),
                                 prev_of("persoon"))
    orgs = resolve_orgs(mentions.filter(pl.col("entity_type") == "organisatie"),
                        prev_of("organisatie"))
    addresses = resolve_addresses(mentions.filter(pl.col("entity_type") == "adres"),
                                  prev_of("adres"))
    cols = ["mention_id", "entity_id", "confidence", "generation"]
    ids = pl.concat([resolution.mentions.select(cols), orgs.select(cols), addresses.select(cols)],
                    how="vertical_relaxed")
    resolved = mentions.join(ids, on="mention_id", how="left", maintain_order="left")
    out = staging / "entities"
    public = resolved.select(*PUBLIC_MENTION_COLUMNS, pl.exclude(PUBLIC_MENTION_COLUMNS))
    write_parquet_atomic(out / "mentions.parquet", public)
    write_parquet_atomic(out / "mention_map.parquet",
                         resolved.select("mention_id", "entity_type", "entity_id", "generation"))
    write_parquet_atomic(out / "review_queue.parquet", resolution.review)
    person_cols = ["achternaam", "tussenvoegsel", "voornamen", "geboortedatum", "postcode",
                   "huisnummer", "woonplaats", "land"]
    write_parquet_atomic(out / "persons.parquet", _canonical(resolved, "persoon", person_cols))
    write_parquet_atomic(out / "organisations.parquet",
                         _canonical(resolved, "organisatie", ["naam", "kvk", "postcode"]))
    write_parquet_atomic(out / "addresses.parquet", _canonical(
        resolved, "adres", ["straat", "postcode", "huisnummer", "toevoeging", "woonplaats",
                            "land"]))
    counts = {"mentions": resolved.height, **{f"personen_{k}": v for k, v in
                                              resolution.stats.items()},
              "organisaties": int(orgs["entity_id"].n_unique()),
              "adressen": int(addresses["entity_id"].n_unique())}
    return public, StageResult(time.perf_counter() - started, counts,
                               ["entities/mentions.parquet", "entities/review_queue.parquet"])


def reuse_entities(previous_dir: Path, staging: Path) -> tuple[pl.DataFrame, StageResult]:
    """The published run's entities, unchanged (its inputs are the same as this run's)."""
    started = time.perf_counter()
    link_tree(previous_dir / "entities", staging / "entities")
    mentions = pl.read_parquet(staging / "entities" / "mentions.parquet")
    counts = {"mentions": mentions.height, "hergebruikt": 1}
    return mentions, StageResult(time.perf_counter() - started, counts,
                                 ["entities/mentions.parquet", "entities/review_queue.parquet"])
