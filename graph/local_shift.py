"""The local rules' signals (graph.signals.LOCAL: verblijf.*, damocles.*) on a peildatum,
whole or from those of an earlier peildatum over the same rows.

`local_signals` returns what `graph.signals.run_rules_cached` computes for the local rules:
each rule run on `local_frames` of the rows up to the peildatum. Whole, it prepares only the
local registers' rows and their mentions (`local_inputs`), not every table.

From the signals of an earlier peildatum d0 over the same rows, parties, thresholds and
program (a night with only new DOR rows, run on the next calendar day), it recomputes only
what the move to d1 changes. A verblijf rule's result is a union over its *units*, each
computed from the unit's own rows alone: the guest and host pair (langdurig), the
accommodation (groepshuisvesting), the guest (parkhoppen), the host and the quarantined rows
of its KvK number (registratiekwaliteit). A row's part in a rule depends on the peildatum
only through a few values (its *signature*, `_changed`): whether it counts at all (arrived
by then, still in the window, long enough), the nights it has in the window and the last
night it documents (`verblijf.eind`: an open booking runs up to the peildatum), an empty
vertrek turning old. The units holding a row whose signature differs between d0 and d1 are
recomputed from their rows at d1, found through the mentions of their guests and hosts;
every other unit's signal is the one of d0. damocles.* (a few hundred rows) are recomputed
whole.

Whole instead when unsure: no earlier result, d1 before d0 or more than `MAX_DAGEN` later,
other quarantined rows counting at d1 (a host's quality counts them), another set of
municipalities at d1 when a municipality has local thresholds of its own (it can change
which evaluations run), an earlier signal whose unit is not found, or changed units holding
more than `MAX_AANDEEL` of the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import polars as pl

from graph.config import (
    GEMEENTECODE,
    Groepshuisvesting,
    Langdurig,
    Registratiekwaliteit,
    SignalConfig,
)
from graph.frames import DATUM, Frames, _attach, _ev, _mentions, _quarantaine, conform
from graph.net import Net
from graph.rules import RULES
from graph.rules._common import SIGNAL_SCHEMA, Context
from graph.rules.verblijf import _maanden, eind, unit
from graph.signals import LOCAL, run_rule, threshold_groups

CODES: tuple[str, ...] = tuple(c for c in RULES if any(c.startswith(f) for f in LOCAL))
LANGDURIG, GROEP, PARKHOPPEN, KWALITEIT = ("verblijf.langdurig", "verblijf.groepshuisvesting",
                                          "verblijf.parkhoppen", "verblijf.registratiekwaliteit")
VERBLIJF = (LANGDURIG, GROEP, PARKHOPPEN, KWALITEIT)
MAX_DAGEN = 92  # a longer move of the peildatum: whole
MAX_AANDEEL = 0.25  # changed units with more of the rows than this: whole

# the parties `graph.frames.prepare` attaches to each local register's rows
_PARTIJEN = {
    "nachtregister": ("registratie_id", {"gast": "gast", "logies": "logies",
                                         "adres:gast": "gast_adres",
                                         "adres:logies": "logies_adres"}),
    "damocles": ("zaaknummer", {"eigenaar": "eigenaar", "bewoner": "bewoner", "pand": "pand",
                                "adres:eigenaar": "eigenaar_adres"}),
}
# the record key and evidence prefix of each dated table (prepare's index)
_SLEUTEL = {"dor": ("registratienummer", "dor"), "nachtregister": ("registratie_id",
                                                                   "nachtregister"),
            "bibob_dossiers": ("dossiernummer", "bibob"), "damocles": ("zaaknummer", "damocles")}
_MENTION_COLS = ("register", "record_id", "role", "entity_type", "entity_id", "mention_id")


def _register_mentions(mentions: pl.DataFrame, register: str) -> pl.DataFrame:
    """The mentions of one register, only the columns `graph.frames` reads."""
    return (mentions.lazy().select(_MENTION_COLS).filter(pl.col("register") == register)
            .collect())


def _rows(tables: dict[str, pl.DataFrame], table: str) -> pl.DataFrame:
    """A local register's lake rows as `prepare` sees them (contract columns, with a null
    `_delivery_date` where the lake has none: the verblijf rules read it)."""
    df = conform(table, tables.get(table))
    if table == "nachtregister" and "_delivery_date" not in df.columns:
        df = df.with_columns(pl.lit(None, dtype=pl.Date).alias("_delivery_date"))
    return df


def _attached(rows: pl.DataFrame, m: pl.DataFrame, table: str) -> pl.DataFrame:
    """`rows` (as dated) with their evidence key and parties, as `prepare` attaches them;
    `m`: the register's mentions (`_register_mentions`), or those of `rows`' records."""
    key, roles = _PARTIJEN[table]  # (the register is named as its table)
    return _attach(rows.with_columns(_ev(table, key)), _mentions(m), table, key, roles)


def _index(rows: pl.DataFrame, table: str) -> pl.DataFrame:
    """prepare's index rows of one local register's attached rows (without duplicates)."""
    if table == "nachtregister":
        van, tot = pl.col("aankomst"), pl.coalesce("vertrek", "aankomst")
    else:
        van, tot = pl.col("datum_constatering"), pl.coalesce("datum_besluit",
                                                             "datum_constatering")
    return rows.select("ev", pl.lit(table).alias("register"), "gemeentecode",
                       van.alias("datum_van"), tot.alias("datum_tot"))


def _with_quarantine(index: pl.DataFrame, quar: pl.DataFrame | None) -> pl.DataFrame:
    """The nachtregister index with prepare's rows for quarantined records."""
    if quar is None or quar.is_empty():
        return index
    extra = quar.filter(pl.col("ev").is_not_null()).select(
        "ev", pl.lit("nachtregister").alias("register"), "gemeentecode",
        pl.lit(None, dtype=pl.Date).alias("datum_van"),
        pl.lit(None, dtype=pl.Date).alias("datum_tot"))
    return pl.concat([index, extra.cast(index.schema)])


