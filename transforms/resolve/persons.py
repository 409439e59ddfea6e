"""Person resolution: block -> score -> cluster -> stable ids, honouring decisions.

``decisions``: ``mention_a, mention_b, oordeel`` with ``oordeel`` ``zelfde`` (must-link) or
``verschillend`` (cannot-link). A cannot-link pair never ends in one entity; a must-link pair
always does, unless that would put a cannot-link pair together (the analyst's "different"
wins; such a contradiction shows up in the review queue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from transforms.resolve.blocking import candidate_pairs
from transforms.resolve.cluster import components, split_conflicting
from transforms.resolve.compare import conflict_expr, person_levels
from transforms.resolve.features import person_features
from transforms.resolve.ids import assign_ids
from transforms.resolve.score import score_pairs, term_frequencies

REVIEW_SCHEMA = {
    "mention_a": pl.String,
    "mention_b": pl.String,
    "entity_a": pl.String,
    "entity_b": pl.String,
    "kans": pl.Float64,
    "redenen": pl.String,
}


@dataclass(frozen=True)
class Settings:
    """Thresholds: a pair at or above ``link`` is linked; between ``review`` and ``link`` it
    goes to the review queue. ``window``: blocking neighbourhood; components above
    ``max_component`` mentions are only checked for conflicts on compared pairs."""

    link: float = 0.95
    review: float = 0.5
    window: int = 5
    max_component: int = 2000


@dataclass(frozen=True)
class Resolution:
    """``mentions``: ``mention_id, entity_id, confidence, generation`` (one row per input
    mention, same order); ``review``: uncertain pairs with their reasons (:data:`REVIEW_SCHEMA`);
    ``links``: the linked candidate pairs as row indices ``a, b`` with ``kans`` (for
    benchmarks and diagnostics); ``stats``: counts for the run manifest."""

    mentions: pl.DataFrame
    review: pl.DataFrame
    links: pl.DataFrame
    stats: dict[str, int] = field(default_factory=dict)
    #: what an incremental run builds on (``transforms.resolve.incremental``): the feature
    #: columns per mention, and every scored candidate pair ``a, b, kans, conflict``
    features: pl.DataFrame | None = None
    pairs: pl.DataFrame | None = None
    #: the entity label per mention (equal labels = one entity; an integer per entity)
    labels: np.ndarray | None = None


def _decision_pairs(
    decisions: pl.DataFrame | None, index: pl.DataFrame, oordeel: str
) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32})
    if decisions is None or decisions.height == 0:
        return empty
    d = decisions.filter(pl.col("oordeel") == oordeel).select("mention_a", "mention_b")
    ia = index.rename({"mention_id": "mention_a", "_i": "x"})
    ib = index.rename({"mention_id": "mention_b", "_i": "y"})
    pairs = d.join(ia, on="mention_a").join(ib, on="mention_b").filter(pl.col("x") != pl.col("y"))
    return pairs.select(
        pl.min_horizontal("x", "y").alias("a"), pl.max_horizontal("x", "y").alias("b")
    ).unique()


def _intra_conflicts(
    features: pl.DataFrame, labels: np.ndarray, scored: pl.DataFrame, max_component: int
) -> pl.DataFrame:
    """Conflicting pairs inside the components of ``labels`` (all pairs of components of
    3..max_component mentions; compared pairs for the rest)."""
    lab = pl.DataFrame({"_i": np.arange(len(labels), dtype=np.uint32), "_c": labels})
    sizes = lab.group_by("_c").agg(pl.len().alias("_n"))
    mid = lab.join(sizes.filter((pl.col("_n") >= 3) & (pl.col("_n") <= max_component)), on="_c")
    parts = [scored.filter(pl.col("conflict")).select("a", "b")]
    if mid.height:
        pairs = (
            mid.select("_c", pl.col("_i").alias("a"))
            .join(mid.select("_c", pl.col("_i").alias("b")), on="_c")
            .filter(pl.col("a") < pl.col("b"))
            .select("a", "b")
        )
        for start in range(0, pairs.height, 1_000_000):
            part = pairs.slice(start, 1_000_000)
            levels = person_levels(
                features.select(pl.all().gather(part["a"])),
                features.select(pl.all().gather(part["b"])),
            )
            parts.append(part.filter(levels.select(conflict_expr()).to_series()))
    return pl.concat(parts).unique()


def _confidence(
    labels: np.ndarray,
    scored: pl.DataFrame,
    must: pl.DataFrame,
    link: float,
    nodes: np.ndarray | None = None,
) -> pl.Series:
    """Per mention: the strongest link to a member of its own entity (must-link = 1), less
    the strongest link to another entity when that one is a link too (an ambiguous mention
    such as ``J. van Dijk`` beside twins ``Jan`` and ``Joost``); for a mention alone,
    1 minus its strongest link to anyone else. With ``nodes`` (sorted row indices) only for
    those mentions, in that order."""
    lab = pl.Series(labels)
    if nodes is not None:
        wanted = np.zeros(len(labels), dtype=bool)
        wanted[nodes] = True

        def near(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.filter(
                pl.Series(wanted[frame["a"].to_numpy()] | wanted[frame["b"].to_numpy()])
            )

        scored, must = near(scored), near(must)
    edges = pl.concat(
        [
            scored.select("a", "b", "kans"),
            must.select("a", "b", pl.lit(1.0).alias("kans")),
        ]
    )
    same = lab.gather(edges["a"]) == lab.gather(edges["b"])
    both = pl.concat(
        [
            edges.select(pl.col("a").alias("i"), "kans", same.alias("same")),
            edges.select(pl.col("b").alias("i"), "kans", same.alias("same")),
        ]
    )
    best = both.group_by("i").agg(
        pl.col("kans").filter(pl.col("same")).max().alias("in"),
        pl.col("kans").filter(~pl.col("same")).max().alias("out"),
    )
    if nodes is None:
        rows = np.arange(len(labels), dtype=np.uint32)
        _, where, counts = np.unique(labels, return_inverse=True, return_counts=True)
        size = counts[where[rows]]
    else:  # the sizes of the nodes' entities only
        rows = nodes.astype(np.uint32)
        own = pl.Series("_l", labels[rows])
        sizes = lab.filter(lab.is_in(own.unique().implode())).alias("_l").value_counts(
            name="_n")
        size = own.to_frame().join(sizes, on="_l", how="left", maintain_order="left")[
            "_n"].cast(pl.Int64).to_numpy()
    frame = pl.DataFrame({"i": rows, "size": size}).join(
        best, on="i", how="left", maintain_order="left"
    )
    inside = pl.col("in").fill_null(1.0)
    outside = pl.col("out").fill_null(0.0)
    return (
        frame.select(
            pl.when(pl.col("size") == 1)
            .then(1.0 - outside)
            .when(outside >= link)
            .then((inside - outside).clip(0.0, 1.0))
            .otherwise(inside)
            .round(4)
        )
        .to_series()
        .alias("confidence")
    )


def resolve_persons(
    mentions: pl.DataFrame,
    decisions: pl.DataFrame | None = None,
    previous: pl.DataFrame | None = None,
    settings: Settings | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Resolution:
    """Resolve person mentions (``mention_id`` plus the normalised comparison columns of
    ``transforms.mentions``) into entities ``P-…``. ``on_stage(name)`` is called after each
    stage (``features``, ``blocking``, ``frequenties``, ``scoring``, ``clustering``, ``ids``,
    ``review``), for benchmarks."""
    cfg = settings or Settings()
    done = on_stage or (lambda _: None)
    n = mentions.height
    features = person_features(mentions)
    index = mentions.select(pl.col("mention_id").cast(pl.String)).with_row_index("_i")
    must = _decision_pairs(decisions, index, "zelfde")
    cannot = _decision_pairs(decisions, index, "verschillend")
    done("features")
    pairs = candidate_pairs(features, window=cfg.window)
    done("blocking")
    tf = term_frequencies(features)
    done("frequenties")
    scored = score_pairs(features, pairs, tf=tf)
    done("scoring")
    labels = cluster(features, scored, must, cannot, cfg)
    strong = strong_pairs(scored, cfg)
    done("clustering")
    clusters = index.select("mention_id", pl.Series("cluster", labels))
    ids = assign_ids(clusters, previous, "P")
    confidence = _confidence(labels, scored, must, cfg.link)
    out = ids.with_columns(confidence).select("mention_id", "entity_id", "confidence", "generation")
    done("ids")
    review = _review(scored, features, tf, labels, must, cannot, index, ids, cfg)
    done("review")
    stats = {
        "mentions": n,
        "candidate_pairs": pairs.height,
        "linked_pairs": strong.height,
        "entities": int(out["entity_id"].n_unique()),
        "review_pairs": review.height,
    }
    return Resolution(out, review, strong.select("a", "b", "kans"), stats, features, scored,
                      labels)


def strong_pairs(scored: pl.DataFrame, cfg: Settings) -> pl.DataFrame:
    """The scored pairs that link (at or above the link threshold, no conflict)."""
    return scored.filter((pl.col("kans") >= cfg.link) & ~pl.col("conflict"))


def cluster(
    features: pl.DataFrame,
    scored: pl.DataFrame,
    must: pl.DataFrame,
    cannot: pl.DataFrame,
    cfg: Settings,
) -> np.ndarray:
    """Entity label per row of ``features``: components of the strong and must-link pairs,
    those holding a conflict split (``cluster.split_conflicting``). A component's labels
    depend only on its own rows and pairs (in their relative order)."""
    strong = strong_pairs(scored, cfg)
    edges = pl.concat(
        [
            strong.select("a", "b", "kans", pl.lit(False).alias("must")),
            must.select("a", "b", pl.lit(1.0).alias("kans"), pl.lit(True).alias("must")),
        ]
    )
    labels = components(features.height, edges["a"].to_numpy(), edges["b"].to_numpy())
    soft = _intra_conflicts(features, labels, scored, cfg.max_component)
    return split_conflicting(labels, edges, soft, cannot)


def _review(
    scored: pl.DataFrame,
    features: pl.DataFrame,
    tf: pl.DataFrame,
    labels: np.ndarray,
    must: pl.DataFrame,
    cannot: pl.DataFrame,
    index: pl.DataFrame,
    ids: pl.DataFrame,
    cfg: Settings,
) -> pl.DataFrame:
    """Pairs at or above the review threshold that ended in two entities (uncertain ones,
    and links undone by a conflict elsewhere in the group) without a decision yet, plus
    must-link pairs a cannot-link kept apart."""
    lab = pl.Series(labels)
    uncertain = scored.filter((pl.col("kans") >= cfg.review) & ~pl.col("conflict")).select("a", "b")
    uncertain = uncertain.filter(lab.gather(uncertain["a"]) != lab.gather(uncertain["b"]))
    undecided = uncertain.join(pl.concat([must, cannot]), on=["a", "b"], how="anti")
    contradicted = must.filter(lab.gather(must["a"]) != lab.gather(must["b"]))
    todo = pl.concat([undecided, contradicted]).unique()
    if todo.height == 0:
        return pl.DataFrame(schema=REVIEW_SCHEMA)
    detailed = score_pairs(features, todo.select("a", "b"), with_reasons=True, tf=tf)
    mid = index["mention_id"]
    eid = ids["entity_id"]
    return detailed.select(
        mid.gather(detailed["a"]).alias("mention_a"),
        mid.gather(detailed["b"]).alias("mention_b"),
        eid.gather(detailed["a"]).alias("entity_a"),
        eid.gather(detailed["b"]).alias("entity_b"),
        pl.col("kans").round(4),
        pl.col("redenen"),
    ).sort("kans", "mention_a", "mention_b", descending=[True, False, False])
