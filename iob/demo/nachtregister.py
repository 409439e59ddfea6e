"""Nachtregister: accommodation hosts and background bookings (no double-booked units)."""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from iob.demo.calendar import END, START, delivery_for
from iob.demo.people import Person
from iob.demo.world import Record, Value, World


@dataclass(frozen=True, slots=True)
class Host:
    kvk: str
    naam: str
    type: str
    postcode: str
    huisnummer: str
    toevoeging: str
    gemeente: str
    weight: float
    unit: str  # unit name stem of the background bookings


HOSTS: tuple[Host, ...] = (
    Host("12345670", "Vakantiepark De Geuldal", "vakantiepark", "6271 AA", "3", "", "GM1729",
         8, "Chalet"),
    Host("23456781", "Hotel Wittemer Hof", "hotel", "6286 AB", "1", "", "GM1729", 4, "Kamer"),
    Host("03456712", "Camping Epense Beemden", "camping", "6285 NA", "22", "", "GM1729", 5,
         "Plek"),
    Host("34567892", "Groepshuis Mechelerhoeve", "groepsaccommodatie", "6281 BH", "7", "",
         "GM1729", 1, "Vleugel"),
    Host("45678903", "Grand Hotel Cauberg", "hotel", "6301 BT", "44", "", "GM0994", 7,
         "Kamer"),
    Host("56789014", "Vakantiepark Schin op Geul", "vakantiepark", "6305 AK", "2", "a",
         "GM0994", 6, "Bungalow"),
    Host("02345675", "B&B Het Mergelhuis", "bed-and-breakfast", "6325 PK", "11", "", "GM0994",
         1, "Kamer"),
    Host("67890125", "Hotel Drielandenpunt", "hotel", "6291 AE", "120", "", "GM0981", 4,
         "Kamer"),
    Host("78901236", "Camping Vijlerhof", "camping", "6294 NB", "5", "", "GM0981", 3, "Plek"),
    Host("89012347", "Short Stay Lemiers", "short-stay", "6295 AR", "30", "", "GM0981", 2,
         "Studio"),
    Host("90123458", "Hotel Meerssen Centrum", "hotel", "6231 CK", "15", "", "GM0938", 3,
         "Kamer"),
    Host("01122334", "Logies Bunde Haven", "short-stay", "6241 CX", "8", "", "GM0938", 2,
         "Studio"),
    Host("11223346", "Camping Eijsder Maasplassen", "camping", "6245 LA", "1", "", "GM1903",
         3, "Plek"),
    Host("22334457", "Vakantiepark Plateau Margraten", "vakantiepark", "6269 NG", "9", "",
         "GM1903", 3, "Chalet"),
)

NIGHTS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "hotel": ((1, 2, 3, 4, 7), (40, 30, 15, 10, 5)),
    "bed-and-breakfast": ((1, 2, 3), (40, 40, 20)),
    "camping": ((2, 3, 5, 7, 10, 14), (15, 20, 20, 25, 10, 10)),
    "vakantiepark": ((2, 3, 4, 7, 10, 14), (10, 25, 25, 25, 10, 5)),
    "groepsaccommodatie": ((2, 3), (70, 30)),
    "short-stay": ((14, 21, 30, 45, 60), (20, 20, 25, 20, 15)),
}
PARTY: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "hotel": ((1, 2, 3), (35, 55, 10)),
    "bed-and-breakfast": ((1, 2), (30, 70)),
    "camping": ((1, 2, 3, 4, 5), (5, 35, 20, 30, 10)),
    "vakantiepark": ((2, 3, 4, 5, 6), (35, 15, 30, 12, 8)),
    "groepsaccommodatie": ((8, 12, 16, 24), (30, 30, 25, 15)),
    "short-stay": ((1, 2), (70, 30)),
}

CUM_NIGHTS = {k: list(accumulate(v[1])) for k, v in NIGHTS.items()}
CUM_PARTY = {k: list(accumulate(v[1])) for k, v in PARTY.items()}


