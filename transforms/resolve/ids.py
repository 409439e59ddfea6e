"""Stable entity ids across runs (outputs.md: signals and decisions hang on them).

Given this run's clusters and the previous run's ``mention_id -> entity_id`` mapping:
- an entity keeps its id while any of its mentions remains;
- when entities merge, the oldest id survives (lowest ``generation``: the run number in which
  the id was first issued; ties go to the id holding most of the cluster, then the smallest
  id);
- when an entity splits, the largest part keeps its id (ties: the part with the smallest
  mention_id); the other parts get new ids;
- a new id is ``<prefix>-`` + 12 hex of the SHA-256 of the cluster's smallest mention_id,
  re-salted on a clash with any id in use or issued before, so it is deterministic.

``generation`` travels with the mapping: carry the returned frame into the next run.
"""

from __future__ import annotations

import hashlib

import polars as pl

MAPPING_SCHEMA = {"mention_id": pl.String, "entity_id": pl.String, "generation": pl.Int64}


def new_id(prefix: str, mention_id: str, taken: set[str]) -> str:
    """The deterministic fresh id of a cluster whose smallest mention is ``mention_id``."""
    salt = 0
    while True:
        text = mention_id if salt == 0 else f"{mention_id}#{salt}"
        candidate = f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"
        if candidate not in taken:
            return candidate
        salt += 1


def _last_generation(mapping: pl.DataFrame) -> int:
    """The highest generation of a mapping (missing = 0); -1 for none."""
    if mapping.height == 0:
        return -1
    if "generation" not in mapping.columns:
        return 0
    return int(mapping["generation"].cast(pl.Int64).fill_null(0).max())  # type: ignore[arg-type]


def assign_ids(
    clusters: pl.DataFrame,
    previous: pl.DataFrame | None,
    prefix: str,
    issued: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``mention_id, entity_id, generation`` for every row of ``clusters``
    (``mention_id``, ``cluster``: any label shared by the mentions of one entity).

    ``previous``: ``mention_id, entity_id`` and optionally ``generation`` (missing = 0).
    ``issued``: the whole previous mapping when ``previous`` is only the part of it with the
    mentions of ``clusters`` (the same result; new ids still differ from every id issued,
    and the generation follows the last one)."""
    cl = clusters.select(pl.col("mention_id").cast(pl.String), pl.col("cluster"))
    firsts = cl.group_by("cluster").agg(
        pl.col("mention_id").min().alias("_first"), pl.len().alias("_size")
    )
    if previous is None or previous.height == 0:
        prev = pl.DataFrame(schema=MAPPING_SCHEMA)
    else:
        prev = previous.select(
            pl.col("mention_id").cast(pl.String),
            pl.col("entity_id").cast(pl.String),
            (
                pl.col("generation").cast(pl.Int64)
                if "generation" in previous.columns
                else pl.lit(0, dtype=pl.Int64)
            )
            .fill_null(0)
            .alias("generation"),
        )
    everyone = prev if issued is None else issued
    this_gen = _last_generation(everyone) + 1
    # candidates: (cluster, old id) with how many of the cluster's mentions held that id
    cand = (
        cl.join(prev, on="mention_id", how="inner")
        .group_by("cluster", "entity_id")
        .agg(pl.len().alias("_n"), pl.col("generation").min())
        .join(firsts, on="cluster")
        .sort(["generation", "_n", "_first", "entity_id"], descending=[False, True, False, False])
    )
    chosen: dict[object, tuple[str, int]] = {}
    used: set[str] = set()
    for cluster, entity_id, _n, gen, _first, _size in cand.iter_rows():
        if cluster in chosen or entity_id in used:
            continue
        chosen[cluster] = (entity_id, gen)
        used.add(entity_id)
    # every id chosen is a previous one: the ids taken are the previous ones
    kept_clusters = pl.Series("cluster", list(chosen), dtype=cl["cluster"].dtype)
    fresh = firsts.filter(~pl.col("cluster").is_in(kept_clusters.implode())).sort("_first")
    # the unsalted candidate of every new cluster at once; only clashes go one by one
    candidates = [
        f"{prefix}-{hashlib.sha256(m.encode('utf-8')).hexdigest()[:12]}"
        for m in fresh["_first"].to_list()
    ]
    cand_s = pl.Series("entity_id", candidates, dtype=pl.String)
    known = everyone["entity_id"].cast(pl.String) if everyone.height else pl.Series(
        "entity_id", [], dtype=pl.String)
    # the ids in use among the candidates (the few candidates hashed, not all ids)
    in_use = known.filter(known.is_in(cand_s.implode()))
    clash = cand_s.is_in(in_use.implode()) | cand_s.is_duplicated()
    if clash.any():
        taken = set(known.to_list()) | set(cand_s.filter(~clash).to_list())
        firsts_list = fresh["_first"].to_list()
        for i in clash.arg_true().to_list():
            candidates[i] = new_id(prefix, firsts_list[i], taken)
            taken.add(candidates[i])
    kept = list(chosen.items())
    assigned = pl.DataFrame(
        {
            "cluster": pl.concat(
                [pl.Series([c for c, _ in kept], dtype=cl["cluster"].dtype), fresh["cluster"]]
            ),
            "entity_id": pl.Series([e for _, (e, _) in kept] + candidates, dtype=pl.String),
            "generation": pl.Series(
                [g for _, (_, g) in kept] + [this_gen] * fresh.height, dtype=pl.Int64
            ),
        }
    )
    return cl.join(assigned, on="cluster", how="left", maintain_order="left").select(
        "mention_id", "entity_id", "generation"
    )
