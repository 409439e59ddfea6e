"""Planted heling cases (dor, dor + nachtregister) and their near misses."""

from __future__ import annotations

from iob.demo.calendar import working_days_between
from iob.demo.kit import day, days_after, dealer, model, person, sell, stay
from iob.demo.people import imei
from iob.demo.world import Record, World


def plant(w: World) -> None:
    veelaanbieder(w)
    serienummer(w)
    prijs(w)
    bewaartermijn(w)
    contant_zonder_id(w)
    stopheling_opkoper(w)
    reizende_verkoper(w)


def veelaanbieder(w: World) -> None:
    rule = "heling.veelaanbieder"
    p = person(w, gemeente="GM0994")
    rows = [sell(w, "GSM Point", p, days_after("2026-03-02", n), c) for n, c in
            zip((0, 3, 7, 12, 18, 24), ("telefoon", "telefoon", "tablet", "telefoon", "laptop",
                                        "telefoon"), strict=True)]
    w.case(rule, rows, note="6 items in 24 days at one dealer")
    p = person(w, "BE", outside=True)
    rows = [sell(w, "Tweedehands Centrum Vaals", p, "2026-06-05", "gereedschap"),
            sell(w, "Tweedehands Centrum Vaals", p, "2026-06-19", "telefoon"),
            sell(w, "Phone & Repair Gulpen", p, "2026-06-30", "telefoon"),
            sell(w, "Phone & Repair Gulpen", p, "2026-07-10", "tablet")]
    w.case(rule, rows, note="2 dealers in 2 municipalities")
    p = person(w, gemeente="GM0938")
    rows = [sell(w, "Pandjeshuis Meerssen", p, "2026-01-12", "sieraad", pay="contant"),
            sell(w, "Eijsdens Goudhuis", p, "2026-02-02", "edelmetaal", pay="contant"),
            sell(w, "Eijsdens Goudhuis", p, "2026-02-23", "edelmetaal", pay="contant")]
    w.case(rule, rows, note="gold at 2 dealers in 2 municipalities")
    p = person(w, gemeente="GM1729")
    rows = [sell(w, "Fietsen Gulpen", p, days_after("2026-04-06", n), c) for n, c in
            zip((0, 7, 14, 21, 60), ("fiets", "fiets", "e-bike", "fiets", "fiets"),
                strict=True)]
    w.case(rule, rows, must_flag=False, note="4 items in 30 days, 5th after 60, one dealer")


def serienummer(w: World) -> None:
    rule = "heling.serienummer"
    good = imei(w.rng)
    bad = good[:-1] + str((int(good[-1]) + 3) % 10)
    p = person(w, gemeente="GM0981")
    w.case(rule, [sell(w, "Tweedehands Centrum Vaals", p, "2026-05-19", serie=bad)],
           note="IMEI fails the Luhn check")
    frame = "GA23K" + str(w.rng.randint(100000, 999999))
    p1, p2 = person(w, gemeente="GM0994"), person(w, "DE", outside=True)
    rows = [sell(w, "Rijwielhandel Cauberg", p1, "2026-04-10", "e-bike", serie=frame),
            sell(w, "Fietsen Gulpen", p2, "2026-04-20", "e-bike", serie=frame)]
    w.case(rule, rows, note="same frame number sold by 2 persons")
    p = person(w, gemeente="GM1903")
    w.case(rule, [sell(w, "Elektro Inkoop Margraten", p, "2026-08-21", serie="")],
           note="telefoon without IMEI")
    p = person(w, gemeente="GM0938")
    frame = "BA24R" + str(w.rng.randint(100000, 999999))
    rows = [sell(w, "Kringloop & Inkoop Bunde", p, "2026-02-03", "fiets", serie=frame, level=0),
            sell(w, "Kringloop & Inkoop Bunde", p, "2026-08-14", "fiets", serie=frame, level=0)]
    w.case(rule, rows, must_flag=False, note="same serial twice, but the same person")


def _comparables(w: World, where: str, cat: str, type_: str, n: int = 12) -> None:
    """Normal-priced sales of one model, so the median has >= 10 comparables."""
    for i in range(n):
        hh = w.pop.household(dealer(where).gemeente)
        rec = sell(w, where, hh[0], days_after("2025-12-01", 25 * i + w.rng.randint(0, 20)),
                   cat, type_=type_, factor=w.rng.uniform(0.95, 1.15), level=1.0)
        rec.planted = True


