"""Dutch person names: tussenvoegsels split off, diacritics folded, initials derived.

The normalised parts (``*_norm``) contain only lower-case letters/digits and single spaces.
Pins:
- a tussenvoegsel glued into the achternaam is split off: ``VAN DIJK`` (empty
  tussenvoegsel), ``van Dijk``, ``Dijk, van``, camel-case ``vanDijk``/``VanDerBerg``, the
  Belgian ``Van Damme``; a fully glued lower-case ``Vandamme`` is a surname and stays whole;
- abbreviations are expanded: ``v``/``v.`` -> ``van``, ``vd``/``v.d.``/``v/d`` -> ``van der``
  (one canonical reading; the resolver treats ``van de``/``van der``/``van den`` as close);
- ``in 't``/``van 't``/``'t`` lose the apostrophe (``in t``);
- the last word of an achternaam is never taken as tussenvoegsel (``Van`` stays ``van``);
- initialen: first letter per first name; ``J.P.``, ``J. P.``, ``JP`` and ``Jan-Pieter`` -> ``jp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.normalise.text import fold_diacritics, fold_key, fold_lower

# Words that may form a tussenvoegsel (Dutch, Flemish, German, French, Romance).
PREFIX_WORDS: frozenset[str] = frozenset({
    "van", "von", "vom", "de", "der", "den", "des", "het", "t", "s", "ter", "ten", "te",
    "op", "in", "aan", "bij", "onder", "over", "uit", "uijt", "voor", "tot", "zu", "zum",
    "zur", "am", "im", "auf", "le", "la", "les", "du", "di", "da", "del", "della", "dos",
    "do", "el", "al", "vd", "v", "d",
})
# Abbreviated forms, keyed on the folded token sequence, to their full reading.
_ABBREVIATIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("vd",): ("van", "der"),
    ("v", "d"): ("van", "der"),
    ("vdn",): ("van", "den"),
    ("v", "dn"): ("van", "den"),
    ("v",): ("van",),
    ("vh",): ("van", "het"),
    ("v", "h"): ("van", "het"),
}
_CAMEL_PREFIX = re.compile(
    r"^((?:[Vv]an|[Vv]on|[Dd]e[nr]?|[Tt]e[nr]?|[Vv]d|[Ll][ae]|[Dd]u|[Dd]i|[Dd]a)"
    r"(?:[Dd]e[nr]?|[Tt]|[Hh]et)?)(?=[A-Z][a-z])"
)
_INITIAL_TOKEN = re.compile(r"[^\W_]+\.?")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class PersonName:
    """The normalised parts of one person's name (``None`` when empty)."""

    achternaam_norm: str | None
    tussenvoegsel_norm: str | None
    voornamen_norm: str | None
    initialen: str | None


def name_key(s: str | None) -> str:
    """Folding helper for any name: diacritics folded (``ü``->``u``, ``ß``->``ss``,
    ``ł``->``l``), case-folded, apostrophes dropped, other punctuation -> one space,
    trimmed. ``None``/empty -> ``""``. Idempotent."""
    return fold_key(s)


