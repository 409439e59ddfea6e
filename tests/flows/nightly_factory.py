"""Helpers for the nightly tests: a small demo history, a held-back delivery, snapshots.

The stages run without Prefect (`flows.nightly.PLAIN`), so these tests cost pipeline time
only; the Prefect flow itself is tested in test_nightly_demo.py and test_prefect_server.py.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

KEY = "testsleutel-voor-de-nachtrun-0123456789"
AS_OF = date(2026, 11, 28)
HELD = "dor_GM1729_20261001.csv"  # a small, ordinary delivery: the "new delivery" of a night


@dataclass(frozen=True)
class History:
    data: Path   # a data folder after one complete run, without the held delivery
    held: Path   # the held-back delivery file


def make_history(root: Path, scale: float = 0.02) -> History:
    from iob.demo import generate

    data = root / "data"
    generate(data, seed=5, scale=scale)
    held = root / HELD
    shutil.move(data / "landing" / "dor" / HELD, held)
    run(data)
    return History(data, held)


def run(data: Path, **kw: Any) -> dict[str, Any]:
    from flows.nightly import PLAIN, run_stages
    from iob.settings import load_settings

    return run_stages(load_settings(str(data)), kw.pop("as_of", AS_OF), PLAIN, docs=False,
                      **kw)


def fresh(history: History, target: Path, with_delivery: bool = True) -> Path:
    """A copy of the history's data folder (symlinks kept), plus the new delivery."""
    data = target / "data"
    shutil.copytree(history.data, data, symlinks=True)
    if with_delivery:
        shutil.copy2(history.held, data / "landing" / "dor" / HELD)
    return data


def snapshot(data: Path) -> dict[str, pl.DataFrame]:
    """What must be the same after a crash and a rerun: signals, mentions, deliveries."""
    signals = pl.read_parquet(data / "signals" / "signals.parquet").sort("signal_id", "status")
    mentions = pl.read_parquet(data / "entities" / "mentions.parquet")
    mentions = mentions.select("mention_id", "register", "record_id", "role", "entity_type",
                               "entity_id", "confidence").sort("mention_id")
    deliveries = pl.read_parquet(data / "quality" / "deliveries.parquet").select(
        "file", "register", "sha256", "status", "rows_in", "rows_accepted",
        "rows_quarantined", "message").sort("file", "status")
    files = sorted(str(p.relative_to(data)) for name in ("reports", "exports", "signals")
                   for p in (data / name).rglob("*") if p.is_file())
    return {"signals": signals, "mentions": mentions, "deliveries": deliveries,
            "files": pl.DataFrame({"file": files})}


def assert_same(got: dict[str, pl.DataFrame], want: dict[str, pl.DataFrame]) -> None:
    from polars.testing import assert_frame_equal

    for name, frame in want.items():
        try:
            assert_frame_equal(got[name], frame, check_exact=True)
        except AssertionError as exc:
            raise AssertionError(f"{name} verschilt: {exc}") from None


def manifests(data: Path) -> list[dict[str, Any]]:
    import json

    found = [json.loads(p.read_text()) for p in (data / "runs").glob("*/manifest.json")]
    return sorted(found, key=lambda m: str(m["started"]))
