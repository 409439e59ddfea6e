"""Match probability of a candidate pair: a Fellegi-Sunter log-odds sum.

Each comparison level carries a hand-set weight: log2(m/u), where m is how often the level
occurs for two mentions of the same person and u how often for two different people in the
same block. The weights add up with the prior log-odds of a random pair in a block; the
probability is ``1 / (1 + 2**-sum)``. Every weight is in :data:`WEIGHTS` beside its reason in
``compare.LEVELS``, so a score is always explainable as the list of its reasons.

A pair with a conflict level (different birth dates, different first names) gets
probability 0, whatever else agrees: a shared ID number then is a signal for the network
(``netwerk.identiteit``), not a link.
"""

from __future__ import annotations

import polars as pl

from transforms.resolve.compare import (
    COMPARISONS,
    conflict_expr,
    person_levels,
    reasons_expr,
)

PRIOR = -10.0
WEIGHTS: dict[str, dict[int, float]] = {
    "achternaam": {0: 0.0, 1: 6.0, 2: 5.0, 3: 4.0, 4: 1.0, 5: -6.0},
    "voornaam": {0: 0.0, 1: 5.0, 2: 3.0, 3: 2.0, 4: 2.0, 5: 1.0, 6: -10.0},
    "geboortedatum": {0: 0.0, 1: 8.0, 2: 4.0, 3: 3.0, 4: -12.0},
    "adres": {0: 0.0, 1: 5.0, 2: 3.5, 3: 1.0, 4: -1.0},
    "woonplaats": {0: 0.0, 1: 1.0, 2: -0.5},
    "id": {0: 0.0, 1: 9.0, 2: -1.0},
}


def weight_expr() -> pl.Expr:
    """The log2-odds of a level frame (prior included)."""
    terms = [
        pl.col(comp).replace_strict(
            list(WEIGHTS[comp]), list(WEIGHTS[comp].values()), return_dtype=pl.Float64
        )
        for comp in COMPARISONS
    ]
    return pl.lit(PRIOR) + pl.sum_horizontal(terms)


def probability_expr() -> pl.Expr:
    """Match probability in [0, 1]; 0 for a conflicting pair."""
    prob = 1.0 / (1.0 + (pl.lit(2.0) ** -weight_expr()))
    return pl.when(conflict_expr()).then(0.0).otherwise(prob)


def score_pairs(
    features: pl.DataFrame,
    pairs: pl.DataFrame,
    with_reasons: bool = False,
    chunk: int = 1_000_000,
) -> pl.DataFrame:
    """``pairs`` (``a``, ``b`` row indices into ``features``) with ``kans`` (probability)
    and ``conflict``; with ``with_reasons`` also the level columns and ``redenen``.
    Works in chunks so that memory stays bounded for tens of millions of pairs."""
    out: list[pl.DataFrame] = []
    for start in range(0, max(pairs.height, 1), chunk):
        part = pairs.slice(start, chunk)
        levels = person_levels(
            features.select(pl.all().gather(part["a"])),
            features.select(pl.all().gather(part["b"])),
        )
        cols: list[pl.Expr] = [
            probability_expr().alias("kans"),
            conflict_expr().alias("conflict"),
        ]
        if with_reasons:
            cols += [pl.col(c) for c in COMPARISONS] + [reasons_expr().alias("redenen")]
        out.append(pl.concat([part, levels.select(cols)], how="horizontal"))
    return pl.concat(out)
