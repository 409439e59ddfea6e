"""`Deel`s as JSON: what a run keeps of its figures for the next night (pure; the reports
stage in flows/render.py reads and writes the file)."""

from __future__ import annotations

from datetime import date
from typing import Any

from outputs.report.model import Deel, Telling, Uitsplitsing


def _tellingen(raw: Any) -> tuple[Telling, ...]:
    return tuple((str(k), int(n)) for k, n in raw)


def deel_to_json(part: Deel) -> dict[str, Any]:
    return {
        "rijen": part.rijen, "totaal": part.totaal,
        "per_jaar": [list(r) for r in part.per_jaar],
        "kwartalen": [list(r) for r in part.kwartalen],
        "hotspots": [list(r) for r in part.hotspots],
        "kenmerken": [list(r) for r in part.kenmerken],
        "uitsplitsingen": [[u.titel, [list(r) for r in u.rijen]] for u in part.uitsplitsingen],
        "datums": None if part.datums is None else [d.isoformat() for d in part.datums],
        "betrokkenen": part.betrokkenen,
    }


def deel_from_json(raw: dict[str, Any]) -> Deel:
    datums = raw["datums"]
    return Deel(
        rijen=int(raw["rijen"]), totaal=int(raw["totaal"]),
        per_jaar=tuple((int(j), int(n)) for j, n in raw["per_jaar"]),
        kwartalen=_tellingen(raw["kwartalen"]), hotspots=_tellingen(raw["hotspots"]),
        kenmerken=_tellingen(raw["kenmerken"]),
        uitsplitsingen=tuple(Uitsplitsing(str(t), _tellingen(r))
                             for t, r in raw["uitsplitsingen"]),
        datums=None if datums is None else (date.fromisoformat(datums[0]),
                                             date.fromisoformat(datums[1])),
        betrokkenen=int(raw["betrokkenen"]),
    )
