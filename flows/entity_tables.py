"""The canonical entity tables (persons, organisations, addresses): one row per entity,
summarised from its mentions; after an incremental resolution only the touched entities
are summarised again and spliced into the previous tables (no pass over all mentions, no
sort of the kept rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import polars as pl

PERSON_COLUMNS = ["achternaam", "tussenvoegsel", "voornamen", "geboortedatum", "postcode",
                  "huisnummer", "woonplaats", "land"]
#: entity type -> its file in the entities folder and the columns summarised
CANONICAL = {"persoon": ("persons.parquet", PERSON_COLUMNS),
             "organisatie": ("organisations.parquet", ["naam", "kvk", "postcode"]),
             "adres": ("addresses.parquet", ["straat", "postcode", "huisnummer", "toevoeging",
                                             "woonplaats", "land"])}
#: the mention columns a canonical table is made of
SOURCE_COLUMNS = list(dict.fromkeys(
    ["mention_id", "register", "entity_type", "entity_id", "gemeentecode",
     *(c for _, columns in CANONICAL.values() for c in columns)]))


def canonical(mentions: pl.DataFrame, entity_type: str, columns: list[str]) -> pl.DataFrame:
    """One row per entity: the most frequent value of each column, and its mentions."""
    part = mentions.filter(pl.col("entity_type") == entity_type)
    aggs = [pl.col(c).drop_nulls().mode().sort().first().alias(c) for c in columns]
    return (part.group_by("entity_id")
            .agg(*aggs, pl.len().alias("aantal_vermeldingen"),
                 pl.col("register").unique().sort().alias("registers"),
                 pl.col("gemeentecode").drop_nulls().unique().sort().alias("gemeentecodes"),
                 pl.col("mention_id").sort().alias("mention_ids"))
            .sort("entity_id"))


def canonical_tables(mentions: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every entity type's table from all its mentions."""
    return {kind: canonical(mentions, kind, columns)
            for kind, (_, columns) in CANONICAL.items()}


def canonical_incremental(mentions: pl.DataFrame, entity_ids: pl.Series,
                          touched: dict[str, pl.Series],
                          previous: Callable[[str], pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The tables of an incremental resolution: the entities that gained or lost a mention
    (``touched``, per type) summarised again from their mentions, the others as in the
    previous run's table (``previous(file name)``, sorted by entity_id). ``entity_ids``: the
    ``entity_id`` column of ``mentions`` (one column searched; only the touched entities'
    rows of the other columns are gathered). Equal to summarising every entity again where
    the previous tables are those of the previous mentions."""
    return dict(canonical_each(mentions, entity_ids, touched, previous))


def canonical_each(mentions: pl.DataFrame, entity_ids: pl.Series,
                   touched: dict[str, pl.Series],
                   previous: Callable[[str], pl.DataFrame]
                   ) -> Iterator[tuple[str, pl.DataFrame]]:
    """`canonical_incremental`'s tables one by one (in the order of CANONICAL), each as
    soon as it is made."""
    wanted = pl.concat(list(touched.values())).unique()
    rows = entity_ids.is_in(wanted.implode()).arg_true()
    members = mentions.select(SOURCE_COLUMNS)[rows]
    for kind, (name, columns) in CANONICAL.items():
        yield kind, replace_sorted(previous(name), touched[kind],
                                   canonical(members, kind, columns))


def replace_sorted(table: pl.DataFrame, drop: pl.Series, add: pl.DataFrame,
                   key: str = "entity_id") -> pl.DataFrame:
    """``table`` (sorted by its unique ``key``) without the rows whose key is in ``drop``
    and with the rows of ``add`` (sorted by ``key``, none of them kept), in key order: the
    kept rows are slices of ``table`` (no copy, no sort), as
    ``concat([table.filter(key not in drop), add]).sort(key)``."""
    keys = table.get_column(key).rechunk()
    gone = drop.drop_nulls().unique().sort()
    at = keys.search_sorted(gone, side="left").to_numpy()
    inside = at < keys.len()
    found = np.zeros(at.size, dtype=bool)
    found[inside] = (keys.gather(at[inside]) == gone.filter(pl.Series(inside))).to_numpy()
    dropped = at[found]  # increasing
    starts = np.concatenate([[0], dropped + 1])
    ends = np.concatenate([dropped, [keys.len()]])
    kept = pl.concat([table.slice(int(s), int(e - s))
                      for s, e in zip(starts, ends, strict=True) if e > s]
                     or [table.head(0)], rechunk=False)
    # where each added row goes among the kept ones: its place in the table, less the
    # dropped rows before that place
    place = keys.search_sorted(add.get_column(key), side="left").to_numpy()
    place = place - np.searchsorted(dropped, place, side="left")
    return splice(kept, add.select(table.columns), place)


def splice(old: pl.DataFrame, added: pl.DataFrame, at: np.ndarray) -> pl.DataFrame:
    """``old`` with each row of ``added`` before the row ``at`` (increasing) of ``old``:
    slices in order (no copy of ``old``)."""
    pieces: list[pl.DataFrame] = []
    points, starts = np.unique(at, return_index=True)
    ends = [*starts[1:].tolist(), added.height] if starts.size else []
    done = 0
    for point, start, end in zip(points.tolist(), starts.tolist(), ends, strict=True):
        pieces += [old.slice(done, point - done), added.slice(start, end - start)]
        done = point
    pieces.append(old.slice(done, old.height - done))
    return pl.concat(pieces, rechunk=False)
