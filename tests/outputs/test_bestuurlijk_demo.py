"""The bestuurlijke ondermijningsbeeld of the demo data names no person, street, company,
KvK number or record id (searched in the HTML and in the PDF's text), for all five
municipalities (slow: runs the nightly flow on a small demo)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow

TEXT_COLUMNS = {
    "dor": ["registratienummer", "verkoper_achternaam", "verkoper_straat", "opkoper_naam",
            "opkoper_kvk"],
    "nachtregister": ["registratie_id", "gast_achternaam", "gast_straat", "logies_naam",
                      "logies_kvk"],
    "bibob_dossiers": ["dossiernummer"],
    "bibob_betrokkenen": ["achternaam", "naam_rechtspersoon", "kvk"],
    "damocles": ["zaaknummer", "pand_straat", "eigenaar_achternaam", "eigenaar_kvk",
                 "eigenaar_naam_rechtspersoon", "bewoner_achternaam"],
}


def _identifying_values(data: Path) -> set[str]:
    values: set[str] = set()
    for table, columns in TEXT_COLUMNS.items():
        frame = pl.read_parquet(data / "lake" / table / "current.parquet")
        for column in columns:
            values.update(v.strip() for v in frame.get_column(column).drop_nulls().to_list()
                          if len(v.strip()) >= 4)
    return values


def _found(values: set[str], text: str) -> list[str]:
    return sorted(v for v in values if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text))


def test_bestuurlijk_reports_contain_no_identifying_value(demo_run: Path) -> None:
    values = _identifying_values(demo_run)
    assert len(values) > 500
    reports = sorted((demo_run / "reports").glob("GM*/bestuurlijk"))
    assert len(reports) == 5
    for folder in reports:
        html = (folder / "ondermijningsbeeld.html").read_text(encoding="utf-8")
        pdf = "\n".join(page.extract_text() or ""
                        for page in PdfReader(folder / "ondermijningsbeeld.pdf").pages)
        assert len(pdf) > 500
        assert _found(values, html) == [], folder
        assert _found(values, pdf) == [], folder
