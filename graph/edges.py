"""The entity graph's nodes and edges as polars frames (no networkx: the rules' path).

`edge_frame` gives one row per relation per register row, `node_frame` one row per entity;
`graph.build` aggregates them into the networkx graph, `graph.net` into the rules' `Net`, and
`outputs.exports.frames` into the export graph. Node ids: `node_expr` / `node_id` (see
`graph.build` for the relations and attributes).
"""

from __future__ import annotations

import polars as pl

from graph.frames import Frames

EDGE_COLUMNS = ("u", "u_type", "v", "v_type", "relatie", "register", "ev", "datum")


def node_expr(eid: str, etype: str) -> pl.Expr:
    """Typed node id from an entity id column and its entity type column."""
    prefix = pl.concat_str(pl.col(etype), pl.lit(":"))
    return (pl.when(pl.col(eid).str.starts_with(prefix)).then(pl.col(eid))
            .otherwise(pl.concat_str(prefix, pl.col(eid))))


def node_id(entity_type: str, entity_id: str) -> str:
    prefix = f"{entity_type}:"
    return entity_id if entity_id.startswith(prefix) else prefix + entity_id


def _e(df: pl.DataFrame, u: str, v: str, relatie: str | pl.Expr, register: str,
       datum: str, v_type: str | None = None) -> pl.LazyFrame:
    # lazy: the filter reads and keeps only the selected columns (eager, it would copy every
    # column of the register's rows first)
    rel = pl.lit(relatie) if isinstance(relatie, str) else relatie
    return df.lazy().filter(pl.col(u).is_not_null() & pl.col(v).is_not_null()).select(
        pl.col(u).alias("u"), pl.col(f"{u}_etype").alias("u_type"), pl.col(v).alias("v"),
        (pl.col(f"{v}_etype") if v_type is None else pl.lit(v_type)).alias("v_type"),
        rel.alias("relatie"), pl.lit(register).alias("register"), "ev",
        pl.col(datum).alias("datum"),
    )


def _woont(df: pl.DataFrame, u: str, adres: str, register: str, datum: str) -> pl.LazyFrame:
    rel = pl.when(pl.col(f"{u}_etype") == "organisatie").then(pl.lit("gevestigd_op")) \
        .otherwise(pl.lit("woont_op"))
    return _e(df, u, adres, rel, register, datum, v_type="adres")


def edge_frame(f: Frames) -> pl.DataFrame:
    """One row per relation per register row (not yet aggregated)."""
    bet = f.betrokkenen.with_columns(
        pl.lit("adres").alias("locatie_etype"),
        pl.concat_str(pl.col("rol"), pl.lit("_van")).alias("relatie"),
    )
    dossiers = f.dossiers.with_columns(pl.lit("adres").alias("locatie_etype"))
    partij = bet.filter(pl.col("rol").is_in(["aanvrager", "pandeigenaar"]).not_())
    parts = [
        _e(f.dor, "verkoper", "opkoper", "verkocht_aan", "dor", "datum_verkrijging"),
        _woont(f.dor, "verkoper", "verkoper_adres", "dor", "datum_verkrijging"),
        _woont(f.dor, "opkoper", "opkoper_adres", "dor", "datum_verkrijging"),
        _e(f.nacht, "gast", "logies", "verbleef_bij", "nachtregister", "aankomst"),
        _woont(f.nacht, "gast", "gast_adres", "nachtregister", "aankomst"),
        _woont(f.nacht, "logies", "logies_adres", "nachtregister", "aankomst"),
        _e(f.damocles, "eigenaar", "pand", "eigenaar_van", "damocles", "datum_constatering",
           v_type="adres"),
        _e(f.damocles, "bewoner", "pand", "bewoner_van", "damocles", "datum_constatering",
           v_type="adres"),
        _woont(f.damocles, "eigenaar", "eigenaar_adres", "damocles", "datum_constatering"),
        _e(dossiers, "aanvrager", "locatie", "vraagt_aan", "bibob", "aanvraagdatum"),
        _e(partij.rename({"eid": "partij", "eid_etype": "partij_etype"}), "partij",
           "dossier_aanvrager", pl.col("relatie"), "bibob", "aanvraagdatum"),
        _e(bet.filter(pl.col("rol") == "pandeigenaar")
           .rename({"eid": "partij", "eid_etype": "partij_etype"}),
           "partij", "locatie", "pandeigenaar_van", "bibob", "aanvraagdatum"),
        _woont(bet.rename({"eid": "partij", "eid_etype": "partij_etype"}), "partij", "adres",
               "bibob", "aanvraagdatum"),
    ]
    edges = pl.concat([p.select(EDGE_COLUMNS) for p in parts], how="vertical_relaxed")
    # an entity is never its own relation (e.g. the applicant also listed as its own director)
    return edges.filter(pl.col("u") != pl.col("v")).collect()


def node_frame(f: Frames) -> pl.DataFrame:
    """One row per entity: node id, soort, entity_id, gemeentecodes, hub."""
    m = f.mentions.join(f.index.select("ev", "gemeentecode"), on="ev", how="left")
    return (
        m.group_by("entity_type", "entity_id")
        .agg(pl.col("gemeentecode").drop_nulls().unique().sort().alias("gemeentecodes"))
        .with_columns(node_expr("entity_id", "entity_type").alias("node"),
                      pl.col("entity_id").is_in(list(f.hubs)).alias("hub"))
        .sort("node")
    )
