"""Candidate pairs that remember which blocking keys produced them, and the candidate pairs
of only the blocks that new mentions enter (for the incremental resolution).

:func:`keyed_pairs` is :func:`transforms.resolve.blocking.candidate_pairs` run per key, with
a ``keys`` bitmask (bit ``k`` = ``BLOCKING_KEYS[k]``) per unique pair: the union over the keys
is exactly ``candidate_pairs``. Sorted neighbourhood pairs a row only with rows of its own
block (the rows sharing its key value), in an order that depends only on the block's rows
and their relative order. A block that no new mention enters therefore yields the same
pairs as before, and :func:`touched_pairs` recomputes the blocks that new mentions enter.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from transforms.resolve.blocking import BLOCKING_KEYS, BlockingKey, candidate_pairs

PAIRS_SCHEMA = {"a": pl.UInt32, "b": pl.UInt32, "keys": pl.UInt8}


def _merge(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """One row per pair ``(a, b)`` with the bitwise or of its ``keys``, sorted by a, b."""
    if not parts:
        return pl.DataFrame(schema=PAIRS_SCHEMA)
    both = pl.concat(parts).select(
        (pl.col("a").cast(pl.UInt64) * (1 << 32) + pl.col("b").cast(pl.UInt64)).alias("_p"),
        pl.col("keys"),
    )
    merged = both.group_by("_p").agg(pl.col("keys").bitwise_or()).sort("_p")
    return merged.select(
        (pl.col("_p") // (1 << 32)).cast(pl.UInt32).alias("a"),
        (pl.col("_p") % (1 << 32)).cast(pl.UInt32).alias("b"),
        pl.col("keys").cast(pl.UInt8),
    )


def _key_pairs(features: pl.DataFrame, bit: int, bk: BlockingKey, window: int) -> pl.DataFrame:
    pairs = candidate_pairs(features, keys=(bk,), window=window)
    return pairs.with_columns(pl.lit(1 << bit, dtype=pl.UInt8).alias("keys"))


def keyed_pairs(
    features: pl.DataFrame,
    window: int,
    keys: tuple[BlockingKey, ...] = BLOCKING_KEYS,
) -> pl.DataFrame:
    """``a, b, keys``: the candidate pairs of ``features`` (as ``candidate_pairs``) with the
    bitmask of the keys that produced each, sorted by ``a, b``."""
    if len(keys) > 8:
        raise ValueError("hoogstens 8 blokkeersleutels in een UInt8-masker")
    return _merge([_key_pairs(features, bit, bk, window) for bit, bk in enumerate(keys)])


def touched_pairs(
    features: pl.DataFrame,
    old_pairs: pl.DataFrame,
    new_rows: npt.NDArray[np.int64],
    window: int,
    keys: tuple[BlockingKey, ...] = BLOCKING_KEYS,
) -> tuple[npt.NDArray[np.bool_], pl.DataFrame]:
    """The candidate pairs of ``features`` (as :func:`keyed_pairs`), given the pairs of the
    same rows without the ``new_rows`` (``old_pairs``: ``a, b, keys`` in the row indices of
    ``features``): only the blocks that a new row enters are paired again.

    Returns which old pairs stand as they were (same keys), and the pairs of the entered
    blocks (``a, b, keys``): the old pairs there that are still produced and the new ones.
    The candidate pairs are the standing old pairs plus those."""
    parts: list[pl.DataFrame] = []
    clear = np.zeros(old_pairs.height, dtype=np.uint8)
    a_old = old_pairs["a"].to_numpy()
    b_old = old_pairs["b"].to_numpy()
    all_keys = features.select(bk.key.alias(f"_k{bit}") for bit, bk in enumerate(keys))
    for bit, bk in enumerate(keys):
        key = all_keys.to_series(bit)
        entered = key.gather(pl.Series(new_rows, dtype=pl.UInt32)).drop_nulls().unique()
        if entered.len() == 0:
            continue
        inside = key.is_in(entered.implode()).fill_null(False).to_numpy()
        rows = np.flatnonzero(inside)
        sub = _key_pairs(features[rows], bit, bk, window)
        parts.append(sub.with_columns(
            pl.Series("a", rows[sub["a"].to_numpy()], dtype=pl.UInt32),
            pl.Series("b", rows[sub["b"].to_numpy()], dtype=pl.UInt32),
        ))
        # an old pair inside an entered block: this key's verdict on it is recomputed
        both = np.flatnonzero(inside[a_old] & inside[b_old])
        if both.size:
            same = (key.gather(pl.Series(a_old[both], dtype=pl.UInt32))
                    == key.gather(pl.Series(b_old[both], dtype=pl.UInt32))).to_numpy()
            clear[both[same]] |= np.uint8(1 << bit)
    standing: npt.NDArray[np.bool_] = clear == 0
    redo_old = np.flatnonzero(~standing)
    cleared = old_pairs[redo_old].select(
        "a", "b", (pl.col("keys") & pl.Series(~clear[redo_old], dtype=pl.UInt8)).alias("keys"))
    redo = _merge([cleared, *parts]).filter(pl.col("keys") != 0)
    return standing, redo
