"""Signal files per outputs.md: BOM, `;`, lists joined, no formulas, Bibob shielded."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import polars as pl

from outputs.signal_files import AFGESCHERMD, write_signal_files


def _signals() -> pl.DataFrame:
    return pl.DataFrame({
        "signal_id": ["S-1", "S-2"],
        "rule": ["heling.veelaanbieder", "bibob.stapelbestuurder"],
        "titel": ["=HYPERLINK(\"x\")", "Stapelbestuurder"],
        "gemeentecodes": [["GM0994", "GM0981"], ["GM0981"]],
        "bovenlokaal": [True, False], "score": [0.8, 0.6],
        "entity_ids": [["P-1"], ["P-2", "O-1"]],
        "evidence": [["dor:V-1", "dor:V-2"], ["bibob:D-1", "bibob:D-2", "damocles:Z-1"]],
        "toelichting": ["Verkoper verkocht 7 goederen", "Geweigerd, ernstige mate"],
        "eerste_datum": [date(2026, 1, 1)] * 2, "laatste_datum": [date(2026, 2, 1)] * 2,
        "status": ["nieuw", "bestaand"], "bibob": [False, True],
    })


def test_csv_is_bom_semicolon_with_joined_lists_and_no_formulas(tmp_path: Path) -> None:
    write_signal_files(_signals(), tmp_path, ["GM0994", "GM0981"])
    raw = (tmp_path / "GM0994" / "signals.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "GM0994 | GM0981" in text and ";" in text.splitlines()[0]
    for line in text.splitlines()[1:]:
        for cell in line.split(";"):
            assert not cell.strip('"').startswith(("=", "+", "-", "@")), cell
    assert "'=HYPERLINK" in text


def test_bibob_evidence_and_explanation_are_shielded_except_in_the_bibob_version(
    tmp_path: Path,
) -> None:
    write_signal_files(_signals(), tmp_path, ["GM0981"])
    shielded = (tmp_path / "GM0981" / "signals.csv").read_text(encoding="utf-8-sig")
    full = (tmp_path / "GM0981" / "bibob" / "signals.csv").read_text(encoding="utf-8-sig")
    assert AFGESCHERMD in shielded and "bibob:D-1" not in shielded
    assert "Geweigerd" not in shielded and "damocles:Z-1" in shielded
    assert "bibob:D-1" in full and "Geweigerd" in full
    assert pl.read_parquet(tmp_path / "signals.parquet").height == 2


def test_xlsx_holds_text_cells_only(tmp_path: Path) -> None:
    write_signal_files(_signals(), tmp_path, ["GM0994"])
    with zipfile.ZipFile(tmp_path / "GM0994" / "signals.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet
    assert "&apos;=HYPERLINK" in strings or "'=HYPERLINK" in strings
