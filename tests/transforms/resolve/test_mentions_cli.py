"""Mentions from lake-shaped frames; `iob link-persons` end to end on a tiny parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from iob.cli import main
from transforms.mentions import extract_mentions


def test_mentions_have_outputs_md_ids_roles_and_types() -> None:
    dor = pl.DataFrame(
        {
            "registratienummer": ["R1"],
            "gemeentecode": ["GM0917"],
            "opkoper_kvk": ["01234567"],
            "opkoper_naam": ["Goud BV"],
            "opkoper_postcode": ["6411 AA"],
            "opkoper_huisnummer": [1],
            "datum_verkrijging": [dt.date(2024, 5, 1)],
            "verkoper_achternaam": ["van Dijk"],
            "verkoper_achternaam_norm": ["dijk"],
            "verkoper_tussenvoegsel_norm": ["van"],
            "verkoper_voornamen_norm": ["jan"],
            "verkoper_initialen": ["j"],
            "verkoper_postcode": ["1234 AB"],
            "verkoper_huisnummer": [101],
            "verkoper_id_nummer": ["abc123"],
        }
    )
    dossiers = pl.DataFrame(
        {
            "dossiernummer": ["D1"],
            "gemeentecode": ["GM0928"],
            "aanvraagdatum": [dt.date(2024, 1, 2)],
            "locatie_postcode": ["6411 BB"],
            "locatie_huisnummer": [5],
        }
    )
    parties = pl.DataFrame(
        {
            "dossiernummer": ["D1", "D1", "D1"],
            "rol": ["bestuurder", "bestuurder", "aanvrager"],
            "soort": ["persoon", "persoon", "rechtspersoon"],
            "kvk": [None, None, "07654321"],
            "naam_rechtspersoon": [None, None, "Horeca BV"],
            "achternaam": ["Dijk", "Smit", None],
            "achternaam_norm": ["dijk", "smit", None],
            "postcode": [None, "6411 CC", None],
            "huisnummer": [None, 7, None],
        }
    )
    damocles = pl.DataFrame(
        {
            "zaaknummer": ["Z1"],
            "gemeentecode": ["GM0917"],
            "pand_postcode": ["1234 AB"],
            "pand_huisnummer": [101],
            "datum_constatering": [dt.date(2024, 3, 3)],
            "eigenaar_soort": ["rechtspersoon"],
            "eigenaar_naam_rechtspersoon": ["Vastgoed BV"],
            "bewoner_achternaam": ["VAN DIJK"],
            "bewoner_achternaam_norm": ["dijk"],
        }
    )
    m = extract_mentions(
        {"dor": dor, "bibob_dossiers": dossiers, "bibob_betrokkenen": parties, "damocles": damocles}
    )
    by_id = {r["mention_id"]: r for r in m.iter_rows(named=True)}
    assert by_id["dor:R1:verkoper:1"]["entity_type"] == "persoon"
    assert by_id["dor:R1:verkoper:1"]["id_hash"] == "abc123"
    assert by_id["dor:R1:opkoper:1"]["entity_type"] == "organisatie"
    assert by_id["dor:R1:adres:verkoper:1"]["party_of"] == "dor:R1:verkoper:1"
    assert by_id["bibob:D1:bestuurder:2"]["achternaam_norm"] == "smit"
    assert by_id["bibob:D1:bestuurder:2"]["gemeentecode"] == "GM0928"
    assert by_id["bibob:D1:adres:bestuurder:2"]["entity_type"] == "adres"
    assert by_id["bibob:D1:aanvrager:1"]["entity_type"] == "organisatie"
    assert by_id["bibob:D1:locatie:1"]["role"] == "locatie"
    assert by_id["damocles:Z1:eigenaar:1"]["entity_type"] == "organisatie"
    assert by_id["damocles:Z1:bewoner:1"]["postcode"] == "1234 AB"  # lives at the premises
    assert by_id["damocles:Z1:pand:1"]["entity_type"] == "adres"


def test_link_persons_command_end_to_end(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pl.DataFrame(
        {
            "mention_id": ["a", "b", "c", "d"],
            "achternaam": ["Dijk, van", "VAN DIJK", "van Dijk", "Jansen"],
            "voornamen": ["J.", "Jan", "Joost", None],
            "geboortedatum": ["12-03-1970", "1970-03-12", "12-03-1970", None],
            "postcode": ["1234ab", "1234 AB", "1234AB", None],
            "huisnummer": ["101a", "101-A", "101", None],
            "id_nummer": ["NX12345", "nx 12345", None, None],
        }
    ).write_parquet(src)
    result = CliRunner().invoke(main, ["link-persons", str(src), str(dst)])
    assert result.exit_code == 0, result.output
    out = pl.read_parquet(dst)
    assert out.columns == ["mention_id", "entity_id", "confidence"]
    assert out["mention_id"].to_list() == ["a", "b", "c", "d"]
    ids = dict(zip(out["mention_id"], out["entity_id"], strict=True))
    assert ids["a"] == ids["b"] != ids["c"]
    assert b"NX12345" not in dst.read_bytes()


def test_link_persons_command_reports_a_missing_file_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["link-persons", str(tmp_path / "x.parquet"), str(tmp_path / "y.parquet")]
    )
    assert result.exit_code == 1
    assert "niet gevonden" in result.output
