"""Benchmark: the review page's signal list with 10,000 signals answers in under 200 ms.

Builds a data folder with 10,000 synthetic signals over the five municipalities (a third
bovenlokaal) and 2,000 recorded decisions, logs in an analyst bound to all five (the widest
scope), and times GET /signalen with and without filters, page 1 and a late page. The time is
measured around the in-process request (TestClient, no network), so it is the server's time
plus a little client overhead. Prints the figures; not a test.

    uv run python bench/review.py [--signals 10000]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# This file is named review.py: keep bench/ off the path so `review` is the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import polars as pl  # noqa: E402
import pyotp  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from iob.decisions import DecisionStore  # noqa: E402
from iob.settings import load_settings  # noqa: E402
from review.app import create_app  # noqa: E402
from review.users import UserStore  # noqa: E402

GEMEENTEN = ["GM0938", "GM0981", "GM0994", "GM1729", "GM1903"]
RULES = ["heling.veelaanbieder", "heling.prijs", "netwerk.identiteit", "netwerk.convergentie",
         "verblijf.parkhoppen", "damocles.adres_herhaling", "bibob.financier"]
BUDGET_MS = 200.0


def build(data: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        gems = rng.sample(GEMEENTEN, 2 if i % 3 == 0 else 1)
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
        rows.append({
            "signal_id": f"{i:016x}", "rule": rng.choice(RULES), "titel": f"Signaal {i}",
            "gemeentecodes": gems, "bovenlokaal": len(gems) > 1,
            "score": round(rng.random(), 2),
            "entity_ids": [f"P-{rng.randrange(10**6):012x}" for _ in range(3)],
            "evidence": [f"dor:VLK-{rng.randrange(10**6)}" for _ in range(5)],
            "toelichting": "Verkoper verkocht 6 goederen in 30 dagen (drempel 5).",
            "eerste_datum": start, "laatste_datum": start + timedelta(days=rng.randrange(90)),
            "bibob": i % 11 == 0, "status": rng.choice(["nieuw", "bestaand"]),
        })
    (data / "signals").mkdir(parents=True)
    pl.DataFrame(rows).write_parquet(data / "signals" / "signals.parquet")
    store = DecisionStore.open(load_settings(data))
    for i in rng.sample(range(n), min(n, 2000)):
        store.record_signal(f"{i:016x}", rng.choice(["in_behandeling", "geen_actie"]), "x", "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        build(data, args.signals)
        settings = load_settings(data)
        uri = UserStore(settings).add("bench.analist", "analist", ",".join(GEMEENTEN),
                                      "een-lang-genoeg-wachtwoord")
        secret = re.search(r"secret=([A-Z2-7]+)", uri).group(1)  # type: ignore[union-attr]
        client = TestClient(create_app(settings), follow_redirects=False)
        form = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"gebruikersnaam": "bench.analist",
                                    "wachtwoord": "een-lang-genoeg-wachtwoord",
                                    "code": pyotp.TOTP(secret).now(), "csrf": token})
        client.get("/signalen")  # warm the cache (first read of signals.parquet)
        print(f"signal list, {args.signals:,} signals, analyst of all five municipalities, "
              f"{args.repeat} requests each:")
        worst = 0.0
        for label, path in [("page 1", "/signalen"),
                            ("page 100", "/signalen?pagina=100"),
                            ("rule+score+period", "/signalen?regel=heling.prijs&score=0.5"
                                                  "&van=2025-06-01&tot=2026-01-01"),
                            ("besluit=open", "/signalen?besluit=open")]:
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
            p95 = sorted(times)[int(len(times) * 0.95) - 1]
            worst = max(worst, p95)
            print(f"  {label:<20} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")
        verdict = "OK" if worst < BUDGET_MS else "TOO SLOW"
        print(f"worst p95 {worst:.1f} ms (budget {BUDGET_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