def booking_row(w: World, host: Host, p: Person, aankomst: date, nights: int, *,
                unit: str, persons: int, vertrek_known: bool = True, with_id: bool = True,
                level: float = 1.0, with_address: bool = False) -> Record:
    rng, mess = w.rng, w.mess
    an, tv, vn = mess.name(p, level)
    if rng.random() < 0.5 * level and vn and "." not in vn:
        vn = "".join(x[0] + "." for x in vn.split())  # guest registers mostly keep initials
    adr = mess.address(p.address, level)
    values: dict[str, Value] = {
        "gemeentecode": host.gemeente, "logies_kvk": mess.kvk(host.kvk),
        "logies_naam": host.naam, "logies_type": host.type, "accommodatie": unit,
        "logies_postcode": host.postcode, "logies_huisnummer": host.huisnummer,
        "logies_toevoeging": host.toevoeging, "aankomst": aankomst,
        "vertrek": aankomst + timedelta(days=nights) if vertrek_known else None,
        "gast_achternaam": an, "gast_tussenvoegsel": tv, "gast_voornamen": vn,
        "gast_geboortedatum": p.geboortedatum if host.gemeente in ("GM1729", "GM0981")
        else None,
        "gast_woonplaats": adr["woonplaats"], "gast_land": adr["land"],
        "gast_postcode": adr["postcode"] if with_address else "",
        "gast_straat": adr["straat"] if with_address else "",
        "gast_huisnummer": adr["huisnummer"] + adr["toevoeging"] if with_address else "",
        "gast_nationaliteit": p.nationaliteit if rng.random() < 0.7 else "",
        "id_type": p.id_type, "id_nummer": p.id_nummer if with_id else "",
        "aantal_personen": persons,
    }
    rec = w.add(Record("nachtregister", host.gemeente, aankomst, values))
    w.mention(rec, "gast", p)
    return rec

GUEST_LANDS = ("NL", "BE", "DE", "PL", "RO", "region")
GUEST_CUM = list(accumulate((55, 14, 16, 6, 4, 5)))


def _guest(w: World) -> Person:
    rng, pop = w.rng, w.pop
    land = rng.choices(GUEST_LANDS, cum_weights=GUEST_CUM)[0]
    if land == "region":
        return pop.person("NL", pop.region_address())
    return pop.person(land, pop.outside_address(land))


def _season_day(rng: random.Random) -> date:
    while True:
        d = START + timedelta(days=rng.randint(0, (END - START).days))
        if d.month in (6, 7, 8, 10, 12) or rng.random() < 0.6:
            return d


def background(w: World, n_bookings: int) -> None:
    """Returning guests come back to the same host, weeks apart; units never overlap."""
    rng = w.rng
    plan: list[tuple[date, int, Host, Person, int]] = []
    cum = list(accumulate(h.weight for h in HOSTS))
    workers = [h for h in HOSTS if h.type in ("short-stay", "camping")]
    while len(plan) < n_bookings:
        p = _guest(w)
        host = rng.choices(HOSTS, cum_weights=cum)[0]
        if p.nationaliteit in ("PL", "RO") and rng.random() < 0.7:
            host = rng.choice(workers)
        visits = 1 if host.type == "short-stay" else rng.choices((1, 2, 3), (78, 16, 6))[0]
        day = _season_day(rng)
        for _ in range(visits):
            nights = rng.choices(NIGHTS[host.type][0], cum_weights=CUM_NIGHTS[host.type])[0]
            if day + timedelta(days=nights) <= END:
                plan.append((day, len(plan), host, p, nights))
            day += timedelta(days=nights + rng.randint(45, 150))
            if day > END:
                break
    plan.sort(key=lambda x: (x[0], x[1]))
    free: dict[str, list[tuple[date, int]]] = {h.kvk: [] for h in HOSTS}
    for day, _, host, p, nights in plan[:n_bookings]:
        heap = free[host.kvk]
        if heap and heap[0][0] <= day:
            _, unit = heapq.heappop(heap)
        else:
            unit = len(heap) + 1
        end = day + timedelta(days=nights)
        heapq.heappush(heap, (end, unit))
        known = end <= delivery_for("nachtregister", host.gemeente, day) or rng.random() < 0.7
        party = rng.choices(PARTY[host.type][0], cum_weights=CUM_PARTY[host.type])[0]
        booking_row(w, host, p, day, nights, unit=f"{host.unit} {unit}", persons=party,
                    vertrek_known=known,
                    with_id=rng.random() < 0.6, with_address=rng.random() < 0.1)