def _expand(tokens: list[str]) -> list[str]:
    """Expand abbreviated tussenvoegsel tokens anywhere in ``tokens`` (longest match)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for width in (2, 1):
            key = tuple(tokens[i:i + width])
            if len(key) == width and key in _ABBREVIATIONS:
                out.extend(_ABBREVIATIONS[key])
                i += width
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def canonical_tussenvoegsel(s: str | None) -> str | None:
    """A tussenvoegsel in canonical form: folded, lower case, abbreviations expanded
    (``v.d.`` -> ``van der``, ``'t`` -> ``t``); empty -> ``None``. Idempotent."""
    tokens = _expand(name_key(s).split())
    return " ".join(tokens) or None


def _unglue_camel(raw: str) -> str:
    """``vanDijk`` -> ``van Dijk``, ``VanDerBerg`` -> ``Van Der Berg`` (camel case only)."""
    stripped = raw.strip()
    m = _CAMEL_PREFIX.match(stripped)
    if not m:
        return stripped
    prefix = m.group(1)
    # Split a glued second prefix word as well (``VanDer`` -> ``Van Der``).
    inner = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", prefix)
    return inner + " " + stripped[len(prefix):]


def split_achternaam(s: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a raw achternaam into ``(achternaam_norm, tussenvoegsel_norm, rest)``.

    ``rest`` is the folded non-tussenvoegsel text after a comma (``Jansen, Pieter`` ->
    ``pieter``), for the caller to use as voornamen when those are empty. Leading prefix words
    become the tussenvoegsel as long as one word remains for the achternaam.
    """
    if not s or not s.strip():
        return None, None, None
    head, sep, tail = s.partition(",")
    tail_tv: list[str] = []
    rest: str | None = None
    if sep:
        tail_tokens = _expand(name_key(tail).split())
        n = 0
        while n < len(tail_tokens) and tail_tokens[n] in PREFIX_WORDS:
            n += 1
        tail_tv = tail_tokens[:n]
        rest = " ".join(tail_tokens[n:]) or None
    tokens = _expand(name_key(_unglue_camel(fold_diacritics(head))).split())
    n = 0
    while n < len(tokens) - 1 and tokens[n] in PREFIX_WORDS:
        n += 1
    achternaam = " ".join(tokens[n:]) or None
    tv_tokens = tail_tv + tokens[:n] if tail_tv else tokens[:n]
    if achternaam is None and tv_tokens:
        # ``, van`` only: keep what we have as the achternaam rather than lose it.
        achternaam, tv_tokens = " ".join(tv_tokens), []
    return achternaam, " ".join(tv_tokens) or None, rest


def merge_tussenvoegsel(given: str | None, extracted: str | None) -> str | None:
    """Combine the canonical tussenvoegsel column with one split off the achternaam.

    Equal, or one contains the other at the right end (``van`` + ``van der`` -> ``van der``;
    ``van der`` + ``der`` -> ``van der``): the longer one; otherwise ``given extracted``.
    """
    if not extracted:
        return given or None
    if not given:
        return extracted
    if given == extracted or given.endswith(" " + extracted):
        return given
    if extracted.startswith(given + " "):
        return extracted
    return given + " " + extracted


def _initial_units(raw: str) -> list[str]:
    """The first-name units of ``raw``: an abbreviated token (``Th.``) is one initial, a
    short vowel-less ASCII token (``JP``) is one initial per letter, other tokens are names."""
    units: list[str] = []
    for token in _INITIAL_TOKEN.findall(fold_lower(raw)):
        word = token.rstrip(".")
        if token.endswith("."):
            units.append(word[0])
        elif len(word) <= 4 and word.isascii() and word.isalpha() and not set(word) & _VOWELS:
            units.extend(word)
        else:
            units.append(word)
    return units


def parse_voornamen(s: str | None) -> tuple[str | None, str | None]:
    """``(voornamen_norm, initialen)``: ``Pieter Johannes`` -> (``pieter johannes``, ``pj``);
    ``J.P.``/``J. P.``/``JP`` -> (``j p``, ``jp``); ``Jan-Willem`` -> (``jan willem``, ``jw``).
    Idempotent on ``voornamen_norm``."""
    if not s:
        return None, None
    units = [u for u in _initial_units(s) if u]
    if not units:
        return None, None
    return " ".join(units), "".join(u[0] for u in units)


def split_name(
    achternaam: str | None, tussenvoegsel: str | None = None, voornamen: str | None = None
) -> PersonName:
    """Normalise one person's name from its three register columns.

    ``VAN DIJK`` + ``""`` and ``Dijk`` + ``van`` give the same achternaam/tussenvoegsel;
    ``J.`` and ``Jan`` the same initialen. Feeding the ``*_norm`` parts back in returns the
    same ``PersonName``.
    """
    achternaam_norm, extracted, rest = split_achternaam(achternaam)
    tv = merge_tussenvoegsel(canonical_tussenvoegsel(tussenvoegsel), extracted)
    if not (voornamen and voornamen.strip()):
        voornamen = rest
    voornamen_norm, initialen = parse_voornamen(voornamen)
    return PersonName(achternaam_norm, tv, voornamen_norm, initialen)
