"""Planted bibob.* and damocles.* cases and their near misses."""

from __future__ import annotations

from iob.demo.bibob import Org, Orgs, dossier, party_org, party_person
from iob.demo.damocles import measure
from iob.demo.kit import LEVEL, day, housemate, neighbour, person
from iob.demo.people import Address, Person
from iob.demo.world import Record, World


def application(w: World, gm: str, aanvraag: str, besluit_dag: str, *,
                soort: str = "exploitatievergunning", mate: str = "geen",
                besluit: str = "verleend", locatie: Address | None = None) -> Record:
    return dossier(w, gm, day(aanvraag), day(besluit_dag), soort=soort, mate=mate,
                   besluit=besluit, locatie=locatie,
                   lbb="ja" if mate == "ernstige_mate" else "nee")


def company(w: World, orgs: Orgs, d: Record, director: Person | None = None,
            org: Org | None = None) -> tuple[Org, Person]:
    """A Dutch company applies, with one director."""
    org = org or orgs.dutch(d.gemeente)
    director = director or person(w, gemeente=d.gemeente)
    party_org(w, d, "aanvrager", org)
    party_person(w, d, "bestuurder", director, level=LEVEL)
    return org, director


def plant(w: World, orgs: Orgs) -> None:
    doorwerking(w, orgs)
    zelfde_locatie(w, orgs)
    financier(w, orgs)
    stapelbestuurder(w, orgs)
    eigenaar_herhaling(w, orgs)
    adres_herhaling(w)
    productie_buitengebied(w)


def doorwerking(w: World, orgs: Orgs) -> None:
    rule = "bibob.doorwerking"
    d1 = application(w, "GM0994", "2025-09-01", "2025-11-14", mate="ernstige_mate",
                     besluit="geweigerd")
    _, p1 = company(w, orgs, d1)
    party_person(w, d1, "aandeelhouder", p1, 100.0, level=LEVEL)
    d2 = application(w, "GM0981", "2026-06-01", "2026-08-10", soort="alcoholvergunning")
    company(w, orgs, d2, director=p1)
    w.case(rule, [d1, d2], note="director of a refused company directs a new applicant")
    d3 = application(w, "GM1729", "2025-10-06", "2025-12-19", mate="ernstige_mate",
                     besluit="geweigerd")
    p3 = person(w, gemeente="GM1729")
    party_person(w, d3, "aanvrager", p3, level=LEVEL)
    party_org(w, d3, "pandeigenaar", orgs.dutch("GM1729", kinds=("Vastgoed",)))
    d4 = application(w, "GM1729", "2026-07-01", "2026-09-04")
    company(w, orgs, d4, director=housemate(w, p3))
    w.case(rule, [d3, d4], note="new director lives at the address of a refused applicant")
    d5 = application(w, "GM0938", "2025-10-13", "2025-12-01", mate="mindere_mate",
                     besluit="verleend_met_voorschriften")
    _, p5 = company(w, orgs, d5)
    d6 = application(w, "GM0938", "2026-05-04", "2026-06-26")
    company(w, orgs, d6, director=p5)
    w.case(rule, [d5, d6], must_flag=False,
           note="shared director, but the earlier screening found only mindere_mate")


def zelfde_locatie(w: World, orgs: Orgs) -> None:
    rule = "bibob.zelfde_locatie"
    loc = w.pop.region_address("GM0994")
    z = measure(w, "GM0994", loc, day("2025-09-10"), pand_type="lokaal", middel="softdrugs",
                maatregel="sluiting", status="uitgevoerd")
    d = application(w, "GM0994", "2026-05-01", "2026-06-19", locatie=loc)
    company(w, orgs, d)
    w.case(rule, [z, d], note="new horeca application where a 13b closure was executed")
    loc = w.pop.region_address("GM0938")
    d7 = application(w, "GM0938", "2025-08-01", "2025-10-01", mate="ernstige_mate",
                     besluit="ingetrokken", locatie=loc)
    company(w, orgs, d7)
    d8 = application(w, "GM0938", "2026-04-01", "2026-05-15", locatie=loc)
    company(w, orgs, d8)
    w.case(rule, [d7, d8], note="new application where a permit was withdrawn")
    for gm, maatregel, status, note in (
            ("GM0981", "sluiting", "vernietigd", "the closure there was annulled by a court"),
            ("GM1903", "waarschuwing", "opgelegd", "only a warning there, no closure")):
        loc = w.pop.region_address(gm)
        z = measure(w, gm, loc, day("2025-10-20"), pand_type="lokaal", middel="softdrugs",
                    maatregel=maatregel, status=status)
        d = application(w, gm, "2026-06-08", "2026-07-24", locatie=loc)
        company(w, orgs, d)
        w.case(rule, [z, d], must_flag=False, note=note)


