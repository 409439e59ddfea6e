"""Small inline inputs for the report and export tests: two municipalities, every register.

Values are distinctive (no accidental substring hits) so the privacy test can search the
bestuurlijke version for every one of them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import networkx as nx
import polars as pl

from outputs.inputs import DELIVERY_SCHEMA, MENTION_SCHEMA, SIGNAL_SCHEMA, ReportInputs, empty_table

VAALS, GW = "GM0981", "GM1729"
AS_OF = date(2026, 12, 31)
SCRIPT = "<script>alert('x')</script>"


def frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = dict(empty_table(table).schema)
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema,
                        orient="row")


def dor_row(i: int, gm: str, **kw: Any) -> dict[str, Any]:
    tag = "VAA" if gm == VAALS else "GUW"
    return {"registratienummer": f"DORNR-{tag}-{i:04d}", "gemeentecode": gm,
            "opkoper_kvk": "87654321" if gm == VAALS else "76543218",
            "opkoper_naam": "Goudhandel Zilverschoon" if gm == VAALS else "Fietsenhoek Qwerty",
            "opkoper_postcode": "6291 AB" if gm == VAALS else "6271 CD", "opkoper_huisnummer": 5,
            "datum_verkrijging": date(2026, 1, 10) + timedelta(days=30 * i),
            "wijze_verkrijging": "koop", "categorie": "telefoon", "prijs": 50.0,
            "betaalwijze": "contant", "verkoper_achternaam": f"Xylofoonman{i}",
            "verkoper_voornamen": "Quirijntje", "verkoper_straat": "Kwakkelsteeg",
            "verkoper_woonplaats": "Vaals", "verkoper_land": "NL", "stopheling_match": i == 0,
            "_file": f"dor_{gm}_20261201.csv", "_delivery_date": date(2026, 12, 1), **kw}


def zaak_row(i: int, gm: str, status: str, **kw: Any) -> dict[str, Any]:
    return {"zaaknummer": f"ZAAKNR-{gm}-{i:03d}", "gemeentecode": gm,
            "pand_straat": "Hennepgaardlaan", "pand_postcode": "6291 EF" if i % 2 else "6294 GH",
            "pand_huisnummer": 10 + i, "pand_type": "woning",
            "datum_constatering": date(2025, 3, 1) + timedelta(days=40 * i),
            "grondslag": "13b_a", "middel": "hennep",
            "maatregel": "sluiting" if i < 2 else "waarschuwing", "status": status,
            "eigenaar_achternaam": "Vastgoedbaronnetje", "bewoner_achternaam": "Kwekerszoon",
            "eigenaar_kvk": "11223344",
            "_file": f"damocles_{gm}_20261201.xlsx", "_delivery_date": date(2026, 12, 1), **kw}


def nacht_row(i: int, gm: str, nachten: int) -> dict[str, Any]:
    aankomst = date(2026, 2, 1) + timedelta(days=7 * i)
    return {"registratie_id": f"NACHTID-{gm}-{i:03d}", "gemeentecode": gm,
            "logies_kvk": "55667788", "logies_naam": "Chaletpark Zonnewende",
            "logies_type": "vakantiepark", "logies_postcode": "6291 KL", "logies_huisnummer": 1,
            "aankomst": aankomst, "vertrek": aankomst + timedelta(days=nachten),
            "gast_achternaam": "Zwerverhoff", "gast_voornamen": "Bartholomeus",
            "gast_woonplaats": "Timisoara", "gast_land": "RO", "gast_straat": "Stradaveche",
            "id_type": "paspoort", "aantal_personen": 2,
            "_file": f"nachtregister_{gm}_20261201.csv", "_delivery_date": date(2026, 12, 1)}


def signal(sid: str, rule: str, gms: list[str], ev: list[str], ents: list[str],
           bibob: bool = False, titel: str = "Testsignaal", toelichting: str = "3 goederen.",
           status: str = "nieuw") -> dict[str, Any]:
    return {"signal_id": sid, "rule": rule, "titel": titel, "gemeentecodes": gms,
            "bovenlokaal": len(gms) > 1, "score": 0.7, "entity_ids": ents, "evidence": ev,
            "toelichting": toelichting, "eerste_datum": date(2026, 1, 10),
            "laatste_datum": date(2026, 3, 10), "status": status, "bibob": bibob}


def inputs() -> ReportInputs:
    dor = frame("dor", [dor_row(i, VAALS) for i in range(7)] + [dor_row(i, GW) for i in range(3)])
    statuses = ["opgelegd"] * 3 + ["uitgevoerd"] * 3 + ["voorgenomen"] * 2 + ["vernietigd"]
    damocles = frame("damocles", [zaak_row(i, VAALS, s) for i, s in enumerate(statuses)]
                     + [zaak_row(20, GW, "in_bezwaar")])
    nacht = frame("nachtregister", [nacht_row(i, VAALS, 3 if i % 3 else 40) for i in range(9)])
    dossiers = frame("bibob_dossiers", [{
        "dossiernummer": "BIBOBDOS-77", "gemeentecode": VAALS,
        "beschikking_type": "exploitatievergunning", "aanvraagdatum": date(2026, 4, 1),
        "mate_van_gevaar": "ernstige_mate", "besluit": "geweigerd",
        "_file": "bibob_GM0981_20261201.xlsx", "_delivery_date": date(2026, 12, 1)}])
    betrokkenen = frame("bibob_betrokkenen", [{
        "dossiernummer": "BIBOBDOS-77", "rol": "bestuurder", "soort": "persoon",
        "achternaam": "Stromanneke", "kvk": "99887766"}])
    mentions = pl.DataFrame([
        {"mention_id": "dor:DORNR-VAA-0000:verkoper:1", "register": "dor",
         "record_id": "DORNR-VAA-0000", "role": "verkoper", "entity_type": "persoon",
         "entity_id": "ENTPERS-aaa111", "confidence": 1.0},
        {"mention_id": "damocles:ZAAKNR-GM0981-000:eigenaar:1", "register": "damocles",
         "record_id": "ZAAKNR-GM0981-000", "role": "eigenaar", "entity_type": "persoon",
         "entity_id": "ENTPERS-aaa111", "confidence": 1.0},
        {"mention_id": "damocles:ZAAKNR-GM0981-000:pand:1", "register": "damocles",
         "record_id": "ZAAKNR-GM0981-000", "role": "pand", "entity_type": "adres",
         "entity_id": "ENTADR-bbb222", "confidence": 1.0},
    ], schema=MENTION_SCHEMA)
    signals = pl.DataFrame([
        signal("SIGID-heling-1", "heling.veelaanbieder", [VAALS], ["dor:DORNR-VAA-0001"],
               ["ENTPERS-aaa111"], titel=f"Veelaanbieder {SCRIPT}", toelichting=SCRIPT),
        signal("SIGID-cluster-1", "netwerk.bovenlokaal_cluster", [VAALS, GW],
               ["dor:DORNR-VAA-0000", "damocles:ZAAKNR-GM0981-000"],
               ["ENTPERS-aaa111", "ENTADR-bbb222"], titel="Bovenlokaal risiconetwerk"),
        signal("SIGID-bibob-1", "bibob.doorwerking", [VAALS], ["bibob:BIBOBDOS-77"],
               ["ENTPERS-ccc333"], bibob=True, titel="Nabij eerder Bibob-risico"),
        signal("SIGID-weg-1", "heling.prijs", [VAALS], ["dor:DORNR-VAA-0002"],
               ["ENTPERS-aaa111"], status="vervallen"),
    ], schema=SIGNAL_SCHEMA)
    deliveries = pl.DataFrame([
        {"file": "dor_GM0981_20261201.csv", "register": "dor", "sha256": "a" * 64,
         "status": "verwerkt", "rows_in": 10, "rows_accepted": 7, "rows_quarantined": 3,
         "message": None},
        {"file": "damocles_GM0981_20261201.xlsx", "register": "damocles", "sha256": "b" * 64,
         "status": "verwerkt", "rows_in": 9, "rows_accepted": 9, "rows_quarantined": 0,
         "message": None},
    ], schema=DELIVERY_SCHEMA)
    return ReportInputs(
        tables={"dor": dor, "damocles": damocles, "nachtregister": nacht,
                "bibob_dossiers": dossiers, "bibob_betrokkenen": betrokkenen},
        deliveries=deliveries, quarantine={"dor": 3, "damocles": 0}, mentions=mentions,
        signals=signals, as_of=AS_OF)


SECRETS = (
    # names, streets, companies, KvK numbers, record ids, entity ids, file-free values
    "Xylofoonman", "Quirijntje", "Kwakkelsteeg", "Goudhandel Zilverschoon", "Fietsenhoek",
    "87654321", "76543218", "Hennepgaardlaan", "Vastgoedbaronnetje", "Kwekerszoon", "11223344",
    "55667788", "Chaletpark Zonnewende", "Zwerverhoff", "Bartholomeus", "Stradaveche",
    "Stromanneke", "99887766", "DORNR-", "ZAAKNR-", "NACHTID-", "BIBOBDOS-", "ENTPERS-",
    "ENTADR-", "SIGID-", "6291 AB", "6291 EF", "6291 KL",
)


def graph() -> nx.MultiDiGraph:
    """A small graph as graph/ builds it (node soort/label; edge relatie/datum/...)."""
    g = nx.MultiDiGraph()
    g.add_node("persoon:p1", soort="persoon", label="=HYPERLINK(\"x\")")
    g.add_node("persoon:p2", soort="persoon", label="Persoon Twee")
    g.add_node("organisatie:o1", soort="organisatie", label="Opkoperij B.V.")
    g.add_node("adres:a1", soort="adres", label="-Pandstraat 1, 6291 AB Vaals")
    g.add_node("persoon:b1", soort="persoon", label="Alleen In Bibob")

    def e(u: str, v: str, rel: str, reg: str, bibob: bool = False) -> None:
        g.add_edge(u, v, key=rel, relatie=rel, datum=date(2026, 1, 10), register=reg,
                   evidence=[f"{reg}:R-{u}-{v}"], bibob=bibob)

    e("persoon:p1", "organisatie:o1", "verkocht_aan", "dor")
    e("persoon:p1", "adres:a1", "eigenaar_van", "damocles")
    e("persoon:p2", "adres:a1", "woont_op", "dor")
    e("persoon:p2", "organisatie:o1", "bestuurder_van", "bibob", bibob=True)
    e("persoon:p1", "organisatie:o1", "aandeelhouder_van", "kvk")
    e("persoon:b1", "organisatie:o1", "bestuurder_van", "bibob", bibob=True)
    return g
