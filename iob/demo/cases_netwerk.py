"""Planted netwerk.* cases (across registers) and their near misses."""

from __future__ import annotations

from iob.demo.bibob import Orgs, party_org, party_person
from iob.demo.cases_bibob import application, company
from iob.demo.damocles import measure
from iob.demo.kit import LEVEL, day, housemate, person, sell, stay
from iob.demo.people import Person
from iob.demo.world import World


def plant(w: World, orgs: Orgs) -> None:
    convergentie(w, orgs)
    identiteit(w)
    adres_veel_personen(w, orgs)
    bovenlokaal_cluster(w, orgs)
    brug(w, orgs)


def convergentie(w: World, orgs: Orgs) -> None:
    rule = "netwerk.convergentie"
    p = person(w, gemeente="GM0981")
    rows = [sell(w, "Tweedehands Centrum Vaals", p, "2026-03-10", "audio-video"),
            measure(w, "GM0981", p.address, day("2026-06-15"), maatregel="waarschuwing",
                    bewoner=p, level=LEVEL)]
    w.case(rule, rows, note="seller in DOR and occupant in Damocles")
    q = person(w, gemeente="GM1729")
    d = application(w, "GM1729", "2026-04-01", "2026-05-22")
    company(w, orgs, d, director=q)
    rows = [stay(w, "Schin op Geul", q, "2026-02-14", 3, 2), d,
            sell(w, "Phone & Repair Gulpen", q, "2026-08-02")]
    w.case(rule, rows, note="guest, Bibob director and seller: 3 registers")
    org = orgs.dutch("GM0938", kinds=("Vastgoed",))
    z = measure(w, "GM0938", w.pop.region_address("GM0938"), day("2026-01-12"), eigenaar=org,
                status="opgelegd", maatregel="dwangsom")
    d = application(w, "GM0938", "2026-07-06", "2026-08-28", soort="omgevingsvergunning")
    company(w, orgs, d, org=org)
    w.case(rule, [z, d], note="company owns a 13b premises and applies for a permit")
    p = person(w, gemeente="GM0938")
    twin_name = w.pop.namesake(p)
    rows = [sell(w, "Pandjeshuis Meerssen", p, "2026-02-16", "horloge", level=0.3),
            measure(w, "GM1903", twin_name.address, day("2026-05-11"), bewoner=twin_name,
                    level=0.3)]
    w.case(rule, rows, must_flag=False,
           note="namesakes: same name, other birth date and address")


def identiteit(w: World) -> None:
    rule = "netwerk.identiteit"
    a, b = person(w, "PL", outside=True), person(w, "RO", outside=True)
    b.id_type, b.id_nummer, b.id_land = a.id_type, a.id_nummer, a.id_land
    rows = [stay(w, "De Geuldal", a, "2026-04-03", 4), sell(w, "GSM Point", b, "2026-05-11")]
    w.case(rule, rows, note="one ID document, two different names")
    a = person(w, gemeente="GM0981")
    b = w.pop.namesake(a)
    b.id_type, b.id_nummer, b.id_land = a.id_type, a.id_nummer, a.id_land
    rows = [sell(w, "Tweedehands Centrum Vaals", a, "2026-02-09", level=0.3),
            sell(w, "Drielandenpunt", b, "2026-07-20", "sieraad", level=0.3)]
    w.case(rule, rows, note="one ID document, same name, birth dates years apart")
    a = person(w, gemeente="GM1903")
    a.tussenvoegsel = "van der"
    rows = [sell(w, "Elektro Inkoop Margraten", a, "2026-03-03", level=1.0),
            sell(w, "Elektro Inkoop Margraten", a, "2026-06-08", "laptop", level=1.0),
            stay(w, "Plateau Margraten", a, "2026-08-14", 3, 3, level=1.0)]
    w.case(rule, rows, must_flag=False, note="one ID document, one person in spelling variants")


