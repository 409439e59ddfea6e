"""verblijf.*: each rule fires on a minimal case and stays quiet on a near miss."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from graph.config import SignalConfig
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


def _delivered(rows: list[dict[str, object]], delivered: list[date]) -> dict[str, pl.DataFrame]:
    t = tables(nacht_rows=rows)
    t["nachtregister"] = t["nachtregister"].with_columns(
        pl.Series("_delivery_date", delivered, dtype=pl.Date))
    return t


def test_langdurig_open_booking_counts_until_its_delivery() -> None:
    """An empty vertrek means "still present" when the file was made, not ever since."""
    open_row = nacht(aankomst=D0, vertrek=None)
    hit = of_rule(run(_delivered([open_row], [D0 + timedelta(days=95)]))[0],
                  "verblijf.langdurig")
    assert hit.height == 1 and "95 nachten" in hit["toelichting"][0]


def test_langdurig_quiet_on_open_booking_delivered_soon_after_arrival() -> None:
    open_row = nacht(aankomst=D0, vertrek=None)  # AS_OF is 305 days later
    assert of_rule(run(_delivered([open_row], [D0 + timedelta(days=20)]))[0],
                   "verblijf.langdurig").is_empty()
    assert of_rule(run(tables(nacht_rows=[open_row]))[0], "verblijf.langdurig").is_empty()


def test_groepshuisvesting_quiet_on_open_bookings_delivered_early() -> None:
    rows = [nacht(aankomst=D0, vertrek=None, aantal_personen=3, gast_nationaliteit="PL",
                  gast_achternaam=naam) for naam in ("Nowak", "Kowalski")]
    assert of_rule(run(_delivered(rows, [D0 + timedelta(days=10)] * 2))[0],
                   "verblijf.groepshuisvesting").is_empty()
    hit = of_rule(run(_delivered(rows, [D0 + timedelta(days=40)] * 2))[0],
                  "verblijf.groepshuisvesting")
    assert hit.height == 1


def _quarantaine(kvk: str, ids: list[str], gm: str = "GM1903") -> pl.DataFrame:
    return pl.DataFrame({"file": ["f.csv"] * len(ids), "line": list(range(2, 2 + len(ids))),
                         "register": ["nachtregister"] * len(ids), "reason": ["x"] * len(ids),
                         "record_id": ids, "gemeentecode": [gm] * len(ids),
                         "logies_kvk": [kvk] * len(ids)})


def test_registratiekwaliteit_small_host_with_quarantined_rows() -> None:
    """4 of 8 rows quarantined: the quarantined records are the evidence, with their
    municipality; a record accepted in a later delivery no longer counts."""
    rows = [nacht(logies_kvk="27182818", gemeentecode="GM1903", gast_achternaam=f"G{i}")
            for i in range(4)]
    t = tables(nacht_rows=rows)
    t["nachtregister_quarantaine"] = _quarantaine("2718 2818", ["Q1", "Q2", "Q3", "Q4"])
    hit = of_rule(run(t)[0], "verblijf.registratiekwaliteit")
    assert hit.height == 1 and "4 van 8 rijen (50%)" in hit["toelichting"][0]
    assert sorted(hit["evidence"][0]) == [f"nachtregister:Q{i}" for i in range(1, 5)]
    assert hit["gemeentecodes"][0].to_list() == ["GM1903"]
    rid = str(rows[0]["registratie_id"])
    t["nachtregister_quarantaine"] = _quarantaine("27182818", [rid, rid, "Q3"])
    hit = of_rule(run(t)[0], "verblijf.registratiekwaliteit")
    assert hit.height == 1 and "1 van 5 rijen (20%)" in hit["toelichting"][0]


def test_registratiekwaliteit_quiet_at_10_percent_quarantined_or_tiny_host() -> None:
    rows = [nacht(logies_kvk="16180339", gast_achternaam=f"G{i}") for i in range(18)]
    t = tables(nacht_rows=rows)
    t["nachtregister_quarantaine"] = _quarantaine("16180339", ["Q1", "Q2"])
    assert of_rule(run(t)[0], "verblijf.registratiekwaliteit").is_empty()
    t = tables(nacht_rows=rows[:2])
    t["nachtregister_quarantaine"] = _quarantaine("16180339", ["Q1", "Q2"])
    assert of_rule(run(t)[0], "verblijf.registratiekwaliteit").is_empty()


def test_registratiekwaliteit_ignores_open_vertrek_by_default() -> None:
    rows = [nacht(gast_achternaam=f"G{i}", vertrek=None if i < 5 else D0) for i in range(20)]
    assert of_rule(run(tables(nacht_rows=rows))[0], "verblijf.registratiekwaliteit").is_empty()
    config = SignalConfig({"verblijf.registratiekwaliteit": {"open_vertrek_dagen": 30}})
    hit = of_rule(run(tables(nacht_rows=rows), config=config)[0],
                  "verblijf.registratiekwaliteit")
    assert hit.height == 1 and "5 van 20 rijen" in hit["toelichting"][0]
