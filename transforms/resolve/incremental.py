"""Incremental person resolution: new mentions on top of the previous run's resolution.

The previous run leaves its person mentions' features, every scored candidate pair and the
entity labels (:class:`PersonState`). When this run's person mentions are
the previous ones plus new ones (no mention gone or changed, the same decisions and program),
:func:`resolve_persons_incremental` does work in proportion to what is new:

- features: only of the new mentions;
- blocking: only the blocks (rows sharing a key value) that a new mention enters are paired
  again, around the new mentions, and the other blocks of the old pairs pushed out of a
  window there are looked at (``neighbours.touched_pairs``); pairs of other blocks are as
  before;
- scoring: only pairs that were not scored before (those with a new mention);
- clustering: only the components (of the strong and must-link pairs) that hold a new
  mention or an endpoint of a new or dropped pair; every other component is exactly the
  same as before, with the same pairs, so it is split the same way and keeps its entity;
- ids: ``ids.assign_ids`` on the re-clustered mentions against the whole previous mapping;
- confidence and review queue: recomputed for the re-clustered mentions (every mention whose
  pairs or entity changed is among them).

Term frequencies: a pair scored before keeps its probability, computed with the frequencies
of the run that scored it; new pairs are scored with this run's frequencies (all mentions).
A full run scores every pair with this run's frequencies, so an old pair's probability may
differ slightly (one small delivery changes a value's frequency by a few mentions in
hundreds of thousands); where that moves a pair across the link threshold the persons differ.
Every full run (a program change, a changed decision, a corrected record) starts afresh.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from transforms.resolve.features import person_features
from transforms.resolve.ids import assign_ids
from transforms.resolve.neighbours import sorted_unique, touched_pairs
from transforms.resolve.persons import (
    REVIEW_SCHEMA,
    Resolution,
    Settings,
    _confidence,
    _decision_pairs,
    _review,
    cluster,
    strong_pairs,
)
from transforms.resolve.score import Frequencies, score_pairs

Rows = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PersonState:
    """The previous run's person resolution, one row per person mention in its order:
    ``mapping`` (``mention_id, entity_id, generation, confidence``), ``features`` (the
    columns of ``features.person_features``), ``pairs`` (``Resolution.pairs``: ``a, b,
    kans, conflict`` in those row indices), its review queue and ``labels``
    (``Resolution.labels``)."""

    mapping: pl.DataFrame
    features: pl.DataFrame
    pairs: pl.DataFrame
    review: pl.DataFrame
    labels: npt.NDArray[np.int64]


def reach(
    n: int, a: npt.ArrayLike, b: npt.ArrayLike, seeds: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """The nodes ``0..n-1`` connected to a seed by the edges ``a``-``b`` (the components
    holding a seed, as ``cluster.components`` would find them), breadth first."""
    src = np.asarray(a, dtype=np.int64)
    dst = np.asarray(b, dtype=np.int64)
    ends = np.concatenate([src, dst])
    others = np.concatenate([dst, src])
    order = np.argsort(ends, kind="stable")
    others = others[order]
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=start[1:])
    seen = seeds.copy()
    frontier = np.flatnonzero(seeds)
    while frontier.size:
        lo, hi = start[frontier], start[frontier + 1]
        count = hi - lo
        if not count.sum():
            break
        offsets = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(count.sum())
        found = sorted_unique(others[offsets])
        frontier = found[~seen[found]]
        seen[frontier] = True
    return seen


def _packed() -> pl.Expr:
    return (pl.col("a").cast(pl.UInt64) * (1 << 32) + pl.col("b").cast(pl.UInt64)).alias("_p")


def _mask(n: int, *parts: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    out = np.zeros(n, dtype=bool)
    for part in parts:
        out[np.asarray(part, dtype=np.int64)] = True
    return out


def _arranged(frame: pl.DataFrame, take: Rows) -> pl.DataFrame:
    """``frame[take]``, as slices of ``frame`` where ``take`` counts on by one (the previous
    rows keep their order and the new ones come in few places, so there are few)."""
    if take.size == 0:
        return frame.clear()
    starts = np.flatnonzero(np.diff(take) != 1) + 1
    if starts.size > 1000:  # scattered: gather
        return frame[take]
    bounds = np.concatenate([[0], starts, [take.size]])
    return pl.concat([frame.slice(int(take[lo]), int(hi - lo))
                      for lo, hi in itertools.pairwise(bounds)])


def _incident(frame: pl.DataFrame, mask: npt.NDArray[np.bool_]) -> pl.DataFrame:
    if frame.height == 0:
        return frame
    return frame.filter(pl.Series(mask[frame["a"].to_numpy()] | mask[frame["b"].to_numpy()]))


def _within(frame: pl.DataFrame, sub_of: Rows,
            keep: npt.NDArray[np.bool_] | None = None) -> pl.DataFrame:
    """Pairs with both ends in the subset, in the subset's row indices; ``keep``: which
    pairs those are, when known."""
    if frame.height == 0:
        return frame
    if keep is None:
        keep = (np.take(sub_of, frame["a"].to_numpy()) >= 0) & (
            np.take(sub_of, frame["b"].to_numpy()) >= 0)
    inside = frame.filter(pl.Series(keep))
    a = np.take(sub_of, inside["a"].to_numpy())
    b = np.take(sub_of, inside["b"].to_numpy())
    return inside.with_columns(
        pl.Series("a", a, dtype=pl.UInt32), pl.Series("b", b, dtype=pl.UInt32)
    )


def _taken(n: int, n_old: int, positions: Rows) -> tuple[Rows, Rows]:
    """Per row of this run: its row in the state's rows followed by the new ones; and the
    rows of the new mentions."""
    new_rows: Rows = np.flatnonzero(~_mask(n, positions)).astype(np.int64)
    take = np.empty(n, dtype=np.int64)
    take[positions] = np.arange(n_old)
    take[new_rows] = n_old + np.arange(new_rows.size)
    return take, new_rows


def features_now(state: PersonState, new_mentions: pl.DataFrame, positions: Rows,
                 n: int) -> pl.DataFrame:
    """The features of this run's ``n`` person mentions in order: the state's (at
    ``positions``, as they were) and the new mentions' own (at the other rows, in order)."""
    take, new_rows = _taken(n, state.features.height, positions)
    if new_rows.size != new_mentions.height:
        raise ValueError("nieuwe vermeldingen passen niet bij de posities")
    fresh = person_features(new_mentions)
    return _arranged(pl.concat([state.features, fresh], how="vertical_relaxed"), take)


