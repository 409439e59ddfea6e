"""Register rows with the entity ids of their parties, and the evidence index.

The lake tables (clean frames, see docs/internals.md) are joined to `entities/mentions` by
(register, record_id, role, n); n is the last part of the mention id
`register:record_id:role:n`. For Bibob parties n numbers the rows of one role within one
dossier in table order, from 1 (the mentions contract). Every frame gets `ev`, the evidence
key `register:record_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import polars as pl

from transforms.schema import TABLES, Kind

_DTYPE: dict[Kind, pl.DataType] = {
    "huisnummer": pl.Int64(), "int": pl.Int64(), "date": pl.Date(), "decimal": pl.Float64(),
    "jn": pl.Boolean(),
}
PERSOON_PREFIXEN: dict[str, tuple[str, ...]] = {
    "dor": ("verkoper_",), "nachtregister": ("gast_",), "bibob_betrokkenen": ("",),
    "damocles": ("eigenaar_", "bewoner_"),
}
# the date that decides whether a row counts as of a date (`prepare(..., as_of)`)
DATUM = {"dor": "datum_verkrijging", "nachtregister": "aankomst",
         "bibob_dossiers": "aanvraagdatum", "damocles": "datum_constatering"}
# roles whose entities serve many unrelated customers (signals.md "Hubs")
HUB_ROLLEN = ("opkoper", "logies", "adres:opkoper", "adres:logies")


def conform(table: str, df: pl.DataFrame | None) -> pl.DataFrame:
    """Add missing contract columns (null, typed) and `*_norm` name columns, so rules can
    rely on every column; tables absent from the lake become empty frames."""
    spec = TABLES[table]
    df = pl.DataFrame() if df is None else df
    extra = [
        pl.lit(None, dtype=_DTYPE.get(c.kind, pl.String())).alias(c.name)
        for c in spec.columns if c.name not in df.columns
    ]
    df = df.with_columns(extra) if extra else df
    norms = []
    for p in PERSOON_PREFIXEN.get(table, ()):
        for part in ("achternaam", "voornamen"):
            if f"{p}{part}_norm" not in df.columns:
                norms.append(pl.col(f"{p}{part}").str.to_lowercase().alias(f"{p}{part}_norm"))
    return df.with_columns(norms) if norms else df


def _mentions(mentions: pl.DataFrame) -> pl.DataFrame:
    return mentions.select(
        "register", "record_id", "role", "entity_type", "entity_id",
        # the last part of the mention id (the whole id if it has no colon)
        pl.col("mention_id").str.extract(r"([^:]*)$", 1).cast(pl.Int64, strict=False).alias("n"),
    )


def _first_party(sub: pl.DataFrame) -> pl.DataFrame:
    """The mention with the lowest n per record_id (rows of one role)."""
    return sub.sort("n").unique(["record_id"], keep="first")


def _join_party(ids: pl.DataFrame, parties: pl.DataFrame, key: str, name: str) -> pl.DataFrame:
    return ids.join(parties.select(pl.col("record_id").alias(key),
                                   pl.col("entity_id").alias(name),
                                   pl.col("entity_type").alias(f"{name}_etype")),
                    on=key, how="left", maintain_order="left")


def _attach(df: pl.DataFrame, m: pl.DataFrame, register: str, key: str,
            roles: dict[str, str]) -> pl.DataFrame:
    """Join the entity id and type of each role's first party onto the rows, as columns
    `<name>` and `<name>_etype` (joined to the key column alone, then set beside the rows).

    Joined as is first: when no row meets more than one party of the role (the join keeps
    the row count) there is nothing to choose, and the first party is the only one."""
    mr = m.filter((pl.col("register") == register) & pl.col("role").is_in(list(roles)))
    ids = df.select(pl.col(key))
    for role, name in roles.items():
        sub = mr.filter(pl.col("role") == role)
        joined = _join_party(ids, sub, key, name)
        if joined.height != ids.height:  # a row meets several parties of the role
            joined = _join_party(ids, _first_party(sub), key, name)
        ids = joined
    return df.hstack(ids.drop(key).get_columns())


def _bibob_parties(bet: pl.DataFrame, m: pl.DataFrame) -> pl.DataFrame:
    mb = m.filter(pl.col("register") == "bibob")
    bet = bet.with_columns(
        (pl.int_range(pl.len()).over(["dossiernummer", "rol"]) + 1).cast(pl.Int64).alias("n"),
        pl.concat_str(pl.lit("bibob:"), pl.col("dossiernummer")).alias("ev"),
    )
    party = mb.select(pl.col("record_id").alias("dossiernummer"), pl.col("role").alias("rol"),
                      "n", pl.col("entity_id").alias("eid"),
                      pl.col("entity_type").alias("eid_etype"))
    adres = mb.filter(pl.col("role").str.starts_with("adres:")).select(
        pl.col("record_id").alias("dossiernummer"),
        pl.col("role").str.strip_prefix("adres:").alias("rol"), "n",
        pl.col("entity_id").alias("adres"))
    return (bet.join(party, on=["dossiernummer", "rol", "n"], how="left")
            .join(adres, on=["dossiernummer", "rol", "n"], how="left"))


@dataclass(frozen=True)
class Frames:
    """The register rows the rules work on, each with its parties' entity ids."""

    dor: pl.DataFrame  # + verkoper, opkoper, verkoper_adres, opkoper_adres
    nacht: pl.DataFrame  # + gast, logies, gast_adres, logies_adres
    dossiers: pl.DataFrame  # + locatie, aanvrager (entity of the first aanvrager)
    betrokkenen: pl.DataFrame  # + n, eid, eid_etype, adres, gemeentecode, aanvraagdatum, ...
    damocles: pl.DataFrame  # + eigenaar, bewoner, pand, eigenaar_adres
    index: pl.DataFrame  # ev, register, gemeentecode, datum_van, datum_tot
    mentions: pl.DataFrame  # register, record_id, role, entity_type, entity_id, n, ev
    hubs: frozenset[str]  # entity ids of dealers, hosts and their addresses
    # nachtregister quarantine rows, if given: kvk (8 digits), ev (null without record id),
    # gemeentecode; rows whose record was accepted in another delivery are left out
    quarantaine: pl.DataFrame | None


