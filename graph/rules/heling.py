"""heling.*: rules on the Digitaal Opkopersregister (and the nachtregister for travellers)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from graph.config import (
    Bewaartermijn,
    ContantZonderId,
    Prijs,
    ReizendeVerkoper,
    Serienummer,
    StophelingOpkoper,
    Veelaanbieder,
)
from graph.kalender import werkdagen_teller
from graph.regio import buiten_regio
from graph.rules._common import Context, empty_raw, flat, n_tekst

EURO = "€"


def _rows(ctx: Context, who: str) -> pl.DataFrame:
    return ctx.frames.dor.filter(pl.col(who).is_not_null())


def _finalise(df: pl.DataFrame) -> pl.DataFrame:
    """Select the raw columns from a frame that has them (any extra columns dropped)."""
    if df.is_empty():
        return empty_raw()
    return df.select("kern", "entity_ids", "evidence", "toelichting",
                     pl.col("score").cast(pl.Float64))


def veelaanbieder(ctx: Context, t: Veelaanbieder) -> pl.DataFrame:
    """A seller with many items, dealers or municipalities within one window."""
    risico = pl.col("categorie").is_in(list(t.risicocategorieen))
    d = (_rows(ctx, "verkoper")
         .select("verkoper", "opkoper", "gemeentecode", "categorie", "ev",
                 pl.col("datum_verkrijging").alias("datum"))
         .with_columns(risico.alias("risico"),
                       pl.when(risico).then(t.risicogewicht).otherwise(1.0).alias("w"))
         .sort("verkoper", "datum"))
    if d.is_empty():
        return empty_raw()
    period = f"{t.venster_dagen}d"
    win = d.rolling("datum", period=period, group_by="verkoper").agg(
        pl.len().alias("n"), pl.col("w").sum().alias("gewogen"),
        pl.col("risico").sum().alias("n_risico"),
        pl.col("opkoper").drop_nulls().n_unique().alias("opk"),
        pl.col("gemeentecode").drop_nulls().n_unique().alias("gem"),
    ).filter((pl.col("gewogen") >= t.min_goederen) | (pl.col("opk") >= t.min_opkopers)
             | (pl.col("gem") >= t.min_gemeenten))
    if win.is_empty():
        return empty_raw()
    win = win.with_columns(pl.max_horizontal(
        pl.col("gewogen") / (2 * t.min_goederen), pl.col("opk") / (2 * t.min_opkopers),
        pl.col("gem") / (2 * t.min_gemeenten)).alias("score"))
    ends = win.unique(["verkoper", "datum"]).select("verkoper", pl.col("datum").alias("eind"))
    ev = (d.join(ends, on="verkoper")
          .filter((pl.col("datum") <= pl.col("eind"))
                  & (pl.col("datum") > pl.col("eind") - timedelta(days=t.venster_dagen)))
          .group_by("verkoper").agg(pl.col("ev").unique().alias("evidence"),
                                    pl.col("opkoper").drop_nulls().unique().alias("opkopers")))
    best = win.sort("score", "n", descending=True).unique("verkoper", keep="first")
    rows = best.join(ev, on="verkoper").sort("verkoper")
    cats = ", ".join(t.risicocategorieen)
    toel = [
        f"Verkoper verkocht {r['n']} goederen in {t.venster_dagen} dagen (drempel "
        f"{t.min_goederen:g}, diefstalgevoelig telt {t.risicogewicht:g}×), aan "
        f"{n_tekst(r['opk'], 'opkoper', 'opkopers')} (drempel {t.min_opkopers}), in "
        f"{n_tekst(r['gem'], 'gemeente', 'gemeenten')} (drempel {t.min_gemeenten}), waarvan "
        f"{r['n_risico']} diefstalgevoelig ({cats})."
        for r in rows.iter_rows(named=True)
    ]
    return _finalise(rows.with_columns(
        pl.concat_list("verkoper").alias("kern"), pl.concat_list("verkoper").alias("entity_ids"),
        pl.Series("toelichting", toel, dtype=pl.String)))


def luhn_ok(s: str) -> bool:
    """Luhn check digit test (IMEI: 15 digits)."""
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _imei_ok(s: pl.Series) -> pl.Series:
    """Per serial: 15 digits passing the Luhn check (`luhn_ok`), computed on a digit matrix."""
    uniek = s.drop_nulls().unique()
    vijftien = uniek.filter(uniek.str.contains(r"^[0-9]{15}$"))
    goed = np.zeros(vijftien.len(), dtype=bool)
    if vijftien.len():
        cijfers = (np.frombuffer("".join(vijftien.to_list()).encode("ascii"), dtype=np.uint8)
                   .reshape(-1, 15)[:, ::-1].astype(np.int64) - 48)
        dubbel = cijfers[:, 1::2] * 2
        som = cijfers[:, 0::2].sum(axis=1) + np.where(dubbel > 9, dubbel - 9, dubbel).sum(axis=1)
        goed = som % 10 == 0
    ok = pl.concat([uniek.filter(~uniek.is_in(vijftien.implode())), vijftien])
    waarde = pl.concat([pl.Series(np.zeros(ok.len() - vijftien.len(), dtype=bool)),
                        pl.Series(goed)])
    return s.replace_strict(ok, waarde, default=None, return_dtype=pl.Boolean)


def serienummer(ctx: Context, t: Serienummer) -> pl.DataFrame:
    """Missing serial where needed, an IMEI failing Luhn, or one serial sold by several."""
    d = _rows(ctx, "verkoper").with_columns(
        pl.col("serienummer").str.to_uppercase().str.replace_all(r"[^0-9A-Z]", "")
        .replace("", None).alias("sn"))
    d = d.with_columns(
        (pl.col("categorie").is_in(list(t.verplicht_voor)) & pl.col("sn").is_null())
        .alias("ontbreekt"),
        ((pl.col("categorie") == "telefoon") & pl.col("sn").is_not_null()
         & ~pl.col("sn").map_batches(_imei_ok, return_dtype=pl.Boolean).fill_null(False))
        .alias("ongeldig"),
    )
    per = (d.filter(pl.col("ontbreekt") | pl.col("ongeldig")).group_by("verkoper")
           .agg(pl.col("ev"), pl.col("ontbreekt").sum(), pl.col("ongeldig").sum(),
                pl.col("categorie").filter(pl.col("ontbreekt")).unique().sort().alias("cats"))
           .sort("verkoper"))
    a = per.select(
        pl.concat_list("verkoper").alias("kern"), pl.concat_list("verkoper").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.Series("toelichting", [
            f"Serienummer ontbrak bij {r['ontbreekt']} verkopen"
            f"{' (' + ', '.join(r['cats']) + ')' if r['cats'] else ''}; "
            f"{r['ongeldig']} IMEI-nummers falen de Luhn-controle (15 cijfers vereist)."
            for r in per.iter_rows(named=True)], dtype=pl.String),
        (0.3 + 0.1 * (pl.col("ontbreekt") + pl.col("ongeldig"))).clip(0, 1).alias("score"),
    )
    dub = (d.filter(pl.col("sn").str.len_chars() >= t.min_lengte).group_by("sn")
           .agg(pl.col("verkoper").unique().sort().alias("verkopers"), pl.col("ev"))
           .filter(pl.col("verkopers").list.len() >= t.min_verkopers_zelfde_nummer).sort("sn"))
    b = dub.select(
        pl.concat_list(pl.col("verkopers"),
                       pl.concat_str(pl.lit("serienummer:"), pl.col("sn"))).alias("kern"),
        pl.col("verkopers").alias("entity_ids"), pl.col("ev").alias("evidence"),
        pl.format("Hetzelfde serienummer is verkocht door {} verschillende personen "
                  "(drempel {}).", pl.col("verkopers").list.len(),
                  pl.lit(t.min_verkopers_zelfde_nummer)).alias("toelichting"),
        (0.5 + 0.25 * (pl.col("verkopers").list.len() - 2)).clip(0, 1).cast(pl.Float64)
        .alias("score"),
    )
    return pl.concat([_finalise(a), _finalise(b)])


def prijs(ctx: Context, t: Prijs) -> pl.DataFrame:
    """A price far below the median of comparable items (same category, brand, type)."""
    key = ["categorie", "_merk", "_type"]
    d = (_rows(ctx, "verkoper")
         .with_columns(pl.col("merk").str.to_lowercase().str.strip_chars().alias("_merk"),
                       pl.col("type").str.to_lowercase().str.strip_chars().alias("_type"))
         .filter(pl.col("_merk").is_not_null() & pl.col("_type").is_not_null()
                 & pl.col("prijs").is_not_null())
         .with_columns(pl.len().over(key).alias("groep"),
                       pl.col("prijs").median().over(key).alias("mediaan")))
    hit = d.filter((pl.col("groep") - 1 >= t.min_vergelijkbaar)
                   & (pl.col("prijs") < t.fractie_mediaan * pl.col("mediaan")))
    if hit.is_empty():
        return empty_raw()
    hit = hit.with_columns((pl.col("prijs") / pl.col("mediaan")).alias("ratio"))
    per = hit.sort("ratio").group_by("verkoper", maintain_order=True).agg(
        pl.col("ev"), pl.len().alias("n"), pl.col("ratio").min(), pl.col("prijs").first(),
        pl.col("mediaan").first(), pl.col("merk").first(), pl.col("type").first(),
        pl.col("categorie").first(), (pl.col("groep").first() - 1).alias("vergelijkbaar"),
    ).sort("verkoper")
    toel = [
        f"{n_tekst(r['n'], 'goed', 'goederen')} verkocht onder {t.fractie_mediaan:.0%} van de "
        f"mediaanprijs; laagste: {r['merk']} {r['type']} ({r['categorie']}) voor "
        f"{EURO} {r['prijs']:.2f} tegen mediaan {EURO} {r['mediaan']:.2f} "
        f"({r['vergelijkbaar']} vergelijkbare, minimum {t.min_vergelijkbaar})."
        for r in per.iter_rows(named=True)
    ]
    return _finalise(per.with_columns(
        pl.concat_list("verkoper").alias("kern"), pl.concat_list("verkoper").alias("entity_ids"),
        pl.col("ev").alias("evidence"), pl.Series("toelichting", toel, dtype=pl.String),
        (0.5 + 0.5 * (1 - pl.col("ratio") / t.fractie_mediaan)).alias("score")))


def bewaartermijn(ctx: Context, t: Bewaartermijn) -> pl.DataFrame:
    """Resold before `werkdagen` full working days after the purchase day had passed."""
    d = _rows(ctx, "opkoper").filter(pl.col("datum_doorverkoop").is_not_null()
                                     & pl.col("datum_verkrijging").is_not_null())
    if d.is_empty():
        return empty_raw()
    lo: date = d["datum_verkrijging"].min()  # type: ignore[assignment]
    hi: date = d["datum_doorverkoop"].max()  # type: ignore[assignment]
    cal = werkdagen_teller(lo - timedelta(days=1), hi, t.goede_vrijdag_vrij,
                           t.bevrijdingsdag_elk_jaar)
    d = (d.with_columns((pl.col("datum_doorverkoop") - timedelta(days=1)).alias("_voor"))
         .join(cal.rename({"datum": "datum_verkrijging", "werkdagen": "c0"}),
               on="datum_verkrijging", how="left")
         .join(cal.rename({"datum": "_voor", "werkdagen": "c1"}), on="_voor", how="left")
         .with_columns((pl.col("c1") - pl.col("c0")).clip(0).alias("verstreken"))
         .filter(pl.col("verstreken") < t.werkdagen))
    if d.is_empty():
        return empty_raw()
    per = d.group_by("opkoper").agg(pl.col("ev"), pl.len().alias("n"),
                                    pl.col("verstreken").min().alias("kortst")).sort("opkoper")
    toel = [
        f"Opkoper verkocht {n_tekst(r['n'], 'goed', 'goederen')} door binnen de bewaartermijn "
        f"van {t.werkdagen} werkdagen (kortste: na {r['kortst']} volle werkdagen)."
        for r in per.iter_rows(named=True)
    ]
    return _finalise(per.with_columns(
        pl.concat_list("opkoper").alias("kern"), pl.concat_list("opkoper").alias("entity_ids"),
        pl.col("ev").alias("evidence"), pl.Series("toelichting", toel, dtype=pl.String),
        (0.4 + 0.1 * pl.col("n")).alias("score")))


def contant_zonder_id(ctx: Context, t: ContantZonderId) -> pl.DataFrame:
    """Gold or jewellery bought for cash without an ID document."""
    d = _rows(ctx, "opkoper").filter(
        pl.col("categorie").is_in(list(t.categorieen)) & (pl.col("betaalwijze") == "contant")
        & (pl.col("verkoper_id_type").is_null() | pl.col("verkoper_id_nummer").is_null()))
    per = d.group_by("opkoper").agg(pl.col("ev"), pl.len().alias("n"),
                                    pl.col("verkoper").drop_nulls().unique().alias("verkopers"))
    per = per.sort("opkoper")
    return _finalise(per.with_columns(
        pl.concat_list("opkoper").alias("kern"),
        pl.concat_list("opkoper", "verkopers").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Opkoper kocht {} keer {} contant zonder identiteitsbewijs van {} verkoper(s).",
                  pl.col("n"), pl.lit(" of ".join(t.categorieen)),
                  pl.col("verkopers").list.len()).alias("toelichting"),
        (0.5 + 0.1 * pl.col("n")).alias("score")))


def stopheling_opkoper(ctx: Context, t: StophelingOpkoper) -> pl.DataFrame:
    """A dealer with several police (Stop Heling) matches within one quarter."""
    d = _rows(ctx, "opkoper").filter(pl.col("stopheling_match").fill_null(False)).with_columns(
        pl.format("{}-K{}", pl.col("datum_verkrijging").dt.year(),
                  pl.col("datum_verkrijging").dt.quarter()).alias("kwartaal"))
    q = (d.group_by("opkoper", "kwartaal").agg(pl.col("ev"), pl.len().alias("n"),
                                                pl.col("verkoper").drop_nulls())
         .filter(pl.col("n") >= t.min_matches_per_kwartaal))
    per = (q.sort("kwartaal").group_by("opkoper", maintain_order=True)
           .agg(flat("ev"), flat("verkoper").unique(),
                pl.col("n").max().alias("max_n"),
                pl.format("{} ({})", "kwartaal", "n").alias("kw"))
           .sort("opkoper"))
    return _finalise(per.with_columns(
        pl.concat_list("opkoper").alias("kern"),
        pl.concat_list("opkoper", "verkoper").alias("entity_ids"),
        pl.col("ev").alias("evidence"),
        pl.format("Opkoper had Stop Heling-treffers per kwartaal: {} (drempel {} per kwartaal).",
                  pl.col("kw").list.join(", "), pl.lit(t.min_matches_per_kwartaal))
        .alias("toelichting"),
        (0.5 + 0.1 * pl.col("max_n")).alias("score")))


def reizende_verkoper(ctx: Context, t: ReizendeVerkoper) -> pl.DataFrame:
    """A seller from outside the region who stayed as a guest around the sale."""
    m = timedelta(days=t.marge_dagen)
    d = _rows(ctx, "verkoper").select(
        "verkoper", "ev", pl.col("datum_verkrijging").alias("datum"),
        buiten_regio(pl.col("verkoper_woonplaats"), pl.col("verkoper_land")).alias("b_dor"),
        pl.col("verkoper_land").alias("land"))
    # only the stays of sellers can match a sale
    n = ctx.frames.nacht.filter(pl.col("gast").is_in(d["verkoper"].unique().implode())).select(
        pl.col("gast").alias("verkoper"), pl.col("ev").alias("ev_n"), "logies",
        (pl.col("aankomst") - m).alias("van"),
        (pl.coalesce("vertrek", "aankomst") + m).alias("tot"),
        buiten_regio(pl.col("gast_woonplaats"), pl.col("gast_land")).alias("b_n"),
        pl.col("gast_land").alias("land_n"))
    j = d.join(n, on="verkoper").filter(
        (pl.col("datum") >= pl.col("van")) & (pl.col("datum") <= pl.col("tot"))
        & (pl.col("b_dor").fill_null(False) | pl.col("b_n").fill_null(False)))
    if j.is_empty():
        return empty_raw()
    per = j.group_by("verkoper").agg(
        pl.col("ev").unique().alias("ev_d"), pl.col("ev_n").unique(),
        pl.col("logies").drop_nulls().n_unique().alias("hosts"),
        pl.when(pl.col("land") != "NL").then(pl.col("land"))
        .when(pl.col("land_n") != "NL").then(pl.col("land_n"))
        .drop_nulls().first().alias("land"),
    ).sort("verkoper")
    toel = [
        f"Verkoper woont buiten de regio{' (' + r['land'] + ')' if r['land'] else ''} en "
        f"verkocht {n_tekst(len(r['ev_d']), 'goed', 'goederen')} tijdens of binnen "
        f"{t.marge_dagen} dagen van {n_tekst(len(r['ev_n']), 'verblijf', 'verblijven')} bij "
        f"{n_tekst(r['hosts'], 'logiesverstrekker', 'logiesverstrekkers')}."
        for r in per.iter_rows(named=True)
    ]
    return _finalise(per.with_columns(
        pl.concat_list("verkoper").alias("kern"), pl.concat_list("verkoper").alias("entity_ids"),
        pl.concat_list("ev_d", "ev_n").alias("evidence"),
        pl.Series("toelichting", toel, dtype=pl.String),
        (0.5 + 0.1 * pl.col("ev_d").list.len()).alias("score")))
