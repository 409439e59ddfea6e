"""Organisation resolution: KvK number first, then name without legal form plus address.

- Mentions with a KvK number are one organisation per number.
- A mention without KvK joins the KvK organisation with the same stripped name and the same
  address (postcode + huisnummer) when exactly one such organisation exists; otherwise the
  mentions without KvK group by (stripped name, land, postcode, huisnummer), or by stripped
  name and land when no address is known.
Legal forms (B.V., BV, V.O.F., N.V., Holding, GmbH, BVBA, SRL, Stichting, …) are stripped so
that ``Van Dijk Holding B.V.`` and ``van Dijk BV`` compare by ``van dijk``.
"""

from __future__ import annotations

import polars as pl

from transforms.resolve.ids import assign_ids

LEGAL_FORMS: tuple[str, ...] = (
    "b v",
    "bv",
    "n v",
    "nv",
    "v o f",
    "vof",
    "c v",
    "cv",
    "holding",
    "beheer",
    "gmbh",
    "gmbh co kg",
    "kg",
    "ag",
    "ug",
    "bvba",
    "bv ba",
    "srl",
    "sprl",
    "sa",
    "nv sa",
    "ltd",
    "limited",
    "llc",
    "inc",
    "stichting",
    "vereniging",
    "cooperatie",
    "u a",
    "ua",
    "eenmanszaak",
    "vzw",
    "asbl",
    "sarl",
    "sas",
    "plc",
    "bvio",
)
_FORMS_RE = (
    r"\b(?:"
    + "|".join(sorted((f.replace(" ", r"\s") for f in LEGAL_FORMS), key=len, reverse=True))
    + r")\b"
)


def org_name_key(name: pl.Expr) -> pl.Expr:
    """Folded organisation name with legal forms and punctuation removed (``""`` if none)."""
    folded = (
        name.cast(pl.String)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9&]+", " ")
        .str.strip_chars()
    )
    stripped = folded.str.replace_all(_FORMS_RE, " ").str.replace_all(r"\s+", " ").str.strip_chars()
    # a name that is only a legal form (``Holding BV``) keeps its folded text
    return pl.when(stripped.str.len_chars() > 0).then(stripped).otherwise(folded).fill_null("")


BASE_COLUMNS = ("kvk", "nk", "land", "addr_key")


def org_base(mentions: pl.DataFrame) -> pl.DataFrame:
    """``mention_id, kvk, nk, addr_key`` per organisation mention: what the clustering reads
    (``nk``: :func:`org_name_key`; ``addr_key``: name + land + postcode + huisnummer).

    Reads ``kvk``, ``naam``, ``postcode``, ``huisnummer``, ``land`` where present."""
    have = set(mentions.columns)

    def col(name: str) -> pl.Expr:
        return pl.col(name).cast(pl.String) if name in have else pl.lit(None, dtype=pl.String)

    return mentions.select(
        pl.col("mention_id").cast(pl.String),
        col("kvk").alias("kvk"),
        org_name_key(col("naam")).alias("nk"),
        col("land").str.to_uppercase().fill_null("NL").alias("land"),
        col("postcode").str.to_uppercase().str.replace_all(r"\s+", "").alias("pc"),
        col("huisnummer").alias("hn"),
    ).select(
        "mention_id",
        "kvk",
        "nk",
        "land",
        pl.concat_str(
            [pl.col("nk"), pl.col("land"), pl.col("pc"), pl.col("hn")], separator="|"
        ).alias("addr_key"),
    )