def kvk_digits(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String).str.replace_all(r"\D", "").str.zfill(8)


def _quarantaine(q: pl.DataFrame | None, nacht: pl.DataFrame) -> pl.DataFrame | None:
    """The quarantined nachtregister rows (flows.stages: file, line, reason, record_id,
    gemeentecode, logies_kvk; raw text is fine), one per record, as kvk / ev / gemeentecode."""
    if q is None or "logies_kvk" not in q.columns:
        return None
    q = q.with_columns(pl.lit(None, dtype=pl.String).alias(c)
                       for c in ("record_id", "gemeentecode", "register") if c not in q.columns)
    q = q.filter(pl.col("register").is_null() | (pl.col("register") == "nachtregister"))
    rid = pl.col("record_id").cast(pl.String).str.strip_chars()
    q = q.select(kvk_digits(pl.col("logies_kvk")).alias("kvk"),
                 pl.concat_str(pl.lit("nachtregister:"), rid).alias("ev"),
                 pl.col("gemeentecode").cast(pl.String).str.strip_chars().str.to_uppercase()
                 .alias("gemeentecode"))
    q = q.filter(pl.col("kvk").is_not_null()
                 & ~pl.col("ev").is_in(nacht["ev"].implode()).fill_null(False))
    return pl.concat([q.filter(pl.col("ev").is_null()),
                      q.filter(pl.col("ev").is_not_null()).unique("ev", keep="first",
                                                                  maintain_order=True)])


def _ev(register: str, key: str) -> pl.Expr:
    return pl.concat_str(pl.lit(f"{register}:"), pl.col(key)).alias("ev")


