"""damocles.*: rules on art. 13b Opiumwet measures. Only statuses that count are measures
(not `voorgenomen`, not `vernietigd`: transforms.schema.DAMOCLES_STATUS_TELT)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from graph.config import AdresHerhaling, EigenaarHerhaling, ProductieBuitengebied
from graph.rules._common import Context, empty_raw
from transforms.schema import DAMOCLES_STATUS_TELT


def maatregelen(ctx: Context) -> pl.DataFrame:
    """Damocles rows that are measures, with a known premises."""
    return ctx.frames.damocles.filter(
        pl.col("status").is_in(list(DAMOCLES_STATUS_TELT)) & pl.col("pand").is_not_null())


def _out(df: pl.DataFrame) -> pl.DataFrame:
    if df.is_empty():
        return empty_raw()
    return df.select("kern", "entity_ids", "evidence", "toelichting",
                     pl.col("score").cast(pl.Float64))


def eigenaar_herhaling(ctx: Context, t: EigenaarHerhaling) -> pl.DataFrame:
    """One owner linked to several premises with measures within the window."""
    van = ctx.as_of - timedelta(days=round(365.25 * t.venster_jaren))
    d = maatregelen(ctx).filter(pl.col("eigenaar").is_not_null()
                                & (pl.col("datum_constatering") >= van))
    per = (d.group_by("eigenaar")
           .agg(pl.col("ev"), pl.col("pand").unique().sort().alias("panden"))
           .filter(pl.col("panden").list.len() >= t.min_panden).sort("eigenaar"))
    return _out(per.with_columns(
        pl.concat_list("eigenaar").alias("kern"),
        pl.concat_list("eigenaar", "panden").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Eigenaar is gekoppeld aan {} panden met een 13b-maatregel in {} jaar "
                  "(drempel {}; {} maatregelen).", pl.col("panden").list.len(),
                  pl.lit(t.venster_jaren), pl.lit(t.min_panden), pl.col("ev").list.len())
        .alias("toelichting"),
        (0.5 + 0.2 * (pl.col("panden").list.len() - 1)).alias("score")))


def adres_herhaling(ctx: Context, t: AdresHerhaling) -> pl.DataFrame:
    """A second finding at the same premises (two measures, or one marked as a repeat)."""
    per = (maatregelen(ctx).group_by("pand")
           .agg(pl.col("ev"), pl.len().alias("n"),
                pl.col("herhaling").max().fill_null(1).alias("herhaling"))
           .filter((pl.col("n") >= t.min_bevindingen) | (pl.col("herhaling") >= t.min_bevindingen))
           .sort("pand"))
    return _out(per.with_columns(
        pl.concat_list("pand").alias("kern"), pl.concat_list("pand").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("{} 13b-maatregelen op dit adres, hoogste herhaling {} (drempel {}).",
                  "n", "herhaling", pl.lit(t.min_bevindingen)).alias("toelichting"),
        (0.4 + 0.2 * pl.max_horizontal("n", "herhaling")).alias("score")))


def productie_buitengebied(ctx: Context, t: ProductieBuitengebied) -> pl.DataFrame:
    """A measure on ground 13b_b, or on an agricultural or business premises."""
    d = maatregelen(ctx).filter(pl.col("grondslag").is_in(list(t.grondslagen))
                                | pl.col("pand_type").is_in(list(t.pandtypen)))
    per = (d.group_by("pand")
           .agg(pl.col("ev"), pl.col("grondslag").unique().sort(),
                pl.col("pand_type").unique().sort(), pl.col("middel").unique().sort())
           .sort("pand"))
    return _out(per.with_columns(
        pl.concat_list("pand").alias("kern"), pl.concat_list("pand").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("{} 13b-maatregel(en): grondslag {}, pand {}, middel {} (let op: {} of pand "
                  "{}).", pl.col("ev").list.len(), pl.col("grondslag").list.join("/"),
                  pl.col("pand_type").list.join("/"), pl.col("middel").list.join("/"),
                  pl.lit("/".join(t.grondslagen)), pl.lit("/".join(t.pandtypen)))
        .alias("toelichting"),
        (0.5 + 0.1 * pl.col("ev").list.len()).alias("score")))
