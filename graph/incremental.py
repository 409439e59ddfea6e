"""Signals in proportion to what is new: the previous run's signals, with only what the
night's changes can reach computed again.

`State` is what a run leaves for the next: every rule's signals (before status) with the
`scope` of the graph rules (a bovenlokaal cluster's or a bridge's whole component), the row
hashes of the lake tables and of the mentions, the hubs, the municipalities, the Bibob
doorwerking zone, the peildatum and a key of it with the program and thresholds
(`setup_key`).

`delta` compares the inputs with the state. The incremental path is taken only when the
program and thresholds are the same, the peildatum is the state's or at most MAX_SHIFT days
later, no register row was removed or changed, and every new row or changed
mention is a DOR one (a new municipality, a new hub or a mention that left a hub role falls
back too); otherwise `delta` returns None and the caller computes everything. Touched: every
entity on a changed DOR row (new rows, rows with a changed mention), in both versions.

What each rule is a function of, and how it is recomputed (`run_incremental`):
- verblijf.*, damocles.*, bibob.zelfde_locatie/financier/stapelbestuurder: rows of other
  registers only: the previous signals.
- bibob.doorwerking: links within `max_afstand` of a refused party; no touched entity in the
  zone (nodes closer than `max_afstand` to a refused party, and the addresses of their
  parties): a changed link cannot lie on such a path, so the previous signals stand. A touched
  entity in the zone falls back.
- heling.* (except reizende_verkoper): every DOR row (small), computed again when a DOR row
  changed or entered (else the previous signals).
- heling.reizende_verkoper, netwerk.convergentie, netwerk.adres_veel_personen: one signal per
  entity (its kern); recomputed for the touched entities on every row that mentions them,
  the previous signals of the other entities kept.
- netwerk.identiteit: one signal per ID number; recomputed for the numbers on changed rows.
- netwerk.bovenlokaal_cluster, netwerk.brug: per component of the graph without hubs; the
  components of the touched entities and of the entities of changed heling signals (their
  markers) are found by growing them over the rows that mention their entities, and
  recomputed; the previous signals whose component meets them are dropped.

A later peildatum (d0 -> d1, `shift`) changes what the rules see only through dates:
- rows dated in (d0, d1] enter (`prepare` leaves out later rows): their entities are touched
  as a changed row's are (the entity graph holds every row, so it does not move);
- rows dated in [d0 - W, d1 - W) leave a window of W days: netwerk.convergentie and
  netwerk.adres_veel_personen recompute the entities they count on them;
- bibob.* but doorwerking are computed whole on their small tables; bibob.doorwerking stands
  when no dossier enters and no signal rests on a dossier that leaves its window (else
  everything is computed);
- verblijf.* and damocles.* come from their previous signals (`graph.local_shift`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from graph.config import SignalConfig
from graph.edges import node_expr
from graph.frames import DATUM, HUB_ROLLEN, Frames, prepare
from graph.net import Net, net_from_frames
from graph.rules import RULES
from graph.rules._common import SIGNAL_SCHEMA, Context, signal_id

SCOPE = "scope"
STATE_SCHEMA: dict[str, pl.DataType] = {**SIGNAL_SCHEMA, SCOPE: pl.List(pl.String())}
#: the mention columns `graph.frames.prepare` reads
MENTION_COLUMNS = ("mention_id", "register", "record_id", "role", "entity_type", "entity_id")
#: lake table -> (its register in the mentions, its record id column)
REGISTER = {"dor": ("dor", "registratienummer"),
            "nachtregister": ("nachtregister", "registratie_id"),
            "bibob_dossiers": ("bibob", "dossiernummer"),
            "bibob_betrokkenen": ("bibob", "dossiernummer"),
            "damocles": ("damocles", "zaaknummer")}
QUARANTAINE = "nachtregister_quarantaine"
#: rules whose previous signals stand on a night of DOR rows only (their rows are others')
REUSED = ("verblijf.", "damocles.", "bibob.zelfde_locatie", "bibob.financier",
          "bibob.stapelbestuurder", "bibob.doorwerking")
#: one signal per entity (kern [entity id]): recomputed for the touched entities
PER_ENTITY = ("heling.reizende_verkoper", "netwerk.convergentie", "netwerk.adres_veel_personen")
PER_COMPONENT = ("netwerk.bovenlokaal_cluster", "netwerk.brug")
#: the longest move of the peildatum taken incrementally (days); a longer one computes all
MAX_SHIFT = 62
#: the local rule families (`graph.signals.LOCAL`), on a later peildatum `graph.local_shift`'s
LOCAL_RULES = ("verblijf.", "damocles.")
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lokale-regels")


@dataclass
class State:
    """What the next run's `delta` and `run_incremental` start from."""

    signals: pl.DataFrame  # STATE_SCHEMA: every rule's signals (before status), with scope
    setup: str = ""
    gemeenten: list[str] = field(default_factory=list)
    hubs: frozenset[str] = frozenset()
    zone: frozenset[str] = frozenset()  # node ids (bibob.doorwerking)
    tables: dict[str, np.ndarray[Any, Any]] = field(default_factory=dict)  # sorted row hashes
    files: dict[str, str] = field(default_factory=dict)  # table -> its files' size and time
    mentions: np.ndarray[Any, Any] = field(default_factory=lambda: np.zeros(0, np.uint64))
    as_of: date | None = None  # the peildatum (None: a state that did not record it)