def _frames(nacht: pl.DataFrame | None, damocles: pl.DataFrame | None, index: pl.DataFrame,
            quar: pl.DataFrame | None) -> Frames:
    """Frames holding only what a local family sees (the other fields empty)."""
    empty = pl.DataFrame()
    return Frames(dor=empty, nacht=empty if nacht is None else nacht, dossiers=empty,
                  betrokkenen=empty, damocles=empty if damocles is None else damocles,
                  index=index, mentions=empty, hubs=frozenset(), quarantaine=quar)


def _quarantined(tables: dict[str, pl.DataFrame], nacht: pl.DataFrame,
                 dates: list[date]) -> list[pl.DataFrame | None]:
    """prepare's quarantine rows as of each of `dates` (`nacht`: the raw nachtregister rows):
    only the rows whose record id a quarantined row names are looked at."""
    q = tables.get("nachtregister_quarantaine")
    if q is None or "logies_kvk" not in q.columns:
        return [None for _ in dates]
    ids = (q["record_id"].cast(pl.String).str.strip_chars().drop_nulls().unique()
           if "record_id" in q.columns else pl.Series([], dtype=pl.String))
    named = nacht.filter(pl.col("registratie_id").is_in(ids.implode()))
    return [_quarantaine(q, named.filter(pl.col("aankomst") <= as_of)
                         .select(_ev("nachtregister", "registratie_id")))
            for as_of in dates]


