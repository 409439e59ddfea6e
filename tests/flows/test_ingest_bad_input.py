"""The bad-input table of registers.md, end to end through `flows.ingest.ingest`.

Each case drops real files into landing/, runs the ingest, and checks the outcome in
quality/deliveries.parquet (rows in = accepted + quarantined, or the file rejected), the
quarantine rows and their Dutch reason.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from flows.ingest import ingest
from flows.progress import LogReporter
from iob.pseudonym import ensure_demo_key
from iob.settings import load_settings
from tests.flows.ingest_factory import (
    DOR_COLUMNS,
    GOOD_DOR,
    csv_text,
    dor_rows,
    drop,
    nacht_rows,
)

DOR_FILE = "dor_GM0994_20260301.csv"


def run_ingest(data: Path) -> pl.DataFrame:
    messages: list[str] = []
    settings = load_settings(data)
    ensure_demo_key(settings)
    ingest(settings, "test", LogReporter(messages.append), docs=False)
    return pl.read_parquet(data / "quality" / "deliveries.parquet")


def quarantine(data: Path, register: str = "dor") -> pl.DataFrame:
    files = sorted((data / "quarantine" / register).glob("*.parquet"))
    return pl.concat([pl.read_parquet(f) for f in files]) if files else pl.DataFrame()


def current(data: Path, table: str = "dor") -> pl.DataFrame:
    return pl.read_parquet(data / "lake" / table / "current.parquet")


def only(deliveries: pl.DataFrame) -> dict[str, object]:
    assert deliveries.height == 1
    return deliveries.row(0, named=True)


ROW_CASES = [
    ("future date", {"datum_verkrijging": "01-03-2031"}, "datum_verkrijging",
     "ligt na de leverdatum 2026-03-01"),
    ("birth date before 1900", {"verkoper_geboortedatum": "01-01-1890"},
     "verkoper_geboortedatum", "ligt vóór 1900-01-01"),
    ("birth date after delivery", {"verkoper_geboortedatum": "01-01-2027"},
     "verkoper_geboortedatum", "ligt na de leverdatum"),
    ("impossible date", {"datum_verkrijging": "31-02-2026"}, "datum_verkrijging",
     "'31-02-2026' is geen geldige datum"),
    ("resale before purchase", {"datum_doorverkoop": "15-01-2026"}, "datum_doorverkoop",
     "datum_doorverkoop ligt vóór datum_verkrijging"),
    ("value outside a listed set", {"categorie": "drone"}, "categorie",
     "'drone' is geen toegestane waarde"),
    ("non-number price", {"prijs": "twintig"}, "prijs", "'twintig' is geen getal"),
    ("negative price", {"prijs": "-5,00"}, "prijs", "is kleiner dan 0"),
    ("empty required value", {"verkoper_achternaam": ""}, "verkoper_achternaam",
     "verkoper_achternaam is verplicht maar leeg"),
    ("municipality not taking part", {"gemeentecode": "GM0935"}, "gemeentecode",
     "'GM0935' doet niet mee in regio Heuvelland"),
    ("BSN in the ID column", {"verkoper_id_nummer": "111222333"}, "verkoper_id_nummer",
     "lijkt een BSN (gemaskeerd)"),
]


@pytest.mark.parametrize(("case", "change", "column", "reason"), ROW_CASES,
                         ids=[c[0] for c in ROW_CASES])
def test_bad_row_is_quarantined_and_the_rest_goes_on(
    data_dir: Path, case: str, change: dict[str, str], column: str, reason: str
) -> None:
    drop(data_dir, "dor", DOR_FILE, csv_text(dor_rows({}, change, {})))
    d = only(run_ingest(data_dir))
    assert (d["status"], d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (
        "verwerkt", 3, 2, 1)
    q = quarantine(data_dir).row(0, named=True)
    assert (q["file"], q["line"], q["register"], q["column"]) == (DOR_FILE, 3, "dor", column)
    assert reason in q["reason"]
    assert sorted(current(data_dir).get_column("registratienummer")) == ["V-1", "V-3"]


def test_bsn_is_masked_and_never_stored_not_even_hashed(data_dir: Path) -> None:
    drop(data_dir, "dor", DOR_FILE, csv_text(dor_rows({"verkoper_id_nummer": "111222333"})))
    run_ingest(data_dir)
    q = quarantine(data_dir).row(0, named=True)
    assert q["value"] == "*********"
    for path in data_dir.rglob("*"):
        if path.is_file() and "landing" not in path.parts:
            assert b"111222333" not in path.read_bytes(), path


def test_repeated_row_is_one_record_and_the_repeat_is_quarantined(data_dir: Path) -> None:
    rows = dor_rows({}, {})
    drop(data_dir, "dor", DOR_FILE, csv_text([rows[0], rows[1], rows[1]]))
    d = only(run_ingest(data_dir))
    assert (d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (3, 2, 1)
    q = quarantine(data_dir).row(0, named=True)
    assert q["line"] == 4 and "exacte herhaling" in q["reason"]


def test_truncated_last_line_is_quarantined_and_the_rest_goes_on(data_dir: Path) -> None:
    text = csv_text(dor_rows({}, {}))
    truncated = text[: text.rindex("Jansen")]  # the last line stops half-way
    drop(data_dir, "dor", DOR_FILE, truncated)
    d = only(run_ingest(data_dir))
    assert (d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (2, 1, 1)
    q = quarantine(data_dir).row(0, named=True)
    assert q["line"] == 3 and "velden" in q["reason"]


def test_departure_before_arrival_quarantined_but_later_departure_allowed(data_dir: Path) -> None:
    rows = nacht_rows({"vertrek": "10-01-2026"}, {"vertrek": "30-06-2026"},
                      {"aantal_personen": "-2"})
    drop(data_dir, "nachtregister", "nachtregister_GM1729_20260301.csv", csv_text(rows))
    d = only(run_ingest(data_dir))
    assert (d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (3, 1, 2)
    reasons = quarantine(data_dir, "nachtregister").sort("line").get_column("reason").to_list()
    assert "vertrek ligt vóór aankomst" in reasons[0]
    assert "aantal_personen '-2' is kleiner dan 1" in reasons[1]


@pytest.mark.parametrize(("change", "column", "stored"), [
    ({"opkoper_kvk": "9876543"}, "opkoper_kvk", "09876543"),
    ({"datum_verkrijging": "46054"}, "datum_verkrijging", "2026-02-01"),
])
def test_repairable_values_are_repaired_and_accepted(
    data_dir: Path, change: dict[str, str], column: str, stored: str
) -> None:
    drop(data_dir, "dor", DOR_FILE, csv_text(dor_rows(change)))
    d = only(run_ingest(data_dir))
    assert (d["rows_accepted"], d["rows_quarantined"]) == (1, 0)
    assert str(current(data_dir).get_column(column)[0]) == stored


def test_formulas_html_sql_and_huge_fields_are_stored_as_text(data_dir: Path) -> None:
    rows = dor_rows({"verkoper_achternaam": '=HYPERLINK("http://x";"klik")'},
                    {"verkoper_achternaam": "<script>alert(1)</script>"},
                    {"verkoper_achternaam": "Robert'); DROP TABLE dor;--"},
                    {"omschrijving": "x" * 50_000})
    rows[0]["verkoper_achternaam"] = '"=HYPERLINK(""http://x"";""klik"")"'
    drop(data_dir, "dor", DOR_FILE, csv_text(rows))
    d = only(run_ingest(data_dir))
    assert d["rows_in"] == d["rows_accepted"] + d["rows_quarantined"] == 4
    names = current(data_dir).get_column("verkoper_achternaam").to_list()
    assert "<script>alert(1)</script>" in names
    assert '=HYPERLINK("http://x";"klik")' in names


@pytest.mark.parametrize(("encoding", "prefix", "newline"), [
    ("cp1252", b"", "\r\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("utf-8", b"", "\n"),
])
def test_encodings_bom_crlf_and_padded_headers_read_without_mojibake(
    data_dir: Path, encoding: str, prefix: bytes, newline: str
) -> None:
    rows = dor_rows({"verkoper_achternaam": "Hé Müller-Doğan"[:10].replace("ğ", "g"),
                     "verkoper_woonplaats": "Köln"})
    header = ";".join(f"  {c.upper()} " for c in DOR_COLUMNS)
    body = ";".join(rows[0][c] for c in DOR_COLUMNS)
    content = prefix + (header + newline + body + newline).encode(encoding)
    drop(data_dir, "dor", DOR_FILE, content)
    d = only(run_ingest(data_dir))
    assert (d["status"], d["rows_accepted"]) == ("verwerkt", 1)
    row = current(data_dir).row(0, named=True)
    assert row["verkoper_achternaam"] == "Hé Müller-"
    assert row["verkoper_woonplaats"] == "Köln"


def _rejected(data: Path, name: str, content: bytes, register: str = "dor") -> str:
    drop(data, register, name, content)
    d = only(run_ingest(data))
    assert (d["status"], d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (
        "afgewezen", 0, 0, 0)
    message = str(d["message"])
    assert name in message and "\n" not in message
    return message


@pytest.mark.parametrize(("case", "name", "content", "cause"), [
    ("comma separator", DOR_FILE, csv_text(dor_rows({}), sep=",").encode(), "','"),
    ("UTF-16", DOR_FILE, csv_text(dor_rows({})).encode("utf-16"), "UTF-16"),
    ("binary garbage", DOR_FILE, bytes(range(256)) * 8, "binair"),
    ("empty file", DOR_FILE, b"", "leeg bestand"),
    ("DOR delivered as .xlsx", "dor_GM0994_20260301.xlsx", csv_text(dor_rows({})).encode(),
     "als .csv"),
    ("missing required column", DOR_FILE,
     csv_text(dor_rows({}), columns=tuple(c for c in DOR_COLUMNS if c != "prijs")).encode(),
     "verplichte kolom 'prijs' ontbreekt"),
    ("file name without GM code", "dor_20260301.csv", csv_text(dor_rows({})).encode(),
     "GM-code"),
    ("file name without date", "dor_GM0994.csv", csv_text(dor_rows({})).encode(), "datum"),
], ids=lambda v: v if isinstance(v, str) and " " in v else "")
def test_unreadable_file_is_rejected_whole_with_a_one_line_message(
    data_dir: Path, case: str, name: str, content: bytes, cause: str
) -> None:
    message = _rejected(data_dir, name, content)
    assert cause.lower() in message.lower(), message


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


DOSSIER_HEADER = ["dossiernummer", "gemeentecode", "beschikking_type", "aanvraagdatum",
                  "mate_van_gevaar", "besluit"]
PARTY_HEADER = ["dossiernummer", "rol", "soort", "kvk", "naam_rechtspersoon", "achternaam"]


def test_csv_with_an_xlsx_name_is_rejected(data_dir: Path) -> None:
    content = b"zaaknummer;gemeentecode\r\nZ-1;GM0994\r\n"
    message = _rejected(data_dir, "damocles_GM0994_20260301.xlsx", content, "damocles")
    assert "geen Excel-bestand" in message


def test_renamed_sheet_rejects_the_workbook_naming_the_sheet(data_dir: Path) -> None:
    content = _xlsx({"dossiers": [DOSSIER_HEADER], "Blad2": [PARTY_HEADER]})
    message = _rejected(data_dir, "bibob_GM0994_20260301.xlsx", content, "bibob")
    assert "'betrokkenen' ontbreekt" in message and "Blad2" in message


def test_bibob_party_without_dossier_is_quarantined(data_dir: Path) -> None:
    content = _xlsx({
        "dossiers": [DOSSIER_HEADER, ["B-1", "GM0994", "exploitatievergunning", "2026-01-10",
                                      "geen", "verleend"]],
        "betrokkenen": [PARTY_HEADER, ["B-1", "aanvrager", "rechtspersoon", "1234567",
                                       "Horeca BV", ""],
                        ["B-9", "bestuurder", "persoon", "", "", "Dijk"]],
    })
    drop(data_dir, "bibob", "bibob_GM0994_20260301.xlsx", content)
    d = only(run_ingest(data_dir))
    assert (d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (3, 2, 1)
    q = quarantine(data_dir, "bibob").row(0, named=True)
    assert (q["sheet"], q["line"]) == ("betrokkenen", 3)
    assert "'B-9' staat niet in het tabblad dossiers" in q["reason"]
    assert current(data_dir, "bibob_betrokkenen").get_column("kvk").to_list() == ["01234567"]


def test_header_only_is_processed_with_zero_rows(data_dir: Path) -> None:
    drop(data_dir, "dor", DOR_FILE, ";".join(DOR_COLUMNS) + "\r\n")
    d = only(run_ingest(data_dir))
    assert (d["status"], d["rows_in"], d["rows_accepted"], d["rows_quarantined"]) == (
        "verwerkt", 0, 0, 0)


def test_same_content_under_another_name_is_dubbel_and_adds_nothing(data_dir: Path) -> None:
    content = csv_text(dor_rows({}, {}))
    drop(data_dir, "dor", DOR_FILE, content)
    run_ingest(data_dir)
    before = current(data_dir)
    drop(data_dir, "dor", "dor_GM0994_20260302_opnieuw.csv", content)
    deliveries = run_ingest(data_dir)
    assert deliveries.get_column("status").to_list() == ["verwerkt", "dubbel"]
    assert deliveries.row(1, named=True)["rows_in"] == 0
    assert current(data_dir).equals(before)


def test_running_again_on_the_same_landing_changes_nothing(data_dir: Path) -> None:
    drop(data_dir, "dor", DOR_FILE, csv_text(dor_rows({}, {"prijs": "-1"})))
    first = run_ingest(data_dir)
    snapshot = {p: p.read_bytes() for p in data_dir.rglob("*.parquet")}
    second = run_ingest(data_dir)
    assert first.equals(second)
    assert {p: p.read_bytes() for p in data_dir.rglob("*.parquet")} == snapshot


def test_a_later_delivery_corrects_a_record_and_keeps_history(data_dir: Path) -> None:
    drop(data_dir, "dor", DOR_FILE, csv_text(dor_rows({"prijs": "100,00"}, {})))
    run_ingest(data_dir)
    drop(data_dir, "dor", "dor_GM0994_20260401.csv", csv_text(dor_rows({"prijs": "150,00"})))
    run_ingest(data_dir)
    cur = current(data_dir).sort("registratienummer")
    assert cur.get_column("prijs").to_list() == [150.0, float(GOOD_DOR["prijs"].replace(",", "."))]
    parts = [p for p in (data_dir / "lake" / "dor").glob("*.parquet") if p.stem != "current"]
    assert len(parts) == 2
