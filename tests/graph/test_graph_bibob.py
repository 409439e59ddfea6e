"""bibob.*: each rule fires on a minimal case and stays quiet on a near miss; Bibob flag set."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.graph.graph_factory import dossier, of_rule, partij, run, tables, zaak


def _persoon(naam: str, **kw: Any) -> dict[str, Any]:
    return {"achternaam": naam, "voornamen": "A", "geboortedatum": date(1970, 1, 1), **kw}


def _refused_and_new(same_address: bool) -> dict[str, Any]:
    thuis = {"postcode": "6221 AA", "huisnummer": 1}
    elders = {"postcode": "6222 BB", "huisnummer": 2}
    return tables(dossiers=[
        dossier(dossiernummer="B1", besluit="geweigerd", aanvraagdatum=date(2023, 1, 1),
                besluitdatum=date(2023, 3, 1)),
        dossier(dossiernummer="B2", aanvraagdatum=date(2024, 5, 1), locatie_huisnummer=77),
    ], partijen=[
        partij("B1", "aanvrager", kvk="30000001"),
        partij("B1", "bestuurder", **_persoon("Kwaad", **thuis)),
        partij("B2", "aanvrager", kvk="30000002"),
        partij("B2", "bestuurder", **_persoon("Stroman", **(thuis if same_address else elders))),
    ])


def test_doorwerking_fires_for_a_party_at_the_same_address() -> None:
    hit = of_rule(run(_refused_and_new(True))[0], "bibob.doorwerking")
    assert hit.height == 1 and hit["bibob"][0]
    assert hit["evidence"].to_list()[0] == ["bibob:B1", "bibob:B2"]
    assert "op 1 schakel(s)" in hit["toelichting"][0]


def test_doorwerking_quiet_without_a_link() -> None:
    assert of_rule(run(_refused_and_new(False))[0], "bibob.doorwerking").is_empty()


def _location(prior: dict[str, Any] | None, zaken: list[dict[str, Any]] | None = None
              ) -> dict[str, Any]:
    rows = [dossier(dossiernummer="N1", aanvraagdatum=date(2024, 6, 1), locatie_postcode="6231 AA",
                    locatie_huisnummer=10)]
    if prior:
        rows.append(prior)
    return tables(dossiers=rows, partijen=[partij("N1", "aanvrager", kvk="30000003")],
                  zaken=zaken)


def test_zelfde_locatie_after_refusal_or_13b_closure() -> None:
    refused = dossier(dossiernummer="P1", besluit="geweigerd", aanvraagdatum=date(2023, 6, 1),
                      besluitdatum=date(2023, 8, 1))
    assert of_rule(run(_location(refused))[0], "bibob.zelfde_locatie").height == 1
    closed = zaak(pand_postcode="6231 AA", pand_huisnummer=10, maatregel="sluiting",
                  datum_constatering=date(2023, 9, 1))
    hit = of_rule(run(_location(None, [closed]))[0], "bibob.zelfde_locatie")
    assert hit.height == 1 and "13b-sluiting" in hit["toelichting"][0]


def test_zelfde_locatie_quiet_on_grant_warning_or_intended_closure() -> None:
    granted = dossier(dossiernummer="P2", besluit="verleend", aanvraagdatum=date(2023, 6, 1))
    warning = zaak(pand_postcode="6231 AA", pand_huisnummer=10, maatregel="waarschuwing")
    intended = zaak(pand_postcode="6231 AA", pand_huisnummer=10, maatregel="sluiting",
                    status="voorgenomen")
    old = dossier(dossiernummer="P3", besluit="geweigerd", aanvraagdatum=date(2021, 1, 1),
                  besluitdatum=date(2021, 2, 1))
    for prior, zaken in ((granted, None), (None, [warning, intended]), (old, None)):
        assert of_rule(run(_location(prior, zaken))[0], "bibob.zelfde_locatie").is_empty()


def test_financier_private_person_or_foreign_entity() -> None:
    base = [dossier(dossiernummer="F1"), dossier(dossiernummer="F2")]
    hits = of_rule(run(tables(dossiers=base, partijen=[
        partij("F1", "aanvrager", kvk="30000004"),
        partij("F1", "vermogensverschaffer", **_persoon("Geldmans"), aandeel_pct=40.0),
        partij("F2", "aanvrager", kvk="30000005"),
        partij("F2", "vermogensverschaffer", naam_rechtspersoon="Offshore Ltd", land="CY"),
    ]))[0], "bibob.financier")
    assert hits.height == 2
    assert any("buitenlandse rechtspersoon (CY)" in t for t in hits["toelichting"])


def test_financier_quiet_for_dutch_company() -> None:
    t = tables(dossiers=[dossier(dossiernummer="F3")], partijen=[
        partij("F3", "aanvrager", kvk="30000006"),
        partij("F3", "vermogensverschaffer", kvk="30000007", naam_rechtspersoon="Bank NV")])
    assert of_rule(run(t)[0], "bibob.financier").is_empty()


def _stack(dates: list[date]) -> dict[str, Any]:
    ds = [dossier(dossiernummer=f"S{i}", aanvraagdatum=d) for i, d in enumerate(dates)]
    ps = [p for i in range(len(dates)) for p in (
        partij(f"S{i}", "aanvrager", kvk=f"4000000{i}"),
        partij(f"S{i}", "bestuurder", **_persoon("Stapel")))]
    return tables(dossiers=ds, partijen=ps)


def test_stapelbestuurder_three_organisations_in_24_months() -> None:
    hit = of_rule(run(_stack([date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]))[0],
                  "bibob.stapelbestuurder")
    assert hit.height == 1 and "3 dossiers en 3 organisaties" in hit["toelichting"][0]


def test_stapelbestuurder_quiet_on_two_or_old_dossiers() -> None:
    assert of_rule(run(_stack([date(2024, 1, 1), date(2024, 2, 1)]))[0],
                   "bibob.stapelbestuurder").is_empty()
    assert of_rule(run(_stack([date(2021, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]))[0],
                   "bibob.stapelbestuurder").is_empty()
