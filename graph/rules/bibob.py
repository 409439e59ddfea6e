"""bibob.*: rules on Bibob decisions and their parties (every signal here is Bibob-compartment)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl

from graph.config import Doorwerking, Financier, Stapelbestuurder, ZelfdeLocatie
from graph.edges import node_expr
from graph.net import Net
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


def link_pairs(net: Net, max_bewoners: int) -> pl.DataFrame:
    """Persons and organisations, linked by a Bibob role or by sharing a non-hub address
    (one link): one row (a, b) per link in each direction (node numbers `i` of the net).
    Addresses with more than `max_bewoners` parties link nobody."""
    e = net.links().filter(pl.col("in_u"))
    rol = e.filter(pl.col("relatie").is_in(list(ROL_RELATIES))).select(
        pl.col("ui").alias("a"), pl.col("vi").alias("b"))
    adres = net.nodes.filter(pl.col("soort") == "adres").select(pl.col("i").alias("vi"))
    partijen = (e.filter(pl.col("relatie").is_in(list(ADRES_RELATIES)))
                .join(adres, on="vi", how="semi")
                .select(pl.col("vi").alias("adres"), pl.col("ui").alias("partij")).unique())
    gedeeld = (partijen.join(partijen.group_by("adres").len()
                             .filter(pl.col("len").is_between(2, max_bewoners)), on="adres")
               .select("adres", "partij"))
    samen = (gedeeld.join(gedeeld, on="adres", suffix="_b")
             .filter(pl.col("partij") != pl.col("partij_b"))
             .select(pl.col("partij").alias("a"), pl.col("partij_b").alias("b")))
    return pl.concat([rol, rol.select(pl.col("b").alias("a"), pl.col("a").alias("b")), samen]
                     ).unique()


def within(links: pl.DataFrame, starts: pl.DataFrame, max_afstand: int) -> pl.DataFrame:
    """Breadth-first from every start node: (start, node, dist) for every node within
    `max_afstand` links of its start (the start itself at 0). `links`: (a, b) both ways;
    `starts`: column `start` (node numbers)."""
    reach = starts.select("start", pl.col("start").alias("node"),
                          pl.lit(0, dtype=pl.Int64).alias("dist"))
    frontier = reach
    for dist in range(1, max_afstand + 1):
        nxt = (frontier.join(links, left_on="node", right_on="a")
               .select("start", pl.col("b").alias("node")).unique()
               .join(reach, on=["start", "node"], how="anti")
               .with_columns(pl.lit(dist, dtype=pl.Int64).alias("dist")))
        if nxt.is_empty():
            break
        reach = pl.concat([reach, nxt])
        frontier = nxt
    return reach


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
    # bad node -> [(dossier ev, peildatum)]
    besmet: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for node, ev, dt in slecht.select("node", "ev", "peildatum").iter_rows():
        besmet[node].append((ev, dt))
    eid_of = dict(zip(bet["node"], bet["eid"], strict=True))
    nieuw_per_node: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for node, ev, dt in nieuw.select("node", "ev", "aanvraagdatum").iter_rows():
        nieuw_per_node[node].append((ev, dt))
    # every node within max_afstand links of a bad node (a node outside the graph: itself)
    nummers = ctx.net.nodes.select("i", "node")
    bad = pl.DataFrame({"bad": sorted(besmet)}, schema={"bad": pl.String})
    starts = bad.join(nummers.rename({"i": "start", "node": "bad"}), on="bad")
    reach = (within(link_pairs(ctx.net, t.max_bewoners_adres), starts.select("start"),
                    t.max_afstand)
             .join(nummers.rename({"i": "start", "node": "bad"}), on="start")
             .join(nummers.rename({"i": "node", "node": "naar"}), on="node")
             .select("bad", "naar", "dist"))
    _zone(ctx, reach, bad["bad"], t.max_afstand)
    buiten = bad.join(starts, on="bad", how="anti").select(
        "bad", pl.col("bad").alias("naar"), pl.lit(0, dtype=pl.Int64).alias("dist"))
    paren = pl.concat([reach, buiten]).filter(
        pl.col("naar").is_in(pl.Series(list(nieuw_per_node), dtype=pl.String).implode()))
    hits: dict[str, _Hit] = {}
    for bad_node, node, dist in paren.sort("bad", "naar").iter_rows():
        for ev_new, d_new in nieuw_per_node[node]:
            eerder = [ev for ev, dt in besmet[bad_node] if ev != ev_new and dt <= d_new]
            if not eerder:
                continue
            h = hits.setdefault(ev_new, _Hit(dist=t.max_afstand))
            h.near.add(eid_of[node])
            h.bad.add(eid_of[bad_node])
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


def _zone(ctx: Context, reach: pl.DataFrame, bad: pl.Series, max_afstand: int) -> None:
    """Into `ctx.cache["_zone"]`: the refused parties, the nodes closer than `max_afstand`
    links to one, and the addresses of those nodes (`graph.incremental`: a link change whose ends
    all lie outside cannot change the rule's result)."""
    near = reach.filter(pl.col("dist") < max_afstand)
    nummers = ctx.net.nodes.select("i", "node")
    dichtbij = nummers.join(near.select(pl.col("naar").alias("node")).unique(), on="node")
    adressen = (ctx.net.links().filter(pl.col("in_u")
                                       & pl.col("relatie").is_in(list(ADRES_RELATIES)))
                .join(dichtbij.select(pl.col("i").alias("ui")), on="ui", how="semi")
                .join(nummers.rename({"i": "vi"}), on="vi")["node"])
    zone: set[str] = ctx.cache.setdefault("_zone", set())
    zone.update(bad.to_list(), near["naar"].to_list(), adressen.to_list())


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
