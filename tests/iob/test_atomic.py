"""Atomic writes keep the old file on a crash; the run lock refuses a second run."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from iob.atomic import RunLock, write_atomic, write_text_atomic
from iob.errors import RunLockedError


def test_crash_during_write_leaves_previous_content_and_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomic(target, "oud")

    def crash(p: Path) -> None:
        p.write_text("half")
        raise RuntimeError("stroomstoring")

    with pytest.raises(RuntimeError):
        write_atomic(target, crash)
    assert target.read_text() == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def _hold_lock(data: str, ready: multiprocessing.synchronize.Event,  # type: ignore[name-defined]
               release: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    with RunLock(Path(data)):
        ready.set()
        release.wait(30)


def test_second_run_on_the_same_data_folder_is_refused(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    proc.start()
    try:
        assert ready.wait(30)
        with pytest.raises(RunLockedError, match="er loopt al een run"), RunLock(tmp_path):
            pass
    finally:
        release.set()
        proc.join(30)
    with RunLock(tmp_path):
        pass