def local_inputs(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
                 as_of: date) -> dict[str, Frames]:
    """Per local family, what `graph.signals.local_frames(prepare(tables, mentions, as_of),
    family)` holds for its rules (their fields and index rows; the other fields empty),
    preparing only the local registers' rows and mentions."""
    nacht_raw, dam_raw = _rows(tables, "nachtregister"), _rows(tables, "damocles")
    nacht = _attached(nacht_raw.filter(pl.col(DATUM["nachtregister"]) <= as_of),
                      _register_mentions(mentions, "nachtregister"), "nachtregister")
    dam = _attached(dam_raw.filter(pl.col(DATUM["damocles"]) <= as_of),
                    _register_mentions(mentions, "damocles"), "damocles")
    # as prepare: one index row per evidence key (the last), then the quarantined records
    index = pl.concat([_index(nacht, "nachtregister"), _index(dam, "damocles")]) \
        .unique("ev", keep="last")
    quar = _quarantaine(tables.get("nachtregister_quarantaine"), nacht)
    return {
        "verblijf.": _frames(nacht, None, _with_quarantine(
            index.filter(pl.col("register") == "nachtregister"), quar), quar),
        "damocles.": _frames(None, dam, index.filter(pl.col("register") == "damocles"), None),
    }


def gemeenten(tables: dict[str, pl.DataFrame], as_of: date,
              quar: pl.DataFrame | None) -> list[str]:
    """`graph.signals._gemeenten` of `prepare(tables, mentions, as_of)`: the municipalities
    of the index rows (every dated table's rows up to `as_of`, one per evidence key, the
    last; and the quarantined records in `quar`), sorted, or ["GM0000"] when none."""
    return _gemeenten(tables, [(as_of, quar)])[0]


def _gemeenten(tables: dict[str, pl.DataFrame],
               dates: list[tuple[date, pl.DataFrame | None]]) -> list[list[str]]:
    """`gemeenten` at each (as_of, quar) of `dates`."""
    codes: list[set[str]] = [set() for _ in dates]
    for table, column in DATUM.items():
        df = tables.get(table)
        if df is None or df.is_empty():
            continue
        key, _ = _SLEUTEL[table]
        df = conform(table, df.select(c for c in (key, column, "gemeentecode")
                                      if c in df.columns))
        if df[key].null_count() or df[key].n_unique() < df.height:
            # an index row hides another (one per evidence key, the last): as prepare
            return [_gemeenten_exact(tables, as_of, quar) for as_of, quar in dates]
        for have, (as_of, _) in zip(codes, dates, strict=True):
            have |= set(df.filter(pl.col(column) <= as_of)["gemeentecode"].cast(pl.String)
                        .drop_nulls().unique().to_list())
    for have, (_, quar) in zip(codes, dates, strict=True):
        if quar is not None and not quar.is_empty():
            have |= set(quar.filter(pl.col("ev").is_not_null())["gemeentecode"].drop_nulls()
                        .to_list())
    return [sorted(have) or ["GM0000"] for have in codes]


def _gemeenten_exact(tables: dict[str, pl.DataFrame], as_of: date,
                     quar: pl.DataFrame | None) -> list[str]:
    parts = [pl.DataFrame(schema={"ev": pl.String(), "gemeentecode": pl.String()})]
    for table, column in DATUM.items():
        key, register = _SLEUTEL[table]
        df = conform(table, tables.get(table)).filter(pl.col(column) <= as_of)
        parts.append(df.select(pl.concat_str(pl.lit(f"{register}:"), pl.col(key)).alias("ev"),
                               pl.col("gemeentecode").cast(pl.String)))
    rows = pl.concat(parts).unique("ev", keep="last", maintain_order=True)
    codes = set(rows["gemeentecode"].drop_nulls().unique().to_list())
    if quar is not None and not quar.is_empty():
        codes |= set(quar.filter(pl.col("ev").is_not_null())["gemeentecode"].drop_nulls()
                     .to_list())
    return sorted(codes) or ["GM0000"]


def _run(code: str, frames: Frames, as_of: date, config: SignalConfig,
         groups: dict[object, list[str]]) -> pl.DataFrame:
    net = Net(frames=frames, nodes=pl.DataFrame(), ends=pl.DataFrame())
    return run_rule(code, Context(frames=frames, net=net, as_of=as_of), config, groups)


