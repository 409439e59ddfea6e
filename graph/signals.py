"""Run every rule; compare with the previous run.

`compute_signals` returns one row per signal with the columns of outputs.md
(`signals/signals.parquet`, without `status`) plus the internal `bibob` flag (the signal rests
on Bibob evidence: publish it only in the Bibob compartment). `with_status` adds `status`.

Per-municipality thresholds: a rule is evaluated once per distinct set of thresholds among
the municipalities in the data; a signal is kept from an evaluation when it concerns one of
the municipalities holding those thresholds (so a bovenlokaal signal stands when any of its
municipalities' thresholds is met). Without overrides every rule runs once.

Local rules (`LOCAL`: verblijf.*, damocles.*) read one register's rows and nothing else (no
entity graph, no other register, no other rule's signals). `run_rules` runs them on a
context that holds only those rows (`local_frames`), so their result is a function of those
rows, the peildatum, their thresholds and the program; `RuleCache` keeps it under a key of
exactly that (`local_key`), and a later run whose key is the same reuses it instead of
running the rule (a night with only new DOR rows recomputes neither verblijf nor damocles).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from graph.config import SignalConfig
from graph.frames import DATUM, Frames, prepare
from graph.net import Net, net_from_frames
from graph.rules import RULES
from graph.rules._common import SIGNAL_SCHEMA, Context, finish

STATUS = ("nieuw", "bestaand", "vervallen")


def _gemeenten(ctx: Context) -> list[str]:
    if "_gemeenten" not in ctx.cache:
        codes = ctx.frames.index["gemeentecode"].drop_nulls().unique().sort().to_list()
        ctx.cache["_gemeenten"] = [str(c) for c in codes] or ["GM0000"]
    gemeenten: list[str] = ctx.cache["_gemeenten"]
    return gemeenten


def threshold_groups(code: str, gemeenten: list[str],
                     config: SignalConfig) -> dict[object, list[str]]:
    """The rule's distinct thresholds among `gemeenten` (the municipalities in the data, sorted;
    ["GM0000"] when none), each with the municipalities that hold them."""
    groups: dict[object, list[str]] = {}
    for gm in gemeenten:
        groups.setdefault(config.for_gemeente(gm).by_code(code), []).append(gm)
    return groups


def _groups(code: str, ctx: Context, config: SignalConfig) -> dict[object, list[str]]:
    """The rule's distinct thresholds, each with the municipalities that hold them."""
    return threshold_groups(code, _gemeenten(ctx), config)


def run_rule(code: str, ctx: Context, config: SignalConfig,
             groups: dict[object, list[str]] | None = None) -> pl.DataFrame:
    groups = _groups(code, ctx, config) if groups is None else groups
    rule = RULES[code]
    if len(groups) == 1:
        (thresholds,) = groups
        return finish(code, rule(ctx, thresholds), ctx.frames)
    parts = []
    for thresholds, codes in groups.items():
        sig = finish(code, rule(ctx, thresholds), ctx.frames)
        parts.append(sig.filter(pl.col("gemeentecodes").list.set_intersection(codes)
                                .list.len() > 0))
    return pl.concat(parts).sort("score", descending=True, maintain_order=True).unique(
        "signal_id", keep="first", maintain_order=True)


def _none_after(tables: dict[str, pl.DataFrame], as_of: date) -> bool:
    """True when `prepare(..., as_of)` would leave out no row: every dated table has its date
    on every row, none after `as_of`."""
    for table, column in DATUM.items():
        df = tables.get(table)
        if df is None or df.is_empty():
            continue
        if column not in df.columns:
            return False
        dates = df[column]
        latest = dates.max()
        if dates.null_count() or latest is None or latest > as_of:  # type: ignore[operator]
            return False
    return True


def rule_inputs(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
                as_of: date, alles: Frames | None = None) -> tuple[Frames, Net]:
    """The rules' frames (rows up to `as_of`) and the entity graph as a `Net` (every row, as
    `graph.build.build_graph` builds it); one preparation when no row is dated later.

    `alles`: `prepare(tables, mentions)` when the caller already holds it (the nightly run
    shares it with the exports)."""
    alles = prepare(tables, mentions) if alles is None else alles
    frames = alles if _none_after(tables, as_of) else prepare(tables, mentions, as_of)
    return frames, net_from_frames(alles)


# rule family -> (the `Frames` fields its rules read, the registers of their evidence)
LOCAL: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "verblijf.": (("nacht", "quarantaine"), ("nachtregister",)),
    "damocles.": (("damocles",), ("damocles",)),
}
_FRAME_FIELDS = ("dor", "nacht", "dossiers", "betrokkenen", "damocles", "mentions")


def _family(code: str) -> str | None:
    return next((k for k in LOCAL if code.startswith(k)), None)


def local_frames(frames: Frames, family: str) -> Frames:
    """`frames` with only what a local rule family may see (`LOCAL`): its fields (the others
    empty, no hubs) and the index rows of its registers."""
    keep, registers = LOCAL[family]
    empty = {name: getattr(frames, name).clear() for name in _FRAME_FIELDS if name not in keep}
    return replace(frames, **empty,
                   index=frames.index.filter(pl.col("register").is_in(list(registers))),
                   hubs=frozenset(),
                   quarantaine=frames.quarantaine if "quarantaine" in keep else None)


def _frame_hash(df: pl.DataFrame | None, ordered: bool = True) -> bytes:
    """Content hash of a frame: schema, and every row (polars' row hash, stable within one
    polars version: the version is part of `program_key`), in order or as a multiset."""
    h = hashlib.sha256(repr(None if df is None else list(df.schema.items())).encode())
    if df is not None and df.height:
        rows = df.hash_rows().to_numpy()
        h.update((rows if ordered else np.sort(rows)).tobytes())
    return h.digest()


