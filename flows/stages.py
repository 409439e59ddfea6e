"""The stages after ingest, as plain functions of the data folder and a staging folder.

Each reads what upstream published (the lake, the previous run's outputs), calls the pure
packages, and writes into the run's staging folder; `flows.publish` makes them public at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import numpy as np
import polars as pl

from flows import lake
from flows.entity_tables import CANONICAL, canonical_each, canonical_tables, splice
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
from iob.atomic import ParquetBatch, write_json_atomic
from iob.settings import Settings
from transforms.mentions import SCHEMA as MENTION_SCHEMA
from transforms.schema import TABLES

if TYPE_CHECKING:
    from transforms.resolve.persons import Resolution

T = TypeVar("T")

PUBLIC_MENTION_COLUMNS = ["mention_id", "register", "record_id", "role", "entity_type",
                          "entity_id", "confidence"]
#: the mentions' columns a resolution assigns
ENTITY_COLUMNS = ("entity_id", "confidence", "generation")
#: the columns of entities/mentions.parquet with statistics (the others without: cheaper)
MENTION_STATISTICS = ["mention_id", "register", "record_id", "entity_type", "entity_id"]


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


def _previous_ids(previous_dir: Path | None) -> pl.DataFrame | None:
    """``mention_id, entity_type, entity_id`` and ``generation`` (where kept) of the previous
    run's mentions: what stable ids are assigned against."""
    path = None if previous_dir is None else previous_dir / "entities" / "mentions.parquet"
    if path is None or not path.is_file():
        return None
    have = pl.read_parquet_schema(path)
    wanted = ["mention_id", "entity_type", "entity_id", "generation"]
    return pl.read_parquet(path, columns=[c for c in wanted if c in have])


#: what the next run's resolution builds on, inside the entities folder (internal)
STATE = "state"
LABEL = "_entiteit"  # the person entity label, stored beside the features


#: the scored candidate pairs (inside the entities folder): the biggest state file, rewritten
#: every night, as Arrow IPC (written and read without encoding); an older program's
#: parquet file of them is read as well
PAIRS = f"{STATE}/person_pairs.arrow"
PAIRS_PARQUET = f"{STATE}/person_pairs.parquet"
#: the previous run's files an incremental resolution reads (inside its entities folder),
#: besides its pairs
PREVIOUS_FILES = ("mentions.parquet", "review_queue.parquet",
                  *(f"{STATE}/{name}" for name in ("person_features.parquet",
                                                   "organisations.parquet",
                                                   "addresses.parquet")),
                  *(name for name, _ in CANONICAL.values()))
READ_THREADS = 4


#: the columns of this run's mentions (the previous ones and the new ones merged)
MENTION_COLUMNS = [*MENTION_SCHEMA, "entity_id", "confidence", "generation"]
#: the previous mentions' columns the incremental resolution works on; the others are only
#: needed for the output and are read meanwhile
KEY_COLUMNS = ["mention_id", "register", "record_id", "entity_type", "entity_id",
               "confidence", "generation"]


@dataclass
class _Basis:
    """The previous run's resolution, where this run can build on it."""

    mentions: pl.DataFrame       # the KEY_COLUMNS of its entities/mentions.parquet
    new: pl.DataFrame            # this run's new mentions (transforms.mentions.SCHEMA)
    folder: Path                 # its entities folder
    files: dict[str, Future[pl.DataFrame]]  # its PREVIOUS_FILES, being read in the background
    merged: _Merged              # this run's mentions (KEY_COLUMNS)

    def read(self, name: str) -> pl.DataFrame:
        return self.files[name].result()

    def whole(self) -> pl.DataFrame:
        """This run's mentions with every column (MENTION_COLUMNS), in order."""
        before = pl.concat([self.mentions, self.read(_REST)], how="horizontal")
        return self.merged.whole(before.select(MENTION_COLUMNS))


_REST = "mentions.parquet:rest"  # the other columns of the previous mentions


