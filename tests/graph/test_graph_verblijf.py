"""verblijf.*: each rule fires on a minimal case and stays quiet on a near miss."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from tests.graph.graph_factory import nacht, of_rule, run, tables

D0 = date(2024, 3, 1)


def test_langdurig_fires_on_90_nights_at_one_host() -> None:
    s, _ = run(tables(nacht_rows=[nacht(aankomst=D0, vertrek=D0 + timedelta(days=100))]))
    hit = of_rule(s, "verblijf.langdurig")
    assert hit.height == 1 and "100 nachten" in hit["toelichting"][0]


def test_langdurig_quiet_on_80_nights_or_old_stays() -> None:
    short = run(tables(nacht_rows=[nacht(aankomst=D0, vertrek=D0 + timedelta(days=80))]))[0]
    assert of_rule(short, "verblijf.langdurig").is_empty()
    old = nacht(aankomst=date(2022, 1, 1), vertrek=date(2022, 6, 1))
    assert of_rule(run(tables(nacht_rows=[old]))[0], "verblijf.langdurig").is_empty()


def test_langdurig_back_to_back_bookings() -> None:
    chain = [nacht(aankomst=D0 + timedelta(days=10 * i), vertrek=D0 + timedelta(days=10 * i + 10))
             for i in range(3)]
    assert of_rule(run(tables(nacht_rows=chain))[0], "verblijf.langdurig").height == 1
    assert of_rule(run(tables(nacht_rows=chain[:2]))[0], "verblijf.langdurig").is_empty()


def _group(p1: int, p2: int, overlap: int, land2: str = "PL") -> list[dict[str, object]]:
    return [
        nacht(aankomst=D0, vertrek=D0 + timedelta(days=60), aantal_personen=p1,
              gast_nationaliteit="PL", gast_achternaam="Nowak"),
        nacht(aankomst=D0 + timedelta(days=60 - overlap), vertrek=D0 + timedelta(days=120),
              aantal_personen=p2, gast_nationaliteit=land2, gast_achternaam="Kowalski",
              accommodatie="chalet  1"),
    ]


def test_groepshuisvesting_fires_on_overlapping_bookings_one_country() -> None:
    hit = of_rule(run(tables(nacht_rows=_group(3, 3, 30)))[0], "verblijf.groepshuisvesting")
    assert hit.height == 1 and "6 personen" in hit["toelichting"][0]
    assert "uit PL" in hit["toelichting"][0]


def test_groepshuisvesting_quiet_on_near_misses() -> None:
    for rows in (_group(3, 2, 30), _group(3, 3, 20), _group(3, 3, 30, land2="RO"),
                 [nacht(aankomst=D0, vertrek=D0 + timedelta(days=60), aantal_personen=8)]):
        assert of_rule(run(tables(nacht_rows=rows))[0], "verblijf.groepshuisvesting").is_empty()


def _hops(step: int) -> list[dict[str, object]]:
    return [nacht(aankomst=D0 + timedelta(days=step * i), vertrek=D0 + timedelta(days=step * i + 2),
                  logies_kvk=f"3333333{i}", logies_postcode=f"629{i} AA") for i in range(3)]


def test_parkhoppen_fires_on_three_hosts_in_60_days() -> None:
    hit = of_rule(run(tables(nacht_rows=_hops(20)))[0], "verblijf.parkhoppen")
    assert hit.height == 1 and len(hit["evidence"][0]) == 3


def test_parkhoppen_quiet_when_spread_over_more_days() -> None:
    assert of_rule(run(tables(nacht_rows=_hops(40)))[0], "verblijf.parkhoppen").is_empty()


def _host(n_missing: int) -> list[dict[str, object]]:
    return [nacht(gast_achternaam=f"Gast{i}", gast_voornamen=None if i < n_missing else "A")
            for i in range(20)]


def test_registratiekwaliteit_fires_above_10_percent() -> None:
    hit = of_rule(run(tables(nacht_rows=_host(3)))[0], "verblijf.registratiekwaliteit")
    assert hit.height == 1 and "3 van 20 rijen (15%)" in hit["toelichting"][0]


def test_registratiekwaliteit_quiet_at_10_percent() -> None:
    assert of_rule(run(tables(nacht_rows=_host(2)))[0], "verblijf.registratiekwaliteit").is_empty()


def test_registratiekwaliteit_counts_quarantined_rows() -> None:
    t = tables(nacht_rows=_host(1))
    t["nachtregister_quarantaine"] = pl.DataFrame({"logies_kvk": ["22222222", " 22222222"]})
    hit = of_rule(run(t)[0], "verblijf.registratiekwaliteit")
    assert hit.height == 1 and "3 van 22 rijen" in hit["toelichting"][0]
