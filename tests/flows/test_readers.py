"""CSV delivery reader: one test per row of the contract's bad-input table that concerns reading."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import polars as pl
import pytest

from flows.readers import read_delivery
from iob.errors import DeliveryRejected
from tests.flows.test_readers_support import DOR_NAME, assert_accounting, dor_row, dor_text, write
from transforms.schema import DOR, NACHTREGISTER

FIXTURES = Path(__file__).parents[1] / "fixtures" / "examples"


def read_dor(tmp_path: Path, data: bytes, name: str = DOR_NAME):  # type: ignore[no-untyped-def]
    d = read_delivery(write(tmp_path, name, data))
    assert_accounting(d)
    return d


def rejected(tmp_path: Path, data: bytes, name: str = DOR_NAME) -> str:
    with pytest.raises(DeliveryRejected) as info:
        read_delivery(write(tmp_path, name, data))
    assert info.value.file == name
    assert str(info.value).startswith(f"{name}: bestand afgewezen: ")
    return info.value.reason


def test_windows_1252_is_read_without_mojibake(tmp_path: Path) -> None:
    text = dor_text([dor_row(verkoper_achternaam="Müller", verkoper_woonplaats="Oïrschot é")])
    d = read_dor(tmp_path, text.encode("cp1252"))
    row = d.tables["dor"].row(0, named=True)
    assert (row["verkoper_achternaam"], row["verkoper_woonplaats"]) == ("Müller", "Oïrschot é")
    assert d.rows_in == 1


def test_windows_1252_specials_and_undefined_bytes_are_read(tmp_path: Path) -> None:
    """0x80-0x9F hold €, „ and ‘ in Windows-1252; the five undefined ones map as Latin-1."""
    text = dor_text([dor_row(omschrijving="€ 5 „oud‘ Français")]).encode("cp1252")
    d = read_dor(tmp_path, text.replace(b"oud", b"o\x81d"))
    assert d.tables["dor"].item(0, "omschrijving") == "€ 5 „o\x81d‘ Français"


def test_utf8_with_bom_keeps_first_column_name(tmp_path: Path) -> None:
    d = read_dor(tmp_path, b"\xef\xbb\xbf" + dor_text([dor_row(verkoper_voornamen="Zoë")]).encode())
    frame = d.tables["dor"]
    assert frame.columns[0] == "registratienummer"
    assert frame.item(0, "registratienummer") == "V-2026-000001"
    assert frame.item(0, "verkoper_voornamen") == "Zoë"


def test_crlf_line_endings_leave_no_carriage_returns(tmp_path: Path) -> None:
    rows = [dor_row(1), dor_row(2, stopheling_match="ja")]
    d = read_dor(tmp_path, dor_text(rows, eol="\r\n").encode())
    frame = d.tables["dor"]
    assert frame["stopheling_match"].to_list() == [None, "ja"]
    assert frame["_line"].to_list() == [2, 3]
    assert not frame.select(pl.all().cast(pl.String).str.contains("\r").any()).row(0)[0]


def test_padded_odd_case_and_quoted_headers_are_matched(tmp_path: Path) -> None:
    header = [
        f'  "{c.upper()}" ' if i % 2 else f" {c.title()}" for i, c in enumerate(DOR.column_names)
    ]
    d = read_dor(tmp_path, dor_text([dor_row()], header=header).encode())
    assert d.tables["dor"].columns[: len(DOR.column_names)] == list(DOR.column_names)
    assert d.tables["dor"].item(0, "prijs") == "210,00"


def test_comma_separator_is_rejected_naming_the_separator(tmp_path: Path) -> None:
    text = dor_text([dor_row()]).replace(";", ",")
    assert rejected(tmp_path, text.encode()) == (
        "scheidingsteken lijkt ',' in plaats van ';' (sla op als CSV met ';')"
    )


def test_tab_separator_is_rejected_naming_the_separator(tmp_path: Path) -> None:
    text = dor_text([dor_row()]).replace(";", "\t")
    assert rejected(tmp_path, text.encode()) == (
        "scheidingsteken lijkt een tab in plaats van ';' (sla op als CSV met ';')"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_rejected(tmp_path: Path, encoding: str) -> None:
    reason = rejected(tmp_path, dor_text([dor_row()]).encode(encoding))
    assert reason == "UTF-16 wordt niet ondersteund: sla op als UTF-8 of Windows-1252"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_binary_garbage_is_rejected(tmp_path: Path, seed: int) -> None:
    garbage = random.Random(seed).randbytes(5000)
    reason = rejected(tmp_path, garbage)
    assert "binair bestand" in reason or "UTF-16" in reason


def test_nul_byte_in_text_is_rejected_as_binary(tmp_path: Path) -> None:
    data = dor_text([dor_row()]).encode() + b"\x00" + dor_text([dor_row(2)]).encode()
    assert rejected(tmp_path, data).startswith("binair bestand")


def test_csv_named_xlsx_is_rejected(tmp_path: Path) -> None:
    reason = rejected(
        tmp_path, b"zaaknummer;gemeentecode\nZ-1;GM0994\n", "damocles_GM0994_20260301.xlsx"
    )
    assert reason.startswith("bestand heet .xlsx maar is geen Excel-bestand")


def test_xlsx_content_named_csv_is_rejected(tmp_path: Path) -> None:
    data = (FIXTURES / "damocles_GM0994_20260301.xlsx").read_bytes()
    assert "Excel- of zip-bestand" in rejected(tmp_path, data)


@pytest.mark.parametrize("name", [DOR_NAME, "damocles_GM0994_20260301.xlsx"])
def test_empty_file_is_rejected(tmp_path: Path, name: str) -> None:
    assert rejected(tmp_path, b"", name) == "leeg bestand (0 bytes)"


def test_missing_required_column_is_rejected_naming_it(tmp_path: Path) -> None:
    header = [c for c in DOR.column_names if c != "prijs"]
    text = ";".join(header) + "\n" + ";".join(dor_row()[c] for c in header) + "\n"
    assert rejected(tmp_path, text.encode()) == "verplichte kolom 'prijs' ontbreekt"


def test_several_missing_required_columns_are_all_named(tmp_path: Path) -> None:
    header = [c for c in DOR.column_names if c not in ("prijs", "categorie")]
    reason = rejected(tmp_path, (";".join(header) + "\n").encode())
    assert reason == "verplichte kolommen 'categorie', 'prijs' ontbreken"


def test_missing_optional_column_is_added_as_null_and_extras_kept(tmp_path: Path) -> None:
    header = [c for c in DOR.column_names if c != "merk"] + ["Opmerking Intern"]
    values = [dor_row()[c] for c in header[:-1]] + ["let op"]
    d = read_dor(tmp_path, (";".join(header) + "\n" + ";".join(values) + "\n").encode())
    frame = d.tables["dor"]
    assert frame.columns[: len(DOR.column_names)] == list(DOR.column_names)
    assert frame.item(0, "merk") is None
    assert frame.item(0, "opmerking intern") == "let op"
    assert all(frame.schema[c] == pl.String for c in [*DOR.column_names, "opmerking intern"])


@pytest.mark.parametrize("tail", ["", "\n", "\r\n", "\n\n"])
def test_header_only_gives_zero_rows_with_all_columns(tmp_path: Path, tail: str) -> None:
    d = read_dor(tmp_path, (";".join(DOR.column_names) + tail).encode())
    assert d.rows_in == 0
    assert d.tables["dor"].height == 0
    assert d.structural.height == 0
    assert set(DOR.column_names) <= set(d.tables["dor"].columns)
    assert d.tables["dor"].schema["_line"] == pl.Int64


def test_truncated_last_line_is_quarantined_and_the_rest_read(tmp_path: Path) -> None:
    text = dor_text([dor_row(1), dor_row(2), dor_row(3)])
    cut = text[: text.rindex("GM0994") + 3]  # last line stops inside its second field
    d = read_dor(tmp_path, cut.encode())
    assert d.tables["dor"]["registratienummer"].to_list() == ["V-2026-000001", "V-2026-000002"]
    assert d.rows_in == 3
    bad = d.structural.row(0, named=True)
    assert bad == {
        "file": DOR_NAME,
        "sheet": "",
        "line": 4,
        "register": "dor",
        "column": None,
        "value": "V-2026-000003",
        "reason": "regel heeft 2 velden, verwacht 31 (afgebroken of verschoven regel)",
    }
    assert d.structural.schema == {
        "file": pl.String,
        "sheet": pl.String,
        "line": pl.Int64,
        "register": pl.String,
        "column": pl.String,
        "value": pl.String,
        "reason": pl.String,
    }


def test_wrong_field_count_rows_are_quarantined_with_physical_lines(tmp_path: Path) -> None:
    rows = [dor_row(i) for i in range(1, 6)]
    rows[1]["merk"] = "Apple;extra"  # one field too many, unquoted
    rows[3]["omschrijving"] = '"twee\nregels"'  # a quoted value spanning two lines
    text = dor_text(rows).replace("V-2026-000005;", "V-2026-000005;;;", 1)
    d = read_dor(tmp_path, text.encode())
    assert d.structural["line"].to_list() == [3, 7]
    assert d.structural["reason"].to_list() == [
        "regel heeft 32 velden, verwacht 31 (afgebroken of verschoven regel)",
        "regel heeft 33 velden, verwacht 31 (afgebroken of verschoven regel)",
    ]
    frame = d.tables["dor"]
    assert frame["_line"].to_list() == [2, 4, 5]
    assert frame.item(2, "omschrijving") == "twee\nregels"
    assert d.rows_in == 5


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    text = dor_text([dor_row(1)]) + "\n   \n" + dor_text([dor_row(2)]).split("\n", 1)[1]
    d = read_dor(tmp_path, text.encode())
    assert d.tables["dor"]["_line"].to_list() == [2, 5]
    assert d.rows_in == 2


def test_byte_duplicate_row_is_flagged_on_the_repeat_only(tmp_path: Path) -> None:
    rows = [dor_row(1), dor_row(2), dor_row(1), dor_row(1)]
    d = read_dor(tmp_path, dor_text(rows).encode())
    assert d.tables["dor"]["_duplicaat"].to_list() == [False, False, True, True]
    assert d.rows_in == 4


def test_rows_equal_after_parsing_but_not_in_bytes_are_not_duplicates(tmp_path: Path) -> None:
    rows = [dor_row(1, merk="Apple"), dor_row(1, merk='"Apple"'), dor_row(1, merk='"Apple"')]
    d = read_dor(tmp_path, dor_text(rows).encode())
    assert d.tables["dor"]["merk"].to_list() == ["Apple"] * 3
    assert d.tables["dor"]["_duplicaat"].to_list() == [False, False, True]


@pytest.mark.parametrize("size", [50_000, 300_000])
def test_very_long_field_does_not_crash(tmp_path: Path, size: int) -> None:
    long = "x" * size
    d = read_dor(tmp_path, dor_text([dor_row(1, omschrijving=long), dor_row(2)]).encode())
    assert d.tables["dor"].item(0, "omschrijving") == long
    assert d.rows_in == 2


def test_long_field_in_a_ragged_file_does_not_crash(tmp_path: Path) -> None:
    long = '"' + "y;" * 100_000 + '"'
    text = dor_text([dor_row(1, omschrijving=long), dor_row(2)]) + "V-9;GM0994\n"
    d = read_dor(tmp_path, text.encode())
    assert d.tables["dor"].item(0, "omschrijving") == "y;" * 100_000
    assert d.structural["line"].to_list() == [4]


def test_quoted_separators_and_doubled_quotes_inside_fields(tmp_path: Path) -> None:
    rows = [dor_row(1, omschrijving='"zwart; barst in hoes"', merk='"Het ""Merk"""')]
    d = read_dor(tmp_path, dor_text(rows).encode())
    assert d.tables["dor"].item(0, "omschrijving") == "zwart; barst in hoes"
    assert d.tables["dor"].item(0, "merk") == 'Het "Merk"'
    assert d.structural.height == 0


