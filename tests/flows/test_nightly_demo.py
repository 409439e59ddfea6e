"""The nightly flow on a small demo delivery: accounting, privacy, idempotency (slow)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest

pytestmark = pytest.mark.slow

ID_COLUMNS = {"verkoper_id_nummer", "id_nummer"}


def _raw_id_numbers(landing: Path) -> set[str]:
    """Every ID-document number as delivered in the demo CSV files."""
    found: set[str] = set()
    for path in landing.rglob("*.csv"):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        reader = csv.DictReader(io.StringIO(text), delimiter=";")
        for row in reader:
            for column, value in row.items():
                if column and column.strip().lower() in ID_COLUMNS and value and value.strip():
                    found.add(value.strip())
    return found


def test_every_delivery_adds_up_and_nothing_is_lost(demo_run: Path) -> None:
    deliveries = pl.read_parquet(demo_run / "quality" / "deliveries.parquet")
    landing = sorted(p.name for p in (demo_run / "landing").rglob("*.*"))
    assert sorted(deliveries.get_column("file").to_list()) == landing
    processed = deliveries.filter(pl.col("status") == "verwerkt")
    added = processed["rows_accepted"] + processed["rows_quarantined"]
    assert (processed["rows_in"] == added).all()
    assert processed["rows_quarantined"].sum() > 0
    assert "dubbel" in deliveries.get_column("status").to_list()


def test_no_raw_id_number_is_stored_outside_landing(demo_run: Path) -> None:
    raw_ids = _raw_id_numbers(demo_run / "landing")
    assert len(raw_ids) > 50
    needles = [i.encode() for i in raw_ids if len(i) >= 6]
    for path in demo_run.rglob("*"):
        if not path.is_file() or "landing" in path.relative_to(demo_run).parts:
            continue
        content = path.read_bytes()
        leaked = [n for n in needles if n in content]
        assert not leaked, f"{path} bevat ruwe ID-nummers: {leaked[:3]}"


def test_second_run_adds_nothing_and_writes_a_manifest(demo_run: Path) -> None:
    manifests = sorted((demo_run / "runs").glob("*/manifest.json"))
    assert len(manifests) == 2
    import json

    second = json.loads(manifests[-1].read_text())
    assert second["status"] == "voltooid"
    assert second["deliveries"] == []
    assert (demo_run / "quality" / "gx_docs" / "index.html").is_file()