def _read_in_background(folder: Path, jobs: dict[str, tuple[str, list[str] | None]]
                        ) -> dict[str, Future[pl.DataFrame]]:
    """Start reading parquet files (or Arrow IPC: ``.arrow``) of ``folder`` (name -> file,
    columns or all) on worker threads (polars reads without the GIL), in the order given:
    the stage goes on meanwhile."""
    pool = ThreadPoolExecutor(READ_THREADS)
    try:
        return {name: pool.submit(pl.read_ipc if file.endswith(".arrow") else pl.read_parquet,
                                  folder / file, columns=columns)
                for name, (file, columns) in jobs.items()}
    finally:
        pool.shutdown(wait=False)  # the reads go on; the pool's threads end after them


def lake_state(tables: dict[str, pl.DataFrame]) -> dict[str, dict[str, object]]:
    """Per lake table: the rows of its current view and the deliveries they came from."""
    out: dict[str, dict[str, object]] = {}
    for name in TABLES:
        frame = tables.get(name)
        if frame is None:
            continue
        shas = (frame.get_column("_sha256").drop_nulls().unique().sort().to_list()
                if "_sha256" in frame.columns else [])
        out[name] = {"rows": frame.height, "deliveries": shas}
    return out


def _marks(decisions: pl.DataFrame) -> dict[str, str]:
    return {"code": code_digest(), "decisions": decisions_digest(decisions)}


def _new_rows(tables: dict[str, pl.DataFrame],
              before: dict[str, dict[str, object]]) -> dict[str, pl.DataFrame] | None:
    """The lake rows of deliveries the previous run did not have, per table; None when a
    record was corrected or removed since (the current view is then not the old one plus
    the new rows)."""
    out: dict[str, pl.DataFrame] = {}
    for name in TABLES:
        frame = tables.get(name)
        was = before.get(name, {"rows": 0, "deliveries": []})
        if frame is None:
            if was["rows"]:
                return None
            continue
        old = pl.Series(list(cast(list[str], was["deliveries"])), dtype=pl.String)
        new = (frame.filter(~pl.col("_sha256").is_in(old.implode()))
               if "_sha256" in frame.columns else frame)
        if frame.height != int(str(was["rows"])) + new.height:
            return None
        out[name] = new
    return out


def _incremental_basis(tables: dict[str, pl.DataFrame], previous_dir: Path | None,
                       marks: dict[str, str]) -> _Basis | None:
    """The previous resolution and this run's new mentions, when this run only adds
    records to the lake (same program, same decisions); None when it must start afresh."""
    import json

    from transforms.mentions import extract_mentions

    if previous_dir is None:
        return None
    folder = previous_dir / "entities"
    state_file = folder / STATE / "state.json"
    pairs = next((name for name in (PAIRS, PAIRS_PARQUET) if (folder / name).is_file()), None)
    if (not state_file.is_file() or pairs is None
            or not all((folder / name).is_file() for name in PREVIOUS_FILES)):
        return None
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if state.get("marks") != marks:
        return None
    new_rows = _new_rows(tables, state.get("tables", {}))
    if new_rows is None:
        return None
    schema = pl.read_parquet_schema(folder / "mentions.parquet")
    if not set(MENTION_COLUMNS) <= set(schema):
        return None
    # the previous files are read while the new mentions are extracted: first the mentions'
    # columns the resolution works on, their other columns last (needed for the output only)
    files = _read_in_background(folder, {
        "mentions.parquet": ("mentions.parquet", KEY_COLUMNS),
        PAIRS: (pairs, None),  # with the person features first: the persons wait for them
        **{name: (name, None) for name in PREVIOUS_FILES if name != "mentions.parquet"},
        _REST: ("mentions.parquet", [c for c in MENTION_COLUMNS if c not in KEY_COLUMNS])})
    # a Bibob record is its dossier row and its parties' rows: all of a touched dossier
    parts = {name: new_rows.get(name, tables[name]) for name in tables if name in TABLES}
    dossiers = pl.concat([pl.Series("dossiernummer", [], dtype=pl.String)] + [
        new_rows[t].get_column("dossiernummer").cast(pl.String)
        for t in ("bibob_dossiers", "bibob_betrokkenen")
        if t in new_rows and "dossiernummer" in new_rows[t].columns])
    for name in ("bibob_dossiers", "bibob_betrokkenen"):
        if name in tables and "dossiernummer" in tables[name].columns:
            parts[name] = tables[name].filter(
                pl.col("dossiernummer").cast(pl.String).is_in(dossiers.implode()))
    # a register without new rows has no new mentions: not extracted at all
    bibob = ("bibob_dossiers", "bibob_betrokkenen")
    empty = {name for name, frame in parts.items() if not frame.height}
    new = extract_mentions({name: frame for name, frame in parts.items()
                            if name not in empty or (name in bibob and not set(bibob) <= empty)})
    mentions = files["mentions.parquet"].result()
    merged = _merge_mentions(mentions, new, schema)
    if merged is None:
        return None  # a record that had mentions got more: start afresh
    return _Basis(mentions, new, folder, files, merged)


