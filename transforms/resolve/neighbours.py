"""The candidate pairs after new rows arrive, from the previous ones and only the blocks that
change (for the incremental resolution).

:func:`transforms.resolve.blocking.candidate_pairs` pairs a row only with rows of its own
block (the rows sharing its value of one key), in an order that depends only on the block's
rows and their relative order. A block that no new row enters therefore yields the same pairs
as before. An old pair inside an entered block may be pushed out of the window there; it stays
a candidate when another key still pairs it, so the other blocks it shares are paired again
too (few: only those of the old pairs in entered blocks).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from transforms.resolve.blocking import BLOCKING_KEYS, BlockingKey, candidate_pairs

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


def _block_pairs(
    features: pl.DataFrame, key: pl.Series, values: pl.Series, bk: BlockingKey, window: int
) -> npt.NDArray[np.uint64]:
    """The candidate pairs (packed) of the blocks of ``key`` holding ``values``."""
    rows = np.flatnonzero(key.is_in(values.implode()).fill_null(False).to_numpy())
    if rows.size < 2:
        return np.zeros(0, dtype=np.uint64)
    sub = candidate_pairs(features[rows], keys=(bk,), window=window)
    return _packed(rows[sub["a"].to_numpy()], rows[sub["b"].to_numpy()])


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
    candidates now: the old pairs in entered blocks that a key still pairs, and the new ones.
    The candidate pairs are the standing old pairs plus those."""
    n = features.height
    a_old = old_pairs["a"].to_numpy().astype(np.int64)
    b_old = old_pairs["b"].to_numpy().astype(np.int64)
    all_keys = features.select(bk.key.alias(f"_k{bit}") for bit, bk in enumerate(keys))
    new_index = pl.Series(new_rows, dtype=pl.UInt32)
    entered: list[pl.Series] = []
    again = np.zeros(old_pairs.height, dtype=bool)
    for bit in range(len(keys)):
        key = all_keys.to_series(bit)
        values = key.gather(new_index).drop_nulls().unique()
        entered.append(values)
        if values.len() == 0:
            continue
        inside = key.is_in(values.implode()).fill_null(False).to_numpy()
        both = np.flatnonzero(inside[a_old] & inside[b_old])
        if both.size:
            same = (key.gather(pl.Series(a_old[both], dtype=pl.UInt32))
                    == key.gather(pl.Series(b_old[both], dtype=pl.UInt32))).to_numpy()
            again[both[same]] = True
    # the old pairs in entered blocks, and every block they share under any key
    check = np.flatnonzero(again)
    ra = pl.Series(a_old[check], dtype=pl.UInt32)
    rb = pl.Series(b_old[check], dtype=pl.UInt32)
    found: list[npt.NDArray[np.uint64]] = []
    for bit, bk in enumerate(keys):
        key = all_keys.to_series(bit)
        left, right = key.gather(ra), key.gather(rb)
        shared = left.filter((left == right).fill_null(False))
        values = pl.concat([entered[bit], shared]).unique()
        if values.len():
            found.append(_block_pairs(features, key, values, bk, window))
    computed = sorted_unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.uint64)
    a = (computed >> np.uint64(32)).astype(np.int64)
    b = (computed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    is_new = np.zeros(n, dtype=bool)
    is_new[new_rows] = True
    # a computed pair of old rows outside the checked ones is a standing old pair
    checked = sorted_unique(_packed(a_old[check], b_old[check]))
    at = np.minimum(np.searchsorted(checked, computed), max(checked.size - 1, 0))
    was_checked = checked[at] == computed if checked.size else np.zeros(computed.size, bool)
    keep = is_new[a] | is_new[b] | was_checked
    redo = pl.DataFrame({"a": pl.Series(a[keep], dtype=pl.UInt32),
                         "b": pl.Series(b[keep], dtype=pl.UInt32)})
    return ~again, redo
