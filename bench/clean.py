"""Throughput of transforms.clean.clean_table on a synthetic DOR-like raw frame.

    uv run python bench/clean.py [N_ROWS] [--persons N] [--seed S]

Builds N raw rows (all String, messy spellings as real deliveries have them: glued
tussenvoegsels, ``1234ab`` postcodes, ``12a`` house numbers, Excel serial dates, 7-digit KvK
numbers, the odd BSN in the ID column) with a seller pool of N/5 persons, then times one
``clean_table`` call and prints rows/s and peak memory (tracemalloc sees only Python-side
allocations and slows Python code down, so it runs in a second, untimed pass; the growth of
the process max RSS during the timed pass is printed too). ID numbers are hashed with the
pipeline's own ``iob.pseudonym.hasher``.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc

import polars as pl

from iob.pseudonym import hasher
from transforms.clean import clean_table
from transforms.schema import DOR, DOR_CATEGORIEEN

SURNAMES = ["Jansen", "de Vries", "VAN DIJK", "Dijk", "Bakker", "Visser", "Smit", "Meijer",
            "vanDam", "Müller", "Kowalski", "Nowak", "Dijk, van", "v.d. Berg", "in 't Veld",
            "Peeters", "Van Damme", "Özdemir", "Yılmaz", "Popescu", "Mulder", "de Boer"]
FIRST = ["Pieter Johannes", "J.P.", "Jan", "Klaus", "Piotr", "A.M.", "Anna", "Fatima", "Mohamed",
         "Jan-Willem", "Th.", "Maria", "Ioana", "Mehmet", "Sanne", "Daan"]
TUSSEN = ["", "", "", "van", "de", "van der", "v/d"]
PLACES = ["Valkenburg", "Vaals", "Maastricht", "Heerlen", "Aachen", "Gulpen", "Eijsden"]
LANDS = ["", "", "NL", "Nederland", "DE", "Duitsland", "België", "BE", "PL"]


def _date_text(rng: random.Random, base: int) -> str:
    day = base + rng.randrange(0, 1200)
    d = pl.Series([day]).cast(pl.Date).item()
    style = rng.randrange(6)
    if style == 0:
        return f"{d.day}-{d.month}-{d.year}"
    if style == 1:
        return d.isoformat()
    if style == 2:
        return str(day + 25569)  # Excel serial
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


def _postcode(rng: random.Random) -> str:
    n, a, b = rng.randrange(1000, 9999), rng.choice("ABCDEFGH"), rng.choice("ABCDEFGH")
    return rng.choice([f"{n} {a}{b}", f"{n}{a}{b}".lower(), f"{n}-{a}{b}", f" {n} {a}{b} "])


def _postcode_for(rng: random.Random, land: str) -> str:
    """A postcode that fits the seller's country, as sellers write them."""
    if land in ("DE", "Duitsland"):
        return f"{rng.randrange(1000, 99999):05d}"
    if land in ("BE", "België"):
        return str(rng.randrange(1000, 9999))
    if land == "PL":
        return f"{rng.randrange(10, 99)}-{rng.randrange(100, 999)}"
    return _postcode(rng)


def _id_nummer(rng: random.Random) -> str:
    if rng.random() < 0.01:
        return "111222333"  # passes the elfproef
    return "".join(rng.choices("ABCDEFGHIJKLMNPRSTUVWXYZ0123456789", k=9))