def _resolve_full(mentions: pl.DataFrame, decisions: pl.DataFrame,
                  prev: pl.DataFrame | None) -> tuple[Resolution, pl.DataFrame, pl.DataFrame]:
    from transforms.resolve.addresses import resolve_addresses
    from transforms.resolve.orgs import resolve_orgs
    from transforms.resolve.persons import resolve_persons

    def prev_of(kind: str) -> pl.DataFrame | None:
        return None if prev is None else prev.filter(pl.col("entity_type") == kind)

    persons = mentions.filter(pl.col("entity_type") == "persoon")
    resolution = resolve_persons(persons, decisions.select("mention_a", "mention_b", "oordeel"),
                                 prev_of("persoon"))
    orgs = resolve_orgs(mentions.filter(pl.col("entity_type") == "organisatie"),
                        prev_of("organisatie"))
    addresses = resolve_addresses(mentions.filter(pl.col("entity_type") == "adres"),
                                  prev_of("adres"))
    return resolution, orgs, addresses


@dataclass
class _Merged:
    """This run's mentions: the previous ones (with their previous entity columns) and the
    new ones (null there) in the order of transforms.mentions."""

    mentions: pl.DataFrame  # the columns of the previous mentions given
    old_at: np.ndarray   # the row of each previous mention (in the previous order)
    new_at: np.ndarray   # the row of each new mention (in its own order)
    at: np.ndarray       # the previous row each new mention goes before
    added: pl.DataFrame  # the new mentions (MENTION_COLUMNS), in their order here
    _kinds: dict[str, np.ndarray] = field(default_factory=dict)

    def whole(self, before: pl.DataFrame) -> pl.DataFrame:
        """The same merge of ``before`` (the previous mentions with other columns)."""
        return splice(before, self.added.select(before.columns), self.at)

    def of_kind(self, kind: str) -> np.ndarray:
        """Per mention: whether its entity type is ``kind`` (the column compared once)."""
        if kind not in self._kinds:
            wanted = [k for k in dict.fromkeys([kind, *CANONICAL]) if k not in self._kinds]
            compared = self.mentions.select(
                (pl.col("entity_type") == k).fill_null(False).alias(k) for k in wanted)
            self._kinds.update({k: compared[k].to_numpy() for k in wanted})
        return self._kinds[kind]

    def places(self, kind: str) -> np.ndarray:
        """Per new mention of ``kind`` (in this run's order): how many previous mentions of
        that kind go before it."""
        is_kind = self.of_kind(kind)
        is_new = np.zeros(is_kind.size, dtype=bool)
        is_new[self.new_at] = True
        return np.cumsum(is_kind & ~is_new)[np.flatnonzero(is_kind & is_new)]


