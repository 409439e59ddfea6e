"""A naive, exact-key stand-in for entity resolution, for tests and benchmarks of the graph.

`naive_mentions(tables)` yields a frame in the `entities/mentions.parquet` shape in which a
person is (surname, first initial, birth date), an organisation its KvK number (else its
name) and an address (postcode, house number, toevoeging). Real resolution lives in
transforms/resolve; this only lets graph code run without it.
"""

from __future__ import annotations

import polars as pl

from graph.frames import conform


def _s(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.String).fill_null("")


def _persoon(p: str) -> pl.Expr:
    return pl.when(pl.col(f"{p}achternaam").is_not_null()).then(pl.concat_str(
        pl.lit("P-"), _s(f"{p}achternaam_norm"), pl.lit("-"),
        _s(f"{p}voornamen_norm").str.slice(0, 1), pl.lit("-"), _s(f"{p}geboortedatum")))


def _org(kvk: str, naam: str) -> pl.Expr:
    return (pl.when(pl.col(kvk).is_not_null()).then(pl.concat_str(pl.lit("O-"), pl.col(kvk)))
            .when(pl.col(naam).is_not_null())
            .then(pl.concat_str(pl.lit("O-"), pl.col(naam).str.to_lowercase())))


def _adres(p: str, toevoeging: bool = True) -> pl.Expr:
    toev = _s(f"{p}toevoeging") if toevoeging else pl.lit("")
    return pl.when(pl.col(f"{p}postcode").is_not_null() & pl.col(f"{p}huisnummer").is_not_null()
                   ).then(pl.concat_str(pl.lit("A-"), _s(f"{p}postcode"), pl.lit("-"),
                                        _s(f"{p}huisnummer"), toev))


def _rows(df: pl.DataFrame, register: str, key: str, role: pl.Expr | str, etype: pl.Expr | str,
          eid: pl.Expr, n: pl.Expr | None = None) -> pl.DataFrame:
    role_e = pl.lit(role) if isinstance(role, str) else role
    type_e = pl.lit(etype) if isinstance(etype, str) else etype
    n_e = pl.lit(1, dtype=pl.Int64) if n is None else n
    out = df.select(
        pl.lit(register).alias("register"), pl.col(key).cast(pl.String).alias("record_id"),
        role_e.alias("role"), type_e.alias("entity_type"), eid.alias("entity_id"),
        n_e.cast(pl.Int64).alias("n"),
    ).filter(pl.col("entity_id").is_not_null())
    return out


def naive_mentions(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    dor = conform("dor", tables.get("dor"))
    na = conform("nachtregister", tables.get("nachtregister"))
    dos = conform("bibob_dossiers", tables.get("bibob_dossiers"))
    bet = conform("bibob_betrokkenen", tables.get("bibob_betrokkenen")).with_columns(
        (pl.int_range(pl.len()).over(["dossiernummer", "rol"]) + 1).alias("_n"))
    dam = conform("damocles", tables.get("damocles"))
    is_org = pl.col("soort") == "rechtspersoon"
    parts = [
        _rows(dor, "dor", "registratienummer", "verkoper", "persoon", _persoon("verkoper_")),
        _rows(dor, "dor", "registratienummer", "opkoper", "organisatie",
              _org("opkoper_kvk", "opkoper_naam")),
        _rows(dor, "dor", "registratienummer", "adres:verkoper", "adres",
              _adres("verkoper_")),
        _rows(dor, "dor", "registratienummer", "adres:opkoper", "adres",
              _adres("opkoper_", False)),
        _rows(na, "nachtregister", "registratie_id", "gast", "persoon", _persoon("gast_")),
        _rows(na, "nachtregister", "registratie_id", "logies", "organisatie",
              _org("logies_kvk", "logies_naam")),
        _rows(na, "nachtregister", "registratie_id", "adres:gast", "adres",
              _adres("gast_", False)),
        _rows(na, "nachtregister", "registratie_id", "adres:logies", "adres", _adres("logies_")),
        _rows(dos, "bibob", "dossiernummer", "locatie", "adres", _adres("locatie_")),
        _rows(bet, "bibob", "dossiernummer", pl.col("rol"),
              pl.when(is_org).then(pl.lit("organisatie")).otherwise(pl.lit("persoon")),
              pl.when(is_org).then(_org("kvk", "naam_rechtspersoon")).otherwise(_persoon("")),
              pl.col("_n")),
        _rows(bet, "bibob", "dossiernummer", pl.concat_str(pl.lit("adres:"), pl.col("rol")),
              "adres", _adres(""), pl.col("_n")),
        _rows(dam, "damocles", "zaaknummer", "pand", "adres", _adres("pand_")),
        _rows(dam, "damocles", "zaaknummer", "eigenaar",
              pl.when(pl.col("eigenaar_soort") == "rechtspersoon").then(pl.lit("organisatie"))
              .otherwise(pl.lit("persoon")),
              pl.when(pl.col("eigenaar_soort") == "rechtspersoon")
              .then(_org("eigenaar_kvk", "eigenaar_naam_rechtspersoon"))
              .otherwise(_persoon("eigenaar_"))),
        _rows(dam, "damocles", "zaaknummer", "bewoner", "persoon", _persoon("bewoner_")),
    ]
    out = pl.concat(parts)
    return out.select(
        pl.concat_str("register", pl.lit(":"), "record_id", pl.lit(":"), "role", pl.lit(":"),
                      pl.col("n").cast(pl.String)).alias("mention_id"),
        "register", "record_id", "role", "entity_type", "entity_id",
        pl.lit(1.0).alias("confidence"),
    )