def prijs(w: World) -> None:
    rule = "heling.prijs"
    for where, cat, type_, gm, factor, flag in (
            ("GSM Point", "telefoon", "iPhone 15", "GM0994", 0.2, True),
            ("Fietsen Gulpen", "e-bike", "Ultimate C8", "GM1729", 0.22, True),
            ("Goud & Zilver", "horloge", "Seamaster", "GM0994", 0.36, False)):
        _comparables(w, where, cat, type_)
        p = person(w, gemeente=gm)
        rec = sell(w, where, p, "2026-10-06", cat, type_=type_, factor=factor)
        w.case(rule, [rec], must_flag=flag,
               note=f"{model(cat, type_).type} at {factor:.0%} of the usual price")


def bewaartermijn(w: World) -> None:
    rule = "heling.bewaartermijn"
    p = person(w, gemeente="GM0994")
    assert working_days_between(day("2026-05-13"), day("2026-05-20")) == 4
    w.case(rule, [sell(w, "GSM Point", p, "2026-05-13", resale=day("2026-05-20"))],
           note="resold after 4 working days (Hemelvaartsdag in between)")
    p = person(w, "BE", outside=True)
    w.case(rule, [sell(w, "Tweedehands Centrum Vaals", p, "2026-09-07", "laptop",
                       resale=day("2026-09-09"))], note="resold after 2 working days")
    p = person(w, gemeente="GM1729")
    assert working_days_between(day("2026-05-21"), day("2026-06-01")) == 6
    w.case(rule, [sell(w, "Fietsen Gulpen", p, "2026-05-21", "fiets",
                       resale=day("2026-06-01"))], must_flag=False,
           note="resold on the 6th working day (Pinkstermaandag not counted)")


def contant_zonder_id(w: World) -> None:
    rule = "heling.contant_zonder_id"
    for where, cat, pay, gm, flag in (("Goud & Zilver", "edelmetaal", "contant", "GM0994", True),
                                      ("Drielandenpunt", "sieraad", "contant", "GM0981", True),
                                      ("Eijsdens Goudhuis", "sieraad", "pin", "GM1903", False)):
        p = person(w, gemeente=gm)
        rec = sell(w, where, p, "2026-07-15" if flag else "2026-07-22", cat, pay=pay,
                   with_id=False)
        w.case(rule, [rec], must_flag=flag, note=f"{cat}, {pay}, no ID document")


def stopheling_opkoper(w: World) -> None:
    rule = "heling.stopheling_opkoper"
    for where, dates, flag in (("Pandjeshuis Meerssen", ("2026-07-06", "2026-08-12",
                                                          "2026-09-01"), True),
                               ("GSM Point", ("2026-02-10", "2026-03-03"), True),
                               ("Rijwielhandel Cauberg", ("2026-01-15", "2026-05-20"), False)):
        d = dealer(where)
        rows: list[Record] = []
        for when in dates:
            p = person(w, gemeente=d.gemeente)
            rows.append(sell(w, d, p, when, d.focus[0], match="ja"))
        w.case(rule, rows, must_flag=flag, note=f"{len(rows)} Stop Heling matches")


def reizende_verkoper(w: World) -> None:
    rule = "heling.reizende_verkoper"
    for land, park, arrive, nights, shop, sold, flag in (
            ("PL", "De Geuldal", "2026-07-01", 10, "GSM Point", "2026-07-04", True),
            ("RO", "Vijlerhof", "2026-08-10", 5, "Tweedehands Centrum Vaals", "2026-08-13",
             True),
            ("NL", "Meerssen Centrum", "2026-03-20", 3, "Kringloop", "2026-03-22", True),
            ("region", "Wittemer Hof", "2026-05-10", 2, "Fietsen Gulpen", "2026-05-11", False),
            ("DE", "Grand Hotel Cauberg", "2026-09-01", 3, "Goud & Zilver", "2026-09-10",
             False)):
        p = person(w, gemeente="GM1729") if land == "region" else \
            person(w, land, outside=True)
        cat = dealer(shop).focus[0]
        rows = [sell(w, shop, p, sold, cat), stay(w, park, p, arrive, nights)]
        note = "guest from outside the region sold during the stay" if flag else \
            ("seller lives in the region" if land == "region" else "sale 6 days after the stay")
        w.case(rule, rows, must_flag=flag, note=note)