def financier(w: World, orgs: Orgs) -> None:
    rule = "bibob.financier"
    for gm, kind, flag in (("GM0981", "persoon", True), ("GM1903", "buitenlands", True),
                           ("GM1729", "bv", False)):
        d = application(w, gm, "2026-03-02", "2026-04-30", soort="vastgoedtransactie")
        company(w, orgs, d)
        if kind == "persoon":
            party_person(w, d, "vermogensverschaffer", person(w, outside=True), level=LEVEL)
        elif kind == "buitenlands":
            party_org(w, d, "vermogensverschaffer", orgs.foreign("DE"))
        else:
            party_org(w, d, "vermogensverschaffer", orgs.dutch(kinds=("Financiering",)))
        w.case(rule, [d], must_flag=flag, note=f"financier: {kind}")


def stapelbestuurder(w: World, orgs: Orgs) -> None:
    rule = "bibob.stapelbestuurder"
    p = person(w, gemeente="GM0994")
    rows = []
    for gm, a, b in (("GM0994", "2025-11-03", "2025-12-22"), ("GM0938", "2026-04-07",
                                                               "2026-05-29"),
                     ("GM0981", "2026-09-01", "2026-10-16")):
        d = application(w, gm, a, b)
        company(w, orgs, d, director=p)
        rows.append(d)
    w.case(rule, rows, note="director of 3 applicants within 11 months")
    p = person(w, gemeente="GM1729")
    d1 = application(w, "GM1729", "2026-01-12", "2026-02-27")
    company(w, orgs, d1, director=p)
    party_person(w, d1, "aandeelhouder", p, 60.0, level=LEVEL)
    d2 = application(w, "GM1903", "2026-06-01", "2026-07-10")
    company(w, orgs, d2, director=p)
    w.case(rule, [d1, d2], must_flag=False, note="2 dossiers, 2 companies (3 party rows)")


def eigenaar_herhaling(w: World, orgs: Orgs) -> None:
    rule = "damocles.eigenaar_herhaling"
    owner = person(w, gemeente="GM0981")
    rows = [measure(w, gm, w.pop.region_address(gm), day(when), status=status,
                    eigenaar=owner, bewoner=person(w, gemeente=gm), level=LEVEL)
            for gm, when, status in (("GM0981", "2025-10-06", "uitgevoerd"),
                                     ("GM1729", "2026-06-15", "opgelegd"))]
    w.case(rule, rows, note="one owner, 2 premises with measures")
    org = Org(orgs.name(("Vastgoed",)), "0" + orgs.kvk()[1:], w.pop.region_address("GM0994"))
    rows = [measure(w, "GM0994", w.pop.region_address("GM0994"), day(when), maatregel=m,
                    status=status, eigenaar=org, bewoner=person(w, gemeente="GM0994"))
            for when, m, status in (("2025-12-01", "waarschuwing", "opgelegd"),
                                    ("2026-08-03", "sluiting", "in_bezwaar"))]
    w.case(rule, rows, note="one property company, 2 premises with measures")
    owner = person(w, gemeente="GM1903")
    rows = [measure(w, gm, w.pop.region_address(gm), day(when), status=status,
                    eigenaar=owner, bewoner=person(w, gemeente=gm), level=LEVEL)
            for gm, when, status in (("GM1903", "2026-02-09", "opgelegd"),
                                     ("GM0938", "2026-07-13", "voorgenomen"))]
    w.case(rule, rows, must_flag=False, note="2 premises, but one measure only voorgenomen")


def adres_herhaling(w: World) -> None:
    rule = "damocles.adres_herhaling"
    for gm, first, second, toevoeging in (("GM1903", "2025-08-15", "2026-05-20", ""),
                                          ("GM0981", "2025-11-10", "2026-09-07", "A")):
        a = w.pop.region_address(gm)
        a = Address(a.straat, a.huisnummer, toevoeging, a.postcode, a.woonplaats, "NL", gm)
        tenant = person(w, gemeente=gm, address=a)
        rows = [measure(w, gm, a, day(first), maatregel="waarschuwing", bewoner=tenant),
                measure(w, gm, a, day(second), maatregel="sluiting", status="uitgevoerd",
                        herhaling=2, bewoner=tenant)]
        w.case(rule, rows, note="second finding at the same address")
    a = w.pop.region_address("GM0994")
    b = neighbour(a)
    rows = [measure(w, "GM0994", x, day(when), bewoner=person(w, address=x))
            for x, when in ((a, "2026-01-19"), (b, "2026-06-22"))]
    w.case(rule, rows, must_flag=False, note="findings at neighbouring numbers, not the same")


def productie_buitengebied(w: World) -> None:
    rule = "damocles.productie_buitengebied"
    for gm, grondslag, middel, pand_type, status, flag in (
            ("GM1729", "13b_b", "materialen", "woning", "opgelegd", True),
            ("GM1903", "13b_a", "hennep", "agrarisch", "uitgevoerd", True),
            ("GM0938", "13b_a", "synthetisch", "bedrijfspand", "opgelegd", True),
            ("GM0981", "13b_a", "hennep", "agrarisch", "voorgenomen", False)):
        a = w.pop.region_address(gm)
        rec = measure(w, gm, a, day("2026-04-14"), pand_type=pand_type, grondslag=grondslag,
                      middel=middel, status=status, eigenaar=person(w, gemeente=gm))
        w.case(rule, [rec], must_flag=flag, note=f"{grondslag} {pand_type} {status}")
