"""The run manifest: run id, deliveries and their hashes, rows per stage, outputs."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iob.atomic import write_json_atomic


def new_run_id(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass
class Manifest:
    run_id: str
    folder: Path
    as_of: str
    started: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))
    status: str = "bezig"
    finished: str | None = None
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / self.run_id / "manifest.json"

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "as_of": self.as_of, "status": self.status,
            "started": self.started, "finished": self.finished,
            "deliveries": self.deliveries, "stages": self.stages, "outputs": self.outputs,
            "inputs": self.inputs,
        }

    def save(self) -> None:
        write_json_atomic(self.path, self.to_json())

    def begin(self, stage: str) -> None:
        """Record that a stage started (a run killed now shows where it stopped)."""
        self.stages[stage] = {"status": "bezig"}
        self.save()

    def finish(self, status: str = "voltooid") -> None:
        self.status = status
        self.finished = datetime.now(UTC).isoformat(timespec="milliseconds")
        self.save()


def mark_abandoned(folder: Path) -> list[str]:
    """Mark the manifests of runs that died while running (status `bezig` while nobody holds
    the run lock) as `afgebroken`; returns their run ids. Call with the lock held."""
    found: list[str] = []
    for path in sorted(folder.glob("*/manifest.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if raw.get("status") == "bezig":
            raw["status"] = "afgebroken"
            write_json_atomic(path, raw)
            found.append(str(raw.get("run_id", path.parent.name)))
    return found
