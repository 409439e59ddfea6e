"""Tiny factory for delivery files in tests (imported by the test_readers*.py modules)."""

from __future__ import annotations

from pathlib import Path

from flows.readers import Delivery
from transforms.schema import DOR

DOR_NAME = "dor_GM0994_20260301.csv"


def dor_row(n: int = 1, **values: str) -> dict[str, str]:
    """A complete DOR row; keyword arguments override columns."""
    row = dict.fromkeys(DOR.column_names, "")
    row.update(
        registratienummer=f"V-2026-{n:06d}",
        gemeentecode="GM0994",
        opkoper_kvk="09876543",
        opkoper_naam="Goud & Zilver",
        opkoper_postcode="6301 DA",
        opkoper_huisnummer="12",
        datum_verkrijging="01-03-2026",
        wijze_verkrijging="koop",
        categorie="telefoon",
        prijs="210,00",
        verkoper_achternaam="Jansen",
    )
    row.update(values)
    return row


def dor_text(rows: list[dict[str, str]], eol: str = "\n", header: list[str] | None = None) -> str:
    """Rows as `;`-CSV text; values are written as given (quote them yourself)."""
    names = header or list(DOR.column_names)
    lines = [";".join(names)] + [";".join(r[c] for c in DOR.column_names) for r in rows]
    return eol.join(lines) + eol


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_accounting(d: Delivery) -> None:
    """rows_in = every table's rows + structural quarantine rows, always."""
    assert d.rows_in == sum(t.height for t in d.tables.values()) + d.structural.height