def _merge_mentions(before: pl.DataFrame, new: pl.DataFrame,
                    schema: Mapping[str, pl.DataType] | None = None) -> _Merged | None:
    """Both sorted by register, record_id, mention_id: each new record goes where its record
    id sorts among the previous records of its register; None when a new record is among
    them already. ``before``: some of MENTION_COLUMNS (at least register and record_id);
    ``schema``: the types of all of them (default: ``before``'s)."""
    from transforms.mentions import SCHEMA

    types = dict(schema if schema is not None else before.schema)
    new = new.sort("register", "record_id", "mention_id")
    at = np.zeros(new.height, dtype=np.int64)
    registers = before["register"]
    for register in new["register"].unique().to_list():
        low = int(registers.search_sorted(register, side="left"))
        high = int(registers.search_sorted(register, side="right"))
        mine = (new["register"] == register).to_numpy()
        records = before["record_id"].slice(low, high - low)
        theirs = new["record_id"].filter(pl.Series(mine))
        where = records.search_sorted(theirs, side="left").to_numpy()
        inside = where < records.len()
        if (records.gather(where[inside]) == theirs.filter(pl.Series(inside))).any():
            return None
        at[mine] = low + where
    new_at = at + np.arange(new.height)
    is_new = np.zeros(before.height + new.height, dtype=bool)
    is_new[new_at] = True
    columns = [c for c in MENTION_COLUMNS if c in before.columns]
    added = new.select(*SCHEMA, pl.lit(None, dtype=pl.String).alias("entity_id"),
                       pl.lit(None, dtype=pl.Float64).alias("confidence"),
                       pl.lit(None, dtype=pl.Int64).alias("generation")).cast(
        {c: t for c, t in types.items() if c in MENTION_COLUMNS}).select(MENTION_COLUMNS)
    merged = splice(before.select(columns), added.select(columns), at)
    return _Merged(merged, np.flatnonzero(~is_new), new_at, at, added)


@dataclass
class _Incremental:
    merged: _Merged
    resolution: Resolution
    orgs: pl.DataFrame        # the organisation mentions whose cluster was assigned again
    addresses: pl.DataFrame   # the address mentions whose key was assigned again
    others: _OtherStates      # the organisations' and addresses' state
    early: Future[bytes]      # the mentions' other columns, encoded (see _encode_early)
    features: Future[bytes]   # the person features' state, encoded (see _state_part)


@dataclass
class _OtherStates:
    """The organisations' and addresses' state of this run, each in the order of its
    mentions, and where computed already their files' bytes (see _state_part)."""

    orgs: pl.DataFrame         # every organisation mention's base columns and cluster
    addresses: pl.DataFrame    # every address mention's key
    orgs_file: bytes | None = None
    addresses_file: bytes | None = None


_KEPT = ["mention_id", "entity_id", "generation", "confidence"]


def _beside(mentions: pl.DataFrame, state: pl.DataFrame) -> tuple[pl.DataFrame, bool]:
    """``mentions`` with the columns of their rows in ``state`` (by ``mention_id``), and
    whether ``state`` holds those mentions in that order (as this program writes it: then
    the columns are put side by side, not joined)."""
    if state.height == mentions.height and state["mention_id"].equals(mentions["mention_id"]):
        return pl.concat([mentions, state.drop("mention_id")], how="horizontal"), True
    return mentions.join(state, on="mention_id", how="left", maintain_order="left"), False


def _in_order(old: pl.DataFrame, new: pl.DataFrame, merged: _Merged, kind: str
              ) -> pl.DataFrame:
    """``old`` (a row per previous mention of ``kind``, in order) and ``new`` (a row per
    new one, any order) in this run's order of those mentions."""
    ids = merged.added.filter(pl.col("entity_type") == kind).select(
        pl.col("mention_id").cast(pl.String))
    placed = ids.join(new, on="mention_id", how="left", maintain_order="left")
    return splice(old, placed, merged.places(kind))


