"""Atomic publishing of a run's outputs: all of them switch at once, or none.

A run writes its outputs into `DATA/.published/<run_id>/<name>/`. The public paths
`DATA/<name>` (entities, signals, reports, exports) are fixed relative symlinks into
`DATA/.published/current/<name>`, and `current` is itself a symlink to the run folder.
Publishing is one atomic `os.replace` of `current`: a run that crashes before it leaves the
previous outputs whole and readable.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PUBLISHED = ".published"
CURRENT = "current"
OUTPUTS = ("entities", "signals", "reports", "exports")


def staging(data: Path, run_id: str) -> Path:
    """The folder a run writes its outputs into (created empty)."""
    folder = data / PUBLISHED / run_id
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def published(data: Path) -> Path | None:
    """The folder of the outputs that are public now, if any."""
    link = data / PUBLISHED / CURRENT
    return link.resolve() if link.is_symlink() else None


def _ensure_public_links(data: Path) -> None:
    for name in OUTPUTS:
        public = data / name
        target = Path(PUBLISHED) / CURRENT / name
        if public.is_symlink() and Path(os.readlink(public)) == target:
            continue
        if public.exists() and not public.is_symlink():
            raise FileExistsError(f"{public} is geen link naar gepubliceerde uitvoer")
        tmp = data / f".{name}.link"
        if tmp.is_symlink():
            tmp.unlink()
        tmp.symlink_to(target, target_is_directory=True)
        os.replace(tmp, public)


def publish(data: Path, run_id: str, keep: int = 3) -> Path:
    """Make the outputs of `run_id` public in one atomic step; prune old run folders."""
    folder = data / PUBLISHED / run_id
    for name in OUTPUTS:
        (folder / name).mkdir(exist_ok=True)
    _ensure_public_links(data)
    tmp = data / PUBLISHED / f".{CURRENT}.{run_id}"
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(run_id, target_is_directory=True)
    os.replace(tmp, data / PUBLISHED / CURRENT)
    _prune(data, keep)
    return folder


def _prune(data: Path, keep: int) -> None:
    root = data / PUBLISHED
    current = published(data)
    runs = sorted((p for p in root.iterdir() if p.is_dir() and not p.is_symlink()),
                  key=lambda p: p.stat().st_mtime)
    for old in runs[:-keep]:
        if current is None or old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