def resolve_persons_incremental(
    mention_ids: pl.Series,
    new_mentions: pl.DataFrame,
    state: PersonState,
    positions: Rows,
    decisions: pl.DataFrame | None = None,
    settings: Settings | None = None,
    on_stage: Callable[[str], None] | None = None,
    features: pl.DataFrame | None = None,
) -> Resolution:
    """As ``persons.resolve_persons(mentions, decisions, previous)`` where ``mention_ids``
    are this run's person mentions in order: the state's mentions (at ``positions``, in
    their previous order) and ``new_mentions`` (at the other positions, in order), with the
    previous run's decisions; see the module docstring for what may differ.
    ``on_stage(name)`` as in ``resolve_persons``; ``features``: :func:`features_now` of
    these, when the caller has them already."""
    cfg = settings or Settings()
    done = on_stage or (lambda _: None)
    n = mention_ids.len()
    n_old = state.mapping.height
    take, new_rows = _taken(n, n_old, positions)
    if new_rows.size != new_mentions.height:
        raise ValueError("nieuwe vermeldingen passen niet bij de posities")
    if features is None:
        features = features_now(state, new_mentions, positions, n)
    elif features.height != n:
        raise ValueError("de kenmerken passen niet bij de vermeldingen")
    index = pl.DataFrame({"mention_id": mention_ids.cast(pl.String)}).with_row_index("_i")
    must = _decision_pairs(decisions, index, "zelfde")
    cannot = _decision_pairs(decisions, index, "verschillend")
    done("features")

    # blocking: the old pairs in this run's rows, the entered blocks paired again
    at = positions.astype(np.uint32)
    old = state.pairs.with_columns(
        pl.Series("a", np.take(at, state.pairs["a"].to_numpy())),
        pl.Series("b", np.take(at, state.pairs["b"].to_numpy())),
    )
    standing, redo = touched_pairs(features, old.select("a", "b"), new_rows, cfg.window)
    done("blocking")
    moved = old.filter(pl.Series(~standing))
    known = redo.with_columns(_packed()).join(
        moved.select(_packed(), "kans", "conflict"), on="_p", how="left", maintain_order="left"
    )
    unscored = known.filter(pl.col("kans").is_null()).select("a", "b")
    dropped = moved.select("a", "b", _packed()).join(redo.select(_packed()), on="_p",
                                                     how="anti")
    # frequencies over all mentions, computed only for the mentions of pairs scored now
    frequencies = Frequencies(features)
    tf = frequencies.at(np.concatenate([unscored["a"].to_numpy(), unscored["b"].to_numpy()]))
    done("frequenties")
    fresh_scored = score_pairs(features, unscored, tf=tf)
    columns = ["a", "b", "kans", "conflict"]
    scored = pl.concat(
        [old.filter(pl.Series(standing)).select(columns),
         known.filter(pl.col("kans").is_not_null()).select(columns),
         fresh_scored.select(columns)],
        how="vertical_relaxed",
    )
    done("scoring")

    # clustering: only the components that anything new touches
    touched = _mask(n, new_rows, unscored["a"], unscored["b"], dropped["a"], dropped["b"])
    strong = strong_pairs(scored, cfg)
    a_edges = np.concatenate([strong["a"].to_numpy(), must["a"].to_numpy()])
    b_edges = np.concatenate([strong["b"].to_numpy(), must["b"].to_numpy()])
    affected = reach(n, a_edges, b_edges, touched)
    sub_rows = np.flatnonzero(affected)
    sub_of = np.full(n, -1, dtype=np.int64)
    sub_of[sub_rows] = np.arange(sub_rows.size)
    # the pairs with an end re-clustered: those with both ends are clustered again, and all
    # of them are those whose confidence and review may change
    a_all, b_all = scored["a"].to_numpy(), scored["b"].to_numpy()
    end_a, end_b = np.take(affected, a_all), np.take(affected, b_all)
    sub_labels = cluster(
        features[sub_rows], _within(scored, sub_of, end_a & end_b), _within(must, sub_of),
        _within(cannot, sub_of), cfg,
    )
    prev_codes = state.labels
    labels = np.zeros(n, dtype=np.int64)
    labels[positions] = prev_codes
    offset = int(prev_codes.max()) + 1 if n_old else 0
    labels[sub_rows] = offset + sub_rows[sub_labels]

    # ids: the re-clustered mentions against the whole previous mapping
    clusters = pl.DataFrame({"mention_id": index["mention_id"].gather(sub_rows),
                             "cluster": labels[sub_rows]})
    was = take[sub_rows]
    was = was[was < n_old]
    reassigned = assign_ids(clusters, state.mapping.select("mention_id", "entity_id",
                                                           "generation")[was], "P",
                            issued=state.mapping.select("entity_id", "generation"))
    # the previous ids in this run's order, the re-clustered ones (all new mentions) put in
    before = state.mapping.select("entity_id", "generation")
    arranged = _arranged(pl.concat([before, pl.DataFrame(schema=before.schema).clear(
        new_rows.size)]), take)
    picked = pl.DataFrame([arranged[c].scatter(sub_rows, reassigned[c])
                           for c in ("entity_id", "generation")])
    ids = picked.select("entity_id")
    done("clustering")

    # confidence: the mentions whose pairs or entities changed. A mention outside them keeps
    # its entity and its pairs; a pair to a re-clustered mention joined two entities before
    # and does now (the previous entity of that mention was inside its component, all of
    # which is re-clustered), so its confidence is as before.
    changed = affected  # holds the touched ones (the seeds it was reached from)
    rescore = sub_rows
    around = scored.filter(pl.Series(end_a | end_b))
    confidence = np.zeros(n, dtype=np.float64)
    confidence[positions] = state.mapping["confidence"].to_numpy()
    confidence[rescore] = _confidence(labels, around, must, cfg.link, nodes=rescore).to_numpy()
    out = pl.DataFrame({
        "mention_id": index["mention_id"],
        "entity_id": ids["entity_id"],
        "confidence": confidence,
        "generation": picked["generation"],
    })

    done("ids")

    # review: pairs with an end among the changed mentions again, the others as before
    candidates = around
    must_near = _incident(must, changed)
    # _review scores again (with reasons) its pairs at or above the review threshold
    asked = pl.concat([candidates.filter((pl.col("kans") >= cfg.review) & ~pl.col("conflict"))
                       .select("a", "b"), must_near.select("a", "b")])
    tf_review = frequencies.at(np.concatenate([asked["a"].to_numpy(), asked["b"].to_numpy()]))
    again = _review(candidates, features, tf_review, labels, must_near,
                    _incident(cannot, changed), index, ids, cfg)
    changed_ids = index["mention_id"].filter(pl.Series(changed)).implode()
    kept = state.review.filter(~pl.col("mention_a").is_in(changed_ids)
                               & ~pl.col("mention_b").is_in(changed_ids))
    review = pl.concat([kept, again], how="vertical_relaxed").select(list(REVIEW_SCHEMA)).sort(
        "kans", "mention_a", "mention_b", descending=[True, False, False]
    )
    linked = strong
    done("review")
    stats = {
        "mentions": n,
        "candidate_pairs": scored.height,
        "linked_pairs": linked.height,
        "entities": pl.Series(labels).n_unique(),
        "review_pairs": review.height,
        "nieuw": int(new_rows.size),
        "opnieuw_geclusterd": int(sub_rows.size),
    }
    return Resolution(out, review, linked.select("a", "b", "kans"), stats, features, scored,
                      labels)