def setup_key(as_of: date, program: str, config: SignalConfig, loader: str = "") -> str:
    """The peildatum, the program, the thresholds and (`loader`) the code that reads the
    tables."""
    text = json.dumps([as_of.isoformat(), program, dict(config.overrides), loader],
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def table_hashes(tables: dict[str, pl.DataFrame],
                 known: dict[str, np.ndarray[Any, Any]] | None = None
                 ) -> dict[str, np.ndarray[Any, Any]]:
    """Per lake table (and the quarantined nachtregister rows): its rows' hashes, sorted, the
    schema's hash in front. `known`: tables whose hashes are known (their files unchanged)."""
    out = {}
    for name in [*REGISTER, QUARANTAINE]:
        if known is not None and name in known:
            out[name] = known[name]
            continue
        df = tables.get(name)
        schema = repr(None if df is None else list(df.schema.items())).encode()
        head = np.frombuffer(hashlib.sha256(schema).digest()[:8], dtype=np.uint64)
        rows = (np.zeros(0, np.uint64) if df is None or df.is_empty()
                else np.sort(df.hash_rows().to_numpy()))
        out[name] = np.concatenate([head, rows])
    return out


def mention_hashes(mentions: pl.DataFrame) -> np.ndarray[Any, Any]:
    """Per mention, in order: the hash of what `prepare` reads of it."""
    return mentions.select(MENTION_COLUMNS).hash_rows().to_numpy()


def _contains(big: np.ndarray[Any, Any], small: np.ndarray[Any, Any]) -> bool:
    """Every value of `small` is in `big` (both sorted)."""
    if small.size == 0:
        return True
    at = np.minimum(np.searchsorted(big, small), max(big.size - 1, 0))
    return big.size > 0 and bool(np.array_equal(big[at], small))


def changed_rows(cur: np.ndarray[Any, Any], old: np.ndarray[Any, Any]
                 ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Which values of `cur` are not in `old` (a mask over `cur`), and the positions of the
    values of `old` not in `cur`. A row equal to the other side's row at the same place, or
    shifted by the difference in length (rows inserted in one place), is in both; only the
    others are looked up, among all rows of the other side."""
    n, m = cur.size, old.size
    keep_cur, keep_old = np.zeros(n, dtype=bool), np.zeros(m, dtype=bool)
    for off in sorted({0, n - m}):  # old[j] against cur[j + off]
        lo, hi = max(0, -off), min(m, n - off)
        if hi > lo:
            eq = old[lo:hi] == cur[lo + off:hi + off]
            keep_old[lo:hi] |= eq
            keep_cur[lo + off:hi + off] |= eq

    def missing(values: np.ndarray[Any, Any], other: np.ndarray[Any, Any]
                ) -> np.ndarray[Any, Any]:
        if values.size == 0:
            return np.zeros(0, dtype=bool)
        found = pl.Series(other).is_in(pl.Series(values).implode()).to_numpy()
        return ~np.isin(values, other[found])

    new = ~keep_cur
    new[new] = missing(cur[new], old)
    gone = ~keep_old
    gone[gone] = missing(old[gone], cur)
    return new, np.flatnonzero(gone)


def previous_as_of(state: State, as_of: date, setup: Callable[[date], str]) -> date | None:
    """The state's peildatum, when it is `as_of` or at most MAX_SHIFT days before it and the
    rest of the setup (program, thresholds, loader) is this run's: `setup(d)` is this run's
    `setup_key` at peildatum d. A state that did not record its peildatum is matched by its
    key against every date in that range. None otherwise."""
    if state.as_of is not None:
        candidates = [state.as_of]
    else:
        candidates = [as_of - timedelta(days=k) for k in range(MAX_SHIFT + 1)]
    for day in candidates:
        if timedelta(0) <= as_of - day <= timedelta(days=MAX_SHIFT) and setup(day) == state.setup:
            return day
    return None


@dataclass
class Delta:
    dor: list[str]  # record ids of changed DOR rows (new, or with a changed mention)
    touched: pl.DataFrame  # entity_type, entity_id: every entity on those rows, both versions
    tables: dict[str, np.ndarray[Any, Any]]  # `table_hashes` of this run's tables
    since: date  # the state's peildatum (this run's, or up to MAX_SHIFT days before it)


def delta(tables: dict[str, pl.DataFrame], now: dict[str, np.ndarray[Any, Any]],
          mentions: pl.DataFrame, hashes: np.ndarray[Any, Any], state: State,
          setup: Callable[[date], str],
          gone: Callable[[np.ndarray[Any, Any]], pl.DataFrame | None],
          as_of: date) -> Delta | None:
    """What changed since the state, when only DOR rows were added and mentions of DOR rows
    changed, and the peildatum is the state's or later (`since`); None otherwise (then
    everything is computed). `hashes`: `mention_hashes(mentions)`; `now`:
    `table_hashes(tables)`; `setup(d)`: this run's `setup_key` at peildatum d; `gone(positions)`:
    the previous run's mentions at those positions (MENTION_COLUMNS), None when they cannot be
    read."""
    previous = previous_as_of(state, as_of, setup)
    if previous is None or not state.tables or not state.gemeenten:
        return None
    nieuw: pl.DataFrame | None = None
    for name, old in state.tables.items():
        cur = now.get(name)
        if cur is None or cur[0] != old[0]:
            return None
        if np.array_equal(old, cur):
            continue
        if name != "dor" or not _contains(cur[1:], old[1:]):
            return None  # a row removed or changed, or new rows of another register
        dor = tables["dor"]
        nieuw = dor.filter(~pl.Series(dor.hash_rows().to_numpy()).is_in(
            pl.Series(old[1:]).implode()))
    new_rows, positions = changed_rows(hashes, state.mentions)
    added = mentions.filter(pl.Series(new_rows)).select(MENTION_COLUMNS)
    weg = mentions.select(MENTION_COLUMNS).clear()
    if positions.size:
        read = gone(positions)
        if read is None or read.height != positions.size or not np.array_equal(
                mention_hashes(read), state.mentions[positions]):
            return None
        weg = read.select(MENTION_COLUMNS)
    changed = pl.concat([added, weg])
    if changed.filter(pl.col("register") != "dor").height:
        return None
    if weg.filter(pl.col("role").is_in(HUB_ROLLEN)).height:
        return None  # an entity may have stopped being a hub
    if not set(added.filter(pl.col("role").is_in(HUB_ROLLEN))["entity_id"].drop_nulls()
               ) <= state.hubs:
        return None  # a new hub
    ids = set(changed["record_id"].drop_nulls().to_list())
    if nieuw is not None:
        if not set(nieuw["gemeentecode"].drop_nulls().to_list()) <= set(state.gemeenten):
            return None
        ids |= set(nieuw["registratienummer"].drop_nulls().to_list())
    rows = sorted(ids)
    on_rows = mentions.filter((pl.col("register") == "dor")
                              & pl.col("record_id").is_in(pl.Series(rows, dtype=pl.String)
                                                          .implode()))
    touched = (pl.concat([on_rows.select("entity_type", "entity_id"),
                          weg.select("entity_type", "entity_id")])
               .drop_nulls("entity_id").unique().sort("entity_type", "entity_id"))
    return Delta(dor=rows, touched=touched, tables=now, since=previous)


class Lookup:
    """The mentions with 64-bit hashes of their entity id and of their row (register,
    record_id), so finding the rows of a few entities or keys scans integers; candidates are
    matched exactly afterwards."""

    def __init__(self, mentions: pl.DataFrame) -> None:
        self.mentions = mentions
        self.entity = mentions["entity_id"].hash(seed=7)
        self.row = mentions.select(pl.struct("register", "record_id").hash(seed=7)).to_series()

    def of_entities(self, entities: Iterable[str]) -> pl.DataFrame:
        """(register, record_id) of every row that mentions one of the entities."""
        wanted = pl.Series("entity_id", sorted(set(entities)), dtype=pl.String)
        hit = self.mentions.filter(self.entity.is_in(wanted.hash(seed=7).implode()))
        return (hit.filter(pl.col("entity_id").is_in(wanted.implode()))
                .select("register", "record_id"))

    def of_rows(self, keys: pl.DataFrame) -> pl.DataFrame:
        """Every mention of the given (register, record_id) rows."""
        h = keys.select(pl.struct("register", "record_id").hash(seed=7)).to_series()
        hit = self.mentions.filter(self.row.is_in(h.implode()))
        return hit.join(keys, on=["register", "record_id"], how="semi")


def rows_for(tables: dict[str, pl.DataFrame], lookup: Lookup, keys: pl.DataFrame,
             whole: tuple[str, ...] = ()) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """The lake tables' rows of the given (register, record_id) keys (a Bibob dossier with
    all its parties), and every row of the `whole` registers; and every mention of those
    rows."""
    keys = keys.filter(~pl.col("register").is_in(whole)).unique()
    sub: dict[str, pl.DataFrame] = {}
    for name, (register, column) in REGISTER.items():
        df = tables.get(name)
        if df is None:
            continue
        if register in whole:
            sub[name] = df
            continue
        ids = keys.filter(pl.col("register") == register)["record_id"]
        sub[name] = df.filter(pl.col(column).cast(pl.String).is_in(ids.implode()))
    m = lookup.of_rows(keys)
    if whole:
        m = pl.concat([lookup.mentions.filter(pl.col("register").is_in(whole)), m])
    return sub, m


def _ev_keys(evs: Iterable[str]) -> pl.DataFrame:
    s = pl.Series("ev", sorted(set(evs)), dtype=pl.String)
    return pl.DataFrame({"register": s.str.split_exact(":", 1).struct.field("field_0"),
                         "record_id": s.str.splitn(":", 2).struct.field("field_1")})


def _frames(tables: dict[str, pl.DataFrame], mentions: Lookup, keys: pl.DataFrame,
            as_of: date | None, hubs: frozenset[str], whole: tuple[str, ...] = ()
            ) -> tuple[Frames, Frames | None]:
    """`prepare` of the keys' rows: every row (with the run's hubs), and (with `as_of`) the
    rows up to `as_of` (`graph.signals.rule_inputs`)."""
    from graph.signals import _none_after

    sub, m = rows_for(tables, mentions, keys, whole)
    alles = replace(prepare(sub, m), hubs=hubs)
    if as_of is None:
        return alles, None
    # the rows up to `as_of` keep their own hubs, as `rule_inputs` does (an entity whose
    # hub role lies on later rows only is no hub there): exact for every entity whose rows
    # are all among the keys'
    upto = alles if _none_after(sub, as_of) else prepare(sub, m, as_of)
    return alles, upto


def _empty_net(f: Frames) -> Net:
    nodes = pl.DataFrame(schema={"i": pl.UInt32, "node": pl.String, "soort": pl.String,
                                 "entity_id": pl.String, "hub": pl.Boolean, "comp": pl.Int64})
    return Net(frames=f, nodes=nodes, ends=pl.DataFrame())


def _keep(new: pl.DataFrame, old: pl.DataFrame, code: str, kern: Iterable[str]) -> pl.DataFrame:
    """Per-key rule: the new signals of the given kern keys, the old ones of the others."""
    ids = pl.Series([signal_id(code, [k]) for k in kern], dtype=pl.String).implode()
    return pl.concat([new.filter(pl.col("signal_id").is_in(ids)),
                      old.filter(~pl.col("signal_id").is_in(ids))])


def component_scope(signals: pl.DataFrame, net: Net) -> pl.DataFrame:
    """`signals` with `scope`: for the component rules, the entity ids of the component of
    their entities (in the graph without hubs); empty for the other rules."""
    comp = net.nodes.filter(~pl.col("hub")).select("entity_id", "comp").drop_nulls()
    rows = signals.with_row_index("_r")
    own = (rows.filter(pl.col("rule").is_in(PER_COMPONENT))
           .select("_r", pl.col("entity_ids").alias("entity_id")).explode("entity_id")
           .join(comp, on="entity_id").unique("_r", keep="first"))
    eids = (comp.filter(pl.col("comp").is_in(own["comp"].unique().implode()))
            .group_by("comp").agg(pl.col("entity_id").unique().sort().alias(SCOPE)))
    per = own.join(eids, on="comp").select("_r", SCOPE)
    return (rows.join(per, on="_r", how="left").sort("_r").drop("_r")
            .with_columns(pl.col(SCOPE).fill_null(pl.lit([], pl.List(pl.String)))))


def _closure(tables: dict[str, pl.DataFrame], mentions: Lookup, seeds: set[str],
             as_of: date, hubs: frozenset[str]
             ) -> tuple[set[str], pl.DataFrame, Frames, Frames, Net]:
    """The entity ids of the components (graph without hubs) of the seed entities: grown over
    the rows that mention them until no row adds one; with those rows' keys, their frames
    (every row, up to `as_of`) and net."""
    found = set(seeds) - hubs
    keys = mentions.of_entities(found)
    while True:
        alles, upto = _frames(tables, mentions, keys, as_of, hubs)
        assert upto is not None
        net = net_from_frames(alles)
        nodes = net.nodes.filter(~pl.col("hub"))
        comps = nodes.filter(pl.col("entity_id").is_in(sorted(found)))["comp"].unique()
        more = set(nodes.filter(pl.col("comp").is_in(comps.implode()))["entity_id"]
                   .drop_nulls().to_list()) - found
        if not more:
            return found, keys, alles, upto, net
        found |= more
        keys = pl.concat([keys, mentions.of_entities(more)])


@dataclass
class Shift:
    """What a later peildatum reaches (`shift`): the rows dated after the state's peildatum
    up to this run's (they enter every rule), and per windowed rule the entities whose rows
    leave its window."""

    entered: pl.DataFrame  # register, record_id: the rows that enter
    entities: pl.DataFrame  # entity_type, entity_id: every entity on those rows
    id_numbers: set[str]  # the ID numbers on those rows (netwerk.identiteit)
    leaving: dict[str, set[str]]  # rule code -> kern entity ids whose window lost rows
    applications: set[str]  # evidence keys of the dossiers that leave doorwerking's window


def _window(config: SignalConfig, gemeenten: list[str], code: str) -> set[timedelta]:
    """The rule's window lengths (`venster_maanden`) over the municipalities' thresholds."""
    from graph.rules.netwerk import _maanden

    return {_maanden(config.for_gemeente(gm).by_code(code).venster_maanden) for gm in gemeenten}


def dated(tables: dict[str, pl.DataFrame], lo: date, hi: date, closed: str) -> pl.DataFrame:
    """register, record_id, gemeentecode of the rows whose date (`graph.frames.DATUM`, the
    index's datum_van) lies between `lo` and `hi` (`closed`: as `is_between`)."""
    parts = [pl.DataFrame(schema={"register": pl.String, "record_id": pl.String,
                                  "gemeentecode": pl.String})]
    for name, column in DATUM.items():
        df = tables.get(name)
        if df is None or df.is_empty() or column not in df.columns:
            continue
        register, key = REGISTER[name]
        gm = (pl.col("gemeentecode").cast(pl.String) if "gemeentecode" in df.columns
              else pl.lit(None, dtype=pl.String))
        parts.append(df.filter(pl.col(column).is_between(lo, hi, closed=closed))  # type: ignore[arg-type]
                     .select(pl.lit(register).alias("register"),
                             pl.col(key).cast(pl.String).alias("record_id"),
                             gm.alias("gemeentecode")))
    return pl.concat(parts)


def shift(tables: dict[str, pl.DataFrame], lookup: Lookup, since: date, as_of: date,
          config: SignalConfig, gemeenten: list[str]) -> Shift | None:
    """What moving the peildatum from `since` to `as_of` (later) reaches; None when it may
    change what is not recomputed from it: a row of a new municipality enters, a quarantined
    nachtregister record enters the register (its municipality may leave the index), a Bibob
    dossier enters (bibob.doorwerking needs the whole graph), or one leaves the doorwerking
    window while municipalities hold different doorwerking thresholds.

    Rows enter every rule (`prepare` leaves out rows dated after the peildatum): their
    entities are touched as a new row's are. A window [as_of - W, as_of] loses the rows dated
    in [since - W, as_of - W) (netwerk.convergentie, netwerk.adres_veel_personen: the
    entities those rules count on them); the other rules have no window on the date, or are
    computed whole (heling.*, bibob.* but doorwerking) or by `graph.local_shift`."""
    from graph.rules.bibob import _maanden as bibob_maanden
    from graph.rules.netwerk import PAND_ROLLEN

    entered = dated(tables, since, as_of, "right")
    if not set(entered["gemeentecode"].drop_nulls().to_list()) <= set(gemeenten):
        return None
    q = tables.get(QUARANTAINE)
    if q is not None and "record_id" in q.columns and q.height:
        ids = entered.filter(pl.col("register") == "nachtregister")["record_id"]
        if q.filter(pl.col("record_id").cast(pl.String).str.strip_chars()
                    .is_in(ids.implode())).height:
            return None
    if entered.filter(pl.col("register") == "bibob").height:
        return None
    # bibob.doorwerking: one raw signal per new application (its dossier is evidence), the
    # first of each id kept; with one set of thresholds, an application that leaves the window
    # changes the result only when a signal rests on it (`run_incremental`)
    thresholds = {config.for_gemeente(gm).doorwerking for gm in gemeenten}
    weg = pl.concat([dated(tables, since - w, as_of - w, "left")
                     for w in {bibob_maanden(t.venster_maanden) for t in thresholds}])
    weg = weg.filter(pl.col("register") == "bibob")
    if weg.height and len(thresholds) > 1:
        return None
    tagged = [entered.select("register", "record_id", pl.lit("").alias("rule"))]
    rules = ("netwerk.convergentie", "netwerk.adres_veel_personen")
    for code in rules:
        for w in _window(config, gemeenten, code):
            tagged.append(dated(tables, since - w, as_of - w, "left")
                          .select("register", "record_id", pl.lit(code).alias("rule")))
    keys = pl.concat(tagged).unique()
    m = lookup.of_rows(keys.select("register", "record_id").unique()).join(
        keys, on=["register", "record_id"]).filter(pl.col("entity_id").is_not_null())
    into = m.filter(pl.col("rule") == "")
    counted = {  # the mentions each windowed rule counts (its kern entities)
        "netwerk.convergentie": (pl.col("entity_type") != "adres")
        | pl.col("role").is_in(PAND_ROLLEN),
        "netwerk.adres_veel_personen": (pl.col("entity_type") == "adres")
        & pl.col("role").str.starts_with("adres:") & ~pl.col("role").is_in(PAND_ROLLEN),
    }
    leaving = {code: set(m.filter((pl.col("rule") == code) & counted[code])["entity_id"]
                         .to_list()) for code in rules}
    numbers: set[str] = set()
    for name, column in (("dor", "verkoper_id_nummer"), ("nachtregister", "id_nummer")):
        df = tables.get(name)
        register, key = REGISTER[name]
        rows = entered.filter(pl.col("register") == register)["record_id"]
        if df is None or column not in df.columns or not rows.len():
            continue
        numbers |= set(df.filter(pl.col(key).cast(pl.String).is_in(rows.implode()))[column]
                       .drop_nulls().cast(pl.String).to_list())
    return Shift(entered=entered.select("register", "record_id"),
                 entities=into.select("entity_type", "entity_id").unique(),
                 id_numbers=numbers, leaving=leaving,
                 applications={f"bibob:{r}" for r in weg["record_id"].to_list()})


def _local(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
           config: SignalConfig, previous: pl.DataFrame, since: date) -> pl.DataFrame:
    """The local rules' signals at `as_of` (`graph.signals.LOCAL`) from theirs at `since`
    (their rows are the previous run's: `delta` lets only DOR rows change)."""
    from graph.local_shift import local_signals

    return local_signals(tables, mentions, as_of, config, previous, since)


def run_incremental(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
                    config: SignalConfig, state: State, d: Delta) -> pl.DataFrame | None:
    """Every rule's signals (sorted as `graph.signals.run_rules`), with `scope`, from the
    previous ones and what `d` reaches; None when a touched entity lies in the doorwerking
    zone, or the peildatum moved in a way `shift` does not follow (then everything is
    computed).

    On a later peildatum (`d.since` < `as_of`): the rows that enter are treated as changed
    rows, the entities whose rows leave a window are recomputed for that rule, bibob.* (but
    doorwerking, whose rows do not move: `shift`) are computed whole on their small tables
    (with damocles' rows), and the local rules come from `graph.local_shift`."""
    from graph.signals import run_rule

    touched = d.touched
    nodes = set(touched.select(node_expr("entity_id", "entity_type"))
                .to_series().to_list())
    if nodes & state.zone:
        return None  # (rows that only enter do not change the graph the zone lies in)
    old = state.signals
    lookup = Lookup(mentions)
    moved = None
    if d.since != as_of:
        moved = shift(tables, lookup, d.since, as_of, config, state.gemeenten)
        if moved is None:
            return None
        rests = old.filter(pl.col("rule") == "bibob.doorwerking")["evidence"].explode()
        if moved.applications & set(rests.drop_nulls().to_list()):
            return None  # a doorwerking signal rests on an application that left the window
        touched = pl.concat([touched, moved.entities.cast(touched.schema)]).unique()
    local: Future[pl.DataFrame] | None = None
    if moved is not None:  # on a thread beside the rest (mostly polars work, without the GIL)
        codes = [c for c in RULES if c.startswith(LOCAL_RULES)]
        local = _POOL.submit(_local, tables, mentions, as_of, config,
                             old.filter(pl.col("rule").is_in(codes)).drop(SCOPE), d.since)
    ents = set(touched["entity_id"].to_list())
    leaving = {} if moved is None else moved.leaving
    dor = tables["dor"]
    changed = dor.filter(pl.col("registratienummer").cast(pl.String)
                         .is_in(pl.Series(d.dor, dtype=pl.String).implode()))
    id_numbers = set(changed["verkoper_id_nummer"].drop_nulls().cast(pl.String).to_list())
    if moved is not None:
        id_numbers |= moved.id_numbers
    # heling.* but reizende_verkoper read the DOR rows up to the peildatum and nothing else:
    # computed again (on every DOR row) only when one changed or entered
    heling = bool(d.dor) or (moved is not None and bool(
        moved.entered.filter(pl.col("register") == "dor").height))
    numbers = pl.Series(sorted(id_numbers), dtype=pl.String).implode()
    same_id = [tables["nachtregister"].filter(pl.col("id_nummer").cast(pl.String)
                                              .is_in(numbers))
               .select(pl.lit("nachtregister").alias("register"),
                       pl.col("registratie_id").cast(pl.String).alias("record_id"))]
    if not heling:  # (else every DOR row is read)
        same_id.append(dor.filter(pl.col("verkoper_id_nummer").cast(pl.String).is_in(numbers))
                       .select(pl.lit("dor").alias("register"),
                               pl.col("registratienummer").cast(pl.String).alias("record_id")))
    keys = pl.concat([*same_id, lookup.of_entities(ents.union(*leaving.values()))])
    whole = (("dor",) if heling else ()) + (() if moved is None else ("bibob", "damocles"))
    _, frames = _frames(tables, lookup, keys, as_of, state.hubs, whole=whole)
    assert frames is not None
    ctx = Context(frames=frames, net=_empty_net(frames), as_of=as_of)
    ctx.cache["_gemeenten"] = list(state.gemeenten)
    out: dict[str, pl.DataFrame] = {}
    for code in RULES:
        previous = old.filter(pl.col("rule") == code).drop(SCOPE)
        if local is not None and code.startswith(LOCAL_RULES):
            out[code] = local.result().filter(pl.col("rule") == code)
        elif moved is not None and code.startswith("bibob.") and code != "bibob.doorwerking":
            out[code] = run_rule(code, ctx, config)
        elif code.startswith(REUSED):
            out[code] = previous
        elif code.startswith("heling.") and code not in PER_ENTITY:
            out[code] = run_rule(code, ctx, config) if heling else previous
        elif code in PER_ENTITY:
            kern = ents | leaving.get(code, set())
            out[code] = _keep(run_rule(code, ctx, config), previous, code, sorted(kern))
        elif code == "netwerk.identiteit":
            out[code] = _keep(run_rule(code, ctx, config), previous, code,
                              [f"idnummer:{x}" for x in sorted(id_numbers)])
        if code.startswith("heling."):
            ctx.done[code] = out[code]
    # components: of the touched entities and of the heling signals that changed (markers)
    fields = ["signal_id", "entity_ids", "evidence"]
    heling_old = old.filter(pl.col("rule").str.starts_with("heling.")).select(fields)
    heling_new = pl.concat([out[c] for c in RULES if c.startswith("heling.")]).select(fields)
    diff = pl.concat([heling_old.join(heling_new, on=fields, how="anti", nulls_equal=True),
                      heling_new.join(heling_old, on=fields, how="anti", nulls_equal=True)])
    seeds = ents | set(diff["entity_ids"].explode().drop_nulls().to_list())
    closure, ckeys, alles, cframes, cnet = _closure(tables, lookup, seeds, as_of, state.hubs)
    wanted = pl.Series(sorted(closure), dtype=pl.String).implode()
    marker_evs = (heling_new.filter(pl.col("entity_ids").list.eval(pl.element().is_in(wanted))
                                    .list.any())["evidence"].explode().drop_nulls())
    extra = _ev_keys(marker_evs.to_list()).join(ckeys, on=["register", "record_id"],
                                                 how="anti")
    if extra.height:  # the rows behind markers of the components, for their evidence
        alles, upto = _frames(tables, lookup, pl.concat([ckeys, extra]), as_of, state.hubs)
        assert upto is not None
        cframes, cnet = upto, net_from_frames(alles)
    cctx = Context(frames=cframes, net=cnet, as_of=as_of)
    cctx.cache["_gemeenten"] = list(state.gemeenten)
    cctx.done = dict(ctx.done)
    graph: list[pl.DataFrame] = []
    for code in PER_COMPONENT:
        new = run_rule(code, cctx, config)
        cctx.done[code] = new
        graph.append(new.filter(pl.col("entity_ids").list.eval(pl.element().is_in(wanted))
                                .list.any()))
    fresh = component_scope(pl.concat(graph), cnet)
    kept = old.filter(pl.col("rule").is_in(PER_COMPONENT)
                      & ~pl.col(SCOPE).list.eval(pl.element().is_in(wanted)).list.any())
    rest = pl.concat([out[c] for c in RULES if c not in PER_COMPONENT]).with_columns(
        pl.lit([], pl.List(pl.String)).alias(SCOPE))
    return (pl.concat([rest, fresh.select(rest.columns), kept.select(rest.columns)])
            .sort(["rule", "score", "signal_id"], descending=[False, True, False]))


__all__ = ["MAX_SHIFT", "MENTION_COLUMNS", "SCOPE", "STATE_SCHEMA", "Delta", "Shift", "State",
           "changed_rows", "component_scope", "dated", "delta", "mention_hashes",
           "previous_as_of", "run_incremental", "setup_key", "shift", "table_hashes"]
