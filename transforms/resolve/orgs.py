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


def _clusters_again(base: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """:func:`org_clusters` of ``base`` (the previous mentions, as in ``previous`` with its
    ``cluster``, then new ones), computing only those of the new mentions and of the
    previous ones sharing an address key with a new one. A mention's cluster and confidence
    depend on the others only through the KvK numbers of its address key, which only the
    mentions with that key hold: every other previous mention keeps its cluster, and its
    confidence follows from its own columns and that cluster (a mention without KvK number
    in a ``kvk|`` cluster got there through its address)."""
    n_old = previous.height
    keys = base["addr_key"].slice(n_old).drop_nulls().unique()
    again = base["addr_key"].head(n_old).is_in(keys.implode()).fill_null(False)
    rows = pl.concat([again, pl.repeat(True, base.height - n_old, eager=True)])
    redone = org_clusters(base.filter(rows))
    kept = base.head(n_old).select(
        "mention_id", previous["cluster"].alias("cluster"),
        pl.when(pl.col("kvk").is_not_null()).then(1.0)
        .when(previous["cluster"].str.starts_with("kvk|")).then(0.9)
        .when(pl.col("addr_key").is_not_null()).then(0.8)
        .otherwise(0.6).alias("confidence"))
    at = rows.arg_true()
    return pl.DataFrame([
        pl.concat([kept[c], pl.repeat(None, base.height - n_old, dtype=kept[c].dtype,
                                      eager=True)]).scatter(at, redone[c])
        for c in kept.columns])


def resolve_orgs_incremental(
    base: pl.DataFrame, previous: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """As :func:`resolve_orgs` for the mentions of ``base`` (:func:`org_base` of every
    mention of this run: first the previous run's, in the order of ``previous``, then the
    new ones), given ``previous``: ``mention_id, entity_id, generation, cluster`` of the
    previous run's mentions. A cluster that only gains new mentions keeps its id; ids are
    assigned again (against the whole previous mapping, so exactly as a full run would) only
    where a previous mention changed cluster, or for a new cluster. Returns the mentions whose
    entity may differ (the columns of :func:`resolve_orgs`), and ``mention_id``, the base
    columns and ``cluster`` of every mention."""
    n_old = previous.height
    now = pl.concat([_clusters_again(base, previous), base.select(BASE_COLUMNS)],
                    how="horizontal")
    old_now, fresh = now.head(n_old), now.slice(n_old)
    moved = old_now["cluster"] != previous["cluster"]
    left = previous["cluster"].filter(moved).implode()
    disturbed = pl.concat([
        old_now["cluster"].filter(moved),
        old_now["cluster"].filter(previous["cluster"].is_in(left)),
    ]).unique()
    known = old_now.select("cluster").with_columns(
        previous["entity_id"], previous["generation"]
    ).filter(pl.col("cluster").is_in(fresh["cluster"].implode())
             & ~pl.col("cluster").is_in(disturbed.implode())).unique("cluster")
    adopted = fresh.join(known, on="cluster", how="inner", maintain_order="left")
    redo_keys = pl.concat([
        disturbed,
        fresh.filter(~pl.col("cluster").is_in(known["cluster"].implode()))["cluster"],
    ]).unique().implode()
    redo = now.filter(pl.col("cluster").is_in(redo_keys))
    ids = assign_ids(redo.select("mention_id", "cluster"),
                     previous.select("mention_id", "entity_id", "generation"), "O")
    columns = ["mention_id", "entity_id", "confidence", "generation", *BASE_COLUMNS, "cluster"]
    again = pl.concat([
        pl.concat([ids, redo.drop("mention_id")], how="horizontal").select(columns),
        adopted.select(columns),
    ])
    return again, now.select("mention_id", *BASE_COLUMNS, "cluster")