def test_multiline_quoted_fields_keep_exact_line_numbers(tmp_path: Path) -> None:
    rows = [
        dor_row(1, omschrijving='"a\nb\nc"'),
        dor_row(2),
        dor_row(3, omschrijving='"d;\r\ne"'),
        dor_row(4),
    ]
    d = read_dor(tmp_path, dor_text(rows, eol="\r\n").encode())
    assert d.tables["dor"]["_line"].to_list() == [2, 5, 6, 8]


def test_empty_values_become_null(tmp_path: Path) -> None:
    d = read_dor(tmp_path, dor_text([dor_row(merk='""')]).encode())
    assert d.tables["dor"].item(0, "merk") is None
    assert d.tables["dor"].item(0, "type") is None


def test_provenance_columns(tmp_path: Path) -> None:
    import datetime
    import hashlib

    data = dor_text([dor_row()]).encode()
    d = read_dor(tmp_path, data, "dor_gm0994_20260301_export.csv")
    row = d.tables["dor"].row(0, named=True)
    assert row["_file"] == "dor_gm0994_20260301_export.csv"
    assert row["_sheet"] == ""
    assert row["_line"] == 2
    assert row["_delivery_date"] == datetime.date(2026, 3, 1)
    assert row["_sha256"] == d.sha256 == hashlib.sha256(data).hexdigest()
    assert row["_gemeente_levering"] == d.gemeente_levering == "GM0994"
    assert row["_duplicaat"] is False
    assert d.tables["dor"].schema["_delivery_date"] == pl.Date


