"""Identity-document numbers and the BSN guard.

Pins: :func:`normalise_id_number` upper-cases and removes whitespace, dashes and dots, and
reads the letter ``O`` as the digit ``0`` (Dutch document numbers never contain the letter
O); :func:`looks_like_bsn` is true for 9 digits (or 8, read with a leading 0) passing the
elfproef (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11), not all zeros.
"""

from __future__ import annotations

import re

import polars as pl

_REMOVE = re.compile(r"[\s\-.]+")
_BSN_FORM = re.compile(r"[0-9]{8,9}")


def normalise_id_number(s: str | None) -> str | None:
    """``s`` upper case without whitespace, dashes and dots, letter ``O`` -> ``0``; empty ->
    ``None``. Idempotent."""
    if not s:
        return None
    text = _REMOVE.sub("", s.upper()).replace("O", "0")
    return text or None


def elfproef(digits: str) -> bool:
    """The BSN 11-check on exactly 9 ASCII digits, all-zeros excluded."""
    if len(digits) != 9 or not _BSN_FORM.fullmatch(digits) or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def is_bsn_form(normalised: str) -> bool:
    """:func:`looks_like_bsn` for a value already through :func:`normalise_id_number`."""
    return bool(_BSN_FORM.fullmatch(normalised)) and elfproef(normalised.zfill(9))


def looks_like_bsn(s: str | None) -> bool:
    """True when the normalised ``s`` is a BSN-shaped number: 9 digits (8 are padded with a
    leading zero) passing :func:`elfproef`."""
    text = normalise_id_number(s)
    return text is not None and is_bsn_form(text)


def normalise_id_numbers(s: pl.Series) -> pl.Series:
    """:func:`normalise_id_number` on a whole column, vectorised (same results)."""
    text = (s.cast(pl.String).str.to_uppercase().str.replace_all(r"[\s\x1c-\x1f\-.]+", "")
            .str.replace_all("O", "0", literal=True))
    return pl.select(pl.when(text.str.len_bytes() > 0).then(text).alias(s.name)).to_series()


def bsn_form_mask(normalised: pl.Series) -> pl.Series:
    """:func:`is_bsn_form` on a column of normalised numbers (null -> False), vectorised.

    Only the values shaped like a BSN (8-9 digits, usually few) get the elfproef."""
    shaped = normalised.str.contains(r"^[0-9]{8,9}$").fill_null(False)
    mask = pl.Series(normalised.name, [False] * len(normalised), dtype=pl.Boolean)
    if not shaped.any():
        return mask
    padded = normalised.filter(shaped).str.zfill(9)
    digits = [padded.str.slice(i, 1).cast(pl.Int64) for i in range(9)]
    total = sum((d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)),
                start=pl.Series([0] * len(padded), dtype=pl.Int64))
    passes = ((total - digits[8]) % 11 == 0) & (padded != "000000000")
    return mask.scatter(shaped.arg_true(), passes)
