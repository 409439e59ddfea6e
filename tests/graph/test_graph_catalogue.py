"""The shipped catalogue, the rules and the config agree with shared/design/signals.md."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graph.catalogue import CATALOGUE
from graph.config import RULE_CODES, SignalConfig
from graph.explain import format_explanation
from graph.kalender import feestdagen, is_werkdag, pasen
from graph.rules import RULES

SIGNALS_MD = Path(__file__).resolve().parents[2] / ".." / "shared" / "design" / "signals.md"


def test_every_rule_has_catalogue_config_and_function() -> None:
    assert set(CATALOGUE) == set(RULES) == set(RULE_CODES)


@pytest.mark.skipif(not SIGNALS_MD.exists(), reason="../shared not beside the checkout")
def test_catalogue_matches_signals_md_table() -> None:
    rows = re.findall(r"^\| `([a-z_.]+)` \| ([^|]+) \|", SIGNALS_MD.read_text(), re.M)
    assert {code: regs.strip() for code, regs in rows} == {
        c: r.registers for c, r in CATALOGUE.items()}


def test_easter_and_holidays() -> None:
    assert [pasen(y) for y in (2000, 2024, 2025)] == [
        date(2000, 4, 23), date(2024, 3, 31), date(2025, 4, 20)]
    assert date(2025, 4, 26) in feestdagen(2025)  # 27 April 2025 is a Sunday
    assert date(2025, 5, 5) in feestdagen(2025) and date(2024, 5, 5) not in feestdagen(2024)
    assert is_werkdag(date(2024, 3, 29))  # Goede Vrijdag: not a general day off
    assert not is_werkdag(date(2024, 3, 29), goede_vrijdag=True)
    assert not is_werkdag(date(2024, 5, 20))  # 2e Pinksterdag


def test_explanation_names_rule_thresholds_and_evidence() -> None:
    row = {"signal_id": "abc", "rule": "heling.prijs", "titel": "t", "gemeentecodes": ["GM0981"],
           "score": 0.7, "evidence": ["dor:D1"], "entity_ids": ["P-1"], "toelichting": "x",
           "status": "nieuw", "eerste_datum": date(2024, 1, 1),
           "laatste_datum": date(2024, 1, 2), "bovenlokaal": False}
    text = format_explanation(row, SignalConfig({"GM0981": {"heling.prijs": {
        "fractie_mediaan": 0.25}}}), {"dor:D1": "telefoon, € 40"})
    assert "heling.prijs" in text and "fractie_mediaan = 0.25" in text
    assert "dor:D1: telefoon, € 40" in text
