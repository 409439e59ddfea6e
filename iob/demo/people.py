"""Synthetic population: addresses, persons, households (with twins), namesakes,
identity documents. Everything is drawn from the word lists in `names.py`."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from iob import reference
from iob.demo import names, places, surnames

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I/O/Q, as on Dutch documents
ALNUM = LETTERS + string.digits
DIGITS = string.digits
DE_FIRST = "CFGHJKLMNPRTVWXYZ"
DE_ALNUM = DE_FIRST + DIGITS


@dataclass(frozen=True, slots=True)
class Address:
    straat: str
    huisnummer: int
    toevoeging: str
    postcode: str  # NL "6291 AB"; BE/DE digits; "" where unknown
    woonplaats: str
    land: str  # ISO-2
    gemeente: str = ""  # GM code for a region address


@dataclass(slots=True)
class Person:
    key: str
    achternaam: str
    tussenvoegsel: str
    voornamen: tuple[str, ...]
    geboortedatum: date
    address: Address
    nationaliteit: str
    id_type: str
    id_nummer: str
    id_land: str
    tags: set[str] = field(default_factory=set)

    @property
    def land(self) -> str:
        return self.address.land


@cache
def zipf_cum(n: int, exponent: float, offset: float) -> tuple[float, ...]:
    """Cumulative weights 1 / (rank + offset) ** exponent for ranks 0..n-1."""
    return tuple(accumulate(1.0 / (r + offset) ** exponent for r in range(n)))


def _luhn_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10


def imei(rng: random.Random) -> str:
    body = "35" + "".join(rng.choice(string.digits) for _ in range(12))
    return body + str(_luhn_digit(body))


def is_bsn_like(value: str) -> bool:
    if len(value) != 9 or not value.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(value[:8], range(9, 1, -1), strict=True))
    return (total - int(value[8])) % 11 == 0


class Population:
    """Makes addresses and persons; guarantees unique keys, addresses and ID numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._n = 0
        self._ids: set[str] = set()
        self._addresses: set[tuple[str, int, str]] = set()
        self._street_pc: dict[tuple[str, str], str] = {}
        self._case_surnames: set[str] = set()
        self.places = sorted(
            (w, g) for w, g in reference.woonplaatsen().items() if g in reference.deelnemers()
        )
        self.pc4 = {code: reference.gemeenten()[code].pc4 for code in reference.deelnemers()}

    # -- keys and documents ------------------------------------------------------------
    def next_key(self) -> str:
        self._n += 1
        return f"p{self._n:06d}"

    def _unique(self, make: str) -> str:
        rng = self.rng
        while True:
            pick = rng.choices
            if make == "nl_doc":
                value = "".join(pick(LETTERS, k=2) + pick(ALNUM, k=6) + pick(DIGITS, k=1))
            elif make == "nl_rijbewijs":
                value = "5" + "".join(pick(DIGITS, k=9))
            elif make == "BE":
                d = "".join(pick(DIGITS, k=12))
                value = f"{d[:3]}-{d[3:10]}-{d[10:]}"
            elif make == "DE":
                value = "".join(pick(DE_FIRST, k=1) + pick(DE_ALNUM, k=8))
            elif make == "PL":
                value = "".join(pick(LETTERS, k=3) + pick(DIGITS, k=6))
            else:  # RO and residence permits
                value = "".join(pick(LETTERS, k=2) + pick(DIGITS, k=6))
            if value not in self._ids:
                self._ids.add(value)
                return value

    def document(self, land: str) -> tuple[str, str, str]:
        """(id_type, id_nummer, id_land) for someone from `land`."""
        r = self.rng.random()
        if land == "NL":
            if r < 0.25:
                return "rijbewijs", self._unique("nl_rijbewijs"), "NL"
            return ("paspoort" if r < 0.5 else "identiteitskaart"), self._unique("nl_doc"), "NL"
        if land in ("PL", "RO") and r < 0.1:
            return "verblijfsdocument", "V" + self._unique("RO")[2:] + "NL", "NL"
        return ("paspoort" if r < 0.3 else "identiteitskaart"), self._unique(land), land

    # -- addresses ---------------------------------------------------------------------
    def _house(self, straat: str, postcode: str) -> tuple[int, str]:
        rng = self.rng
        top = 160
        while True:
            for _ in range(12):
                nr = rng.randint(1, top)
                tv = rng.choice("ABC") if rng.random() < 0.08 else ""
                if (postcode + straat, nr, tv) not in self._addresses:
                    self._addresses.add((postcode + straat, nr, tv))
                    return nr, tv
            top *= 2  # a crowded street grows longer instead of looping forever

    def region_address(self, gemeente: str | None = None) -> Address:
        rng = self.rng
        places = [p for p in self.places if gemeente is None or p[1] == gemeente]
        woonplaats, code = rng.choice(places)
        straat = rng.choice(names.STREETS_NL)
        pc = self._street_pc.get((woonplaats, straat))
        if pc is None:
            pc = f"{rng.choice(self.pc4[code])} {rng.choice(LETTERS)}{rng.choice(LETTERS)}"
            self._street_pc[(woonplaats, straat)] = pc
        nr, tv = self._house(straat, pc)
        return Address(straat, nr, tv, pc, woonplaats, "NL", code)

    def outside_address(self, land: str) -> Address:
        rng = self.rng
        if land == "NL":
            towns = places.NL_ELSEWHERE
            woonplaats, lo, hi = rng.choices(towns, cum_weights=zipf_cum(len(towns), 1.0, 3))[0]
            pc = f"{rng.randint(lo, hi)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}"
            straat = rng.choice(names.STREETS_NL)
        else:
            towns = places.ABROAD[land]
            woonplaats, lo, hi = rng.choices(towns, cum_weights=zipf_cum(len(towns), 1.0, 3))[0]
            pc = str(rng.randint(lo, hi)) if hi else ""
            straat = rng.choice({"BE": names.STREETS_BE, "DE": names.STREETS_DE,
                                 "PL": names.STREETS_PL}.get(land, names.STREETS_RO))
        nr, tv = self._house(straat, pc + woonplaats)
        return Address(straat, nr, tv, pc, woonplaats, land)

    # -- persons -----------------------------------------------------------------------
    def birth_date(self, lo: int = 18, hi: int = 75) -> date:
        return date(2026, 6, 30) - timedelta(days=self.rng.randint(lo * 365, hi * 365))

    def first_names(self, land: str, male: bool) -> tuple[str, ...]:
        rng = self.rng
        pool = (names.FIRST_M if male else names.FIRST_F)[land]
        cum = zipf_cum(len(pool), 0.7, 4)
        k = 1 if land != "NL" or rng.random() < 0.4 else rng.choice((2, 2, 3))
        picked: dict[str, None] = {}
        while len(picked) < k:
            picked[rng.choices(pool, cum_weights=cum)[0]] = None
        return tuple(picked)

    def person(self, land: str, address: Address, surname: tuple[str, str] | None = None,
               born: date | None = None, male: bool | None = None) -> Person:
        rng = self.rng
        male = rng.random() < 0.6 if male is None else male
        if surname is None:
            ranked, cum = surnames.pool(land)
            surname = rng.choices(ranked, cum_weights=cum)[0]
        tv, an = surname
        if land == "PL" and not male and an.endswith(("ski", "cki")):
            an = an[:-1] + "a"
        id_type, id_nr, id_land = self.document(land)
        return Person(self.next_key(), an, tv, self.first_names(land, male),
                      born or self.birth_date(), address, land, id_type, id_nr, id_land)

    def household(self, gemeente: str | None = None) -> list[Person]:
        """1-4 persons at one region address; children carry the first person's surname;
        sometimes twins (same surname, birth date and address, other first names)."""
        rng = self.rng
        addr = self.region_address(gemeente)
        head = self.person("NL", addr, born=self.birth_date(38, 70))
        members = [head]
        size = rng.choices((1, 2, 3, 4), (30, 35, 15, 20))[0]
        if size >= 2:
            partner_name = None if rng.random() < 0.5 else (head.tussenvoegsel, head.achternaam)
            members.append(self.person("NL", addr, partner_name, male=rng.random() < 0.2,
                                       born=head.geboortedatum + timedelta(rng.randint(-1500,
                                                                                       1500))))
        surname = (head.tussenvoegsel, head.achternaam)
        kid_born = head.geboortedatum + timedelta(days=rng.randint(24 * 365, 34 * 365))
        twins = size == 4 and rng.random() < 0.15
        while len(members) < size:
            born = kid_born if twins else kid_born + timedelta(days=rng.randint(400, 2500))
            kid = self.person("NL", addr, surname, born=min(born, date(2008, 1, 1)))
            if twins and kid.voornamen[0] == members[-1].voornamen[0]:
                kid.voornamen = (("Anouk",) if kid.voornamen[0] != "Anouk" else ("Fleur",))
            members.append(kid)
        if twins:
            members[-1].tags.add("twin")
            members[-2].tags.add("twin")
        return members

    def namesake(self, of: Person) -> Person:
        """Same name as `of`, different birth date and address."""
        addr = self.region_address() if of.land == "NL" and of.address.gemeente else \
            self.outside_address(of.land)
        born = of.geboortedatum + timedelta(days=self.rng.choice((-1, 1)) * self.rng.randint(
            700, 9000))
        p = self.person(of.land, addr, (of.tussenvoegsel, of.achternaam), born=born)
        p.voornamen = of.voornamen
        p.tags.add("namesake")
        return p

    def case_surname(self, land: str) -> tuple[str, str]:
        """A surname no background person has and no other planted person got."""
        rng = self.rng
        while True:
            name = rng.choice(names.CASE_ROOTS[land]) + rng.choice(names.CASE_SUFFIXES[land])
            if name not in self._case_surnames:
                self._case_surnames.add(name)
                tv = rng.choice(("", "", "van", "de", "van der")) if land == "NL" else ""
                return tv, name

    def case_person(self, land: str = "NL", gemeente: str | None = None,
                    address: Address | None = None, outside: bool = False) -> Person:
        if address is None:
            if land == "NL" and not outside:
                address = self.region_address(gemeente)
            else:
                address = self.outside_address(land)
        p = self.person(land, address, self.case_surname(land))
        p.tags.add("planted")
        return p
