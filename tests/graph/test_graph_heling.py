"""heling.*: each rule fires on a minimal case and stays quiet on a near miss."""

from __future__ import annotations

from datetime import date, timedelta

from tests.graph.graph_factory import dor, nacht, of_rule, run, tables

D0 = date(2024, 6, 3)  # a Monday


def _sales(n: int, step: int = 3, **kw: object) -> list[dict[str, object]]:
    return [dor(datum_verkrijging=D0 + timedelta(days=i * step), **kw) for i in range(n)]


def test_veelaanbieder_fires_on_five_items_in_30_days() -> None:
    s, _ = run(tables(_sales(5)))
    hit = of_rule(s, "heling.veelaanbieder")
    assert hit.height == 1
    assert "5 goederen in 30 dagen (drempel 5" in hit["toelichting"][0]
    assert len(hit["evidence"][0]) == 5


def test_veelaanbieder_quiet_on_four_items_or_spread_sales() -> None:
    assert of_rule(run(tables(_sales(4)))[0], "heling.veelaanbieder").is_empty()
    assert of_rule(run(tables(_sales(5, step=10)))[0], "heling.veelaanbieder").is_empty()


def test_veelaanbieder_two_dealers_or_two_municipalities_fire() -> None:
    two_dealers = [dor(), dor(opkoper_kvk="99999999", datum_verkrijging=D0 + timedelta(5))]
    assert of_rule(run(tables(two_dealers))[0], "heling.veelaanbieder").height == 1
    two_gm = [dor(), dor(gemeentecode="GM1729", datum_verkrijging=D0 + timedelta(5))]
    hit = of_rule(run(tables(two_gm))[0], "heling.veelaanbieder")
    assert hit["bovenlokaal"][0] and hit["gemeentecodes"].to_list()[0] == ["GM0981", "GM1729"]


def test_veelaanbieder_theft_prone_categories_weigh_more() -> None:
    assert of_rule(run(tables(_sales(4, categorie="telefoon")))[0],
                   "heling.veelaanbieder").height == 1
    assert of_rule(run(tables(_sales(3, categorie="telefoon")))[0],
                   "heling.veelaanbieder").is_empty()


def test_serienummer_missing_invalid_and_shared() -> None:
    missing = run(tables([dor(categorie="telefoon", serienummer=None)]))[0]
    assert of_rule(missing, "heling.serienummer").height == 1
    bad_luhn = run(tables([dor(categorie="telefoon", serienummer="490154203237519")]))[0]
    assert "Luhn" in of_rule(bad_luhn, "heling.serienummer")["toelichting"][0]
    shared = run(tables([dor(categorie="fiets", serienummer="WTU123456"),
                         dor(categorie="fiets", serienummer="wtu-123456",
                             verkoper_achternaam="Bakker")]))[0]
    hit = of_rule(shared, "heling.serienummer")
    assert hit.height == 1 and len(hit["entity_ids"][0]) == 2


def test_serienummer_quiet_on_valid_imei_uncategorised_and_same_seller() -> None:
    rows = [dor(categorie="telefoon", serienummer="49-015420-323751-8"),
            dor(categorie="overig", serienummer=None),
            dor(categorie="fiets", serienummer="WTU123456"),
            dor(categorie="fiets", serienummer="WTU123456")]
    assert of_rule(run(tables(rows))[0], "heling.serienummer").is_empty()


def _market(n: int, low: float) -> list[dict[str, object]]:
    rows = [dor(categorie="telefoon", merk="Apple", type="iPhone 13", prijs=500.0,
                verkoper_achternaam=f"Klant{i}", serienummer="490154203237518")
            for i in range(n)]
    return [*rows, dor(categorie="telefoon", merk="apple", type="IPHONE 13 ", prijs=low,
                       serienummer="490154203237518")]


def test_prijs_fires_below_30_percent_of_median() -> None:
    hit = of_rule(run(tables(_market(10, 100.0)))[0], "heling.prijs")
    assert hit.height == 1
    assert "€ 100.00 tegen mediaan € 500.00" in hit["toelichting"][0]


def test_prijs_quiet_at_32_percent_or_too_few_comparables() -> None:
    assert of_rule(run(tables(_market(10, 160.0)))[0], "heling.prijs").is_empty()
    assert of_rule(run(tables(_market(9, 100.0)))[0], "heling.prijs").is_empty()


def test_bewaartermijn_counts_working_days() -> None:
    early = dor(datum_verkrijging=D0, datum_doorverkoop=D0 + timedelta(days=7))  # next Monday
    ok = dor(datum_verkrijging=D0, datum_doorverkoop=D0 + timedelta(days=8))  # next Tuesday
    hit = of_rule(run(tables([early, ok]))[0], "heling.bewaartermijn")
    assert hit.height == 1 and hit["evidence"].to_list()[0] == [f"dor:{early['registratienummer']}"]
    assert "na 4 volle werkdagen" in hit["toelichting"][0]


