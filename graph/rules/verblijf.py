"""verblijf.*: rules on the nachtregister (guest registers of hotels, campsites, parks)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from graph.config import Groepshuisvesting, Langdurig, Parkhoppen, Registratiekwaliteit
from graph.frames import kvk_digits
from graph.rules._common import Context, empty_raw, flat


def _maanden(n: int) -> timedelta:
    return timedelta(days=round(n * 365.25 / 12))


def eind(as_of: date) -> pl.Expr:
    """The last night a booking documents: its vertrek, else (departure not yet registered)
    the delivery date of the row — the host reported the guest as present then, not since —
    never after `as_of`. Without a delivery date an open booking documents its arrival only."""
    bekend = pl.coalesce("vertrek", "_delivery_date", "aankomst")
    return pl.min_horizontal(pl.max_horizontal(bekend, "aankomst"), pl.lit(as_of))


def _eind(ctx: Context) -> pl.Expr:
    return eind(ctx.as_of)


def unit() -> pl.Expr:
    """groepshuisvesting's unit: the host and its accommodation's name (case and spacing
    ignored); null without either."""
    return pl.concat_str("logies", pl.lit("|"),
                         pl.col("accommodatie").str.to_lowercase().str.replace_all(r"\s+", " ")
                         .str.strip_chars())


def _nacht(ctx: Context) -> pl.DataFrame:
    n = ctx.frames.nacht
    if "_delivery_date" not in n.columns:
        n = n.with_columns(pl.lit(None, dtype=pl.Date).alias("_delivery_date"))
    return n


def _out(df: pl.DataFrame) -> pl.DataFrame:
    if df.is_empty():
        return empty_raw()
    return df.select("kern", "entity_ids", "evidence", "toelichting",
                     pl.col("score").cast(pl.Float64))


def langdurig(ctx: Context, t: Langdurig) -> pl.DataFrame:
    """≥min_nachten nights in the window at one host, or a chain of back-to-back bookings."""
    w0 = ctx.as_of - _maanden(t.venster_maanden)
    d = (_nacht(ctx).filter(pl.col("gast").is_not_null() & pl.col("logies").is_not_null())
         .with_columns(_eind(ctx).alias("eind"))
         .filter(pl.col("eind") >= w0)
         .with_columns(
             (pl.min_horizontal("eind", pl.lit(ctx.as_of))
              - pl.max_horizontal("aankomst", pl.lit(w0))).dt.total_days().clip(0)
             .alias("nachten")))
    # a pair with too few nights and too few bookings for a chain cannot count
    kans = (d.group_by("gast", "logies")
            .agg(pl.col("nachten").sum().alias("n"), pl.len().alias("boekingen"))
            .filter((pl.col("n") >= t.min_nachten)
                    | (pl.col("boekingen") >= t.min_aaneengesloten)))
    d = d.join(kans.select("gast", "logies"), on=["gast", "logies"], how="semi") \
        .sort("gast", "logies", "aankomst")
    if d.is_empty():
        return empty_raw()
    # chains of back-to-back bookings: sorted rows, a new chain where the pair changes or
    # the gap since the previous departure is too long (no window functions: many groups)
    nieuw_paar = (pl.col("gast") != pl.col("gast").shift(1)) | (
        pl.col("logies") != pl.col("logies").shift(1))
    gap = pl.col("aankomst") - pl.col("eind").shift(1)
    d = d.with_columns(
        (nieuw_paar.fill_null(True) | gap.is_null()
         | (gap > timedelta(days=t.max_tussenpoos_dagen))).cum_sum().alias("reeks"))
    d = d.join(d.group_by("reeks").agg(pl.len().alias("reekslengte")), on="reeks")
    per = (d.group_by("gast", "logies")
           .agg(pl.col("ev"), pl.col("nachten").sum(), pl.col("reekslengte").max(),
                pl.col("ev").filter(pl.col("reekslengte") >= t.min_aaneengesloten)
                .alias("ev_reeks"))
           .filter((pl.col("nachten") >= t.min_nachten)
                   | (pl.col("reekslengte") >= t.min_aaneengesloten))
           .sort("gast", "logies"))
    return _out(per.with_columns(
        pl.concat_list("gast", "logies").alias("kern"),
        pl.concat_list("gast", "logies").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Gast verbleef {} nachten in {} maanden bij één logiesverstrekker (drempel {}); "
                  "langste reeks aansluitende boekingen: {} (drempel {}).",
                  "nachten", pl.lit(t.venster_maanden), pl.lit(t.min_nachten), "reekslengte",
                  pl.lit(t.min_aaneengesloten)).alias("toelichting"),
        pl.max_horizontal(pl.col("nachten") / (2 * t.min_nachten),
                          pl.col("reekslengte") / (2 * t.min_aaneengesloten)).alias("score")))


def groepshuisvesting(ctx: Context, t: Groepshuisvesting) -> pl.DataFrame:
    """Bookings in one unit overlapping ≥min_overlap_dagen, many persons, mostly one country."""
    d = (_nacht(ctx)
         .filter(pl.col("logies").is_not_null() & pl.col("accommodatie").is_not_null())
         .with_columns(
             unit().alias("unit"),
             _eind(ctx).alias("eind"),
             pl.coalesce("gast_nationaliteit", "gast_land").alias("land"),
             pl.col("aantal_personen").fill_null(1).alias("pers"))
         .filter((pl.col("eind") - pl.col("aankomst")).dt.total_days() >= t.min_overlap_dagen)
         .select("unit", "logies", "accommodatie", "gast", "ev", "aankomst", "eind", "land",
                 "pers"))
    if d.is_empty():
        return empty_raw()
    j = d.join(d, on="unit", suffix="_b").filter(
        (pl.min_horizontal("eind", "eind_b") - pl.max_horizontal("aankomst", "aankomst_b"))
        .dt.total_days() >= t.min_overlap_dagen)
    groups = j.group_by("unit", "ev").agg(
        pl.col("ev_b").alias("leden"), pl.col("pers_b").sum().alias("personen"),
        pl.col("pers_b").filter(pl.col("land_b").is_not_null()).sum().alias("bekend"),
        pl.col("land_b"), pl.col("pers_b"), pl.col("gast_b").drop_nulls().alias("gasten"))
    groups = groups.filter((pl.col("leden").list.len() >= t.min_boekingen)
                           & (pl.col("personen") >= t.min_personen))
    if groups.is_empty():
        return empty_raw()
    top = (groups.select("unit", "ev", "land_b", "pers_b").explode("land_b", "pers_b")
           .drop_nulls("land_b").group_by("unit", "ev", "land_b").agg(pl.col("pers_b").sum())
           .sort("pers_b", "land_b", descending=[True, False])
           .unique(["unit", "ev"], keep="first").rename({"land_b": "land", "pers_b": "top"}))
    groups = groups.join(top, on=["unit", "ev"]).filter(
        pl.col("top") / pl.col("bekend") > t.min_aandeel_land)
    if groups.is_empty():
        return empty_raw()
    best = groups.sort("personen", descending=True).unique("unit", keep="first")
    alle = groups.group_by("unit").agg(flat("leden").unique().alias("evidence"),
                                       flat("gasten").unique())
    info = d.unique("unit").select("unit", "logies", "accommodatie")
    per = best.select("unit", "personen", "top", "land", "bekend",
                      pl.col("leden").list.len().alias("n")).join(alle, on="unit") \
        .join(info, on="unit").sort("unit")
    toel = [
        f"In accommodatie '{r['accommodatie']}' overlapten {r['n']} boekingen minstens "
        f"{t.min_overlap_dagen} dagen met samen {r['personen']} personen (drempel "
        f"{t.min_personen}); {r['top']} van {r['bekend']} met bekend land uit {r['land']} "
        f"(drempel meer dan {t.min_aandeel_land:.0%})."
        for r in per.iter_rows(named=True)
    ]
    return _out(per.with_columns(
        pl.concat_list(pl.col("logies"), pl.concat_str(pl.lit("accommodatie:"), pl.col("unit")))
        .alias("kern"),
        pl.concat_list("logies", "gasten").alias("entity_ids"),
        pl.Series("toelichting", toel, dtype=pl.String),
        (0.4 + 0.05 * pl.col("personen")).alias("score")))


def parkhoppen(ctx: Context, t: Parkhoppen) -> pl.DataFrame:
    """One guest at ≥min_logies different hosts within venster_dagen."""
    d = (ctx.frames.nacht.filter(pl.col("gast").is_not_null() & pl.col("logies").is_not_null())
         .select("gast", "logies", "ev", "aankomst"))
    if t.min_logies >= 2:  # a guest who never stayed with that many hosts cannot count
        paren = d.select("gast", "logies").unique()
        veel = paren.group_by("gast").len().filter(pl.col("len") >= t.min_logies)
        d = d.join(veel.select("gast"), on="gast", how="semi")
    d = d.sort("gast", "aankomst")
    if d.is_empty():
        return empty_raw()
    win = d.rolling("aankomst", period=f"{t.venster_dagen}d", group_by="gast").agg(
        pl.col("logies").n_unique().alias("hosts")).filter(pl.col("hosts") >= t.min_logies)
    if win.is_empty():
        return empty_raw()
    ends = win.unique(["gast", "aankomst"]).select("gast", pl.col("aankomst").alias("eind"))
    ev = (d.join(ends, on="gast")
          .filter((pl.col("aankomst") <= pl.col("eind"))
                  & (pl.col("aankomst") > pl.col("eind") - timedelta(days=t.venster_dagen)))
          .group_by("gast").agg(pl.col("ev").unique().alias("evidence")))
    per = win.group_by("gast").agg(pl.col("hosts").max()).join(ev, on="gast").sort("gast")
    return _out(per.with_columns(
        pl.concat_list("gast").alias("kern"), pl.concat_list("gast").alias("entity_ids"),
        pl.format("Gast verbleef bij {} verschillende logiesverstrekkers binnen {} dagen "
                  "(drempel {}).", "hosts", pl.lit(t.venster_dagen), pl.lit(t.min_logies))
        .alias("toelichting"),
        (pl.col("hosts") / (2 * t.min_logies)).alias("score")))


def registratiekwaliteit(ctx: Context, t: Registratiekwaliteit) -> pl.DataFrame:
    """A host with too many rows quarantined or lacking the fields `verplichte_velden`.

    Quarantined rows count when the caller passes them as table `nachtregister_quarantaine`
    (see graph.frames); they are matched to the host by KvK number and are evidence by their
    record id. `open_vertrek_dagen` > 0 also counts an empty vertrek older than that (off by
    default: the register contract reads an empty vertrek as "still present")."""
    n = ctx.frames.nacht.filter(pl.col("logies").is_not_null())
    if n.is_empty():
        return empty_raw()
    missing = pl.lit(False)
    for veld in t.verplichte_velden:
        missing = missing | pl.col(veld).is_null()
    if t.open_vertrek_dagen > 0:
        oud = ctx.as_of - timedelta(days=t.open_vertrek_dagen)
        missing = missing | (pl.col("vertrek").is_null() & (pl.col("aankomst") < oud))
    n = n.with_columns(missing.alias("onvolledig"), kvk_digits(pl.col("logies_kvk")).alias("kvk"))
    per = n.sort("aankomst").group_by("logies").agg(
        pl.len().alias("rijen"), pl.col("onvolledig").sum(),
        pl.col("ev").filter(pl.col("onvolledig")).alias("ev_o"), pl.col("ev").last().alias("ev_l"),
        pl.col("kvk").drop_nulls().mode().sort().first())
    q = ctx.frames.quarantaine
    if q is not None and not q.is_empty():
        qn = q.group_by("kvk").agg(pl.len().alias("quar"),
                                   pl.col("ev").drop_nulls().alias("ev_q"))
        per = per.join(qn, on="kvk", how="left")
    else:
        per = per.with_columns(pl.lit(0, dtype=pl.UInt32).alias("quar"),
                               pl.lit([], dtype=pl.List(pl.String)).alias("ev_q"))
    per = per.with_columns(pl.col("quar").fill_null(0), pl.col("ev_q").fill_null([])) \
        .with_columns((pl.col("rijen") + pl.col("quar")).alias("totaal"),
                      pl.concat_list("ev_o", "ev_q").alias("ev_slecht")) \
        .with_columns(((pl.col("onvolledig") + pl.col("quar")) / pl.col("totaal"))
                      .alias("aandeel")) \
        .filter((pl.col("totaal") >= t.min_rijen) & (pl.col("aandeel") > t.max_aandeel)) \
        .sort("logies")
    velden = ", ".join(t.verplichte_velden) or "-"
    open_tekst = f"; vertrek leeg na {t.open_vertrek_dagen} dagen" if t.open_vertrek_dagen else ""
    return _out(per.with_columns(
        pl.concat_list("logies").alias("kern"), pl.concat_list("logies").alias("entity_ids"),
        pl.when(pl.col("ev_slecht").list.len() > 0).then(pl.col("ev_slecht"))
        .otherwise(pl.concat_list("ev_l")).alias("evidence"),
        pl.format("{} van {} rijen ({}%) in quarantaine ({}) of zonder verplichte velden "
                  "({}{}: {}) (drempel meer dan {}%).",
                  pl.col("onvolledig") + pl.col("quar"), "totaal",
                  (pl.col("aandeel") * 100).round(0).cast(pl.Int64), "quar", pl.lit(velden),
                  pl.lit(open_tekst), "onvolledig", pl.lit(round(t.max_aandeel * 100)))
        .alias("toelichting"),
        (0.3 + pl.col("aandeel")).alias("score")))
