"""Bibob: organisations, dossiers and their parties (betrokkenen)."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, timedelta

from iob.demo import names
from iob.demo.calendar import END, START
from iob.demo.people import Address, Person
from iob.demo.world import Record, Value, World

TYPES = (("exploitatievergunning", 30), ("alcoholvergunning", 20), ("omgevingsvergunning", 15),
         ("speelautomaten", 5), ("evenement", 10), ("vastgoedtransactie", 8), ("subsidie", 5),
         ("overheidsopdracht", 5), ("seksinrichting", 2))
GEMEENTE_WEIGHT = {"GM1903": 2, "GM1729": 2, "GM0938": 2, "GM0981": 1.5, "GM0994": 3}


@dataclass(frozen=True, slots=True)
class Org:
    naam: str
    kvk: str  # "" for a foreign legal entity
    address: Address


class Orgs:
    def __init__(self, w: World) -> None:
        self.w = w
        self.kvks: set[str] = set()
        self.names: set[str] = set()

    def kvk(self) -> str:
        rng = self.w.rng
        while True:
            lead = "0" if rng.random() < 0.3 else str(rng.randint(1, 9))
            value = lead + "".join(rng.choice(string.digits) for _ in range(7))
            if value not in self.kvks:
                self.kvks.add(value)
                return value

    def name(self, kinds: tuple[str, ...] = names.ORG_KINDS, form: str = "B.V.") -> str:
        rng = self.w.rng
        while True:
            stem = f"{rng.choice(kinds)} {rng.choice(names.ORG_WORDS)}"
            value = f"{stem} {form}" if rng.random() < 0.7 else \
                f"{stem} {rng.choice(names.ORG_WORDS)} {form}"
            if value not in self.names:
                self.names.add(value)
                return value

    def dutch(self, gemeente: str | None = None, kinds: tuple[str, ...] = names.ORG_KINDS) \
            -> Org:
        return Org(self.name(kinds), self.kvk(), self.w.pop.region_address(gemeente))

    def foreign(self, land: str) -> Org:
        form = {"BE": "BVBA", "DE": "GmbH", "CY": "Ltd"}.get(land, "S.A.")
        addr = self.w.pop.outside_address(land)
        return Org(self.name(("Invest", "Holding", "Capital", "Trading"), form), "", addr)


def dossier(w: World, gemeente: str, aanvraag: date, besluit_dag: date, *, soort: str,
            mate: str, besluit: str, locatie: Address | None, lbb: str = "nee") -> Record:
    mess = w.mess
    grond = "" if mate == "geen" else w.rng.choice(("a", "b", "ab"))
    nr, tv = mess.huisnummer(locatie.huisnummer, locatie.toevoeging) if locatie else ("", "")
    values: dict[str, Value] = {
        "gemeentecode": gemeente, "beschikking_type": soort,
        "locatie_postcode": mess.postcode(locatie.postcode) if locatie else "",
        "locatie_huisnummer": nr, "locatie_toevoeging": tv, "aanvraagdatum": aanvraag,
        "lbb_advies": lbb, "mate_van_gevaar": mate, "grond": grond, "besluit": besluit,
        "besluitdatum": besluit_dag,
    }
    return w.add(Record("bibob_dossiers", gemeente, besluit_dag, values))


def party_person(w: World, d: Record, rol: str, p: Person, aandeel: float | None = None,
                 level: float = 1.0) -> Record:
    an, tv, vn = w.mess.name(p, level)
    adr = w.mess.address(p.address, level)
    values: dict[str, Value] = {
        "rol": rol, "soort": "persoon", "kvk": "", "naam_rechtspersoon": "",
        "achternaam": an, "tussenvoegsel": tv, "voornamen": vn,
        "geboortedatum": p.geboortedatum, "postcode": adr["postcode"],
        "huisnummer": adr["huisnummer"], "toevoeging": adr["toevoeging"],
        "woonplaats": adr["woonplaats"], "land": adr["land"], "aandeel_pct": aandeel,
    }
    rec = w.add(Record("bibob_betrokkenen", d.gemeente, d.day, values, parent=d))
    w.mention(rec, rol, p)
    return rec


def party_org(w: World, d: Record, rol: str, o: Org, aandeel: float | None = None) -> Record:
    adr = w.mess.address(o.address)
    values: dict[str, Value] = {
        "rol": rol, "soort": "rechtspersoon", "kvk": w.mess.kvk(o.kvk) if o.kvk else "",
        "naam_rechtspersoon": o.naam, "achternaam": "", "tussenvoegsel": "", "voornamen": "",
        "geboortedatum": None, "postcode": adr["postcode"], "huisnummer": adr["huisnummer"],
        "toevoeging": adr["toevoeging"], "woonplaats": adr["woonplaats"],
        "land": o.address.land, "aandeel_pct": aandeel,
    }
    return w.add(Record("bibob_betrokkenen", d.gemeente, d.day, values, parent=d))


def _resident(w: World) -> Person:
    rng, pop = w.rng, w.pop
    r = rng.random()
    if r < 0.8:
        return rng.choice(pop.household())
    if r < 0.95:
        return pop.person("NL", pop.outside_address("NL"))
    land = rng.choice(("BE", "DE"))
    return pop.person(land, pop.outside_address(land))


def _outcome(w: World) -> tuple[str, str]:
    return w.rng.choices(
        (("geen", "verleend"), ("mindere_mate", "verleend_met_voorschriften"),
         ("geen", "buiten_behandeling"), ("ernstige_mate", "geweigerd")), (84, 11, 3, 2))[0]


def background(w: World, orgs: Orgs, n_dossiers: int) -> None:
    rng = w.rng
    codes = sorted(GEMEENTE_WEIGHT)
    for _ in range(n_dossiers):
        gemeente = rng.choices(codes, [GEMEENTE_WEIGHT[c] for c in codes])[0]
        aanvraag = START + timedelta(days=rng.randint(0, (END - START).days - 40))
        besluit_dag = min(aanvraag + timedelta(days=rng.randint(21, 120)), END)
        soort = rng.choices([t for t, _ in TYPES], [n for _, n in TYPES])[0]
        mate, besluit = _outcome(w)
        locatie = w.pop.region_address(gemeente) if soort not in ("subsidie",
                                                                  "overheidsopdracht") else None
        d = dossier(w, gemeente, aanvraag, besluit_dag, soort=soort, mate=mate, besluit=besluit,
                    locatie=locatie, lbb="ja" if mate == "ernstige_mate" else "nee")
        background_parties(w, orgs, d, financier=mate != "ernstige_mate")


def background_parties(w: World, orgs: Orgs, d: Record, financier: bool = True) -> None:
    rng = w.rng
    if rng.random() < 0.3:
        owner = _resident(w)
        party_person(w, d, "aanvrager", owner)
    else:
        company = orgs.dutch()
        party_org(w, d, "aanvrager", company)
        director = _resident(w)
        party_person(w, d, "bestuurder", director)
        if rng.random() < 0.6:
            party_person(w, d, "aandeelhouder", director, aandeel=rng.choice((50.0, 100.0)))
        elif rng.random() < 0.5:
            party_org(w, d, "aandeelhouder", orgs.dutch(kinds=("Holding", "Beheer")), 100.0)
    if financier and rng.random() < 0.3:
        party_org(w, d, "vermogensverschaffer", orgs.dutch(kinds=("Financiering", "Lease")))
    if rng.random() < 0.35:
        party_person(w, d, "leidinggevende", _resident(w))
    if rng.random() < 0.25:
        if rng.random() < 0.5:
            party_person(w, d, "pandeigenaar", _resident(w))
        else:
            party_org(w, d, "pandeigenaar", orgs.dutch(kinds=("Vastgoed", "Beheer")))