def _whole(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
           config: SignalConfig) -> pl.DataFrame:
    inputs = local_inputs(tables, mentions, as_of)
    codes = (gemeenten(tables, as_of, inputs["verblijf."].quarantaine)
             if _per_gemeente(config) else ["GM0000"])
    parts = []
    for code in CODES:
        family = next(f for f in LOCAL if code.startswith(f))
        parts.append(_run(code, inputs[family], as_of, config,
                          threshold_groups(code, codes, config)))
    return pl.concat([pl.DataFrame(schema=SIGNAL_SCHEMA), *parts])


# ---- the signature of a nachtregister row in each verblijf rule, at a peildatum ----

def _changed(code: str, t: Any, d0: date, d1: date) -> pl.Expr:
    """True for a raw nachtregister row whose part in rule `code` (thresholds `t`) differs
    between peildatum d0 and d1 (see the module docstring)."""
    telt0, telt1 = pl.col("aankomst") <= d0, pl.col("aankomst") <= d1
    if code == LANGDURIG:
        assert isinstance(t, Langdurig)
        w0, w1 = d0 - _maanden(t.venster_maanden), d1 - _maanden(t.venster_maanden)
        e0, e1 = eind(d0), eind(d1)
        in0, in1 = (telt0 & (e0 >= w0)).fill_null(False), (telt1 & (e1 >= w1)).fill_null(False)

        def nachten(e: pl.Expr, d: date, w: date) -> pl.Expr:
            return (pl.min_horizontal(e, pl.lit(d))
                    - pl.max_horizontal("aankomst", pl.lit(w))).dt.total_days().clip(0)
        anders = (e0 != e1) | (nachten(e0, d0, w0) != nachten(e1, d1, w1))
        return (in0 != in1) | (in0 & anders.fill_null(True))
    if code == GROEP:
        # a row counts when it documents min_overlap_dagen nights; two rows that count on
        # both dates overlap long enough on both or on neither (the last night only moves
        # for bookings still open on d0, and two of those overlap by the later one's nights,
        # which is enough as it counts): only rows that start or stop counting matter
        assert isinstance(t, Groepshuisvesting)

        def lang(d: date) -> pl.Expr:
            return (eind(d) - pl.col("aankomst")).dt.total_days() >= t.min_overlap_dagen
        in0, in1 = (telt0 & lang(d0)).fill_null(False), (telt1 & lang(d1)).fill_null(False)
        return pl.col("accommodatie").is_not_null() & (in0 != in1)
    in0, in1 = telt0.fill_null(False), telt1.fill_null(False)
    if code == KWALITEIT:
        assert isinstance(t, Registratiekwaliteit)
        if t.open_vertrek_dagen > 0:
            oud0 = d0 - timedelta(days=t.open_vertrek_dagen)
            oud1 = d1 - timedelta(days=t.open_vertrek_dagen)
            open0 = pl.col("vertrek").is_null() & (pl.col("aankomst") < oud0)
            open1 = pl.col("vertrek").is_null() & (pl.col("aankomst") < oud1)
            return (in0 != in1) | (in0 & (open0 != open1).fill_null(True))
    return in0 != in1  # parkhoppen (and the quality without open vertrek): arrived or not


# a unit's key columns (the rule's sort key, its output order), as columns of its rows
_UNIT = {LANGDURIG: ("gast", "logies"), GROEP: ("unit",), PARKHOPPEN: ("gast",),
         KWALITEIT: ("logies",)}


def _of_records(nm: pl.DataFrame, ids: pl.Series, ordered: bool) -> pl.DataFrame:
    """The mentions of records `ids` (`ordered`: `nm` is sorted by record id, as the
    resolver writes it: looked up by bisection instead of hashing every record id)."""
    if not ordered:
        return nm.filter(pl.col("record_id").is_in(ids.implode()))
    ids = ids.drop_nulls().unique().sort()
    lo = nm["record_id"].search_sorted(ids, "left")
    hi = nm["record_id"].search_sorted(ids, "right")
    return nm[pl.int_ranges(lo, hi, eager=True).explode().drop_nulls()]


