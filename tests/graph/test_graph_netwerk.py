"""netwerk.*: each rule fires on a minimal case and stays quiet on a near miss; hubs never
connect customers."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.rules._common import signal_id
from tests.graph.graph_factory import dor, dossier, nacht, of_rule, partij, run, tables, zaak


def test_convergentie_person_in_two_registers() -> None:
    t = tables([dor(verkoper_achternaam="Peters", verkoper_voornamen="Piet",
                    verkoper_geboortedatum=date(1975, 5, 5))], [nacht()])
    hit = of_rule(run(t)[0], "netwerk.convergentie")
    assert hit.height == 1 and "dor, nachtregister" in hit["toelichting"][0]


def test_convergentie_quiet_outside_24_months() -> None:
    t = tables([dor(verkoper_achternaam="Peters", verkoper_voornamen="Piet",
                    verkoper_geboortedatum=date(1975, 5, 5))],
               [nacht(aankomst=date(2022, 6, 1), vertrek=date(2022, 6, 3))])
    assert of_rule(run(t)[0], "netwerk.convergentie").is_empty()


def test_identiteit_one_document_different_names() -> None:
    t = tables([dor(verkoper_id_nummer="h1")],
               [nacht(id_nummer="h1", gast_achternaam="Bakker")])
    hit = of_rule(run(t)[0], "netwerk.identiteit")
    assert hit.height == 1 and len(hit["entity_ids"][0]) == 2


def test_identiteit_quiet_on_spelling_variants() -> None:
    t = tables([dor(verkoper_id_nummer="h1", verkoper_achternaam="Janssen"),
                dor(verkoper_id_nummer="h1")])
    assert of_rule(run(t)[0], "netwerk.identiteit").is_empty()


def test_identiteit_quiet_on_glued_or_split_tussenvoegsel() -> None:
    """"van de Laar", "vandeLaar" and "VANDELAAR" are one surname, however a register
    writes the tussenvoegsel."""
    t = tables([dor(verkoper_id_nummer="h1", verkoper_achternaam="Laar",
                    verkoper_tussenvoegsel="van de"),
                dor(verkoper_id_nummer="h1", verkoper_achternaam="vandeLaar"),
                dor(verkoper_id_nummer="h1", verkoper_achternaam="VANDELAAR")])
    assert of_rule(run(t)[0], "netwerk.identiteit").is_empty()
    t = tables([dor(verkoper_id_nummer="h1", verkoper_achternaam="Laar",
                    verkoper_tussenvoegsel="van de"),
                dor(verkoper_id_nummer="h1", verkoper_achternaam="Bakker")])
    assert of_rule(run(t)[0], "netwerk.identiteit").height == 1


def _residents(n: int, **adres: Any) -> list[dict[str, Any]]:
    where = adres or {"verkoper_postcode": "6291 BB", "verkoper_huisnummer": 7}
    return [dor(verkoper_achternaam=f"Bewoner{i}", **where) for i in range(n)]


def test_adres_veel_personen_five_persons() -> None:
    hit = of_rule(run(tables(_residents(5)))[0], "netwerk.adres_veel_personen")
    assert hit.height == 1 and "5 verschillende personen" in hit["toelichting"][0]


def test_adres_veel_personen_quiet_on_four_or_a_dealers_address() -> None:
    assert of_rule(run(tables(_residents(4)))[0], "netwerk.adres_veel_personen").is_empty()
    hub = _residents(5, verkoper_postcode="6291 AA", verkoper_huisnummer=1)  # dealer's address
    assert of_rule(run(tables(hub))[0], "netwerk.adres_veel_personen").is_empty()


def _cluster(gm_bibob: str) -> dict[str, Any]:
    eigenaar = {"eigenaar_soort": "persoon", "eigenaar_achternaam": "Spil",
                "eigenaar_voornamen": "Sjaak", "eigenaar_geboortedatum": date(1965, 1, 1)}
    return tables(
        dossiers=[dossier(dossiernummer="C1", gemeentecode=gm_bibob, besluit="geweigerd")],
        partijen=[partij("C1", "aanvrager", kvk="50000001"),
                  partij("C1", "bestuurder", achternaam="Spil", voornamen="Sjaak",
                         geboortedatum=date(1965, 1, 1))],
        zaken=[zaak(gemeentecode="GM0994", **eigenaar)])


def test_bovenlokaal_cluster_two_markers_two_municipalities() -> None:
    hit = of_rule(run(_cluster("GM0938"))[0], "netwerk.bovenlokaal_cluster")
    assert hit.height == 1 and hit["bovenlokaal"][0] and hit["bibob"][0]
    assert sorted(e.split(":")[0] for e in hit["evidence"].to_list()[0]) == ["bibob", "damocles"]
    assert hit["gemeentecodes"].to_list()[0] == ["GM0938", "GM0994"]


def test_bovenlokaal_cluster_quiet_in_one_municipality() -> None:
    assert of_rule(run(_cluster("GM0994"))[0], "netwerk.bovenlokaal_cluster").is_empty()


def _broker(second: str) -> dict[str, Any]:
    spil = {"achternaam": "Spil", "voornamen": "Sjaak", "geboortedatum": date(1965, 1, 1)}
    return tables(
        dossiers=[dossier(dossiernummer="R1", besluit="geweigerd"),
                  dossier(dossiernummer="R2", besluit=second, locatie_huisnummer=20,
                          gemeentecode="GM1903")],
        partijen=[partij("R1", "aanvrager", kvk="60000001"), partij("R1", "bestuurder", **spil),
                  partij("R2", "aanvrager", kvk="60000002"),
                  partij("R2", "aandeelhouder", **spil)])


def test_brug_person_between_two_risk_groups() -> None:
    hit = of_rule(run(_broker("geweigerd"))[0], "netwerk.brug")
    assert hit.height == 1
    assert hit["signal_id"][0] == signal_id("netwerk.brug", ["P-spil-s-1965-01-01"])
    assert "Verbindt 2 risicogroepen" in hit["toelichting"][0]


def test_brug_quiet_when_one_side_has_no_marker() -> None:
    assert of_rule(run(_broker("verleend"))[0], "netwerk.brug").is_empty()


def test_hubs_never_connect_customers() -> None:
    """Two marked sellers in different municipalities sell to the same dealer and stay at
    the same park: no cluster and no bridge through the dealer or the park."""
    rows = []
    for naam, gm in (("Een", "GM0981"), ("Twee", "GM1729")):
        rows += [dor(verkoper_achternaam=naam, gemeentecode=gm, categorie="telefoon",
                     serienummer=None)]
    stays = [nacht(gast_achternaam="Een"), nacht(gast_achternaam="Twee")]
    s, g = run(tables(rows, stays))
    assert of_rule(s, "heling.serienummer").height == 2  # both sellers are marked
    assert of_rule(s, "netwerk.bovenlokaal_cluster").is_empty()
    assert of_rule(s, "netwerk.brug").is_empty()
    assert g.nodes["organisatie:O-11111111"]["hub"]
