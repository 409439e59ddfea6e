"""Exports of the entity graph for analyst tools: FollowTheMoney (Aleph), GraphML and GEXF
(Gephi), a links CSV (i2 Analyst's Notebook). Bibob-derived edges are left out unless asked.

Every writer takes the export frames (`ExportGraph`, built by `export_graph(frames)` from the
polars frames the graph is built from) or, for callers that hold one, a networkx graph."""

from outputs.exports.compartment import compartment
from outputs.exports.frames import ExportGraph, export_graph, from_networkx
from outputs.exports.ftm import ftm_entities, write_ftm
from outputs.exports.graphfiles import write_gexf, write_graphml
from outputs.exports.links import link_rows, write_links_csv

__all__ = ["ExportGraph", "compartment", "export_graph", "from_networkx", "ftm_entities",
           "link_rows", "write_ftm", "write_gexf", "write_graphml", "write_links_csv"]
