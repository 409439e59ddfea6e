"""The picture of a signal's network neighbourhood: a server-side SVG, no scripts.

Nodes are the entities the user may see in the signal's evidence rows (the core entities
highlighted) and the rows themselves; an edge says "this entity is named in this row, in this
role". Entity nodes link to their entity page. All text is escaped.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import polars as pl
from markupsafe import Markup, escape

from review.data import DataCache
from review.evidence import mention_label
from review.scope import mentions_in_scope
from review.users import User

WIDTH, HEIGHT, MARGIN = 760, 440, 70
MAX_RECORDS = 24
COLOURS = {"persoon": "#2f6f9f", "organisatie": "#8a5a00", "adres": "#4d7a3a"}


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def neighbourhood_svg(cache: DataCache, user: User, signal: dict[str, Any]) -> Markup:
    core = set(signal["entity_ids"])
    records = [e for e in signal["evidence"] if ":" in e]
    mentions = cache.mentions()
    key = pl.concat_str([pl.col("register"), pl.col("record_id")], separator=":")
    found = mentions.filter(key.is_in(records) | pl.col("entity_id").is_in(list(core)))
    visible = mentions_in_scope(found, cache, user).with_columns(key.alias("_rec"))
    visible = visible.filter(pl.col("_rec").is_in(records))
    if visible.is_empty():
        return Markup('<p class="leeg">Geen netwerk om te tonen binnen uw bevoegdheid.</p>')
    with_core = visible.group_by("_rec").agg(pl.col("entity_id").is_in(list(core)).any()
                                             .alias("kern")).sort(["kern", "_rec"],
                                                                  descending=[True, False])
    keep = with_core.head(MAX_RECORDS).get_column("_rec").to_list()
    visible = visible.filter(pl.col("_rec").is_in(keep))

    graph: nx.Graph = nx.Graph()
    labels: dict[str, tuple[str, str]] = {}
    for row in visible.iter_rows(named=True):
        entity, record = row["entity_id"], "r:" + row["_rec"]
        labels.setdefault(entity, (mention_label(row), row["entity_type"]))
        graph.add_node(entity)
        graph.add_node(record)
        graph.add_edge(entity, record, role=row["role"])
    positions = nx.spring_layout(graph, seed=7, k=1.6 / max(1, len(graph) ** 0.5))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        return (MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
                MARGIN / 2 + (y - min(ys)) / span_y * (HEIGHT - MARGIN))

    parts = [f'<svg class="netwerk" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="Netwerk rond dit signaal" xmlns="http://www.w3.org/2000/svg">']
    for a, b in graph.edges():
        (x1, y1), (x2, y2) = place(a), place(b)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'class="rand"><title>{escape(graph.edges[a, b]["role"])}</title></line>')
    for node in graph.nodes:
        x, y = place(node)
        if node.startswith("r:"):
            record = node[2:]
            short = _short(record.partition(":")[2], 22)
            parts.append(f'<g class="rij"><rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" '
                         f'height="12" rx="2"/><title>Registerrij {escape(record)}</title>'
                         f'<text x="{x:.1f}" y="{y + 19:.1f}">{escape(short)}'
                         f'</text></g>')
            continue
        label, kind = labels[node]
        ring = ' class="kern"' if node in core else ""
        parts.append(
            f'<a href="/entiteiten/{escape(node)}"><g{ring}>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{11 if node in core else 8}" '
            f'fill="{COLOURS.get(kind, "#666")}"/><title>{escape(label)} ({escape(kind)})'
            f'</title><text x="{x:.1f}" y="{y - 15:.1f}">{escape(_short(label))}</text></g></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
