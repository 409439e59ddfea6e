"""Clustering that does not chain a household or twins into one person.

1. :func:`components`: connected components over the strong edges only (vectorised label
   propagation with pointer jumping; checked against networkx in the tests).
2. :func:`split_conflicting`: a component that contains two mentions in conflict (clearly
   different birth dates or first names, or an analyst's cannot-link) is rebuilt greedily:
   edges from strongest to weakest, two groups joined only when no member of the one
   conflicts with a member of the other. Must-link edges come first and only yield to a
   cannot-link. A component without conflicts stays whole.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt
import polars as pl

Labels = npt.NDArray[np.int64]


def components(n: int, a: npt.ArrayLike, b: npt.ArrayLike) -> Labels:
    """Component label per node ``0..n-1`` (the smallest node index of its component)."""
    labels: Labels = np.arange(n, dtype=np.int64)
    src = np.asarray(a, dtype=np.int64)
    dst = np.asarray(b, dtype=np.int64)
    if src.size == 0:
        return labels
    while True:
        low = np.minimum(labels[src], labels[dst])
        before = labels.copy()
        np.minimum.at(labels, src, low)
        np.minimum.at(labels, dst, low)
        # hook roots onto the smaller label, then jump pointers to the root
        np.minimum.at(labels, before[src], low)
        np.minimum.at(labels, before[dst], low)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


class _Groups:
    """Union-find whose groups remember their members (for conflict checks)."""

    def __init__(self, nodes: list[int]) -> None:
        self.parent = {v: v for v in nodes}
        self.members: dict[int, set[int]] = {v: {v} for v in nodes}

    def find(self, v: int) -> int:
        root = v
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[v] != root:
            self.parent[v], v = root, self.parent[v]
        return root

    def clash(self, ra: int, rb: int, conflicts: dict[int, set[int]]) -> bool:
        small, large = sorted((self.members[ra], self.members[rb]), key=len)
        return any(conflicts.get(m, set()) & large for m in small)

    def union(self, ra: int, rb: int) -> None:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)


def _adjacency(pairs: pl.DataFrame) -> dict[int, set[int]]:
    adj: dict[int, set[int]] = defaultdict(set)
    for x, y in pairs.select("a", "b").iter_rows():
        adj[x].add(y)
        adj[y].add(x)
    return adj


def split_conflicting(
    labels: Labels,
    edges: pl.DataFrame,
    soft: pl.DataFrame,
    hard: pl.DataFrame,
) -> Labels:
    """Split every component of ``labels`` that holds a conflicting pair.

    ``edges``: ``a, b, kans, must`` (the strong and must-link edges); ``soft``: ``a, b``
    pairs in automatic conflict; ``hard``: ``a, b`` cannot-link pairs. Returns new labels
    (a split-off group is labelled by its smallest node).
    """
    lab = pl.Series(labels)
    bad: set[int] = set()
    for frame in (soft, hard):
        if frame.height:
            la = lab.gather(frame["a"])
            lb = lab.gather(frame["b"])
            bad |= set(la.filter(la == lb).to_list())
    if not bad:
        return labels
    out = labels.copy()
    soft_adj = _adjacency(soft.filter(lab.gather(soft["a"]).is_in(list(bad))))
    hard_adj = _adjacency(hard.filter(lab.gather(hard["a"]).is_in(list(bad))))
    both_adj: dict[int, set[int]] = defaultdict(set)
    for adj in (soft_adj, hard_adj):
        for k, v in adj.items():
            both_adj[k] |= v
    sub = (
        edges.with_columns(lab.gather(edges["a"]).alias("_c"))
        .filter(pl.col("_c").is_in(list(bad)))
        .sort(["_c", "must", "kans", "a", "b"], descending=[False, True, True, False, False])
    )
    nodes = np.flatnonzero(np.isin(labels, np.fromiter(bad, dtype=np.int64)))
    groups = _Groups([int(v) for v in nodes])
    for x, y, must in sub.select("a", "b", "must").iter_rows():
        ra, rb = groups.find(x), groups.find(y)
        if ra == rb:
            continue
        if groups.clash(ra, rb, hard_adj if must else both_adj):
            continue
        groups.union(ra, rb)
    for members in groups.members.values():
        low = min(members)
        for m in members:
            out[m] = low
    return out