def _others_incremental(basis: _Basis) -> tuple[pl.DataFrame, pl.DataFrame, _OtherStates] | None:
    """Organisations and addresses on top of the previous run's (see _Incremental); None
    when the state does not match the mentions."""
    from transforms.resolve.addresses import resolve_addresses_incremental
    from transforms.resolve.orgs import BASE_COLUMNS, org_base, resolve_orgs_incremental

    before, new, merged = basis.mentions.select(_KEPT), basis.new, basis.merged

    def previous(kind: str) -> pl.DataFrame:
        return before.filter(pl.Series(merged.of_kind(kind)[merged.old_at]))

    org_file = basis.read(f"{STATE}/organisations.parquet")
    org_prev, orgs_aligned = _beside(previous("organisatie"), org_file)
    address_file = basis.read(f"{STATE}/addresses.parquet")
    addr_prev, addresses_aligned = _beside(previous("adres"), address_file)
    if org_prev["cluster"].null_count() or address_file.height != addr_prev.height:
        return None
    new_orgs = new.filter(pl.col("entity_type") == "organisatie")
    base = pl.concat([org_prev.select("mention_id", *BASE_COLUMNS), org_base(new_orgs)],
                     how="vertical_relaxed")
    orgs, org_state = resolve_orgs_incremental(base, org_prev)
    n_orgs = org_prev.height
    org_old = org_state.head(n_orgs)

    addresses = resolve_addresses_incremental(new.filter(pl.col("entity_type") == "adres"),
                                              addr_prev)
    fresh = addresses.join(address_file, on="mention_id", how="anti")
    address_old = addr_prev.select("mention_id", "adres_key")
    org_now = _in_order(org_old, org_state.slice(n_orgs), merged, "organisatie")
    address_now = _in_order(address_old, fresh.select(address_old.columns), merged, "adres")
    # their files encoded here, beside the persons: from the previous ones where those hold
    # the previous mentions' rows in their order, unchanged
    folder = basis.folder / STATE
    orgs_kept = orgs_aligned and org_old.equals(org_file.select(org_old.columns))
    states = _OtherStates(
        org_now, address_now,
        _state_part(folder / "organisations.parquet" if orgs_kept else None, org_now,
                    merged.places("organisatie")),
        _state_part(folder / "addresses.parquet" if addresses_aligned else None, address_now,
                    merged.places("adres")))
    return orgs, addresses, states


def _resolve_incremental(basis: _Basis, decisions: pl.DataFrame) -> _Incremental | None:
    from transforms.resolve.features import person_features
    from transforms.resolve.incremental import PersonState, resolve_persons_incremental
    from transforms.resolve.incremental import features_now as features_now_of

    basis.merged.of_kind("persoon")  # the kinds compared before the threads share them
    # organisations and addresses on a thread beside the persons (polars releases the GIL)
    pool = ThreadPoolExecutor(1)
    others = pool.submit(_others_incremental, basis)
    pool.shutdown(wait=False)
    before, merged = basis.mentions, basis.merged
    mentions = merged.mentions
    # persons: positions of the previous person mentions among this run's
    is_person = merged.of_kind("persoon")
    was_person = pl.Series(is_person[merged.old_at])
    rank = np.cumsum(is_person) - 1
    positions = rank[merged.old_at[is_person[merged.old_at]]]
    features = basis.read(f"{STATE}/person_features.parquet")
    if LABEL not in features.columns:
        return None  # a state that does not match the mentions: start afresh
    person_state = PersonState(
        before.select(_KEPT).filter(was_person),
        features.drop(LABEL),
        basis.read(PAIRS),
        basis.read("review_queue.parquet"),
        features[LABEL].to_numpy())
    new_persons = merged.added.filter(pl.col("entity_type") == "persoon")
    if (person_state.features.height != person_state.mapping.height
            or person_state.features.columns != person_features(new_persons.head(0)).columns):
        return None
    # the mentions' columns that the resolution does not change, and the person features,
    # are encoded for their files on threads while it runs
    early = _encode_early(basis)
    features_now = features_now_of(person_state, new_persons, positions,
                                   int(is_person.sum()))
    features_file = _in_background(
        _state_part, basis.folder / STATE / "person_features.parquet", features_now,
        merged.places("persoon"))
    resolution = resolve_persons_incremental(
        mentions["mention_id"].filter(pl.Series(is_person)), new_persons, person_state,
        positions, decisions.select("mention_a", "mention_b", "oordeel"),
        features=features_now)
    done = others.result()
    if done is None:
        return None
    orgs, addresses, states = done
    return _Incremental(merged, resolution, orgs, addresses, states, early, features_file)


