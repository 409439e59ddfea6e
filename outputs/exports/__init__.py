"""Exports of the entity graph for analyst tools: FollowTheMoney (Aleph), GraphML and GEXF
(Gephi), a links CSV (i2 Analyst's Notebook). Bibob-derived edges are left out unless asked."""

from outputs.exports.compartment import compartment
from outputs.exports.ftm import ftm_entities, write_ftm
from outputs.exports.graphfiles import flat_graph, write_gexf, write_graphml
from outputs.exports.links import link_rows, write_links_csv

__all__ = ["compartment", "flat_graph", "ftm_entities", "link_rows", "write_ftm", "write_gexf",
           "write_graphml", "write_links_csv"]
