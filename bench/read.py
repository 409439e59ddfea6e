"""Throughput of the CSV delivery reader on a synthetic DOR file.

    uv run python bench/read.py 1000000 [--ragged] [--cp1252]

Prints rows/s and peak memory (MB, resident set high-water mark of this process).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from flows.readers import read_delivery
from transforms.schema import DOR

_CATEGORIES = ("telefoon", "fiets", "laptop", "sieraad")
_NAMES = ("Jansen", "de Vries", "van Dijk", "Müller", "Bakker", "Peeters")


def _row(i: int, rng: random.Random) -> list[str]:
    values = dict.fromkeys(DOR.column_names, "")
    values.update(
        registratienummer=f"V-2026-{i:08d}",
        gemeentecode="GM0994",
        opkoper_kvk=f"{rng.randrange(10**8):08d}",
        opkoper_naam="Goud & Zilver Valkenburg",
        opkoper_postcode="6301 DA",
        opkoper_huisnummer=str(rng.randrange(1, 200)),
        datum_verkrijging=f"{rng.randrange(1, 29):02d}-02-2026",
        tijd_verkrijging="10:42",
        wijze_verkrijging="koop",
        categorie=rng.choice(_CATEGORIES),
        merk="Apple",
        omschrijving='"zwart; barst in hoes"' if i % 10 == 0 else "kras op scherm",
        prijs=f"{rng.randrange(5, 900)},{rng.randrange(100):02d}",
        betaalwijze="contant",
        verkoper_achternaam=rng.choice(_NAMES),
        verkoper_voornamen="Pieter",
        verkoper_geboortedatum="14-02-1991",
        verkoper_postcode="6301 BC",
        verkoper_woonplaats="Valkenburg",
        verkoper_id_type="paspoort",
        verkoper_id_nummer=f"IX{rng.randrange(10**7):07d}",
        stopheling_match="nee",
    )
    return [values[c] for c in DOR.column_names]


def make_file(folder: Path, n: int, ragged: bool, encoding: str) -> Path:
    """Write the file in chunks so the generator's memory does not hide the reader's."""
    rng = random.Random(20260301)
    path = folder / "dor_GM0994_20260301_bench.csv"
    with path.open("wb") as out:
        out.write((";".join(DOR.column_names) + "\r\n").encode(encoding))
        for chunk in range(0, n, 50_000):
            lines = [";".join(_row(i, rng)) for i in range(chunk, min(n, chunk + 50_000))]
            if ragged and chunk <= n // 2 < chunk + 50_000:  # one truncated line
                lines[n // 2 - chunk] = lines[n // 2 - chunk][:40]
            out.write(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--ragged", action="store_true", help="include one truncated line")
    parser.add_argument("--cp1252", action="store_true", help="write Windows-1252")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = make_file(Path(tmp), args.rows, args.ragged, "cp1252" if args.cp1252 else "utf-8")
        size = path.stat().st_size / 1e6
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start, cpu = time.perf_counter(), time.process_time()
        d = read_delivery(path)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert d.rows_in == args.rows, (d.rows_in, args.rows)
    print(
        f"{args.rows:,} rows, {size:.0f} MB: {elapsed:.2f} s wall ({cpu:.2f} s CPU), "
        f"{args.rows / elapsed:,.0f} rows/s, "
        f"peak RSS {peak:.0f} MB (before read {before:.0f} MB), structural {d.structural.height}",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