def _apply(done: _Incremental) -> tuple[pl.DataFrame, dict[str, pl.Series]]:
    """The merged mentions with the new entity columns, and per entity type the entity ids
    whose mentions changed (for the canonical tables)."""
    mentions = done.merged.mentions
    columns = {c: mentions[c] for c in ("entity_id", "confidence", "generation")}
    touched: dict[str, pl.Series] = {}
    person_rows = pl.Series(np.flatnonzero(done.merged.of_kind("persoon")), dtype=pl.UInt32)
    out = done.resolution.mentions
    before = columns["entity_id"].gather(person_rows)
    differs = (before != out["entity_id"]).fill_null(True)
    touched["persoon"] = pl.concat([before.filter(differs).drop_nulls(),
                                    out["entity_id"].filter(differs)]).unique()
    for name in columns:
        columns[name] = columns[name].scatter(person_rows, out[name])
    for kind, frame in (("organisatie", done.orgs), ("adres", done.addresses)):
        # the rows of these few mentions among all: find them, then align the frame to them
        at = mentions["mention_id"].is_in(frame["mention_id"].implode()).arg_true()
        rows = pl.DataFrame({"mention_id": mentions["mention_id"].gather(at), "_row": at}).join(
            frame.select("mention_id", "entity_id", "confidence", "generation"),
            on="mention_id", how="left")
        touched[kind] = pl.concat([columns["entity_id"].gather(rows["_row"]).drop_nulls(),
                                   rows["entity_id"]]).unique()
        for name in columns:
            columns[name] = columns[name].scatter(rows["_row"], rows[name])
    return mentions.with_columns(**columns), touched


def resolve_stage(settings: Settings, tables: dict[str, pl.DataFrame], staging: Path,
                  previous_dir: Path | None) -> tuple[pl.DataFrame, StageResult]:
    """Mentions -> persons, organisations, addresses, honouring analysts' decisions.

    Builds on the previous run's resolution when this run only adds records (see
    transforms/resolve/incremental.py); otherwise resolves everything afresh."""
    from iob.decisions import DecisionStore
    from transforms.mentions import extract_mentions
    from transforms.resolve.orgs import BASE_COLUMNS

    started = time.perf_counter()
    decisions = DecisionStore.open(settings).latest_links()
    marks = _marks(decisions)
    basis = _incremental_basis(tables, previous_dir, marks)
    done = _resolve_incremental(basis, decisions) if basis is not None else None
    out = staging / "entities"
    if done is not None:
        keys, touched = _apply(done)
        resolution = done.resolution
        states = done.others
        assert basis is not None
        encoded: dict[str, Future[bytes] | bytes | None] = {
            "person_features.parquet": done.features,
            "organisations.parquet": states.orgs_file,
            "addresses.parquet": states.addresses_file}
        # the previous mentions' other columns as read, with this run's entity columns
        resolved = _replaced(basis.whole(), keys, ENTITY_COLUMNS)
        read = basis.read

        def summarise() -> Iterator[tuple[str, pl.DataFrame]]:
            return canonical_each(resolved, keys.get_column("entity_id"), touched, read)
    else:
        mentions = extract_mentions(tables)
        prev = _previous_ids(previous_dir)
        resolution, orgs, addresses = _resolve_full(mentions, decisions, prev)
        cols = ["mention_id", "entity_id", "confidence", "generation"]
        ids = pl.concat([resolution.mentions.select(cols), orgs.select(cols),
                         addresses.select(cols)], how="vertical_relaxed")
        resolved = mentions.join(ids, on="mention_id", how="left", maintain_order="left")
        states = _OtherStates(orgs.select("mention_id", *BASE_COLUMNS, "cluster"),
                              addresses.select("mention_id", "adres_key"))
        encoded = {}

        def summarise() -> Iterator[tuple[str, pl.DataFrame]]:
            return iter(canonical_tables(resolved).items())
    public = resolved.select(*PUBLIC_MENTION_COLUMNS, pl.exclude(PUBLIC_MENTION_COLUMNS))
    # the outputs and the state are written in the background as each is known (the
    # canonical tables are computed meanwhile), the state's marks last: a state is only
    # used when it is whole
    with ParquetBatch() as batch:
        if done is not None:
            batch.add_file(out / "mentions.parquet",
                           _stitched(done.early, keys.select(ENTITY_COLUMNS), public))
        else:
            batch.add(out / "mentions.parquet", public, statistics=MENTION_STATISTICS)
        batch.add(out / "review_queue.parquet", resolution.review)
        for path, frame in _state_files(out / STATE, resolution, states):
            if path.suffix == ".arrow":
                batch.add_file(path, _ipc_write(frame))
            else:
                batch.add_file(path, _state_write(encoded.get(path.name), frame))
        canonical = {}
        for kind, table in summarise():  # each written as soon as it is made
            batch.add(out / CANONICAL[kind][0], table)
            canonical[kind] = table
        state = {"marks": marks, "tables": lake_state(tables)}  # while the writes finish
        batch.commit()
    write_json_atomic(out / STATE / "state.json", state)
    entities = {kind: table.height for kind, table in canonical.items()}
    counts = {"mentions": resolved.height, **{f"personen_{k}": v for k, v in
                                              resolution.stats.items()},
              "organisaties": entities["organisatie"], "adressen": entities["adres"],
              "incrementeel": int(done is not None)}
    return public, StageResult(time.perf_counter() - started, counts,
                               ["entities/mentions.parquet", "entities/review_queue.parquet"])