def adres_veel_personen(w: World, orgs: Orgs) -> None:
    rule = "netwerk.adres_veel_personen"
    first = person(w, gemeente="GM0981")
    lodgers = [first] + [housemate(w, first) for _ in range(5)]
    rows = [sell(w, shop, p, f"2026-{2 + i:02d}-{10 + i:02d}", cat)
            for i, (p, shop, cat) in enumerate(zip(lodgers, (
                "Tweedehands Centrum Vaals", "Drielandenpunt") * 3,
                ("telefoon", "sieraad", "laptop", "horloge", "gereedschap", "sieraad"),
                strict=True))]
    w.case(rule, rows, note="6 unrelated persons give one home address")
    first = person(w, gemeente="GM0938")
    lodgers = [first] + [housemate(w, first) for _ in range(4)]
    rows = [sell(w, "Pandjeshuis Meerssen", p, f"2026-0{3 + i}-0{2 + i}", "sieraad")
            for i, p in enumerate(lodgers[:3])]
    d = application(w, "GM0994", "2026-06-01", "2026-07-17")
    company(w, orgs, d, director=lodgers[3])
    party_person(w, d, "leidinggevende", lodgers[4], level=LEVEL)
    w.case(rule, [*rows, d], note="5 persons at one address, in DOR and Bibob")
    family = _family_with_twins(w)
    rows = [sell(w, shop, p, when, cat) for p, shop, when, cat in zip(
        family, ("Fietsen Gulpen", "Phone & Repair Gulpen") * 2,
        ("2026-02-02", "2026-03-16", "2026-05-04", "2026-06-22"),
        ("fiets", "telefoon", "e-bike", "tablet"), strict=True)]
    w.case(rule, rows, must_flag=False, note="a family of 4 (with twins) at one address")


def _family_with_twins(w: World) -> list[Person]:
    father = person(w, gemeente="GM1729")
    mother = housemate(w, father)
    kids = [w.pop.person("NL", father.address, (father.tussenvoegsel, father.achternaam),
                         born=day("2004-09-17"), male=m) for m in (True, False)]
    kids[0].voornamen, kids[1].voornamen = ("Daan", "Willem"), ("Sanne",)
    for k in kids:
        k.tags |= {"planted", "twin"}
    return [father, mother, *kids]


def bovenlokaal_cluster(w: World, orgs: Orgs) -> None:
    rule = "netwerk.bovenlokaal_cluster"
    r = person(w, gemeente="GM0981")
    z = measure(w, "GM0981", r.address, day("2026-01-20"), status="uitgevoerd", bewoner=r,
                level=LEVEL)
    d = application(w, "GM0994", "2026-03-02", "2026-05-08", mate="ernstige_mate",
                    besluit="geweigerd")
    company(w, orgs, d, director=r)
    w.case(rule, [z, d], note="13b occupant directs a refused applicant elsewhere")
    owner = person(w, gemeente="GM0938")
    partner = housemate(w, owner)
    z = measure(w, "GM1729", w.pop.region_address("GM1729"), day("2026-03-09"),
                eigenaar=owner, bewoner=person(w, gemeente="GM1729"), level=LEVEL)
    rows = [z, sell(w, "Pandjeshuis Meerssen", owner, "2026-04-20", "audio-video"),
            sell(w, "Pandjeshuis Meerssen", partner, "2026-06-08", "edelmetaal", pay="contant",
                 with_id=False)]
    w.case(rule, rows, note="13b owner and his partner (cash gold without ID) share a home")
    v = person(w, gemeente="GM1903")
    z = measure(w, "GM1903", v.address, day("2026-02-02"), bewoner=v, level=LEVEL)
    d = application(w, "GM1903", "2026-05-04", "2026-06-30", mate="ernstige_mate",
                    besluit="geweigerd")
    company(w, orgs, d, director=v)
    w.case(rule, [z, d], must_flag=False, note="2 risk markers, but one municipality")


def brug(w: World, orgs: Orgs) -> None:
    rule = "netwerk.brug"
    r1 = person(w, gemeente="GM0981")
    b = housemate(w, r1)
    z = measure(w, "GM0981", r1.address, day("2025-12-08"), status="uitgevoerd", bewoner=r1,
                level=LEVEL)
    sale = sell(w, "Tweedehands Centrum Vaals", b, "2026-02-17", "gereedschap")
    d = application(w, "GM1729", "2026-04-13", "2026-06-05", mate="ernstige_mate",
                    besluit="geweigerd")
    company(w, orgs, d)
    party_person(w, d, "aandeelhouder", b, 40.0, level=LEVEL)
    w.case(rule, [z, sale, d], note="lives at a 13b address, shareholder of a refused company")
    x = orgs.dutch("GM0938", kinds=("Holding",))
    d = application(w, "GM0938", "2025-11-03", "2026-01-16", mate="ernstige_mate",
                    besluit="geweigerd")
    company(w, orgs, d)
    party_org(w, d, "aandeelhouder", x, 100.0)
    z = measure(w, "GM1903", w.pop.region_address("GM1903"), day("2026-05-26"),
                status="uitgevoerd", eigenaar=x, bewoner=person(w, gemeente="GM1903"))
    w.case(rule, [d, z], note="holding behind a refused applicant owns a 13b premises")
    c = person(w, gemeente="GM0938")
    z = measure(w, "GM0938", c.address, day("2026-03-23"), bewoner=c, level=LEVEL)
    d = application(w, "GM0938", "2026-06-15", "2026-08-07")
    company(w, orgs, d, director=c)
    w.case(rule, [z, d], must_flag=False, note="links a risk group to a clean company only")
