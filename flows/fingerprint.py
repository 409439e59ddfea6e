"""What a run's outputs are a function of, as short hashes: the basis of incremental runs.

Every published run folder holds `stamp.json` with the keys it was computed from. A stage
whose key equals the key of the published run reuses that run's files (hard links) instead
of computing them again; a stage whose key differs recomputes. Keys are conservative: a
changed delivery, analyst decision, peildatum, configuration file or program file changes
them, so reuse can only happen where the full computation would give the same result.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from iob.atomic import write_json_atomic
from iob.settings import Settings

STAMP = "stamp.json"
#: the packages whose code decides what the stages compute (a change recomputes everything)
CODE_PACKAGES = ("transforms", "graph", "outputs", "flows")


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True,
                                                                default=str).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:32]


def frame_digest(frame: pl.DataFrame) -> str:
    """Content hash of a frame (column names, types, values in row order)."""
    lists = [pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("\x1f")
             for c, t in frame.schema.items() if isinstance(t, pl.List)]
    rows = frame.with_columns(lists) if lists else frame
    return digest([f"{c}:{t}" for c, t in frame.schema.items()],
                  rows.write_csv(include_header=False).encode())


def code_digest() -> str:
    """Hash of the program files that compute the outputs."""
    import importlib

    from iob import reference
    from iob.sources import files_digest

    files: list[tuple[str, Path]] = []
    for name in CODE_PACKAGES:
        root = Path(importlib.import_module(name).__path__[0])
        files += [(str(path.relative_to(root)), path) for path in sorted(root.rglob("*"))
                  if path.is_file() and path.suffix in {".py", ".html", ".css", ".csv",
                                                        ".toml", ".j2", ".json"}]
    refdata = Path(reference.__file__).parent.joinpath("refdata")
    files += [(str(path.relative_to(refdata)), path) for path in sorted(refdata.rglob("*"))
              if path.is_file()]
    return files_digest(files)[:32]


def lake_digest(settings: Settings) -> str:
    """The lake's state: every processed delivery, and each current view's size and time."""
    from flows import deliveries

    known = deliveries.read(settings.quality).filter(pl.col("status") == deliveries.VERWERKT)
    shas = sorted(known.get_column("sha256").to_list())
    views = []
    for path in sorted(settings.lake.glob("*/current.parquet")):
        st = path.stat()
        views.append([path.parent.name, st.st_size, st.st_mtime_ns])
    quarantine = sorted(p.name for p in settings.quarantine.glob("*/*.parquet"))
    return digest(shas, views, quarantine)


def deliveries_digest(settings: Settings) -> str:
    from flows import deliveries

    known = deliveries.read(settings.quality)
    return frame_digest(known.select("file", "register", "sha256", "status", "rows_in",
                                     "rows_accepted", "rows_quarantined", "message"))


def decisions_digest(links: pl.DataFrame) -> str:
    return frame_digest(links.select("mention_a", "mention_b", "oordeel")
                        .sort("mention_a", "mention_b"))


def config_digest(settings: Settings) -> str:
    from iob.config import load_config

    return digest(load_config(settings))


@dataclass
class Stamp:
    """The keys one run's outputs were computed from (stored as `stamp.json`)."""

    resolve: str = ""   # lake + decisions + code -> entities
    deliveries: str = ""  # every delivery recorded (reports list them, dubbel ones too)
    signals: str = ""   # resolve + peildatum + config -> signals (before status)
    signals_content: str = ""  # the published signals, status included
    reports: dict[str, str] = field(default_factory=dict)  # GMcode -> document hash
    exports: dict[str, str] = field(default_factory=dict)  # export file -> its key

    def save(self, folder: Path) -> None:
        write_json_atomic(folder / STAMP, asdict(self))

    @classmethod
    def load(cls, folder: Path | None) -> Stamp:
        if folder is None or not (folder / STAMP).is_file():
            return cls()
        try:
            raw: dict[str, Any] = json.loads((folder / STAMP).read_text(encoding="utf-8"))
            return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})
        except (ValueError, TypeError):
            return cls()


def link_tree(source: Path, target: Path) -> None:
    """Give `target` the files of `source` as hard links (a copy where linking fails)."""
    for path in sorted(source.rglob("*")):
        dest = target / path.relative_to(source)
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        else:
            link_file(path, dest)


def link_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
