"""Benchmark: graph build + all signal rules on synthetic data of scale-10 size.

    uv run python bench/signals.py [--scale 10] [--seed 1]

Generates clean lake frames itself (~30k nachtregister and ~4k DOR rows per scale unit, a
few hundred Bibob and Damocles rows), mentions by the naive exact-key resolver
(graph.testing), then times `build_graph` and `compute_signals` and prints seconds and peak
memory (MB, resident set of this process).
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date, timedelta
from typing import Any

import polars as pl

from graph.build import build_graph
from graph.signals import compute_signals
from graph.testing import naive_mentions

GM = ("GM1903", "GM1729", "GM0938", "GM0981", "GM0994")
PLAATSEN = ("Vaals", "Gulpen", "Meerssen", "Eijsden", "Valkenburg", "Aachen", "Luik", "Utrecht")
CATS = ("telefoon", "fiets", "e-bike", "laptop", "tablet", "horloge", "sieraad", "edelmetaal",
        "overig")
START = date(2024, 1, 1)


def _person(r: random.Random, i: int, prefix: str) -> dict[str, Any]:
    return {f"{prefix}achternaam": f"naam{i}", f"{prefix}voornamen": f"v{i % 97}",
            f"{prefix}geboortedatum": date(1950, 1, 1) + timedelta(days=i % 18000)}


def _adres(i: int, prefix: str) -> dict[str, Any]:
    """A person's home: one fixed address per person, a few persons per address."""
    h = (i * 7919) % (3 * 10**6) // 3
    return {f"{prefix}postcode": f"{1000 + h % 9000} AB", f"{prefix}huisnummer": h // 9000 + 1}


def synthetic(scale: float, seed: int) -> dict[str, pl.DataFrame]:
    r = random.Random(seed)
    n_dor, n_nacht = int(4000 * scale), int(30000 * scale)
    n_people = int(20000 * scale)
    dor = []
    for k in range(n_dor):
        p = r.randrange(n_people // 4)
        d = START + timedelta(days=r.randrange(365))
        cat = r.choice(CATS)
        dor.append({
            "registratienummer": f"D{k}", "gemeentecode": r.choice(GM),
            "opkoper_kvk": f"{10000000 + r.randrange(5 * int(scale) + 5)}",
            "opkoper_naam": "Opkoper", "opkoper_postcode": "6291 AA",
            "opkoper_huisnummer": r.randrange(1, 60), "datum_verkrijging": d,
            "wijze_verkrijging": "koop", "categorie": cat, "merk": f"merk{r.randrange(5)}",
            "type": f"type{r.randrange(8)}", "serienummer": None if r.random() < 0.05 else
            f"{r.randrange(10**14, 10**15)}", "prijs": round(r.uniform(5, 900), 2),
            "betaalwijze": r.choice(("contant", "pin", "pin")),
            **_person(r, p, "verkoper_"),
            **_adres(p, "verkoper_"), "verkoper_woonplaats": r.choice(PLAATSEN),
            "verkoper_land": "NL", "verkoper_id_type": "paspoort",
            "verkoper_id_nummer": f"id{p}", "datum_doorverkoop":
            d + timedelta(days=r.randrange(3, 30)) if r.random() < 0.3 else None,
            "stopheling_match": r.random() < 0.01,
        })
    nacht = []
    for k in range(n_nacht):
        p = r.randrange(n_people)
        a = START + timedelta(days=r.randrange(365))
        nacht.append({
            "registratie_id": f"N{k}", "gemeentecode": r.choice(GM),
            "logies_kvk": f"{20000000 + r.randrange(20 * int(scale) + 20)}",
            "logies_naam": "Park", "logies_type": "vakantiepark",
            "accommodatie": f"Chalet {r.randrange(60)}", "logies_postcode": "6271 AA",
            "logies_huisnummer": r.randrange(1, 400), "aankomst": a,
            "vertrek": a + timedelta(days=r.choice((1, 2, 3, 7, 14, 40))),
            **_person(r, p, "gast_"), "gast_woonplaats": r.choice(PLAATSEN),
            "gast_land": r.choice(("NL", "NL", "BE", "DE", "PL")),
            "gast_nationaliteit": r.choice(("NL", "PL")), "id_type": "paspoort",
            "id_nummer": f"id{p}", "aantal_personen": r.randrange(1, 5),
        })
    n_dos = int(200 * scale)
    dossiers, partijen = [], []
    for k in range(n_dos):
        dossiers.append({
            "dossiernummer": f"B{k}", "gemeentecode": r.choice(GM),
            "beschikking_type": "exploitatievergunning", "locatie_postcode": "6231 AA",
            "locatie_huisnummer": r.randrange(1, 300), "aanvraagdatum":
            START + timedelta(days=r.randrange(365)), "mate_van_gevaar":
            r.choice(("geen", "geen", "mindere_mate", "ernstige_mate")),
            "besluit": r.choice(("verleend", "verleend", "geweigerd", "ingetrokken")),
        })
        partijen.append({"dossiernummer": f"B{k}", "rol": "aanvrager", "soort": "rechtspersoon",
                         "kvk": f"{30000000 + r.randrange(n_dos)}", "land": "NL"})
        for rol in ("bestuurder", "aandeelhouder", "vermogensverschaffer"):
            p = r.randrange(n_people)
            partijen.append({"dossiernummer": f"B{k}", "rol": rol, "soort": "persoon",
                             "land": "NL", "achternaam": f"naam{p}", "voornamen": f"v{p % 97}",
                             **_adres(p, "")})
    zaken = [{
        "zaaknummer": f"Z{k}", "gemeentecode": r.choice(GM),
        "pand_postcode": f"{6200 + r.randrange(100)} AB", "pand_huisnummer": r.randrange(1, 200),
        "pand_type": r.choice(("woning", "woning", "bedrijfspand", "agrarisch")),
        "datum_constatering": START + timedelta(days=r.randrange(365)),
        "grondslag": r.choice(("13b_a", "13b_b")), "middel": "hennep",
        "maatregel": r.choice(("waarschuwing", "sluiting")), "status": "opgelegd",
        "eigenaar_soort": "persoon", **_person(r, r.randrange(n_people), "eigenaar_"),
    } for k in range(int(100 * scale))]
    out = {"dor": dor, "nachtregister": nacht, "bibob_dossiers": dossiers,
           "bibob_betrokkenen": partijen, "damocles": zaken}
    frames = {}
    for name, rows in out.items():
        df = pl.DataFrame(rows, infer_schema_length=None)
        norm = [pl.col(c).str.to_lowercase().alias(f"{c}_norm") for c in df.columns
                if c.endswith(("achternaam", "voornamen"))]
        frames[name] = df.with_columns(norm)
    return frames


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    tables = synthetic(args.scale, args.seed)
    mentions = naive_mentions(tables)
    rows = sum(df.height for df in tables.values())
    t1 = time.perf_counter()
    graph = build_graph(tables, mentions)
    t2 = time.perf_counter()
    signals = compute_signals(tables, mentions, graph, date(2024, 12, 31))
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale {args.scale:g}: {rows} register rows, {mentions.height} mentions "
          f"(generated in {t1 - t0:.1f} s)")
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"in {t2 - t1:.1f} s")
    print(f"signals: {signals.height} in {t3 - t2:.1f} s "
          f"({1000 * signals.height / max(rows, 1):.1f} per 1,000 rows)")
    print(f"graph build + all rules: {t3 - t1:.1f} s; peak memory {peak:.0f} MB")
    for rule, n in signals.group_by("rule").len().sort("rule").iter_rows():
        print(f"  {rule:34s} {n}")


if __name__ == "__main__":
    main()
