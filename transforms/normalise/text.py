"""Text folding shared by the normalisers: diacritics off, case folded, punctuation out.

Every function here is pure, total on ``str | None`` and never raises.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII, mapped by hand.
_SPECIAL = str.maketrans({
    "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L",
})
# Apostrophes vanish (``O'Brien`` -> ``obrien``, ``'t`` -> ``t``); other punctuation splits.
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NON_WORD = re.compile(r"[\W_]+")


def fold_diacritics(s: str | None) -> str:
    """``s`` with diacritics removed (``ü``->``u``, ``é``->``e``, ``ß``->``ss``, ``ł``->``l``);
    ``None`` -> ``""``. Case is kept; compatibility forms (ligatures, full-width) are
    decomposed."""
    if not s:
        return ""
    if s.isascii():  # nothing to fold (the common case; NFKD leaves ASCII as it is)
        return s
    decomposed = unicodedata.normalize("NFKD", s.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_lower(s: str | None) -> str:
    """Diacritics folded, case-folded and apostrophes dropped; other punctuation kept."""
    # casefold can produce decomposable characters (rare); fold again after it.
    return _APOSTROPHES.sub("", fold_diacritics(fold_diacritics(s).casefold()))


def fold_key(s: str | None) -> str:
    """The matching key of a free-text value: diacritics folded, case-folded, apostrophes
    dropped, every other run of punctuation/whitespace one space, trimmed. ``None`` -> ``""``.
    Idempotent: ``fold_key(fold_key(s)) == fold_key(s)``."""
    return _NON_WORD.sub(" ", fold_lower(s)).strip()