def _encode_early(basis: _Basis) -> Future[bytes]:
    """Start encoding the merged mentions' columns other than ENTITY_COLUMNS (see
    iob.parquet_stitch) on a thread: the previous file's row groups after the last place a
    new mention goes copied as they are (their rows and those columns did not change), the
    rows before them encoded."""
    from iob.parquet_stitch import encode

    def run() -> bytes:
        rest = basis.whole().drop(ENTITY_COLUMNS)
        try:
            return _reencoded(basis, rest)
        except (OSError, ValueError):
            return encode(rest, MENTION_STATISTICS)

    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(run)
    finally:
        pool.shutdown(wait=False)


def _reencoded(basis: _Basis, rest: pl.DataFrame) -> bytes:
    """``rest`` (this run's mentions without ENTITY_COLUMNS) encoded, with the previous
    mentions.parquet's row groups from the first one that no new mention goes before or
    into copied from that file (ValueError where it has none or does not fit)."""
    from iob.parquet_stitch import reused

    path = basis.folder / "mentions.parquet"
    kept = pl.read_parquet_schema(path)
    if any(kept.get(name) != kind for name, kind in rest.schema.items()):
        raise ValueError("de vorige vermeldingen hebben andere kolommen")
    last = int(basis.merged.at.max()) if basis.merged.at.size else 0
    return reused(path.read_bytes(), rest, last, basis.merged.added.height, MENTION_STATISTICS)


def _stitched(early: Future[bytes], entities: pl.DataFrame, public: pl.DataFrame
              ) -> Callable[[Path], None]:
    """Write mentions.parquet (the columns of ``public``) from the early encoded columns and
    ``entities`` (ENTITY_COLUMNS, encoded now in the same row groups); as one write where
    they do not fit."""
    from iob.atomic import write_parquet_wide
    from iob.parquet_stitch import encode, row_groups, stitch

    def write(path: Path) -> None:
        try:
            done = early.result()
            parts = [done, encode(entities, MENTION_STATISTICS, row_groups(done))]
            with open(path, "wb") as sink:
                stitch(parts, public.head(0), sink)
        except ValueError:
            write_parquet_wide(public, path, MENTION_STATISTICS)
    return write


