"""bibob.*: rules on Bibob decisions and their parties (every signal here is Bibob-compartment)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import Any

import networkx as nx
import polars as pl

from graph.build import no_gc, node_expr
from graph.config import Doorwerking, Financier, Stapelbestuurder, ZelfdeLocatie
from graph.rules._common import Context, empty_raw, raw
from transforms.schema import DAMOCLES_STATUS_TELT

ROL_RELATIES = ("bestuurder_van", "aandeelhouder_van", "vermogensverschaffer_van",
                "zakelijk_samenwerkingsverband_van", "leidinggevende_van")
ADRES_RELATIES = ("woont_op", "gevestigd_op", "eigenaar_van", "bewoner_van", "vraagt_aan",
                  "pandeigenaar_van")


def _maanden(n: int) -> timedelta:
    return timedelta(days=round(n * 365.25 / 12))


def _out(df: pl.DataFrame) -> pl.DataFrame:
    if df.is_empty():
        return empty_raw()
    return df.select("kern", "entity_ids", "evidence", "toelichting",
                     pl.col("score").cast(pl.Float64))


def link_graph(g: nx.MultiDiGraph, max_bewoners: int) -> nx.Graph:
    """Persons and organisations, linked by a Bibob role or by sharing a non-hub address
    (one link). Addresses with more than `max_bewoners` parties link nobody."""
    links = nx.Graph()
    per_adres: dict[str, set[str]] = defaultdict(set)
    nodes = g.nodes
    hubs = {n for n, hub in nodes(data="hub") if hub}
    rollen, adressen = set(ROL_RELATIES), set(ADRES_RELATIES)
    with no_gc():
        _links(g, hubs, rollen, adressen, links, per_adres)
    for partijen in per_adres.values():
        if 2 <= len(partijen) <= max_bewoners:
            links.add_edges_from(combinations(sorted(partijen), 2))
    return links


def _links(g: nx.MultiDiGraph, hubs: set[str], rollen: set[str], adressen: set[str],
           links: nx.Graph, per_adres: dict[str, set[str]]) -> None:
    nodes = g.nodes
    for u, nbrs in g.adj.items():  # adjacency dicts: much faster than g.edges(keys=True)
        if u in hubs:
            continue
        for v, relaties in nbrs.items():
            if v in hubs:
                continue
            if not rollen.isdisjoint(relaties):
                links.add_edge(u, v)
            if not adressen.isdisjoint(relaties) and nodes[v].get("soort") == "adres":
                per_adres[v].add(u)


@dataclass
class _Hit:
    dist: int
    near: set[str] = field(default_factory=set)
    bad: set[str] = field(default_factory=set)
    ev: set[str] = field(default_factory=set)


def doorwerking(ctx: Context, t: Doorwerking) -> pl.DataFrame:
    """A party of a new application near a party of a refused / ernstige_mate dossier."""
    bet = ctx.frames.betrokkenen.filter(pl.col("eid").is_not_null()).with_columns(
        node_expr("eid", "eid_etype").alias("node"),
        pl.coalesce("besluitdatum", "aanvraagdatum").alias("peildatum"))
    slecht = bet.filter((pl.col("besluit") == "geweigerd")
                        | (pl.col("mate_van_gevaar") == "ernstige_mate"))
    if slecht.is_empty():
        return empty_raw()
    nieuw = bet.filter(pl.col("aanvraagdatum") >= ctx.as_of - _maanden(t.venster_maanden))
    links = link_graph(ctx.graph, t.max_bewoners_adres)
    # bad node -> [(dossier ev, peildatum)]
    besmet: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for node, ev, dt in slecht.select("node", "ev", "peildatum").iter_rows():
        besmet[node].append((ev, dt))
    eid_of = dict(zip(bet["node"], bet["eid"], strict=True))
    nieuw_per_node: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for node, ev, dt in nieuw.select("node", "ev", "aanvraagdatum").iter_rows():
        nieuw_per_node[node].append((ev, dt))
    hits: dict[str, _Hit] = {}
    for bad in sorted(besmet):
        if bad in links:
            afstand = nx.single_source_shortest_path_length(links, bad, cutoff=t.max_afstand)
        else:
            afstand = {bad: 0}
        for node, dist in afstand.items():
            for ev_new, d_new in nieuw_per_node.get(node, []):
                eerder = [ev for ev, dt in besmet[bad] if ev != ev_new and dt <= d_new]
                if not eerder:
                    continue
                h = hits.setdefault(ev_new, _Hit(dist=t.max_afstand))
                h.near.add(eid_of[node])
                h.bad.add(eid_of[bad])
                h.ev.update([ev_new, *eerder])
                h.dist = min(h.dist, dist)
    rows: list[dict[str, Any]] = []
    for ev_new in sorted(hits):
        h = hits[ev_new]
        kern = sorted(h.near | h.bad)
        rows.append({
            "kern": kern, "entity_ids": kern, "evidence": sorted(h.ev),
            "toelichting": (
                f"{len(h.near)} betrokkene(n) bij een nieuwe aanvraag sta(an) op {h.dist} "
                f"schakel(s) van {len(h.bad)} betrokkene(n) bij {len(h.ev) - 1} eerder(e) "
                f"dossier(s) met weigering of ernstige mate van gevaar (drempel "
                f"{t.max_afstand} schakels; nieuwe aanvraag binnen {t.venster_maanden} "
                f"maanden)."),
            "score": 1.0 - 0.25 * h.dist,
        })
    return raw(rows)


def zelfde_locatie(ctx: Context, t: ZelfdeLocatie) -> pl.DataFrame:
    """A new application at an address with a recent refusal, withdrawal or 13b closure."""
    w = _maanden(t.venster_maanden)
    dos = ctx.frames.dossiers.filter(pl.col("locatie").is_not_null())
    prior = pl.concat([
        dos.filter(pl.col("besluit").is_in(["geweigerd", "ingetrokken"])).select(
            pl.col("locatie").alias("adres"), pl.col("ev").alias("ev_p"),
            pl.coalesce("besluitdatum", "aanvraagdatum").alias("p"),
            pl.format("Bibob-{}", "besluit").alias("wat")),
        ctx.frames.damocles.filter(
            pl.col("pand").is_not_null() & (pl.col("maatregel") == "sluiting")
            & pl.col("status").is_in(list(DAMOCLES_STATUS_TELT))).select(
            pl.col("pand").alias("adres"), pl.col("ev").alias("ev_p"),
            pl.coalesce("ingangsdatum", "datum_besluit", "datum_constatering").alias("p"),
            pl.lit("13b-sluiting").alias("wat")),
    ]).filter(pl.col("p") >= ctx.as_of - w)
    nieuw = dos.filter(pl.col("aanvraagdatum") >= ctx.as_of - w).select(
        pl.col("locatie").alias("adres"), "ev", "aanvraagdatum", "aanvrager")
    j = nieuw.join(prior, on="adres").filter(
        (pl.col("ev") != pl.col("ev_p")) & (pl.col("p") <= pl.col("aanvraagdatum"))
        & (pl.col("aanvraagdatum") - pl.col("p") <= w))
    per = j.group_by("ev").agg(pl.col("adres").first(), pl.col("aanvrager").first(),
                               pl.col("ev_p").unique(), pl.col("wat").unique().sort()).sort("ev")
    return _out(per.with_columns(
        pl.concat_list(pl.col("adres"), pl.col("aanvrager")).list.drop_nulls().alias("kern"),
        pl.concat_list(pl.col("adres"), pl.col("aanvrager")).list.drop_nulls()
        .alias("entity_ids"),
        pl.concat_list(pl.col("ev"), pl.col("ev_p")).alias("evidence"),
        pl.format("Nieuwe aanvraag op een adres met {} eerdere maatregel(en) ({}) in de "
                  "{} maanden ervoor.", pl.col("ev_p").list.len(), pl.col("wat").list.join(", "),
                  pl.lit(t.venster_maanden)).alias("toelichting"),
        (0.6 + 0.2 * pl.col("ev_p").list.len()).alias("score")))


def financier(ctx: Context, t: Financier) -> pl.DataFrame:
    """The financier (vermogensverschaffer) is a private person or a foreign legal entity."""
    b = ctx.frames.betrokkenen.filter(
        (pl.col("rol") == "vermogensverschaffer") & pl.col("eid").is_not_null()).with_columns(
        pl.when(pl.col("soort") == "persoon").then(pl.lit("een privépersoon"))
        .when(pl.col("land").is_not_null() & (pl.col("land") != t.binnenland))
        .then(pl.format("een buitenlandse rechtspersoon ({})", "land")).alias("wat"))
    b = b.filter(pl.col("wat").is_not_null())
    per = (b.group_by("eid", "dossier_aanvrager")
           .agg(pl.col("ev").unique(), pl.col("wat").first(), pl.col("aandeel_pct").max())
           .sort("eid", "dossier_aanvrager"))
    aandeel = pl.when(pl.col("aandeel_pct").is_not_null()).then(
        pl.format(" met een aandeel van {}%", pl.col("aandeel_pct").round(1))).otherwise(
        pl.lit(""))
    return _out(per.with_columns(
        pl.concat_list("eid", "dossier_aanvrager").list.drop_nulls().alias("kern"),
        pl.concat_list("eid", "dossier_aanvrager").list.drop_nulls().alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Vermogensverschaffer is {}{}, in {} dossier(s).", "wat", aandeel,
                  pl.col("ev").list.len()).alias("toelichting"),
        pl.when(pl.col("wat").str.contains("buitenlandse")).then(0.7).otherwise(0.6)
        .alias("score")))


def stapelbestuurder(ctx: Context, t: Stapelbestuurder) -> pl.DataFrame:
    """One person a party in many dossiers or organisations within the window."""
    b = ctx.frames.betrokkenen.filter(
        (pl.col("eid_etype") == "persoon") & pl.col("eid").is_not_null()
        & (pl.col("aanvraagdatum") >= ctx.as_of - _maanden(t.venster_maanden)))
    org = pl.col("dossier_aanvrager").filter(pl.col("dossier_aanvrager_etype") == "organisatie")
    per = (b.group_by("eid")
           .agg(pl.col("ev").unique(), pl.col("dossiernummer").n_unique().alias("dossiers"),
                org.drop_nulls().n_unique().alias("orgs"), pl.col("rol").unique().sort())
           .filter((pl.col("dossiers") >= t.min_dossiers) | (pl.col("orgs") >= t.min_dossiers))
           .sort("eid"))
    return _out(per.with_columns(
        pl.concat_list("eid").alias("kern"), pl.concat_list("eid").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Persoon is betrokkene bij {} dossiers en {} organisaties binnen {} maanden "
                  "(drempel {}); rollen: {}.", "dossiers", "orgs", pl.lit(t.venster_maanden),
                  pl.lit(t.min_dossiers), pl.col("rol").list.join(", ")).alias("toelichting"),
        (pl.max_horizontal("dossiers", "orgs") / (2 * t.min_dossiers)).alias("score")))