def _keyed(code: str, signals: pl.DataFrame, lookup: pl.DataFrame) -> pl.DataFrame:
    """`signals` of one rule with their unit's key columns: from the row of the first
    evidence (langdurig, groepshuisvesting: every evidence row is one of the unit's), or the
    one entity id (parkhoppen: the guest; registratiekwaliteit: the host)."""
    cols = list(_UNIT[code])
    if code in (LANGDURIG, GROEP):
        return signals.with_columns(pl.col("evidence").list.first().alias("_ev")).join(
            lookup.select(pl.col("ev").alias("_ev"), *cols), on="_ev", how="left",
            maintain_order="left").drop("_ev")
    return signals.with_columns(pl.col("entity_ids").list.first().alias(cols[0]))


def _shifted(mentions: pl.DataFrame, nacht: pl.DataFrame, d0: date, d1: date,
             previous: pl.DataFrame, groups: dict[str, dict[object, list[str]]],
             quar: pl.DataFrame | None, config: SignalConfig) -> pl.DataFrame | None:
    """The verblijf signals at d1 from those at d0 (`nacht`: the raw rows; `groups`: each
    rule's evaluations; `quar`: the quarantined rows, the same at d0 and d1); None: compute
    whole."""
    flagged = nacht.with_columns(
        pl.any_horizontal(_changed(code, t, d0, d1) for t in groups[code]).alias(code)
        for code in VERBLIJF)
    anders = pl.any_horizontal(VERBLIJF)
    prev = previous.filter(pl.col("rule").is_in(VERBLIJF)).select(list(SIGNAL_SCHEMA))
    if not flagged.select(anders.any()).item():
        return pl.concat([prev.filter(pl.col("rule") == code) for code in VERBLIJF])
    # the rows that changed (their units), and of each earlier signal's first evidence
    first = prev.filter(pl.col("rule").is_in([LANGDURIG, GROEP])).select(
        pl.col("evidence").list.first().str.strip_prefix("nachtregister:")).to_series()
    nm = _register_mentions(mentions, "nachtregister")
    ordered = nm["record_id"].is_sorted()
    wanted = flagged.filter(anders | pl.col("registratie_id").is_in(first.implode()))
    m1 = _of_records(nm, wanted["registratie_id"], ordered)
    known = _attach(wanted.with_columns(_ev("nachtregister", "registratie_id")),
                    _mentions(m1.filter(pl.col("role").is_in(["gast", "logies"]))),
                    "nachtregister", "registratie_id",
                    {"gast": "gast", "logies": "logies"}).with_columns(unit().alias("unit"))
    units = {code: known.filter(pl.col(code)).select(_UNIT[code]).drop_nulls().unique()
             for code in VERBLIJF}
    # every row of those units: the rows of their guests and hosts
    gasten = pl.concat([units[LANGDURIG]["gast"], units[PARKHOPPEN]["gast"]])
    hosts = pl.concat([known.filter(pl.col(GROEP) & pl.col("unit").is_not_null())["logies"],
                       units[KWALITEIT]["logies"]])
    found = nm.filter(pl.col("entity_id").is_in(pl.concat([gasten, hosts]).unique().implode()))
    records = found.filter(((pl.col("role") == "gast")
                            & pl.col("entity_id").is_in(gasten.implode()))
                           | ((pl.col("role") == "logies")
                              & pl.col("entity_id").is_in(hosts.implode())))["record_id"]
    rows = nacht.filter(pl.col("registratie_id").is_in(records.implode())
                        & (pl.col(DATUM["nachtregister"]) <= d1))
    if rows.height > MAX_AANDEEL * nacht.height:
        return None
    sub = _attached(rows, _of_records(nm, records, ordered), "nachtregister") \
        .with_columns(unit().alias("_unit"))
    index = _with_quarantine(_index(sub, "nachtregister").unique("ev", keep="last"), quar)
    lookup = pl.concat([known.select("ev", "gast", "logies", "unit"),
                        sub.select("ev", "gast", "logies", pl.col("_unit").alias("unit"))
                        ]).unique("ev")
    parts = []
    for code in VERBLIJF:
        cols = list(_UNIT[code])
        keys = units[code]
        own = sub.rename({"_unit": "unit"}).join(keys, on=cols, how="semi",
                                                 maintain_order="left").drop("unit")
        fresh = _run(code, _frames(own, None, index, quar), d1, config, groups[code])
        kept = _keyed(code, prev.filter(pl.col("rule") == code), lookup)
        if kept.select(pl.any_horizontal(pl.col(c).is_null() for c in cols).any()).item():
            return None  # an earlier signal's unit not found: its rows are not these
        merged = pl.concat([kept.join(keys, on=cols, how="anti", maintain_order="left"),
                            _keyed(code, fresh, lookup)])
        # run_rule's order: the rule's (its units' key); with several evaluations by score,
        # highest first (equal scores: run_rule's by evaluation, here by the units' key)
        if len(groups[code]) > 1:
            merged = merged.sort(["score", *cols], descending=[True] + [False] * len(cols))
        else:
            merged = merged.sort(cols)
        parts.append(merged.select(list(SIGNAL_SCHEMA)))
    return pl.concat(parts)


