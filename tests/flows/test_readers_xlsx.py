"""XLSX delivery reader: named sheets, typed cells to text, sheet rows as line numbers."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from flows.readers import read_delivery
from iob.errors import DeliveryRejected
from tests.flows.test_readers_support import assert_accounting
from transforms.schema import BIBOB_BETROKKENEN, BIBOB_DOSSIERS, DAMOCLES

BIBOB = "bibob_GM0994_20260301.xlsx"
DAMOCLES_NAME = "damocles_GM0994_20260301.xlsx"

DOSSIER = {
    "dossiernummer": "BIB-1",
    "gemeentecode": "GM0994",
    "beschikking_type": "evenement",
    "aanvraagdatum": "01-02-2026",
    "mate_van_gevaar": "geen",
    "besluit": "verleend",
}
PARTY = {"dossiernummer": "BIB-1", "rol": "aanvrager", "soort": "rechtspersoon"}


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write sheets of rows (row 0 = header); datetime cells become real Excel dates."""
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.datetime):
                    ws.write_datetime(r, c, value, date_format)
                elif value is not None:
                    ws.write(r, c, value)
    wb.close()
    return path


def table(record: dict[str, Any]) -> list[list[Any]]:
    return [list(record), list(record.values())]


def bibob(tmp_path: Path, dossiers: list[list[Any]], betrokkenen: list[list[Any]]) -> Path:
    return workbook(tmp_path / BIBOB, {"dossiers": dossiers, "betrokkenen": betrokkenen})


def test_bibob_reads_both_sheets_with_sheet_provenance(tmp_path: Path) -> None:
    d = read_delivery(bibob(tmp_path, table(DOSSIER), [*table(PARTY), list(PARTY.values())]))
    assert_accounting(d)
    assert d.rows_in == 3
    dossiers, parties = d.tables["bibob_dossiers"], d.tables["bibob_betrokkenen"]
    assert dossiers.columns[: len(BIBOB_DOSSIERS.columns)] == list(BIBOB_DOSSIERS.column_names)
    assert parties.columns[: len(BIBOB_BETROKKENEN.columns)] == list(BIBOB_BETROKKENEN.column_names)
    assert dossiers["_sheet"].to_list() == ["dossiers"]
    assert parties["_line"].to_list() == [2, 3]
    assert parties["_duplicaat"].to_list() == [False, True]
    assert dossiers.item(0, "_sha256") == d.sha256


def test_excel_dates_and_numbers_become_contract_text(tmp_path: Path) -> None:
    record = {
        **DOSSIER,
        "aanvraagdatum": datetime.datetime(2026, 2, 1),
        "besluitdatum": "15-02-2026",
        "locatie_huisnummer": 12,
    }
    party = {**PARTY, "kvk": 1234567, "aandeel_pct": 33.5, "huisnummer": 7.0}
    text_kvk = {**PARTY, "kvk": "01234567", "aandeel_pct": "100", "huisnummer": "7a"}
    d = read_delivery(bibob(tmp_path, table(record), [*table(party), list(text_kvk.values())]))
    dossier = d.tables["bibob_dossiers"].row(0, named=True)
    assert dossier["aanvraagdatum"] == "2026-02-01"
    assert dossier["besluitdatum"] == "15-02-2026"
    assert dossier["locatie_huisnummer"] == "12"
    parties = d.tables["bibob_betrokkenen"]
    assert parties["kvk"].to_list() == ["1234567", "01234567"]  # the cleaner pads to 8
    assert parties["aandeel_pct"].to_list() == ["33.5", "100"]
    assert parties["huisnummer"].to_list() == ["7", "7a"]


def test_renamed_sheet_is_rejected_naming_it_and_the_sheets_found(tmp_path: Path) -> None:
    path = workbook(tmp_path / BIBOB, {"Blad1": table(PARTY), "dossiers": table(DOSSIER)})
    with pytest.raises(DeliveryRejected) as info:
        read_delivery(path)
    assert info.value.reason == "tabblad 'betrokkenen' ontbreekt (gevonden: 'Blad1', 'dossiers')"
    assert str(info.value).startswith(f"{BIBOB}: bestand afgewezen: ")


def test_sheet_names_and_headers_match_case_insensitively_after_trimming(tmp_path: Path) -> None:
    header = [f"  {c.upper()} " for c in DOSSIER]
    path = workbook(
        tmp_path / BIBOB,
        {" Dossiers ": [header, list(DOSSIER.values())], "BETROKKENEN": table(PARTY)},
    )
    d = read_delivery(path)
    assert d.tables["bibob_dossiers"].item(0, "dossiernummer") == "BIB-1"
    assert d.tables["bibob_dossiers"].item(0, "_sheet") == " Dossiers "


def test_missing_required_column_names_column_and_sheet(tmp_path: Path) -> None:
    party = {k: v for k, v in PARTY.items() if k != "soort"}
    with pytest.raises(DeliveryRejected) as info:
        read_delivery(bibob(tmp_path, table(DOSSIER), table(party)))
    assert info.value.reason == "verplichte kolom 'soort' ontbreekt in tabblad 'betrokkenen'"


def test_empty_rows_are_ignored_and_lines_are_sheet_rows(tmp_path: Path) -> None:
    rows = [*table(DOSSIER), [None] * 6, ["   ", None], list(DOSSIER.values()), [None, ""]]
    d = read_delivery(bibob(tmp_path, rows, [list(PARTY)]))
    assert_accounting(d)
    assert d.rows_in == 2
    assert d.tables["bibob_dossiers"]["_line"].to_list() == [2, 5]
    assert d.tables["bibob_betrokkenen"].height == 0


def test_header_only_sheets_give_zero_rows(tmp_path: Path) -> None:
    d = read_delivery(bibob(tmp_path, [list(DOSSIER)], [list(PARTY)]))
    assert_accounting(d)
    assert d.rows_in == 0


def test_empty_sheet_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DeliveryRejected) as info:
        read_delivery(bibob(tmp_path, table(DOSSIER), []))
    assert info.value.reason == "tabblad 'betrokkenen' is leeg (geen kopregel)"


def test_damocles_xlsx_and_csv_give_the_same_table(tmp_path: Path) -> None:
    record = {c: "" for c in DAMOCLES.column_names} | {
        "zaaknummer": "Z-1",
        "gemeentecode": "GM0994",
        "pand_postcode": "6291 AB",
        "pand_huisnummer": "101",
        "pand_type": "woning",
        "datum_constatering": "2025-06-03",
        "grondslag": "13b_a",
        "middel": "hennep",
        "maatregel": "sluiting",
        "status": "opgelegd",
    }
    xlsx = read_delivery(workbook(tmp_path / DAMOCLES_NAME, {"besluiten": table(record)}))
    csv_path = tmp_path / "damocles_GM0994_20260301.csv"
    csv_path.write_text(";".join(record) + "\n" + ";".join(record.values()) + "\n")
    csv = read_delivery(csv_path)
    drop = ["_file", "_sheet", "_sha256"]
    assert xlsx.tables["damocles"].drop(drop).equals(csv.tables["damocles"].drop(drop))
    assert (xlsx.rows_in, csv.rows_in) == (1, 1)


def test_corrupt_zip_named_xlsx_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / DAMOCLES_NAME
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(DeliveryRejected, match=r"bestand heet \.xlsx maar is geen Excel-bestand"):
        read_delivery(path)