def test_bibob_as_csv_is_rejected(tmp_path: Path) -> None:
    reason = rejected(tmp_path, b"dossiernummer\nB-1\n", "bibob_GM0994_20260301.csv")
    assert reason == (
        "bibob wordt aangeleverd als Excel-bestand (.xlsx) met tabbladen 'dossiers' en "
        "'betrokkenen', niet als .csv"
    )


def test_register_folder_must_match_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, DOR_NAME, dor_text([dor_row()]).encode())
    with pytest.raises(DeliveryRejected, match="register 'nachtregister' maar de naam zegt 'dor'"):
        read_delivery(path, register="nachtregister")


def test_contract_examples_are_read(tmp_path: Path) -> None:
    """The hand-made rows beside the contract (copied into tests/fixtures/examples)."""
    expected = {
        "dor_GM0994_20260301.csv": {"dor": 4},
        "nachtregister_GM1729_20260301.csv": {"nachtregister": 4},
        "bibob_GM0994_20260301.xlsx": {"bibob_dossiers": 2, "bibob_betrokkenen": 6},
        "damocles_GM0994_20260301.xlsx": {"damocles": 2},
    }
    for name, tables in expected.items():
        d = read_delivery(shutil.copy(FIXTURES / name, tmp_path / name))
        assert_accounting(d)
        assert {k: v.height for k, v in d.tables.items()} == tables
        assert d.structural.height == 0
    dor = read_delivery(FIXTURES / "dor_GM0994_20260301.csv").tables["dor"]
    assert dor.item(0, "omschrijving") == "zwart; barst in hoes"
    assert dor.item(3, "verkoper_achternaam") == "Müller"
    nacht = read_delivery(FIXTURES / "nachtregister_GM1729_20260301.csv").tables["nachtregister"]
    assert nacht.columns[: len(NACHTREGISTER.column_names)] == list(NACHTREGISTER.column_names)
    assert nacht.item(0, "gast_woonplaats") == "Wrocław"
