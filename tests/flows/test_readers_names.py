"""Delivery file names: `<register>_<GMcode>_<yyyymmdd>[_<anything>].<csv|xlsx>`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.readers import DeliveryName, parse_delivery_name, read_delivery
from iob.errors import DeliveryRejected

HOW = "verwacht <register>_<GMcode>_<jjjjmmdd>[_<vrij>].csv of .xlsx"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dor_GM0994_20260301.csv", DeliveryName("dor", "GM0994", date(2026, 3, 1), "csv")),
        (
            "Nachtregister_gm1729_20260228_week9 export.CSV",
            DeliveryName("nachtregister", "GM1729", date(2026, 2, 28), "csv"),
        ),
        (
            "bibob_GM0994_20260301_v2.xlsx",
            DeliveryName("bibob", "GM0994", date(2026, 3, 1), "xlsx"),
        ),
    ],
)
def test_good_names_are_parsed(name: str, expected: DeliveryName) -> None:
    assert parse_delivery_name(name) == expected


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("GM0994_20260301.csv", "register ontbreekt in bestandsnaam"),
        ("export_GM0994_20260301.csv", "onbekend register 'export' in bestandsnaam"),
        (
            "dor_20260301.csv",
            "GM-code (GM + 4 cijfers) ontbreekt in bestandsnaam (gevonden '20260301')",
        ),
        ("dor.csv", "GM-code (GM + 4 cijfers) ontbreekt in bestandsnaam"),
        ("dor_GM0994.csv", "leveringsdatum (jjjjmmdd) ontbreekt in bestandsnaam"),
        (
            "dor_GM0994_2026-03-01.csv",
            "leveringsdatum (jjjjmmdd) ontbreekt in bestandsnaam (gevonden",
        ),
        ("dor_GM0994_20260231.csv", "leveringsdatum '20260231' in bestandsnaam bestaat niet"),
        ("dor_GM0994_20260301.txt", "bestandsnaam moet eindigen op .csv of .xlsx"),
        ("dor_GM0994_20260301", "bestandsnaam moet eindigen op .csv of .xlsx"),
    ],
)
def test_bad_names_are_rejected_saying_what_is_missing(name: str, cause: str) -> None:
    with pytest.raises(DeliveryRejected) as info:
        parse_delivery_name(name)
    assert info.value.file == name
    assert info.value.reason.startswith(cause)
    assert HOW in info.value.reason


def test_bad_name_rejects_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "levering.csv"
    path.write_bytes(b"registratienummer\n")
    with pytest.raises(
        DeliveryRejected, match=r"levering\.csv: bestand afgewezen: onbekend register"
    ):
        read_delivery(path)
