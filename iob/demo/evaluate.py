"""Score signals against the demo's planted cases (outputs.md's rule for `found`).

A planted case counts as found when a signal of its rule covers at least half of its
evidence and names all its gemeentecodes; a decoy (`must_flag: false`) is flagged when any
signal of its rule does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl


@dataclass
class CaseScore:
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    decoys_flagged: list[str] = field(default_factory=list)
    decoys_clean: list[str] = field(default_factory=list)


def _covers(signal: dict[str, Any], case: dict[str, Any]) -> bool:
    evidence = set(case["evidence"])
    if not evidence:
        return False
    hit = len(evidence & set(signal["evidence"] or []))
    return hit * 2 >= len(evidence) and set(case["gemeentecodes"]) <= set(
        signal["gemeentecodes"] or [])


def _touches(signal: dict[str, Any], case: dict[str, Any]) -> bool:
    return bool(set(case["evidence"]) & set(signal["evidence"] or []))


def score_cases(signals: pl.DataFrame, cases: list[dict[str, Any]]) -> CaseScore:
    open_signals = signals.filter(pl.col("status") != "vervallen") if "status" in \
        signals.columns else signals
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for row in open_signals.select("rule", "evidence", "gemeentecodes").iter_rows(named=True):
        by_rule.setdefault(row["rule"], []).append(row)
    score = CaseScore()
    for case in cases:
        mine = by_rule.get(case["rule"], [])
        if case["must_flag"]:
            (score.found if any(_covers(s, case) for s in mine) else score.missed).append(
                case["case"])
        else:
            (score.decoys_flagged if any(_touches(s, case) for s in mine)
             else score.decoys_clean).append(case["case"])
    return score


def load_cases(demo_dir: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((demo_dir / "truth" / "cases.json").read_text())
    return cases