def _replaced(frame: pl.DataFrame, columns: pl.DataFrame, names: tuple[str, ...]
              ) -> pl.DataFrame:
    """``frame`` with the ``names`` columns of ``columns`` (as many rows), cut into the chunks
    of ``frame`` (slices, no copy): a frame whose columns are chunked alike is selected from
    and written without first copying every column into one chunk."""
    lengths = frame.to_series(0).chunk_lengths()
    starts = np.cumsum([0, *lengths[:-1]]).tolist()
    return frame.with_columns(
        pl.concat([columns.get_column(name).slice(start, length)
                   for start, length in zip(starts, lengths, strict=True)], rechunk=False)
        for name in names)


def _state_files(folder: Path, resolution: Resolution, others: _OtherStates
                 ) -> list[tuple[Path, pl.DataFrame]]:
    """What the next run's incremental resolution needs (see _incremental_basis)."""
    assert resolution.features is not None and resolution.pairs is not None
    assert resolution.labels is not None
    return [
        (folder / "person_features.parquet", resolution.features.with_columns(
            pl.Series(LABEL, resolution.labels, dtype=pl.Int64))),
        (folder.parent / PAIRS, resolution.pairs.select("a", "b", "kans", "conflict")),
        (folder / "organisations.parquet", others.orgs),
        (folder / "addresses.parquet", others.addresses),
    ]


def _ipc_write(frame: pl.DataFrame) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        frame.write_ipc(path, compression="uncompressed")
    return write


def _in_background(run: Callable[..., T], *args: object) -> Future[T]:
    """``run(*args)`` on a thread of its own."""
    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(run, *args)
    finally:
        pool.shutdown(wait=False)


#: rows per row group of the state files written from the previous ones: a quarter of the
#: mentions', so that a night encodes few rows before the groups it copies
STATE_GROUP_ROWS = 1 << 15


def _state_part(previous: Path | None, frame: pl.DataFrame, places: np.ndarray) -> bytes:
    """The state file ``frame`` encoded (a part for iob.parquet_stitch.stitch, without
    statistics, row groups of STATE_GROUP_ROWS): where ``previous`` is given, ``frame``
    is its rows with new ones put in at ``places`` (see _Merged.places), and its row
    groups after the last of them are copied (iob.parquet_stitch.reused) where they
    fit."""
    from iob import parquet_stitch
    from iob.parquet_stitch import encode, reused, split_rows

    size = min(STATE_GROUP_ROWS, parquet_stitch.ROW_GROUP_ROWS)
    if previous is not None:
        try:
            return reused(previous.read_bytes(), frame, int(places.max()) if places.size else 0,
                          places.size, [], size)
        except (OSError, ValueError):
            pass
    return encode(frame, [], split_rows(frame.height, size))


def _state_write(part: Future[bytes] | bytes | None, frame: pl.DataFrame
                 ) -> Callable[[Path], None]:
    """Write the state file ``frame`` from ``part`` (its first columns encoded, see
    _state_part; None: none yet), its other columns encoded now in the same row groups;
    whole where they do not fit."""
    from iob.parquet_stitch import column_names, encode, row_groups, stitch

    def write(path: Path) -> None:
        try:
            early = (part.result() if isinstance(part, Future) else part if part is not None
                     else _state_part(None, frame, np.zeros(0, dtype=np.int64)))
            names = column_names(early)
            if names == frame.columns:
                path.write_bytes(early)
                return
            late = [c for c in frame.columns if c not in names]
            parts = [early, encode(frame.select(late), [], row_groups(early))]
            with open(path, "wb") as sink:
                stitch(parts, frame.head(0), sink)
        except ValueError:
            frame.write_parquet(path, compression="lz4", statistics=False)
    return write


def reuse_entities(previous_dir: Path, staging: Path) -> tuple[pl.DataFrame, StageResult]:
    """The published run's entities, unchanged (its inputs are the same as this run's)."""
    started = time.perf_counter()
    link_tree(previous_dir / "entities", staging / "entities")
    mentions = pl.read_parquet(staging / "entities" / "mentions.parquet")
    counts = {"mentions": mentions.height, "hergebruikt": 1}
    return mentions, StageResult(time.perf_counter() - started, counts,
                                 ["entities/mentions.parquet", "entities/review_queue.parquet"])
