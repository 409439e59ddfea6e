"""The candidate pairs after new rows arrive, from the previous ones and only the blocks that
change (for the incremental resolution).

:func:`transforms.resolve.blocking.candidate_pairs` pairs a row only with rows of its own
block (the rows sharing its value of one key), in an order that depends only on the block's
rows and their relative order. A block that no new row enters therefore yields the same pairs
as before. In an entered block the new rows only push old rows apart: the new pairs are those
within the window of a new row, and an old pair of the block is paired there while its ends
are still within the window. One pushed out may still be paired by another key, so the other
blocks it shares are looked at too (few: only those of the pushed-out pairs).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from transforms.resolve.blocking import BLOCKING_KEYS, BlockingKey

Rows = npt.NDArray[np.int64]
T = TypeVar("T", bound=np.generic)


def sorted_unique(values: npt.NDArray[T]) -> npt.NDArray[T]:
    """``np.unique(values)`` by sorting (numpy's own hashes, several times slower here)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    out: npt.NDArray[T] = ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]
    return out


def _packed(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    return (a.astype(np.uint64) << np.uint64(32)) | b.astype(np.uint64)


# Per blocking key (by name): groups of expressions over the feature columns such that a row
# holding a non-null value of the key has, for each group, the value of every expression of
# the group among the values of that group's expressions at any other row holding that value
# (the parts of the key; both names pooled for the swapped name pair). The rows of some
# blocks are then found among the rows passing every group, computing the key of those only.
BLOCK_ROOTS: dict[str, tuple[tuple[pl.Expr, ...], ...]] = {
    "achternaam+geboortejaar": ((pl.col("an"),), (pl.col("gd").str.slice(0, 4),)),
    "id-nummer": ((pl.col("idh"),),),
    "adres+voorletter": ((pl.col("pc"),), (pl.col("hn"),)),
    "geboortedatum+voorletter": ((pl.col("gd"),),),
    "fonetisch+voorletter": ((pl.col("fon"),),),
    "naam+voornaam (ook verwisseld)": ((pl.col("an"), pl.col("vn1")),),
    "volledige achternaam+voorletter": ((pl.col("full"),),),
}
_ROW = pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row")


def block_rows(
    features: pl.DataFrame, bk: BlockingKey, values: pl.Series, holders: Rows
) -> tuple[Rows, pl.Series]:
    """The rows (sorted) of ``features`` whose value of ``bk`` is one of ``values``, and
    their values; ``holders``: rows holding each of the (non-null) ``values``. Computes the
    key only of the rows that pass :data:`BLOCK_ROOTS` against the holders."""
    at = pl.Series(holders, dtype=pl.UInt32)
    columns = sorted(set(bk.key.meta.root_names()))
    held = features.select(pl.col(columns).gather(at))
    inside = features.select(_ROW, *columns)
    for group in BLOCK_ROOTS[bk.name]:
        pool = pl.concat([held.select(expr).to_series().alias("_v") for expr in group])
        wanted = pool.drop_nulls().unique().implode()
        for expr in group:  # one filter after the other: each computes on fewer rows
            inside = inside.filter(expr.is_in(wanted).fill_null(False))
    keyed = inside.select("_row", bk.key.alias("_k")).filter(
        pl.col("_k").is_in(values.drop_nulls().implode()))
    return keyed["_row"].to_numpy().astype(np.int64), keyed["_k"]


def _sorted_blocks(
    features: pl.DataFrame, rows: Rows, keyed: pl.Series, bk: BlockingKey
) -> tuple[Rows, Rows]:
    """The whole blocks made of ``rows`` (values ``keyed``) in the order in which
    ``candidate_pairs`` pairs them: the rows, and per row its block's number."""
    ordered = (
        features.select(pl.col(list(bk.order)).gather(pl.Series(rows, dtype=pl.UInt32)))
        .with_columns(pl.Series("_k", keyed), pl.Series("_i", rows))
        .sort(["_k", *bk.order, "_i"], nulls_last=True)
    )
    block = (ordered["_k"] != ordered["_k"].shift()).fill_null(True).cum_sum()
    return ordered["_i"].to_numpy(), block.cast(pl.Int64).to_numpy()


def _codes(keyed: pl.Series) -> npt.NDArray[np.int64]:
    """A number per distinct value of ``keyed`` (0, 1, ...), -1 for null. (Ranked: the
    few thousand values of the blocks involved are sorted faster than cast to a
    categorical, whose global mapping is slow to start.)"""
    dense = keyed.rank("dense").cast(pl.Int64) - 1
    return dense.fill_null(-1).to_numpy()


def touched_pairs(
    features: pl.DataFrame,
    old_pairs: pl.DataFrame,
    new_rows: Rows,
    window: int,
    keys: tuple[BlockingKey, ...] = BLOCKING_KEYS,
) -> tuple[npt.NDArray[np.bool_], pl.DataFrame]:
    """The candidate pairs of ``features`` (as ``candidate_pairs``), given the candidate pairs
    of the same rows without the ``new_rows`` (``old_pairs``: ``a, b`` in the row indices of
    ``features``).

    Returns which old pairs stand as they were, and ``a, b`` of the others that are
    candidates now: the old pairs in entered blocks that a key still pairs, and the new ones
    (sorted by ``a``, ``b``). The candidate pairs are the standing old pairs plus those.

    Reads the keys of the new rows and of the rows of the blocks involved only (found by
    their root columns, :data:`BLOCK_ROOTS`), and each old pair once. In a block sorted as
    ``candidate_pairs`` sorts it, the new rows only push old rows apart: a new pair has a new
    row within the window, an old pair of the block is paired by this key while its ends are
    still within the window."""
    n = features.height
    a_old = old_pairs["a"].to_numpy()
    b_old = old_pairs["b"].to_numpy()
    new_index = pl.Series(new_rows, dtype=pl.UInt32)
    new_keys = features[new_index].select(bk.key.alias(f"_k{bit}") for bit, bk in enumerate(keys))
    entered: list[tuple[Rows, pl.Series]] = []
    if len(keys) > 8:
        raise ValueError("hoogstens 8 bloksleutels")
    bits = np.zeros(n, dtype=np.uint8)  # per row: the keys under which it is in an entered block
    for bit, bk in enumerate(keys):
        values = new_keys.to_series(bit).drop_nulls().unique()
        rows, keyed = block_rows(features, bk, values, new_rows)
        entered.append((rows, keyed))
        bits[rows] |= np.uint8(1 << bit)
    # the old pairs in entered blocks: both ends in one block that a new row entered
    both = np.flatnonzero(np.take(bits, a_old) & np.take(bits, b_old))
    a_both, b_both = a_old[both], b_old[both]
    again = np.zeros(old_pairs.height, dtype=bool)
    for rows, keyed in entered:
        code = np.full(n, -1, dtype=np.int64)
        code[rows] = _codes(keyed)
        ca, cb = np.take(code, a_both), np.take(code, b_both)
        again[both[(ca >= 0) & (ca == cb)]] = True
    check = np.flatnonzero(again)
    ca_, cb_ = a_old[check].astype(np.int64), b_old[check].astype(np.int64)
    is_new = np.zeros(n, dtype=bool)
    is_new[new_rows] = True
    paired = np.zeros(check.size, dtype=bool)  # an old pair in an entered block still paired
    position = np.full(n, -1, dtype=np.int64)  # per key: in the sorted blocks, then reset
    block_of = np.full(n, -1, dtype=np.int64)

    def within(order: Rows, block: Rows, pa: Rows, pb: Rows, steps: int) -> npt.NDArray[
            np.bool_]:
        """Which pairs ``pa``-``pb`` the sorted blocks pair (in one block, near enough)."""
        position[order] = np.arange(order.size)
        block_of[order] = block
        at_a, at_b = np.take(position, pa), np.take(position, pb)
        same = np.take(block_of, pa) == np.take(block_of, pb)  # blocks are 1, 2, ...; -1 off
        out: npt.NDArray[np.bool_] = (at_a >= 0) & same & (np.abs(at_a - at_b) <= steps)
        position[order] = -1
        block_of[order] = -1
        return out

    # the entered blocks: the pairs around the new rows, the old pairs still near enough
    found: list[npt.NDArray[np.uint64]] = []
    for bit, bk in enumerate(keys):
        rows, keyed = entered[bit]
        if rows.size < 2:
            continue
        order, block = _sorted_blocks(features, rows, keyed, bk)
        steps = bk.window or window
        paired |= within(order, block, ca_, cb_, steps)
        fresh = is_new[order]
        for step in range(1, min(steps, order.size - 1) + 1):
            near = (block[step:] == block[:-step]) & (fresh[step:] | fresh[:-step])
            x, y = order[:-step][near], order[step:][near]
            found.append(_packed(np.minimum(x, y), np.maximum(x, y)))
    # the old pairs pushed apart there: still paired in another block they share (one that
    # no new row entered, so as before)
    rest = np.flatnonzero(~paired)
    ra, rb = ca_[rest], cb_[rest]
    ends = sorted_unique(np.concatenate([ra, rb]))
    end_keys = features[pl.Series(ends, dtype=pl.UInt32)].select(
        bk.key.alias(f"_k{bit}") for bit, bk in enumerate(keys))
    end_at = np.full(n, -1, dtype=np.int64)
    end_at[ends] = np.arange(ends.size)
    at_a, at_b = np.take(end_at, ra), np.take(end_at, rb)
    for bit, bk in enumerate(keys):
        key = end_keys.to_series(bit)
        code = _codes(key)
        left, right = np.take(code, at_a), np.take(code, at_b)
        shares = np.zeros(int(code.max(initial=-1)) + 2, dtype=bool)
        shares[left[(left >= 0) & (left == right)]] = True
        holding = shares[code]  # code -1 (null) reads the last, never set
        shared = key.filter(pl.Series(holding)).unique()
        other = shared.filter(~shared.is_in(entered[bit][1].unique().implode()))
        if other.len() == 0:
            continue
        holders = ends[holding & key.is_in(other.implode()).fill_null(False).to_numpy()]
        rows, keyed = block_rows(features, bk, other, holders)
        order, block = _sorted_blocks(features, rows, keyed, bk)
        paired[rest] |= within(order, block, ra, rb, bk.window or window)
    found.append(_packed(ca_[paired], cb_[paired]))
    computed = sorted_unique(np.concatenate(found))
    redo = pl.DataFrame({
        "a": pl.Series((computed >> np.uint64(32)).astype(np.int64), dtype=pl.UInt32),
        "b": pl.Series((computed & np.uint64(0xFFFFFFFF)).astype(np.int64), dtype=pl.UInt32),
    })
    return ~again, redo
