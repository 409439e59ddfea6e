"""Who may see what: every data access of the review page goes through these functions.

- Only the data roles (analist, riec_analist, bibob_coordinator) see signals, links and
  entities; auditor sees the audit log only; beheerder sees no data.
- A signal is in scope when one of its gemeentecodes is the user's; bovenlokale signals that
  involve the user's municipality therefore show, with their evidence from elsewhere.
- A mention is in scope when its record is of the user's municipality, or is evidence of a
  signal in scope (cross-municipality detail only through a bovenlokaal signal).
- Bibob: only bibob_coordinator sees Bibob mentions, Bibob evidence rows and the toelichting
  of a signal that rests on Bibob (as in the per-municipality signal files).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from review.data import DataCache
from review.users import User

AFGESCHERMD = ("Toelichting afgeschermd: dit signaal steunt op Bibob-informatie "
               "(art. 28 Wet Bibob). Alleen de Bibob-coördinator ziet de onderbouwing.")


def signals_in_scope(signals: pl.DataFrame, user: User) -> pl.DataFrame:
    if not user.ziet_data:
        return signals.clear()
    gems = list(user.gemeenten)
    return signals.filter(pl.col("gemeentecodes").list.eval(pl.element().is_in(gems)).list.any())


def signal_for(cache: DataCache, user: User, signal_id: str) -> dict[str, Any] | None:
    found = signals_in_scope(cache.signals().filter(pl.col("signal_id") == signal_id), user)
    if found.is_empty():
        return None
    signal = found.row(0, named=True)
    if signal["bibob"] and not user.ziet_bibob:
        signal["toelichting"] = AFGESCHERMD
        signal["evidence"] = [e for e in signal["evidence"] if not e.startswith("bibob:")]
        signal["afgeschermd"] = True
    else:
        signal["afgeschermd"] = False
    return signal


def _visible_registers(user: User) -> list[str]:
    registers = ["dor", "nachtregister", "damocles"]
    return [*registers, "bibob"] if user.ziet_bibob else registers


def evidence_records(cache: DataCache, user: User) -> set[str]:
    """`register:record_id` of every evidence row of every signal in scope."""
    scoped = signals_in_scope(cache.signals(), user)
    if scoped.is_empty():
        return set()
    ids = scoped.select(pl.col("evidence").explode()).to_series().drop_nulls()
    allowed = tuple(f"{r}:" for r in _visible_registers(user))
    return {e for e in ids.to_list() if e.startswith(allowed)}


def mentions_in_scope(mentions: pl.DataFrame, cache: DataCache, user: User) -> pl.DataFrame:
    """Of the given mentions, those the user may see."""
    if not user.ziet_data or mentions.is_empty():
        return mentions.clear()
    mentions = mentions.filter(pl.col("register").is_in(_visible_registers(user)))
    own = pl.col("gemeentecode").is_in(list(user.gemeenten))
    outside = mentions.filter(~own)
    if outside.is_empty():
        return mentions
    evidence = evidence_records(cache, user)
    key = pl.concat_str([pl.col("register"), pl.col("record_id")], separator=":")
    return mentions.filter(own | key.is_in(list(evidence)))


def entity_mentions(cache: DataCache, user: User, entity_id: str) -> pl.DataFrame | None:
    """All mentions of an entity the user may see; None when the entity is out of scope."""
    mentions = cache.mentions().filter(pl.col("entity_id") == entity_id)
    visible = mentions_in_scope(mentions, cache, user)
    return None if visible.is_empty() else visible


def queue_in_scope(cache: DataCache, user: User) -> pl.DataFrame:
    """Uncertain pairs whose two mentions both lie in the user's municipalities."""
    queue = cache.queue()
    if not user.ziet_data:
        return queue.clear()
    gems = list(user.gemeenten)
    registers = _visible_registers(user)
    return queue.filter(pl.col("gem_a").is_in(gems) & pl.col("gem_b").is_in(gems)
                        & pl.col("reg_a").is_in(registers) & pl.col("reg_b").is_in(registers))


def pair_for(cache: DataCache, user: User, pair: str) -> dict[str, Any] | None:
    found = queue_in_scope(cache, user).filter(pl.col("id") == pair)
    return None if found.is_empty() else found.row(0, named=True)