def rows_key(local: Frames, family: str) -> str:
    """Content hash of what `local_frames(frames, family)` holds for the rules (the index as
    a set of rows: its order is arbitrary, and `finish` only joins on it)."""
    keep, _ = LOCAL[family]
    h = hashlib.sha256(family.encode())
    for name in keep:
        h.update(_frame_hash(getattr(local, name)))
    h.update(_frame_hash(local.index, ordered=False))
    return h.hexdigest()


def program_key() -> str:
    """The program the rules run: every source file of the `graph` package,
    transforms/schema.py (the constants the rules use) and the polars version."""
    import transforms.schema
    from iob.sources import files_digest

    paths = [*sorted(Path(__file__).parent.rglob("*.py")), Path(transforms.schema.__file__)]
    return files_digest(((path.name, path) for path in paths), salt=pl.__version__)


def local_key(code: str, groups: dict[object, list[str]], as_of: date, program: str,
              rows: str) -> str:
    """What a local rule's result is a function of: the rule, its thresholds per
    municipality, the peildatum, the program and the rows it sees (`rows_key`)."""
    return hashlib.sha256(repr((code, sorted((repr(t), gms) for t, gms in groups.items()),
                                as_of.isoformat(), program, rows)).encode()).hexdigest()


@dataclass
class RuleCache:
    """Finished signals of local rules, each under the key of its inputs (`local_key`)."""

    keys: dict[str, str] = field(default_factory=dict)  # rule code -> key
    signals: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SIGNAL_SCHEMA))
    # node ids near a refused Bibob party (bibob.doorwerking; graph.incremental), this run
    zone: frozenset[str] = frozenset()

    def get(self, code: str, key: str) -> pl.DataFrame | None:
        if not key or self.keys.get(code) != key:
            return None
        return self.signals.filter(pl.col("rule") == code)


def run_rules(frames: Frames, net: Net, as_of: date,
              config: SignalConfig | None = None) -> pl.DataFrame:
    """Every rule of the catalogue on prepared inputs (see `rule_inputs`)."""
    return run_rules_cached(frames, net, as_of, config)[0]


def run_rules_cached(frames: Frames, net: Net, as_of: date, config: SignalConfig | None = None,
                     previous: RuleCache | None = None, program: str | None = None
                     ) -> tuple[pl.DataFrame, RuleCache]:
    """`run_rules`, and the local rules' results under their keys. Local rules run on
    `local_frames`; one whose `local_key` is the one in `previous` is taken from it instead.
    Keys (and so reuse) only with `previous` or `program` (default `program_key()`)."""
    config = config or SignalConfig()
    ctx = Context(frames=frames, net=net, as_of=as_of)
    if previous is not None and program is None:
        program = program_key()
    cache = RuleCache()
    views: dict[str, tuple[Context, str]] = {}  # family -> its context, rows_key
    for code in RULES:
        groups = _groups(code, ctx, config)
        family = _family(code)
        if family is None:
            ctx.done[code] = run_rule(code, ctx, config, groups)
            continue
        if family not in views:
            own = local_frames(frames, family)
            views[family] = (
                Context(frames=own, as_of=as_of,
                        net=Net(frames=own, nodes=net.nodes.clear(), ends=net.ends.clear())),
                "" if program is None else rows_key(own, family))
        view, rows = views[family]
        key = "" if program is None else local_key(code, groups, as_of, program, rows)
        done = None if previous is None else previous.get(code, key)
        if done is None:
            done = run_rule(code, Context(frames=view.frames, net=view.net, as_of=as_of),
                            config, groups)
        ctx.done[code] = done
        cache.keys[code] = key
    cache.signals = pl.concat([cache.signals, *(ctx.done[c] for c in cache.keys)])
    cache.zone = frozenset(ctx.cache.get("_zone", ()))
    out = pl.concat([ctx.done[c] for c in RULES])
    return out.sort(["rule", "score", "signal_id"], descending=[False, True, False]), cache


def compute_signals(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
                    config: SignalConfig | None = None) -> pl.DataFrame:
    """Every rule of the catalogue over the lake tables as of `as_of` (rows dated later are
    ignored by the rules; the entity graph holds every row, as `build_graph`'s does; windows
    such as "the last 24 months" end at `as_of`)."""
    frames, net = rule_inputs(tables, mentions, as_of)
    return run_rules(frames, net, as_of, config)


def with_status(current: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    """Add `status`: nieuw (not open in the previous run), bestaand (open then and now),
    vervallen (open in the previous run, not raised now: listed once with its previous
    content, and dropped in the run after, since it is no longer open)."""
    if previous is None or previous.is_empty():
        return current.with_columns(pl.lit("nieuw").alias("status"))
    prev = previous
    if "status" in prev.columns:
        prev = prev.filter(pl.col("status") != "vervallen")
    open_ids = prev["signal_id"]
    now = current.with_columns(
        pl.when(pl.col("signal_id").is_in(open_ids.implode())).then(pl.lit("bestaand"))
        .otherwise(pl.lit("nieuw")).alias("status"))
    gone = prev.filter(~pl.col("signal_id").is_in(current["signal_id"].implode()))
    gone = gone.with_columns(pl.lit("vervallen").alias("status"))
    cols = now.columns
    for c in cols:
        if c not in gone.columns:
            gone = gone.with_columns(pl.lit(None, dtype=now.schema[c]).alias(c))
    return pl.concat([now, gone.select(cols).cast(now.schema)])


__all__ = ["LOCAL", "SIGNAL_SCHEMA", "STATUS", "RuleCache", "compute_signals", "local_frames",
           "local_key", "program_key", "rows_key", "rule_inputs", "run_rule", "run_rules",
           "run_rules_cached", "threshold_groups", "with_status"]
