"""Address resolution by key; foreign addresses keep their own shape.

- Dutch (``land`` NL or empty, postcode ``1234 AB``): ``NL|1234AB|<huisnummer>|<toevoeging>``
  (``101a``, ``101-A`` and ``101 A`` agree: the toevoeging is upper case alphanumerics).
- Dutch without postcode: ``NL|<folded straat>|<huisnummer>|<toevoeging>|<woonplaats>``.
- Foreign: ``<land>|<postcode as given>|<huisnummer>|<toevoeging>|<folded straat>`` — never
  forced into the Dutch form, and never equal to a Dutch key.
An address without a number (or without postcode and street) gets a key of its own
mention only: it cannot be told apart from other addresses.
"""

from __future__ import annotations

import polars as pl

from transforms.resolve.ids import assign_ids


def _fold(col: str, have: set[str]) -> pl.Expr:
    if col not in have:
        return pl.lit("", dtype=pl.String)
    return (
        pl.col(col)
        .cast(pl.String)
        .str.to_lowercase()
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
        .fill_null("")
    )


def address_key(mentions: pl.DataFrame) -> pl.Series:
    """The address key of each row (see module docstring); null when not identifiable."""
    have = set(mentions.columns)

    def col(name: str) -> pl.Expr:
        return pl.col(name).cast(pl.String) if name in have else pl.lit(None, dtype=pl.String)

    land = col("land").str.to_uppercase().fill_null("NL")
    pc = col("postcode").str.to_uppercase().str.replace_all(r"\s+", "")
    hn = col("huisnummer")
    toev = col("toevoeging").str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "").fill_null("")
    straat = _fold("straat", have)
    plaats = _fold("woonplaats", have)
    nl_pc = pc.str.contains(r"^[1-9][0-9]{3}[A-Z]{2}$")
    key = (
        pl.when(hn.is_null())
        .then(None)
        .when((land == "NL") & nl_pc.fill_null(False))
        .then(pl.concat_str([pl.lit("NL"), pc, hn, toev], separator="|"))
        .when((land == "NL") & (straat != ""))
        .then(pl.concat_str([pl.lit("NL"), straat, hn, toev, plaats], separator="|"))
        .when((land != "NL") & (pc.is_not_null() | (straat != "")))
        .then(pl.concat_str([land, pc.fill_null(""), hn, toev, straat], separator="|"))
        .otherwise(None)
    )
    return mentions.select(key.alias("adres_key")).to_series()


def resolve_addresses(mentions: pl.DataFrame, previous: pl.DataFrame | None = None) -> pl.DataFrame:
    """``mention_id, entity_id, confidence, generation, adres_key`` per address mention
    (ids ``A-…``, stable per :mod:`transforms.resolve.ids`)."""
    keyed = mentions.select(pl.col("mention_id").cast(pl.String)).with_columns(
        address_key(mentions)
    )
    clusters = keyed.select(
        "mention_id", pl.coalesce("adres_key", pl.lit("#") + pl.col("mention_id")).alias("cluster")
    )
    ids = assign_ids(clusters, previous, "A")
    return ids.with_columns(
        pl.when(keyed["adres_key"].is_null()).then(0.5).otherwise(1.0).alias("confidence"),
        keyed["adres_key"],
    ).select("mention_id", "entity_id", "confidence", "generation", "adres_key")


def resolve_addresses_incremental(
    mentions: pl.DataFrame, previous: pl.DataFrame
) -> pl.DataFrame:
    """As :func:`resolve_addresses` for the previous run's address mentions plus the new
    ``mentions``: ``previous`` is ``mention_id, entity_id, generation, adres_key`` per
    previous mention. Only the keys of new mentions are assigned ids again (against the whole
    previous mapping, so exactly as a full run would); returns the rows of the new mentions
    and of the previous mentions sharing their keys."""
    new = mentions.select(pl.col("mention_id").cast(pl.String)).with_columns(
        address_key(mentions)
    )
    keys = new["adres_key"].drop_nulls().unique().implode()
    joining = previous.filter(pl.col("adres_key").is_in(keys)).select("mention_id", "adres_key")
    both = pl.concat([joining, new])
    clusters = both.select(
        "mention_id", pl.coalesce("adres_key", pl.lit("#") + pl.col("mention_id")).alias("cluster")
    )
    ids = assign_ids(clusters, previous.select("mention_id", "entity_id", "generation"), "A")
    return ids.with_columns(
        pl.when(both["adres_key"].is_null()).then(0.5).otherwise(1.0).alias("confidence"),
        both["adres_key"],
    ).select("mention_id", "entity_id", "confidence", "generation", "adres_key")