def org_clusters(base: pl.DataFrame) -> pl.DataFrame:
    """``mention_id, cluster, confidence`` for the rows of :func:`org_base` (a cluster key
    per organisation; it depends on the other mentions through the KvK number per address)."""
    # stripped name + address -> the one KvK number carrying it, if unique
    by_addr = (
        base.filter(
            pl.col("kvk").is_not_null() & pl.col("addr_key").is_not_null() & (pl.col("nk") != "")
        )
        .group_by("addr_key")
        .agg(pl.col("kvk").unique().alias("kvks"))
        .filter(pl.col("kvks").list.len() == 1)
        .select("addr_key", pl.col("kvks").list.first().alias("kvk_via_adres"))
    )
    keyed = base.join(by_addr, on="addr_key", how="left", maintain_order="left")
    cluster = (
        pl.when(pl.col("kvk").is_not_null())
        .then(pl.lit("kvk|") + pl.col("kvk"))
        .when(pl.col("kvk_via_adres").is_not_null())
        .then(pl.lit("kvk|") + pl.col("kvk_via_adres"))
        .when(pl.col("addr_key").is_not_null() & (pl.col("nk") != ""))
        .then(pl.lit("adres|") + pl.col("addr_key"))
        .when(pl.col("nk") != "")
        .then(pl.lit("naam|") + pl.col("nk") + "|" + pl.col("land"))
        .otherwise(pl.lit("#") + pl.col("mention_id"))
    )
    confidence = (
        pl.when(pl.col("kvk").is_not_null())
        .then(1.0)
        .when(pl.col("kvk_via_adres").is_not_null())
        .then(0.9)
        .when(pl.col("addr_key").is_not_null())
        .then(0.8)
        .otherwise(0.6)
    )
    return keyed.select("mention_id", cluster.alias("cluster"), confidence.alias("confidence"))


def resolve_orgs(mentions: pl.DataFrame, previous: pl.DataFrame | None = None) -> pl.DataFrame:
    """``mention_id, entity_id, confidence, generation`` per organisation mention (``O-…``),
    plus what :func:`resolve_orgs_incremental` builds on next time: the :func:`org_base`
    columns and ``cluster``.

    Reads ``kvk``, ``naam``, ``postcode``, ``huisnummer``, ``land`` where present."""
    base = org_base(mentions)
    clusters = org_clusters(base)
    ids = assign_ids(clusters.select("mention_id", "cluster"), previous, "O")
    return ids.with_columns(
        clusters["confidence"], clusters["cluster"], *base.drop("mention_id").get_columns()
    ).select("mention_id", "entity_id", "confidence", "generation", *BASE_COLUMNS, "cluster")


def resolve_orgs_incremental(
    base: pl.DataFrame, previous: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """As :func:`resolve_orgs` for the mentions of ``base`` (:func:`org_base`, every mention
    of this run), given the previous run's mentions, clusters and ids: ``previous`` is
    ``mention_id, entity_id, generation, cluster`` per previous mention. Only the clusters
    that gain or lose a mention get their ids assigned again (against the whole previous
    mapping, so exactly as a full run would); every other mention keeps its id and
    confidence. Returns the mentions assigned again (the columns of :func:`resolve_orgs`),
    and ``mention_id``, the base columns and ``cluster`` of every mention."""
    now = org_clusters(base)
    joined = now.join(
        previous.select("mention_id", pl.col("cluster").alias("_before")),
        on="mention_id", how="left", maintain_order="left",
    )
    moved = joined.filter(pl.col("_before").is_null() | (pl.col("_before") != pl.col("cluster")))
    left_behind = joined.filter(pl.col("_before").is_in(moved["_before"].drop_nulls().implode()))
    keys = pl.concat([moved["cluster"], left_behind["cluster"]]).unique().implode()
    redo = pl.concat([now, base.select(BASE_COLUMNS)], how="horizontal").filter(
        pl.col("cluster").is_in(keys))
    ids = assign_ids(redo.select("mention_id", "cluster"),
                     previous.select("mention_id", "entity_id", "generation"), "O")
    again = pl.concat([ids, redo.drop("mention_id")], how="horizontal").select(
        "mention_id", "entity_id", "confidence", "generation", *BASE_COLUMNS, "cluster"
    )
    state = pl.concat([base, now.select("cluster")], how="horizontal")
    return again, state.select("mention_id", *BASE_COLUMNS, "cluster")
