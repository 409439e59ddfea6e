"""Synthetic demo deliveries for the five Heuvelland municipalities, with ground truth.

`generate(out_dir, seed, scale)` writes `landing/<register>/...` and `truth/` (see
shared/contracts/outputs.md). Same seed and scale give byte-identical files.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from iob.demo import bibob, damocles, dor, nachtregister
from iob.demo.badrows import spoil
from iob.demo.cases import plant
from iob.demo.world import World
from iob.demo.writer import assign_ids, redeliver, write_landing, write_truth

# Heuvelland volume per year at scale 1; the data span 18 months (x 1.5).
PER_YEAR = {"dor": 4000, "nachtregister": 30000, "bibob": 40, "damocles": 30}
YEARS = 1.5

__all__ = ["DemoSummary", "build", "generate"]


@dataclass(frozen=True)
class DemoSummary:
    files: tuple[str, ...]  # paths relative to out_dir, landing and truth
    rows: dict[str, int] = field(default_factory=dict)  # per table
    persons: int = 0
    cases: int = 0
    decoys: int = 0


def build(seed: int = 42, scale: float = 1.0) -> World:
    """All records in memory, ids assigned; nothing written."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    w = World.new(seed, scale)
    n = {k: max(1, round(v * YEARS * scale)) for k, v in PER_YEAR.items()}
    orgs = bibob.Orgs(w)
    dor.background(w, n["dor"])
    nachtregister.background(w, n["nachtregister"])
    bibob.background(w, orgs, n["bibob"])
    damocles.background(w, orgs, n["damocles"])
    plant(w, orgs)
    spoil(w)
    assign_ids(w.records)
    return w


def generate(out_dir: Path, seed: int = 42, scale: float = 1.0) -> DemoSummary:
    out_dir = Path(out_dir)
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles: the collector only costs time
    try:
        w = build(seed, scale)
        paths = write_landing(w, out_dir)
        paths.append(redeliver(paths))
        persons = write_truth(w, out_dir)
    finally:
        if enabled:
            gc.enable()
    paths += [out_dir / "truth" / "persons.parquet", out_dir / "truth" / "cases.json"]
    rows = Counter(r.table for r in w.records)
    return DemoSummary(
        files=tuple(sorted(p.relative_to(out_dir).as_posix() for p in paths)),
        rows=dict(sorted(rows.items())),
        persons=persons,
        cases=sum(c.must_flag for c in w.cases),
        decoys=sum(not c.must_flag for c in w.cases),
    )
