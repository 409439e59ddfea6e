"""Candidate pairs: only mentions that share a blocking key are compared.

Each key sorts the mentions by (key, secondary order) and pairs every mention with the next
``window`` mentions of the same key (sorted neighbourhood). A block of up to ``window + 1``
mentions thus yields all its pairs; a bigger block (``de jong`` + ``j``) only near
neighbours, so the number of pairs is at most ``window`` per mention per key and the cost
grows linearly with the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

INITIAL = pl.col("ini").str.slice(0, 1)
# surnames that may start with a glued-on tussenvoegsel (`vandijk`, `dekoning`, `intveld`)
GLUED_TUSSENVOEGSEL = r"^(van|von|de|den|der|ter|ten|te|in|op|uit|het|t |la|le|du|da|el|al)"


@dataclass(frozen=True)
class BlockingKey:
    """A named key expression over the feature columns plus the order within a block."""

    name: str
    key: pl.Expr
    order: tuple[str, ...]
    window: int | None = None  # overrides the default window for this key


def _join(*parts: pl.Expr) -> pl.Expr:
    # concat_str is null when any part is null: such a mention has no key of this kind.
    return pl.concat_str(list(parts), separator="|")


BLOCKING_KEYS: tuple[BlockingKey, ...] = (
    BlockingKey(
        "achternaam+geboortejaar",
        _join(pl.col("an"), pl.col("gd").str.slice(0, 4)),
        ("ini", "gd"),
    ),
    BlockingKey("id-nummer", pl.col("idh"), ("an", "ini")),
    BlockingKey("adres+voorletter", _join(pl.col("pc"), pl.col("hn"), INITIAL), ("an", "gd")),
    BlockingKey("geboortedatum+voorletter", _join(pl.col("gd"), INITIAL), ("fon", "wp")),
    BlockingKey(
        "fonetisch+voorletter", _join(pl.col("fon"), INITIAL), ("wp", "vn1", "gd"), window=8
    ),
    BlockingKey(
        "naam+voornaam (ook verwisseld)",
        pl.when(pl.col("an") < pl.col("vn1"))
        .then(_join(pl.col("an"), pl.col("vn1")))
        .otherwise(_join(pl.col("vn1"), pl.col("an"))),
        ("gd", "wp"),
    ),
    # the glued full surname: `van Dijk` / `vanDijk` / `Vandijk` (tussenvoegsel glued on);
    # only for names with a tussenvoegsel, separate or glued (the others are blocked above)
    BlockingKey(
        "volledige achternaam+voorletter",
        pl.when(
            (pl.col("full") != pl.col("an").str.replace_all(" ", "", literal=True))
            | pl.col("an").str.contains(GLUED_TUSSENVOEGSEL)
        ).then(_join(pl.col("full"), INITIAL)),
        ("wp", "vn1", "gd"),
    ),
)


def candidate_pairs(
    features: pl.DataFrame,
    keys: tuple[BlockingKey, ...] = BLOCKING_KEYS,
    window: int = 20,
) -> pl.DataFrame:
    """Unique pairs ``(a, b)`` of row indices (UInt32, ``a < b``) sharing a blocking key.

    Within a key, each row is paired with the next ``window`` rows of the same key in
    sorted order; all pairs of blocks of at most ``window + 1`` rows.
    """
    base = features.with_row_index("_i")
    parts: list[pl.DataFrame] = []
    for bk in keys:
        keyed = (
            base.select("_i", bk.key.alias("_k"), *bk.order)
            .filter(pl.col("_k").is_not_null())
            .sort(["_k", *bk.order, "_i"], nulls_last=True)
            .with_columns(pl.len().over("_k").alias("_n"))
            .filter(pl.col("_n") > 1)
            .select(
                "_i",
                (pl.col("_k") != pl.col("_k").shift()).fill_null(True).cum_sum().alias("_k"),
                "_n",
            )
        )
        if keyed.height == 0:
            continue
        for step in range(1, (bk.window or window) + 1):
            keyed = keyed.filter(pl.col("_n") > step)
            if keyed.height == 0:
                break
            shifted = keyed.select(
                pl.col("_i").alias("a"),
                pl.col("_i").shift(-step).alias("b"),
                (pl.col("_k").shift(-step) == pl.col("_k")).alias("same"),
            ).filter(pl.col("same").fill_null(False))
            # one UInt64 per pair (a << 32 | b): deduplicating one integer column is cheap
            parts.append(
                shifted.select(
                    (
                        pl.min_horizontal("a", "b").cast(pl.UInt64) * (1 << 32)
                        + pl.max_horizontal("a", "b").cast(pl.UInt64)
                    ).alias("_p")
                )
            )
    if not parts:
        return pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32})
    packed = pl.concat(parts).get_column("_p").unique().sort()
    return pl.DataFrame(
        {
            "a": (packed // (1 << 32)).cast(pl.UInt32),
            "b": (packed % (1 << 32)).cast(pl.UInt32),
        }
    )
