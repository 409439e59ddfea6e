"""The run manifest: run id, deliveries and their hashes, rows per stage, outputs."""

from __future__ import annotations

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
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    status: str = "bezig"
    finished: str | None = None
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / self.run_id / "manifest.json"

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "as_of": self.as_of, "status": self.status,
            "started": self.started, "finished": self.finished,
            "deliveries": self.deliveries, "stages": self.stages, "outputs": self.outputs,
        }

    def save(self) -> None:
        write_json_atomic(self.path, self.to_json())

    def finish(self, status: str = "voltooid") -> None:
        self.status = status
        self.finished = datetime.now(UTC).isoformat(timespec="seconds")
        self.save()
