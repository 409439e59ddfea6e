"""Planted nachtregister cases (verblijf.*) and their near misses."""

from __future__ import annotations

from iob.demo.kit import days_after, host, person, stay, unit_name
from iob.demo.nachtregister import Host
from iob.demo.world import Record, World


def plant(w: World) -> None:
    langdurig(w)
    groepshuisvesting(w)
    parkhoppen(w)
    registratiekwaliteit(w)


def langdurig(w: World) -> None:
    rule = "verblijf.langdurig"
    p = person(w, "DE", outside=True)
    w.case(rule, [stay(w, "Plateau Margraten", p, "2026-02-01", 120, 2)],
           note="one booking of 120 nights")
    p = person(w, "PL", outside=True)
    h = host("Short Stay Lemiers")
    unit = unit_name(w, h)
    rows = [stay(w, h, p, days_after("2026-03-01", 28 * i), 28, unit=unit) for i in range(4)]
    w.case(rule, rows, note="4 back-to-back bookings of 28 nights")
    p = person(w, "NL", outside=True)
    w.case(rule, [stay(w, "De Geuldal", p, "2026-04-01", 85, 2)], must_flag=False,
           note="one booking of 85 nights")
    p = person(w, "BE", outside=True)
    rows = [stay(w, "Epense Beemden", p, "2025-12-01", 50, 2),
            stay(w, "Schin op Geul", p, "2026-03-21", 50, 2)]
    w.case(rule, rows, must_flag=False, note="100 nights, but at 2 hosts, 60 days apart")


def _group(w: World, h: Host, land: str, plan: tuple[tuple[str, int, int], ...]) -> list[Record]:
    unit = unit_name(w, h)
    return [stay(w, h, person(w, land, outside=True), when, nights, persons, unit=unit)
            for when, nights, persons in plan]


def groepshuisvesting(w: World) -> None:
    rule = "verblijf.groepshuisvesting"
    rows = _group(w, host("De Geuldal"), "RO", (("2026-06-01", 60, 3), ("2026-06-05", 50, 2),
                                                 ("2026-06-10", 45, 2)))
    w.case(rule, rows, note="3 bookings, 7 persons, overlapping 45 days, one unit")
    rows = _group(w, host("Bunde Haven"), "PL", (("2026-09-01", 60, 4), ("2026-09-08", 45, 3)))
    w.case(rule, rows, note="2 bookings, 7 persons, overlapping 45 days")
    rows = _group(w, host("Schin op Geul"), "PL", (("2026-04-01", 40, 3), ("2026-04-15", 40, 3)))
    w.case(rule, rows, must_flag=False, note="6 persons, but overlapping only 26 days")
    rows = _group(w, host("Maasplassen"), "RO", (("2026-07-01", 50, 3), ("2026-07-05", 45, 2)))
    w.case(rule, rows, must_flag=False, note="overlapping 45 days, but 5 persons")


def parkhoppen(w: World) -> None:
    rule = "verblijf.parkhoppen"
    p = person(w, "DE", outside=True)
    rows = [stay(w, "Hotel Drielandenpunt", p, "2026-04-02", 2),
            stay(w, "Wittemer Hof", p, "2026-04-20", 2),
            stay(w, "Grand Hotel Cauberg", p, "2026-05-08", 2)]
    w.case(rule, rows, note="3 hosts in 36 days")
    p = person(w, "NL", outside=True)
    rows = [stay(w, "Maasplassen", p, "2026-08-01", 3, 2),
            stay(w, "Plateau Margraten", p, "2026-08-12", 3, 2),
            stay(w, "Meerssen Centrum", p, "2026-08-25", 2),
            stay(w, "Bunde Haven", p, "2026-09-10", 3)]
    w.case(rule, rows, note="4 hosts in 40 days")
    p = person(w, "BE", outside=True)
    rows = [stay(w, "Mergelhuis", p, "2026-01-10", 2),
            stay(w, "Meerssen Centrum", p, "2026-02-20", 2),
            stay(w, "Vijlerhof", p, "2026-04-05", 2)]
    w.case(rule, rows, must_flag=False, note="3 hosts, but over 85 days")


PLANTED_HOSTS = (
    Host("31415926", "B&B De Stille Geul", "bed-and-breakfast", "6231 RN", "4", "", "GM0938",
         0, "Kamer"),
    Host("27182818", "Pension Grensweg", "hotel", "6255 AP", "19", "", "GM1903", 0, "Kamer"),
    Host("16180339", "Camping Hoeve Ingber", "camping", "6276 PB", "2", "", "GM1729", 0,
         "Plek"),
)


def registratiekwaliteit(w: World) -> None:
    rule = "verblijf.registratiekwaliteit"
    for h, total, bad in zip(PLANTED_HOSTS, (10, 8, 20), (5, 4, 2), strict=True):
        rows: list[Record] = []
        broken = set(range(0, total, total // bad)[:bad])
        for i in range(total):
            land = w.rng.choice(("NL", "BE", "DE"))
            when = days_after("2026-01-05", i * (300 // total) + w.rng.randint(0, 5))
            rec = stay(w, h, person(w, land, outside=True), when, w.rng.randint(1, 4),
                       w.rng.randint(1, 3), unit=f"{h.unit} {1 + i % 4}")
            if i in broken:
                rec.values["gast_woonplaats" if i % 2 == 0 else "id_type"] = ""
            rows.append(rec)
        w.case(rule, rows, must_flag=bad / total > 0.1,
               note=f"{bad} of {total} rows miss a required field")
