"""`format_explanation`: the text `iob explain SIGNAL_ID` prints (pure; the command prints it).

The signal row is a dict with the signals.parquet columns; `evidence_rows` optionally maps an
evidence key (`register:record_id`) to a short description of that row, which the command
builds from the lake (Bibob rows only for the Bibob role).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from graph.catalogue import CATALOGUE
from graph.config import SignalConfig


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, tuple | list):
        return ", ".join(map(str, v))
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def format_explanation(signal_row: Mapping[str, Any], config: SignalConfig | None = None,
                       evidence_rows: Mapping[str, str] | None = None) -> str:
    """Signal, rule, the thresholds that held for its municipalities, and the evidence."""
    config = config or SignalConfig()
    code = str(signal_row["rule"])
    regel = CATALOGUE[code]
    gemeenten = list(signal_row.get("gemeentecodes") or [])
    lines = [
        f"Signaal {signal_row['signal_id']} — {signal_row.get('titel') or regel.titel}",
        f"Regel: {code} ({regel.registers})",
        f"Status: {signal_row.get('status') or '-'}; score {_fmt(signal_row.get('score'))}; "
        f"gemeenten: {', '.join(gemeenten) or '-'}"
        f"{' (bovenlokaal)' if signal_row.get('bovenlokaal') else ''}",
        f"Periode: {_fmt(signal_row.get('eerste_datum'))} t/m "
        f"{_fmt(signal_row.get('laatste_datum'))}",
        "",
        f"Toelichting: {signal_row.get('toelichting', '')}",
        f"Wanneer deze regel afgaat: {regel.omschrijving}",
        f"Waarom: {regel.waarom}",
        "",
        "Drempels:",
    ]
    seen: dict[str, list[str]] = {}
    for gm in gemeenten or ["standaard"]:
        t = config.for_gemeente(gm).by_code(code)
        text = "; ".join(f"{f.name} = {_fmt(getattr(t, f.name))}" for f in dataclasses.fields(t))
        seen.setdefault(text, []).append(gm)
    for text, gms in seen.items():
        prefix = "" if len(seen) == 1 else f"{', '.join(gms)}: "
        lines.append(f"  {prefix}{text}")
    lines += ["", f"Entiteiten: {', '.join(signal_row.get('entity_ids') or []) or '-'}", "",
              "Bewijs:"]
    rows = evidence_rows or {}
    for ev in signal_row.get("evidence") or []:
        detail = rows.get(ev)
        lines.append(f"  {ev}" + (f": {detail}" if detail else ""))
    lines += ["", "Een signaal is een aanleiding voor menselijke beoordeling, nooit een conclusie."]
    return "\n".join(lines)