def test_bewaartermijn_skips_public_holidays() -> None:
    # Hemelvaart 2024 is Thursday 9 May: bought Wed 8 May, day 5 is Thu 16 May
    during = dor(datum_verkrijging=date(2024, 5, 8), datum_doorverkoop=date(2024, 5, 16))
    after = dor(datum_verkrijging=date(2024, 5, 8), datum_doorverkoop=date(2024, 5, 17),
                opkoper_kvk="99999999")
    hit = of_rule(run(tables([during, after]))[0], "heling.bewaartermijn")
    assert hit["evidence"].to_list() == [[f"dor:{during['registratienummer']}"]]


def test_contant_zonder_id() -> None:
    gold = dor(categorie="edelmetaal", betaalwijze="contant", verkoper_id_type=None,
               verkoper_id_nummer=None)
    assert of_rule(run(tables([gold]))[0], "heling.contant_zonder_id").height == 1
    quiet = [dor(categorie="edelmetaal", betaalwijze="pin", verkoper_id_type=None),
             dor(categorie="sieraad", betaalwijze="contant"),
             dor(categorie="laptop", betaalwijze="contant", verkoper_id_type=None)]
    assert of_rule(run(tables(quiet))[0], "heling.contant_zonder_id").is_empty()


def test_stopheling_two_matches_in_one_quarter() -> None:
    rows = [dor(stopheling_match=True, datum_verkrijging=date(2024, 4, 2)),
            dor(stopheling_match=True, datum_verkrijging=date(2024, 6, 28),
                verkoper_achternaam="Bakker")]
    hit = of_rule(run(tables(rows))[0], "heling.stopheling_opkoper")
    assert hit.height == 1 and "2024-K2 (2)" in hit["toelichting"][0]


def test_stopheling_quiet_across_quarters() -> None:
    rows = [dor(stopheling_match=True, datum_verkrijging=date(2024, 3, 29)),
            dor(stopheling_match=True, datum_verkrijging=date(2024, 4, 2)),
            dor(stopheling_match=False, datum_verkrijging=date(2024, 4, 3))]
    assert of_rule(run(tables(rows))[0], "heling.stopheling_opkoper").is_empty()


def _traveller(sale: date, woonplaats: str, land: str) -> dict[str, object]:
    return dor(datum_verkrijging=sale, verkoper_achternaam="Peters", verkoper_voornamen="Piet",
               verkoper_geboortedatum=date(1975, 5, 5), verkoper_woonplaats=woonplaats,
               verkoper_land=land)


def test_reizende_verkoper_fires_for_guest_from_outside_region() -> None:
    stay = nacht(gast_woonplaats="Luik", gast_land="BE")  # 1-4 June
    s, _ = run(tables([_traveller(date(2024, 6, 7), "Luik", "BE")], [stay]))
    hit = of_rule(s, "heling.reizende_verkoper")
    assert hit.height == 1 and "(BE)" in hit["toelichting"][0]
    assert sorted(r.split(":")[0] for r in hit["evidence"][0]) == ["dor", "nachtregister"]


def test_reizende_verkoper_quiet_when_late_or_local() -> None:
    stay = nacht(gast_woonplaats="Luik", gast_land="BE")
    late = run(tables([_traveller(date(2024, 6, 8), "Luik", "BE")], [stay]))[0]
    assert of_rule(late, "heling.reizende_verkoper").is_empty()
    local_stay = nacht(gast_woonplaats="VALKENBURG A/D GEUL")
    local = run(tables([_traveller(date(2024, 6, 2), "Valkenburg a/d Geul", "NL")],
                       [local_stay]))[0]
    assert of_rule(local, "heling.reizende_verkoper").is_empty()


def test_imei_check_on_the_digit_matrix_equals_luhn_per_serial() -> None:
    import random

    import polars as pl

    from graph.rules.heling import _imei_ok, luhn_ok

    rng = random.Random(3)
    serials: list[str | None] = [
        "".join(rng.choice("0123456789") for _ in range(rng.choice([14, 15, 15, 16])))
        for _ in range(2000)]
    serials += [None, "ABC123456789012", "49015420323751", "490154203237518"]
    got = _imei_ok(pl.Series(serials, dtype=pl.String)).to_list()
    want = [None if s is None else len(s) == 15 and s.isdigit() and luhn_ok(s)
            for s in serials]
    assert got == want
    assert sum(1 for x in want if x) > 50