def build_raw(n: int, persons: int, seed: int) -> pl.DataFrame:
    """A raw DOR frame of ``n`` rows, all String, as the readers would hand it over."""
    rng = random.Random(seed)
    base = 19700  # days since 1970 (2023-12)
    lands = rng.choices(LANDS, k=persons)
    people = pl.DataFrame({
        "verkoper_achternaam": [rng.choice(SURNAMES) + rng.choice(["", "", "s", "ma", "er"])
                                for _ in range(persons)],
        "verkoper_tussenvoegsel": rng.choices(TUSSEN, k=persons),
        "verkoper_voornamen": rng.choices(FIRST, k=persons),
        "verkoper_geboortedatum": [_date_text(rng, -5000 - rng.randrange(15000))
                                   for _ in range(persons)],
        "verkoper_straat": [f"Straat {i % 500}" for i in range(persons)],
        "verkoper_huisnummer": [rng.choice([f"{rng.randrange(1, 300)}",
                                            f"{rng.randrange(1, 300)}a",
                                            f"{rng.randrange(1, 99)}-2", "12.0"])
                                for _ in range(persons)],
        "verkoper_toevoeging": rng.choices(["", "", "", "", "A", "bis"], k=persons),
        "verkoper_postcode": [_postcode_for(rng, land) for land in lands],
        "verkoper_woonplaats": rng.choices(PLACES, k=persons),
        "verkoper_land": lands,
        "verkoper_id_type": rng.choices(["paspoort", "identiteitskaart", "rijbewijs", ""],
                                        k=persons),
        "verkoper_id_nummer": [_id_nummer(rng) for _ in range(persons)],
        "verkoper_id_land": rng.choices(["NL", "DE", "BE", ""], k=persons),
    })
    dealers = 300
    dealer = pl.DataFrame({
        "opkoper_kvk": [str(rng.randrange(100000, 99999999)) for _ in range(dealers)],
        "opkoper_naam": [f"Opkoper {i}" for i in range(dealers)],
        "opkoper_postcode": [_postcode(rng) for _ in range(dealers)],
        "opkoper_huisnummer": [f"{rng.randrange(1, 200)}" for _ in range(dealers)],
    })
    person_idx = pl.Series([rng.randrange(persons) for _ in range(n)])
    dealer_idx = pl.Series([rng.randrange(dealers) for _ in range(n)])
    dates = [_date_text(rng, base) for _ in range(2000)]
    rows = pl.DataFrame({
        "registratienummer": [f"V-{i:08d}" for i in range(n)],
        "gemeentecode": rng.choices(["GM0994", "gm0994", "0994", "994", "GM0981"], k=n),
        "datum_verkrijging": rng.choices(dates, k=n),
        "tijd_verkrijging": [f"{rng.randrange(8, 20)}:{rng.randrange(60):02d}"
                             for _ in range(n)],
        "wijze_verkrijging": rng.choices(["koop", "Koop", "inruil", "ruil"], k=n),
        "categorie": rng.choices(DOR_CATEGORIEEN, k=n),
        "merk": rng.choices(["Apple", "Samsung", "Gazelle", "Lenovo", ""], k=n),
        "type": rng.choices(["iPhone 15", "S24", "Ultimate C8", "T14", ""], k=n),
        "serienummer": [f"SN{rng.randrange(10**12)}" for _ in range(n)],
        "omschrijving": rng.choices(["zwart; barst", "ringen, 14 kt", "", "accu zwak"], k=n),
        "prijs": [f"{rng.randrange(1, 2000)},{rng.randrange(100):02d}" for _ in range(n)],
        "betaalwijze": rng.choices(["contant", "pin", "overboeking", ""], k=n),
        "datum_doorverkoop": rng.choices([*dates[:200], "", "", ""], k=n),
        "stopheling_match": rng.choices(["ja", "nee", "", "Nee"], k=n),
    })
    frame = pl.concat(
        [rows, people[person_idx], dealer[dealer_idx]], how="horizontal"
    ).with_columns(pl.all().replace("", None))
    provenance = pl.DataFrame({
        "_file": ["dor_GM0994_20260301.csv"] * n,
        "_line": pl.int_range(2, n + 2, eager=True),
    })
    return pl.concat([frame.select(DOR.column_names), provenance], how="horizontal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--persons", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    persons = args.persons or max(1, args.rows // 5)
    t0 = time.perf_counter()
    raw = build_raw(args.rows, persons, args.seed)
    print(f"built {raw.height:,} raw rows x {raw.width} cols in "
          f"{time.perf_counter() - t0:.1f} s ({persons:,} persons)")

    pseudonymise = hasher(b"bench-key")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, cpu0 = time.perf_counter(), time.process_time()
    clean = clean_table(raw, DOR, pseudonymise)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"clean_table: {clean.height:,} rows in {elapsed:.2f} s = "
          f"{clean.height / elapsed:,.0f} rows/s (CPU {cpu:.2f} s); max RSS {rss_after:.0f} MB "
          f"(+{rss_after - rss_before:.0f} MB during clean)")
    del clean
    tracemalloc.start()
    clean_table(raw, DOR, pseudonymise)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python heap during clean (tracemalloc): {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