def _per_gemeente(config: SignalConfig) -> bool:
    """True when a municipality has thresholds of its own for a local rule (only then do a
    local rule's evaluations depend on which municipalities are in the data)."""
    return any(GEMEENTECODE.match(k) and isinstance(v, Mapping) and any(c in v for c in CODES)
               for k, v in config.overrides.items())


def local_signals(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
                  config: SignalConfig, previous: pl.DataFrame | None,
                  previous_as_of: date | None) -> pl.DataFrame:
    """The local rules' signals at `as_of` (rows of every local rule in catalogue order, each
    as `run_rules_cached` computes it; with several evaluations of a rule, signals of equal
    score may come in another order).

    `previous`: their signals at `previous_as_of` over the same local rows with the same
    parties (entity ids), thresholds, municipalities with thresholds of their own and
    program (the caller vouches for that); with it only the verblijf units whose rows' part
    changes with the peildatum are recomputed."""
    if (previous is None or previous_as_of is None or as_of < previous_as_of
            or as_of - previous_as_of > timedelta(days=MAX_DAGEN)):
        return _whole(tables, mentions, as_of, config)
    nacht = _rows(tables, "nachtregister")
    quar0, quar1 = _quarantined(tables, nacht, [previous_as_of, as_of])
    if not _same(quar0, quar1):
        return _whole(tables, mentions, as_of, config)
    codes = ["GM0000"]  # every municipality holds the same local thresholds
    if _per_gemeente(config):
        codes, before = _gemeenten(tables, [(as_of, quar1), (previous_as_of, quar0)])
        if codes != before:
            return _whole(tables, mentions, as_of, config)
    groups = {code: threshold_groups(code, codes, config) for code in CODES}
    verblijf = _shifted(mentions, nacht, previous_as_of, as_of, previous, groups, quar1,
                        config)
    if verblijf is None:
        return _whole(tables, mentions, as_of, config)
    dam = _attached(_rows(tables, "damocles").filter(pl.col(DATUM["damocles"]) <= as_of),
                    _register_mentions(mentions, "damocles"), "damocles")
    dam_frames = _frames(None, dam, _index(dam, "damocles").unique("ev", keep="last"), None)
    parts = [_run(code, dam_frames, as_of, config, groups[code])
             for code in CODES if code.startswith("damocles.")]
    return pl.concat([pl.DataFrame(schema=SIGNAL_SCHEMA), verblijf, *parts])


def _same(a: pl.DataFrame | None, b: pl.DataFrame | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.sort(a.columns).equals(b.sort(b.columns))


__all__ = ["CODES", "gemeenten", "local_inputs", "local_signals"]
