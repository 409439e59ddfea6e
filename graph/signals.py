"""Run every rule; compare with the previous run.

`compute_signals` returns one row per signal with the columns of outputs.md
(`signals/signals.parquet`, without `status`) plus the internal `bibob` flag (the signal rests
on Bibob evidence: publish it only in the Bibob compartment). `with_status` adds `status`.

Per-municipality thresholds: a rule is evaluated once per distinct set of thresholds among
the municipalities in the data; a signal is kept from an evaluation when it concerns one of
the municipalities holding those thresholds (so a bovenlokaal signal stands when any of its
municipalities' thresholds is met). Without overrides every rule runs once.
"""

from __future__ import annotations

from datetime import date

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


def run_rule(code: str, ctx: Context, config: SignalConfig) -> pl.DataFrame:
    groups: dict[object, list[str]] = {}
    for gm in _gemeenten(ctx):
        groups.setdefault(config.for_gemeente(gm).by_code(code), []).append(gm)
    rule = RULES[code]
    if len(groups) == 1:
        (thresholds,) = groups
        return finish(code, rule(ctx, thresholds), ctx.frames)
    parts = []
    for thresholds, codes in groups.items():
        sig = finish(code, rule(ctx, thresholds), ctx.frames)
        parts.append(sig.filter(pl.col("gemeentecodes").list.set_intersection(codes)
                                .list.len() > 0))
    return pl.concat(parts).sort("score", descending=True).unique(
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


def run_rules(frames: Frames, net: Net, as_of: date,
              config: SignalConfig | None = None) -> pl.DataFrame:
    """Every rule of the catalogue on prepared inputs (see `rule_inputs`)."""
    config = config or SignalConfig()
    ctx = Context(frames=frames, net=net, as_of=as_of)
    for code in RULES:
        ctx.done[code] = run_rule(code, ctx, config)
    out = pl.concat([ctx.done[c] for c in RULES])
    return out.sort(["rule", "score", "signal_id"], descending=[False, True, False])


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


__all__ = ["SIGNAL_SCHEMA", "STATUS", "compute_signals", "rule_inputs", "run_rules", "with_status"]