def prepare(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame,
            as_of: date | None = None) -> Frames:
    """Join mentions onto the lake tables; rows dated after `as_of` are left out."""
    m = _mentions(mentions)
    t = {name: conform(name, tables.get(name)) for name in TABLES}
    if as_of is not None:
        for table, column in DATUM.items():
            t[table] = t[table].filter(pl.col(column) <= as_of)
    dor = _attach(t["dor"].with_columns(_ev("dor", "registratienummer")), m, "dor",
                  "registratienummer", {"verkoper": "verkoper", "opkoper": "opkoper",
                                        "adres:verkoper": "verkoper_adres",
                                        "adres:opkoper": "opkoper_adres"})
    nacht = _attach(t["nachtregister"].with_columns(_ev("nachtregister", "registratie_id")), m,
                    "nachtregister", "registratie_id",
                    {"gast": "gast", "logies": "logies", "adres:gast": "gast_adres",
                     "adres:logies": "logies_adres"})
    dam = _attach(t["damocles"].with_columns(_ev("damocles", "zaaknummer")), m, "damocles",
                  "zaaknummer", {"eigenaar": "eigenaar", "bewoner": "bewoner", "pand": "pand",
                                 "adres:eigenaar": "eigenaar_adres"})
    dos = _attach(t["bibob_dossiers"].with_columns(_ev("bibob", "dossiernummer")), m, "bibob",
                  "dossiernummer", {"locatie": "locatie", "aanvrager": "aanvrager"})
    bet = _bibob_parties(t["bibob_betrokkenen"], m).join(
        dos.select("dossiernummer", "gemeentecode", "aanvraagdatum", "besluitdatum", "besluit",
                   "mate_van_gevaar", "locatie", pl.col("aanvrager").alias("dossier_aanvrager"),
                   pl.col("aanvrager_etype").alias("dossier_aanvrager_etype")),
        on="dossiernummer", how="inner",
    )
    index = pl.concat([
        dor.select("ev", pl.lit("dor").alias("register"), "gemeentecode",
                   pl.col("datum_verkrijging").alias("datum_van"),
                   pl.coalesce("datum_doorverkoop", "datum_verkrijging").alias("datum_tot")),
        nacht.select("ev", pl.lit("nachtregister").alias("register"), "gemeentecode",
                     pl.col("aankomst").alias("datum_van"),
                     pl.coalesce("vertrek", "aankomst").alias("datum_tot")),
        dos.select("ev", pl.lit("bibob").alias("register"), "gemeentecode",
                   pl.col("aanvraagdatum").alias("datum_van"),
                   pl.coalesce("besluitdatum", "aanvraagdatum").alias("datum_tot")),
        dam.select("ev", pl.lit("damocles").alias("register"), "gemeentecode",
                   pl.col("datum_constatering").alias("datum_van"),
                   pl.coalesce("datum_besluit", "datum_constatering").alias("datum_tot")),
    ]).unique("ev", keep="last")
    quar = _quarantaine(tables.get("nachtregister_quarantaine"), nacht)
    if quar is not None and not quar.is_empty():
        # quarantined rows are evidence of verblijf.registratiekwaliteit: their municipality
        extra = quar.filter(pl.col("ev").is_not_null()).select(
            "ev", pl.lit("nachtregister").alias("register"), "gemeentecode",
            pl.lit(None, dtype=pl.Date).alias("datum_van"),
            pl.lit(None, dtype=pl.Date).alias("datum_tot"))
        index = pl.concat([index, extra.cast(index.schema)])
    m = m.with_columns(pl.concat_str("register", pl.lit(":"), "record_id").alias("ev")) \
        .filter(pl.col("ev").is_in(index["ev"].implode()))  # (a semi join costs more)
    hubs = frozenset(m.lazy().filter(pl.col("role").is_in(HUB_ROLLEN))
                     .select(pl.col("entity_id").unique()).collect().to_series().to_list())
    return Frames(dor=dor, nacht=nacht, dossiers=dos, betrokkenen=bet, damocles=dam,
                  index=index, mentions=m, hubs=hubs, quarantaine=quar)


class PreparedRows(Frames):
    """`prepare(tables, mentions)`, computed on first use of one of its fields; `source` gives
    the tables and mentions (what an incremental consumer, e.g. `outputs.exports.delta`,
    works from without preparing every row)."""

    source: tuple[dict[str, pl.DataFrame], pl.DataFrame]

    @classmethod
    def of(cls, tables: dict[str, pl.DataFrame], mentions: pl.DataFrame) -> PreparedRows:
        rows = object.__new__(cls)
        object.__setattr__(rows, "source", (tables, mentions))
        return rows

    def __getattr__(self, name: str) -> Any:
        if name in Frames.__dataclass_fields__ and "source" in self.__dict__:
            done = prepare(*self.source)
            for field in fields(Frames):
                object.__setattr__(self, field.name, getattr(done, field.name))
            return self.__dict__[name]
        raise AttributeError(name)
