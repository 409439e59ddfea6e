"""The Bibob compartment: exports leave out Bibob-derived edges unless explicitly asked.

An edge counts as Bibob-derived when its `bibob` attribute is true, or (graphs without that
attribute) its `register` is `bibob`. A node whose every edge was Bibob-derived is left out
too: its presence alone would tell that it appears in a Bibob dossier (art. 28 Wet Bibob).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


def is_bibob(attrs: dict[str, Any]) -> bool:
    flag = attrs.get("bibob")
    return bool(flag) if flag is not None else attrs.get("register") == "bibob"


def compartment(g: nx.Graph, include_bibob: bool = False) -> nx.Graph:
    """A copy of `g` without Bibob-derived edges (and nodes only they held)."""
    out = g.copy()
    if include_bibob:
        return out
    drop = [e for e in (out.edges(keys=True, data=True) if out.is_multigraph()
                        else out.edges(data=True)) if is_bibob(e[-1])]
    touched = {n for e in drop for n in e[:2]}
    for e in drop:
        out.remove_edge(*e[:-1])
    out.remove_nodes_from([n for n in touched if out.degree(n) == 0])
    return out
