"""Spelling variants as real exports have them: names, dates, postcodes, house numbers,
countries, KvK numbers; and transliteration for Windows-1252 files."""

from __future__ import annotations

import codecs
import random
import unicodedata
from datetime import date

from iob.demo.names import COUNTRY_NL_NAME
from iob.demo.people import Address, Person

_TUSSEN_SHORT = {"van den": ("vd", "v.d.", "v/d"), "van der": ("vd", "v.d.", "v/d"),
                 "van de": ("vd", "v.d.")}
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d"})


def fold(text: str) -> str:
    """Drop diacritics: Müller -> Muller, Wrocław -> Wroclaw."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return fold(err.object[err.start:err.end]), err.end


codecs.register_error("iob_demo_fold", _cp1252_fallback)


def encode(text: str, encoding: str) -> bytes:
    """Encode a file's text; characters cp1252 lacks (ł, ș, ț) are transliterated."""
    if encoding == "cp1252":
        return text.encode("cp1252", errors="iob_demo_fold")
    return text.encode(encoding)


def fmt_date(d: date, style: str) -> str:
    if style == "iso":
        return d.isoformat()
    if style == "dmy_short":
        return f"{d.day}-{d.month}-{d.year}"
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


def initials(voornamen: tuple[str, ...]) -> str:
    return "".join(v[0] + "." for v in voornamen)


class Mess:
    """Random variants; `level` 0 gives the canonical spelling."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self, p: Person, level: float = 1.0) -> tuple[str, str, str]:
        """(achternaam, tussenvoegsel, voornamen) as one register clerk typed them."""
        rng = self.rng
        an, tv, vn = p.achternaam, p.tussenvoegsel, " ".join(p.voornamen)
        r = rng.random()
        if r < 0.25 * level:
            vn = initials(p.voornamen)
        elif r < 0.4 * level:
            vn = p.voornamen[0]
        if tv and rng.random() < 0.45 * level:
            an, tv = self._glue(tv, an), ""
        if rng.random() < 0.25 * level and an != fold(an):
            an = an.translate(_GERMAN) if rng.random() < 0.5 and p.nationaliteit == "DE" \
                else fold(an)
        if rng.random() < 0.08 * level:
            vn = fold(vn)
        if rng.random() < 0.12 * level:
            an, tv, vn = an.upper(), tv.upper(), vn.upper()
        return an, tv, vn

    def _glue(self, tv: str, an: str) -> str:
        rng = self.rng
        r = rng.random()
        if tv in _TUSSEN_SHORT and r < 0.35:
            return f"{rng.choice(_TUSSEN_SHORT[tv])} {an}"
        if r < 0.6:
            return f"{tv.title() if rng.random() < 0.5 else tv} {an}"
        return tv.replace(" ", "") + an if r < 0.8 else tv.title().replace(" ", "") + an

    def postcode(self, pc: str, level: float = 1.0) -> str:
        if " " not in pc or self.rng.random() >= 0.4 * level:
            return pc
        r = self.rng.random()
        if r < 0.5:
            return pc.replace(" ", "")
        if r < 0.8:
            return pc.lower()
        return pc.replace(" ", "").lower()

    def huisnummer(self, nr: int, tv: str, level: float = 1.0) -> tuple[str, str]:
        """(huisnummer, toevoeging): `101`,`A` or `101a` or `101-A` or `101 A`."""
        if not tv or self.rng.random() >= 0.6 * level:
            return str(nr), tv
        return self.rng.choice((f"{nr}{tv.lower()}", f"{nr}-{tv}", f"{nr} {tv}", f"{nr}{tv}")), ""

    def country(self, iso: str, level: float = 1.0) -> str:
        r = self.rng.random()
        if r < 0.25 * level:
            return COUNTRY_NL_NAME.get(iso, iso)
        if r < 0.3 * level:
            return iso.lower()
        return iso

    def kvk(self, kvk: str, level: float = 1.0) -> str:
        if kvk.startswith("0") and self.rng.random() < 0.3 * level:
            return kvk[1:]
        return kvk

    def woonplaats(self, place: str, level: float = 1.0) -> str:
        r = self.rng.random()
        if r < 0.06 * level:
            return place.upper()
        if r < 0.1 * level:
            return fold(place)
        return place

    def address(self, a: Address, level: float = 1.0) -> dict[str, str]:
        nr, tv = self.huisnummer(a.huisnummer, a.toevoeging, level)
        return {"straat": a.straat, "huisnummer": nr, "toevoeging": tv,
                "postcode": self.postcode(a.postcode, level),
                "woonplaats": self.woonplaats(a.woonplaats, level),
                "land": self.country(a.land, level)}
