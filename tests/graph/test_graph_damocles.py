"""damocles.*: each rule fires on a minimal case and stays quiet on a near miss; only
statuses that count are measures."""

from __future__ import annotations

from datetime import date

from tests.graph.graph_factory import of_rule, run, tables, zaak

EIGENAAR = {"eigenaar_soort": "persoon", "eigenaar_achternaam": "Huisbaas",
            "eigenaar_voornamen": "Henk", "eigenaar_geboortedatum": date(1960, 1, 1)}


def test_eigenaar_herhaling_two_premises() -> None:
    rows = [zaak(**EIGENAAR), zaak(pand_huisnummer=5, **EIGENAAR)]
    hit = of_rule(run(tables(zaken=rows))[0], "damocles.eigenaar_herhaling")
    assert hit.height == 1 and "2 panden" in hit["toelichting"][0]


def test_eigenaar_herhaling_quiet_when_one_is_only_intended_or_old() -> None:
    intended = [zaak(**EIGENAAR), zaak(pand_huisnummer=5, status="voorgenomen", **EIGENAAR)]
    old = [zaak(**EIGENAAR), zaak(pand_huisnummer=5, datum_constatering=date(2018, 1, 1),
                                  **EIGENAAR)]
    for rows in (intended, old):
        assert of_rule(run(tables(zaken=rows))[0], "damocles.eigenaar_herhaling").is_empty()


def test_adres_herhaling_second_finding() -> None:
    assert of_rule(run(tables(zaken=[zaak(), zaak()]))[0], "damocles.adres_herhaling").height == 1
    assert of_rule(run(tables(zaken=[zaak(herhaling=2)]))[0],
                   "damocles.adres_herhaling").height == 1


def test_adres_herhaling_quiet_when_annulled() -> None:
    rows = [zaak(), zaak(status="vernietigd")]
    assert of_rule(run(tables(zaken=rows))[0], "damocles.adres_herhaling").is_empty()


def test_productie_buitengebied() -> None:
    for row in (zaak(grondslag="13b_b"), zaak(pand_type="agrarisch")):
        assert of_rule(run(tables(zaken=[row]))[0],
                       "damocles.productie_buitengebied").height == 1


def test_productie_buitengebied_quiet_for_home_or_intended() -> None:
    rows = [zaak(), zaak(pand_type="bedrijfspand", status="voorgenomen", pand_huisnummer=9)]
    assert of_rule(run(tables(zaken=rows))[0], "damocles.productie_buitengebied").is_empty()
