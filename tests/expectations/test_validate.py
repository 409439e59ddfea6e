"""validate_batch against the row outcomes of the bad-input table (registers.md).

One GX run per table for the whole module: each bad case is one row of that batch, found
back in quarantine by its line (row index + 2).
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from expectations.validate import QUARANTINE_SCHEMA, Validation, validate_batch
from tests.expectations.clean_frames import BETROKKENE_ROW, DOR_ROW, NACHT_ROW, make_clean
from transforms.schema import BIBOB_BETROKKENEN, DOR, NACHTREGISTER

CATEGORIEEN = ("telefoon, fiets, e-bike, laptop, tablet, horloge, sieraad, edelmetaal, "
               "audio-video, foto, gereedschap, overig")
LANG = "x" * 50_000


def _dor(**changes: Any) -> dict[str, Any]:
    return DOR_ROW | changes


DOR_CASES: dict[str, dict[str, Any]] = {
    "goed": _dor(),
    "toekomst": _dor(datum_verkrijging="12-03-2031", datum_doorverkoop=None),
    "geboren_1850": _dor(verkoper_geboortedatum="01-01-1850"),
    "geboren_na_levering": _dor(verkoper_geboortedatum="05-03-2026"),
    "onmogelijke_datum": _dor(datum_verkrijging="31-02-2026"),
    "doorverkoop_eerder": _dor(datum_doorverkoop="01-02-2026"),
    "buiten_lijst": _dor(categorie="drone"),
    "geen_getal": _dor(prijs="abc"),
    "negatief": _dor(prijs="-5"),
    "leeg_verplicht": _dor(prijs=None),
    "andere_gemeente": _dor(gemeentecode="GM0935"),
    "bsn": _dor(verkoper_id_nummer="111222333", verkoper_id_nummer__bsn=True),
    "duplicaat": _dor(_duplicaat=True),
    "formules": _dor(verkoper_achternaam='=HYPERLINK("http://x","klik")',
                     verkoper_voornamen="<script>alert(1)</script>",
                     omschrijving="'; DROP TABLE dor;--"),
    "meerdere": _dor(categorie="drone", prijs=None, gemeentecode="GM0935"),
    "lang_veld": _dor(omschrijving=LANG),
}
NACHT_CASES: dict[str, dict[str, Any]] = {
    "goed": dict(NACHT_ROW),
    "vertrek_na_levering": NACHT_ROW | {"aankomst": "20-02-2026", "vertrek": "10-04-2026"},
    "vertrek_voor_aankomst": NACHT_ROW | {"aankomst": "10-02-2026", "vertrek": "05-02-2026"},
    "nul_personen": NACHT_ROW | {"aantal_personen": "0"},
    "personen_tekst": NACHT_ROW | {"aantal_personen": "twee"},
    "aankomst_toekomst": NACHT_ROW | {"aankomst": "02-03-2026", "vertrek": None},
    "id_type_leeg": NACHT_ROW | {"id_type": None},
    "bsn": NACHT_ROW | {"id_nummer": "123456782", "id_nummer__bsn": True},
}
BETROKKENE_CASES: dict[str, dict[str, Any]] = {
    "goed": dict(BETROKKENE_ROW),
    "zonder_dossier": BETROKKENE_ROW | {"dossiernummer": "BIB-9"},
    "geboren_1850": BETROKKENE_ROW | {"geboortedatum": "1850-01-01"},
}


def _line(cases: dict[str, dict[str, Any]], name: str) -> int:
    return list(cases).index(name) + 2


@pytest.fixture(scope="module")
def dor() -> Validation:
    return validate_batch(make_clean(DOR, list(DOR_CASES.values())), DOR)


@pytest.fixture(scope="module")
def nacht() -> Validation:
    return validate_batch(make_clean(NACHTREGISTER, list(NACHT_CASES.values())), NACHTREGISTER)


@pytest.fixture(scope="module")
def betrokkenen() -> Validation:
    frame = make_clean(BIBOB_BETROKKENEN, list(BETROKKENE_CASES.values()), file="b.xlsx")
    return validate_batch(frame, BIBOB_BETROKKENEN, parent_ids={"BIB-1", "BIB-2"})


def _q(result: Validation, cases: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    rows = result.quarantine.filter(pl.col("line") == _line(cases, name)).to_dicts()
    assert len(rows) == 1, f"{name}: verwacht precies één quarantainerij, kreeg {rows}"
    return rows[0]


def _accepted_lines(result: Validation) -> set[int]:
    return set(result.accepted.get_column("_line").to_list())


@pytest.mark.parametrize(("fixture", "cases"), [
    ("dor", DOR_CASES), ("nacht", NACHT_CASES), ("betrokkenen", BETROKKENE_CASES)])
def test_rows_in_equals_accepted_plus_quarantined(
    fixture: str, cases: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    result: Validation = request.getfixturevalue(fixture)
    assert result.accepted.height + result.quarantine.height == len(cases)
    lines = _accepted_lines(result) | set(result.quarantine.get_column("line").to_list())
    assert lines == set(range(2, len(cases) + 2))
    assert result.quarantine.schema == pl.Schema(QUARANTINE_SCHEMA)
    assert result.quarantine.get_column("reason").str.len_chars().min() > 0  # type: ignore[operator]


def test_accepted_rows_lose_helper_columns_and_keep_provenance(dor: Validation) -> None:
    cols = dor.accepted.columns
    assert not [c for c in cols if c.endswith(("__raw", "__ongeldig", "__bsn"))]
    assert "_row" not in cols and "_duplicaat" not in cols and "_geboorte_minimum" not in cols
    assert {"_file", "_line", "_sha256", "_delivery_date", "prijs"} <= set(cols)
    assert dor.accepted.get_column("_line").is_sorted()


@pytest.mark.parametrize(("case", "column", "value", "reason"), [
    ("toekomst", "datum_verkrijging", "12-03-2031",
     "datum_verkrijging '12-03-2031' ligt na de leverdatum 2026-03-01"),
    ("geboren_1850", "verkoper_geboortedatum", "01-01-1850",
     "verkoper_geboortedatum '01-01-1850' ligt vóór 1900-01-01"),
    ("geboren_na_levering", "verkoper_geboortedatum", "05-03-2026",
     "verkoper_geboortedatum '05-03-2026' ligt na de leverdatum 2026-03-01"),
    ("onmogelijke_datum", "datum_verkrijging", "31-02-2026",
     "datum_verkrijging '31-02-2026' is geen geldige datum"),
    ("doorverkoop_eerder", "datum_doorverkoop", "01-02-2026",
     "datum_doorverkoop ligt vóór datum_verkrijging"),
    ("buiten_lijst", "categorie", "drone",
     f"categorie 'drone' is geen toegestane waarde ({CATEGORIEEN})"),
    ("geen_getal", "prijs", "abc", "prijs 'abc' is geen getal"),
    ("negatief", "prijs", "-5", "prijs '-5' is kleiner dan 0"),
    ("leeg_verplicht", "prijs", None, "prijs is verplicht maar leeg"),
    ("andere_gemeente", "gemeentecode", "GM0935",
     "gemeentecode 'GM0935' doet niet mee in regio Heuvelland"),
    ("bsn", "verkoper_id_nummer", "*********",
     "verkoper_id_nummer lijkt een BSN (gemaskeerd); een BSN mag nooit worden opgeslagen"),
    ("duplicaat", None, None,
     "regel is een exacte herhaling van een eerdere regel in dit bestand"),
])
def test_dor_bad_row_is_quarantined_with_dutch_reason(
    dor: Validation, case: str, column: str | None, value: str | None, reason: str
) -> None:
    row = _q(dor, DOR_CASES, case)
    assert (row["column"], row["value"], row["reason"]) == (column, value, reason)
    assert (row["file"], row["sheet"], row["register"]) == ("f.csv", "", "dor")


def test_multi_failure_row_lists_every_reason_in_column_order(dor: Validation) -> None:
    row = _q(dor, DOR_CASES, "meerdere")
    assert row["column"] == "gemeentecode" and row["value"] == "GM0935"
    assert row["reason"] == (
        "gemeentecode 'GM0935' doet niet mee in regio Heuvelland; "
        f"categorie 'drone' is geen toegestane waarde ({CATEGORIEEN}); "
        "prijs is verplicht maar leeg"
    )


def test_bsn_never_reaches_quarantine_or_accepted(dor: Validation, nacht: Validation) -> None:
    for result in (dor, nacht):
        for frame in (result.quarantine, result.accepted):
            text = str(frame.select(pl.all().cast(pl.String)).to_dicts())
            assert "111222333" not in text and "123456782" not in text


def test_names_with_formulas_html_sql_and_long_fields_are_accepted_as_text(
    dor: Validation,
) -> None:
    accepted = dor.accepted.filter(pl.col("_line").is_in(
        [_line(DOR_CASES, "formules"), _line(DOR_CASES, "lang_veld")]))
    assert accepted.height == 2
    assert accepted.get_column("verkoper_achternaam")[0] == '=HYPERLINK("http://x","klik")'
    assert accepted.get_column("verkoper_voornamen")[0] == "<script>alert(1)</script>"
    assert accepted.get_column("omschrijving").to_list() == ["'; DROP TABLE dor;--", LANG]


def test_good_rows_are_accepted(dor: Validation, nacht: Validation) -> None:
    assert {_line(DOR_CASES, "goed")} <= _accepted_lines(dor)
    assert {_line(NACHT_CASES, "goed"), _line(NACHT_CASES, "vertrek_na_levering")} \
        <= _accepted_lines(nacht)


@pytest.mark.parametrize(("case", "column", "value", "reason"), [
    ("vertrek_voor_aankomst", "vertrek", "05-02-2026", "vertrek ligt vóór aankomst"),
    ("nul_personen", "aantal_personen", "0", "aantal_personen '0' is kleiner dan 1"),
    ("personen_tekst", "aantal_personen", "twee", "aantal_personen 'twee' is geen geheel getal"),
    ("aankomst_toekomst", "aankomst", "02-03-2026",
     "aankomst '02-03-2026' ligt na de leverdatum 2026-03-01"),
    ("id_type_leeg", "id_type", None, "id_type is verplicht maar leeg"),
    ("bsn", "id_nummer", "*********",
     "id_nummer lijkt een BSN (gemaskeerd); een BSN mag nooit worden opgeslagen"),
])
def test_nachtregister_bad_row_is_quarantined(
    nacht: Validation, case: str, column: str | None, value: str | None, reason: str
) -> None:
    row = _q(nacht, NACHT_CASES, case)
    assert (row["column"], row["value"], row["reason"]) == (column, value, reason)
    assert row["register"] == "nachtregister"


def test_bibob_party_without_dossier_is_quarantined(betrokkenen: Validation) -> None:
    row = _q(betrokkenen, BETROKKENE_CASES, "zonder_dossier")
    assert (row["column"], row["value"]) == ("dossiernummer", "BIB-9")
    assert row["reason"] == "dossiernummer 'BIB-9' staat niet in het tabblad dossiers"
    assert (row["file"], row["register"]) == ("b.xlsx", "bibob")
    assert _q(betrokkenen, BETROKKENE_CASES, "geboren_1850")["reason"] == (
        "geboortedatum '1850-01-01' ligt vóór 1900-01-01")
    assert _accepted_lines(betrokkenen) == {_line(BETROKKENE_CASES, "goed")}


def test_empty_batch_gives_empty_frames() -> None:
    result = validate_batch(make_clean(DOR, []), DOR)
    assert result.accepted.height == 0 and result.quarantine.height == 0
    assert result.quarantine.schema == pl.Schema(QUARANTINE_SCHEMA)
