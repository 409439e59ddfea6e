"""Helpers for planting cases and near-miss decoys, shared by the rule families.

Every planted person gets a surname the background never uses (`Population.case_person`),
so the random background can not push a decoy over a threshold.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from iob.demo.dor import BY_CATEGORY, DEALERS, Dealer, Model, dor_row
from iob.demo.nachtregister import HOSTS, Host, booking_row
from iob.demo.people import Address, Person
from iob.demo.world import Record, World

LEVEL = 0.6  # spelling variation of planted persons: recognisable, not canonical


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def dealer(name: str) -> Dealer:
    return next(d for d in DEALERS if name in d.naam)


def host(name: str) -> Host:
    return next(h for h in HOSTS if name in h.naam)


def model(cat: str, type_: str | None = None) -> Model:
    return next(m for m in BY_CATEGORY[cat] if type_ is None or m.type == type_)


def sell(w: World, where: str | Dealer, p: Person, when: date | str, cat: str = "telefoon",
         *, type_: str | None = None, factor: float | None = None, **kw: Any) -> Record:
    """A planted purchase at a normal price unless `factor` says otherwise."""
    d = dealer(where) if isinstance(where, str) else where
    m = model(cat, type_)
    f = w.rng.uniform(0.9, 1.1) if factor is None else factor
    when = day(when) if isinstance(when, str) else when
    kw.setdefault("level", LEVEL)
    return dor_row(w, d, p, when, m, m.prijs * f, **kw)


def unit_name(w: World, h: Host) -> str:
    stem = {"hotel": "Suite", "bed-and-breakfast": "Suite", "short-stay": "Appartement"}.get(
        h.type, "Lodge")
    return f"{stem} {w.count('unit:' + h.kvk)}"


def stay(w: World, where: str | Host, p: Person, when: date | str, nights: int,
         persons: int = 1, unit: str | None = None, **kw: Any) -> Record:
    h = host(where) if isinstance(where, str) else where
    when = day(when) if isinstance(when, str) else when
    kw.setdefault("level", LEVEL)
    return booking_row(w, h, p, when, nights, unit=unit or unit_name(w, h),
                       persons=persons, **kw)


def person(w: World, land: str = "NL", gemeente: str | None = None, *,
           outside: bool = False, address: Address | None = None) -> Person:
    return w.pop.case_person(land, gemeente, address, outside)


def housemate(w: World, of: Person) -> Person:
    """Another planted person living at the same address."""
    return w.pop.case_person(of.land, address=of.address)


def neighbour(a: Address, step: int = 2) -> Address:
    return Address(a.straat, a.huisnummer + step, "", a.postcode, a.woonplaats, a.land,
                   a.gemeente)


def days_after(d: date | str, n: int) -> date:
    return (day(d) if isinstance(d, str) else d) + timedelta(days=n)
