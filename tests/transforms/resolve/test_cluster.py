"""Clustering: components against networkx (oracle), conflict splitting invariants."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import polars as pl
import pytest

from transforms.resolve.cluster import components, split_conflicting


def _random_graph(seed: int, n: int, m: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    a = [rng.randrange(n) for _ in range(m)]
    b = [rng.randrange(n) for _ in range(m)]
    return a, b


def _partition(labels: np.ndarray) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for node, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, set()).add(node)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(("n", "m"), [(1, 0), (10, 5), (200, 150), (500, 1200), (2000, 1000)])
def test_components_equal_networkx_on_random_graphs(seed: int, n: int, m: int) -> None:
    a, b = _random_graph(seed, n, m)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(a, b, strict=True))
    expected = {frozenset(c) for c in nx.connected_components(graph)}
    labels = components(n, np.array(a), np.array(b))
    assert _partition(labels) == expected
    # the label is the smallest node of the component
    for group in _partition(labels):
        assert all(labels[v] == min(group) for v in group)


def _edges(rows: list[tuple[int, int, float, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"a": pl.UInt32, "b": pl.UInt32, "kans": pl.Float64, "must": pl.Boolean},
        orient="row",
    )


def _pairs(rows: list[tuple[int, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"a": pl.UInt32, "b": pl.UInt32}, orient="row")


def test_split_keeps_an_ambiguous_mention_with_its_strongest_link_not_both_twins() -> None:
    """J. (1) links to twins Jan (0) and Joost (2), who conflict: two clusters, 1 with 0."""
    edges = _edges([(0, 1, 0.999, False), (1, 2, 0.99, False)])
    labels = components(3, edges["a"].to_numpy(), edges["b"].to_numpy())
    out = split_conflicting(labels, edges, _pairs([(0, 2)]), _pairs([]))
    assert out[0] == out[1] != out[2]


def test_must_link_overrides_soft_conflict_but_not_cannot_link() -> None:
    edges = _edges([(0, 1, 1.0, True), (1, 2, 1.0, True)])
    labels = components(3, edges["a"].to_numpy(), edges["b"].to_numpy())
    soft_only = split_conflicting(labels, edges, _pairs([(0, 1)]), _pairs([]))
    assert len(set(soft_only.tolist())) == 1
    hard = split_conflicting(labels, edges, _pairs([]), _pairs([(0, 2)]))
    assert hard[0] != hard[2]


@pytest.mark.parametrize("seed", range(8))
def test_split_never_leaves_a_conflict_inside_a_cluster(seed: int) -> None:
    rng = random.Random(seed)
    n = 60
    a, b = _random_graph(seed, n, 120)
    rows = [
        (min(x, y), max(x, y), rng.random(), False) for x, y in zip(a, b, strict=True) if x != y
    ]
    edges = _edges(rows)
    conflicts = _pairs([(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.02])
    labels = components(n, edges["a"].to_numpy(), edges["b"].to_numpy())
    out = split_conflicting(labels, edges, conflicts, _pairs([]))
    for x, y in conflicts.iter_rows():
        assert out[x] != out[y]
    # every new cluster lies inside one old component
    for group in _partition(out):
        assert len({int(labels[v]) for v in group}) == 1
