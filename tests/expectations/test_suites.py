"""Suites are generated from the schema, checked in as JSON, and rendered as Data Docs."""

from __future__ import annotations

import json
from pathlib import Path

from expectations.checks import checks
from expectations.docs import build_data_docs
from expectations.suites import SUITES_DIR, build_suite, suite_name, suite_text
from expectations.validate import validate_batch
from tests.expectations.clean_frames import DOR_ROW, make_clean
from transforms.schema import DOR, REGISTER_SPECS, TABLES


def test_every_register_table_has_a_suite_named_after_it() -> None:
    names = {suite_name(t) for spec in REGISTER_SPECS.values() for t in spec.tables}
    assert names == {"iob.dor", "iob.nachtregister", "iob.bibob_dossiers",
                     "iob.bibob_betrokkenen", "iob.damocles"}
    suite = build_suite(DOR)
    assert suite.name == "iob.dor"
    assert len(suite.expectations) == len(checks(DOR))


def test_checked_in_json_equals_the_generated_suite() -> None:
    """Regenerate with `uv run python -m expectations.suites` after a schema change."""
    for table in TABLES.values():
        path = SUITES_DIR / f"{table.name}.json"
        assert path.read_text(encoding="utf-8") == suite_text(table), path


def test_suite_covers_the_schema_rules() -> None:
    dor = json.loads(suite_text(DOR))
    keys = {e["meta"]["check"] for e in dor["expectations"]}
    assert {"prijs.verplicht", "prijs.minimum", "prijs.geldig", "categorie.waardenlijst",
            "gemeentecode.deelnemer", "datum_verkrijging.niet_na_levering",
            "verkoper_geboortedatum.na_1900", "datum_doorverkoop.niet_voor_datum_verkrijging",
            "verkoper_id_nummer.geen_bsn", "regel.geen_duplicaat"} <= keys
    assert all(e["description"] for e in dor["expectations"])


def test_data_docs_index_appears_and_keeps_earlier_runs(tmp_path: Path) -> None:
    docs = tmp_path / "gx_docs"
    bad = DOR_ROW | {"categorie": "drone"}
    validate_batch(make_clean(DOR, [DOR_ROW, bad]), DOR, docs_dir=docs)
    result = validate_batch(make_clean(DOR, [DOR_ROW]), DOR).result
    index = build_data_docs([result], docs)
    assert index == docs.resolve() / "index.html" and index.is_file()
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == 2
    assert "categorie is een van" in "".join(p.read_text(encoding="utf-8") for p in pages)
    assert len(list((docs / "resultaten").glob("*.json"))) == 2

