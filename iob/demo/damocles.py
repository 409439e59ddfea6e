"""Damocles: art. 13b Opiumwet measures on premises, with owner and occupant."""

from __future__ import annotations

from datetime import date, timedelta

from iob.demo.bibob import Org, Orgs
from iob.demo.calendar import END, START
from iob.demo.people import Address, Person
from iob.demo.world import Record, Value, World

STATUS_WEIGHTS = (("opgelegd", 35), ("uitgevoerd", 30), ("opgeheven", 10), ("in_bezwaar", 10),
                  ("voorgenomen", 10), ("vernietigd", 5))
GEMEENTE_WEIGHT = {"GM1903": 2.5, "GM1729": 1.5, "GM0938": 2, "GM0981": 1.5, "GM0994": 2}


def measure(w: World, gemeente: str, pand: Address, constatering: date, *,
            pand_type: str = "woning", grondslag: str = "13b_a", middel: str = "hennep",
            maatregel: str = "sluiting", status: str = "opgelegd", herhaling: int = 1,
            eigenaar: Person | Org | None = None, bewoner: Person | None = None,
            besluit_na: int = 21, level: float = 1.0) -> Record:
    rng, mess = w.rng, w.mess
    besluit = None if status == "voorgenomen" else constatering + timedelta(days=besluit_na)
    nr, tv = mess.huisnummer(pand.huisnummer, pand.toevoeging, level)
    values: dict[str, Value] = {
        "gemeentecode": gemeente, "pand_straat": pand.straat,
        "pand_postcode": mess.postcode(pand.postcode, level), "pand_huisnummer": nr,
        "pand_toevoeging": tv, "pand_type": pand_type, "datum_constatering": constatering,
        "datum_besluit": besluit, "grondslag": grondslag, "middel": middel,
        "maatregel": maatregel,
        "duur_maanden": rng.choice((3, 6, 12)) if maatregel == "sluiting" else None,
        "ingangsdatum": besluit + timedelta(days=rng.randint(7, 42)) if besluit and
        maatregel == "sluiting" else None,
        "herhaling": herhaling, "status": status,
    }
    values.update(_owner_values(w, eigenaar, level))
    values.update(_person_values(w, "bewoner", bewoner, level))
    day = besluit or constatering
    rec = w.add(Record("damocles", gemeente, day, values))
    if isinstance(eigenaar, Person):
        w.mention(rec, "eigenaar", eigenaar)
    if bewoner is not None:
        w.mention(rec, "bewoner", bewoner)
    return rec


def _person_values(w: World, prefix: str, p: Person | None, level: float) -> dict[str, Value]:
    if p is None:
        return {f"{prefix}_{k}": "" for k in ("achternaam", "tussenvoegsel", "voornamen")} | {
            f"{prefix}_geboortedatum": None}
    an, tv, vn = w.mess.name(p, level)
    return {f"{prefix}_achternaam": an, f"{prefix}_tussenvoegsel": tv,
            f"{prefix}_voornamen": vn, f"{prefix}_geboortedatum": p.geboortedatum}


def _owner_values(w: World, o: Person | Org | None, level: float) -> dict[str, Value]:
    if isinstance(o, Org):
        base = _person_values(w, "eigenaar", None, level)
        return base | {"eigenaar_soort": "rechtspersoon", "eigenaar_kvk": w.mess.kvk(o.kvk),
                       "eigenaar_naam_rechtspersoon": o.naam}
    soort = "persoon" if o is not None else ""
    return _person_values(w, "eigenaar", o, level) | {
        "eigenaar_soort": soort, "eigenaar_kvk": "", "eigenaar_naam_rechtspersoon": ""}


def background(w: World, orgs: Orgs, n: int) -> None:
    """Single measures on fresh premises: no owner or address repeats."""
    rng, pop = w.rng, w.pop
    codes = sorted(GEMEENTE_WEIGHT)
    for _ in range(n):
        gemeente = rng.choices(codes, [GEMEENTE_WEIGHT[c] for c in codes])[0]
        household = pop.household(gemeente)
        pand = household[0].address
        pand_type = rng.choices(("woning", "lokaal", "erf"), (75, 18, 7))[0]
        bewoner = household[0] if pand_type == "woning" else None
        r = rng.random()
        eigenaar: Person | Org | None
        if r < 0.3 and bewoner is not None:
            eigenaar = bewoner
        elif r < 0.6:
            eigenaar = pop.person("NL", pop.region_address())
        elif r < 0.85:
            eigenaar = orgs.dutch(kinds=("Vastgoed", "Beheer"))
        else:
            eigenaar = None
        middel = rng.choices(("hennep", "softdrugs", "harddrugs"), (55, 25, 20))[0]
        maatregel = rng.choices(("waarschuwing", "dwangsom", "sluiting"), (30, 15, 55))[0]
        status = rng.choices(*zip(*STATUS_WEIGHTS, strict=True))[0]
        constatering = START + timedelta(days=rng.randint(0, (END - START).days - 30))
        measure(w, gemeente, pand, constatering, pand_type=pand_type, middel=middel,
                maatregel=maatregel, status=status, eigenaar=eigenaar, bewoner=bewoner,
                besluit_na=rng.randint(7, 28))
