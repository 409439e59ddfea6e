"""A run that stops at any stage leaves the published outputs whole; the next run gives the
same outputs as a run that never stopped. Plus: nothing new changes nothing, the same
delivery twice changes nothing, and a second run at once is refused (slow: whole pipeline).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from iob.errors import RunLockedError
from tests.flows.nightly_factory import (
    HELD,
    KEY,
    History,
    assert_same,
    fresh,
    make_history,
    manifests,
    run,
    snapshot,
)

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOB_PSEUDONYM_KEY", KEY)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY", KEY)
        yield make_history(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def reference(history: History, tmp_path_factory: pytest.TempPathFactory,
              ) -> dict[str, pl.DataFrame]:
    """The outputs of the night with the new delivery, run without interruption."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY", KEY)
        data = fresh(history, tmp_path_factory.mktemp("reference"))
        run(data)
        return snapshot(data)


def _fail_on_call(n: int) -> Callable[..., Any]:
    calls = {"n": 0}

    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def fake(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] >= n:
                raise RuntimeError("gesimuleerde crash")
            return real(*args, **kwargs)
        return fake
    return wrap


# (stage, module, attribute, the call that fails)
CRASHES = [
    ("inlezen: halverwege het meer", "flows.lake", "publish_current", 1),
    ("inlezen: voor het leveringsoverzicht", "flows.deliveries", "write", 1),
    ("koppelen", "flows.stages", "resolve_stage", 1),
    ("signalen", "outputs.signal_files", "write_signal_files", 1),
    ("rapporten: na het eerste rapport", "outputs.report.pdf", "render_pdf", 2),
    # the night's exports are merged from its delta (outputs.exports.delta): stop at the
    # first graph file, while the FtM file may be written beside it
    ("exports", "outputs.exports.delta", "write_graphfile", 1),
    ("publiceren: voor de omschakeling", "flows.publish", "_ensure_public_links", 1),
]


@pytest.mark.parametrize(("stage", "module", "attr", "nth"), CRASHES,
                         ids=[c[0] for c in CRASHES])
def test_a_run_that_fails_at_a_stage_is_completed_by_the_next(
        history: History, reference: dict[str, pl.DataFrame], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, stage: str, module: str, attr: str, nth: int) -> None:
    import importlib

    data = fresh(history, tmp_path)
    before = snapshot(data)
    target = importlib.import_module(module)
    with monkeypatch.context() as mp:
        mp.setattr(target, attr, _fail_on_call(nth)(getattr(target, attr)))
        with pytest.raises(RuntimeError, match="gesimuleerde crash"):
            run(data)
    published_now = snapshot(data)
    for name in ("signals", "mentions", "files"):
        assert_same({name: published_now[name]}, {name: before[name]})
    assert manifests(data)[-1]["status"] == "mislukt"
    run(data)
    assert_same(snapshot(data), reference)
    assert manifests(data)[-1]["status"] == "voltooid"


def test_a_crash_after_the_switch_published_whole_outputs(
        history: History, reference: dict[str, pl.DataFrame], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pruning old run folders fails after the switch: the new outputs are public and whole;
    the next run is a night without news (same signals, now `bestaand`)."""
    data = fresh(history, tmp_path)
    with monkeypatch.context() as mp:
        mp.setattr("flows.publish._prune", _fail_on_call(1)(lambda *a: None))
        with pytest.raises(RuntimeError):
            run(data)
    assert_same(snapshot(data), reference)
    run(data)
    again = snapshot(data)
    want = reference["signals"].filter(pl.col("status") != "vervallen")
    assert_same({"signals": again["signals"].drop("status")}, {"signals": want.drop("status")})
    assert set(again["signals"]["status"]) <= {"bestaand"}


STAGE_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.flows.nightly_factory import run
    run(Path({data!r}))
""")


@pytest.mark.parametrize("stage", ["inlezen", "koppelen", "signalen", "rapporten",
                                   "exports"])
def test_a_run_killed_at_a_stage_is_completed_by_the_next(
        history: History, reference: dict[str, pl.DataFrame], tmp_path: Path,
        stage: str) -> None:
    data = fresh(history, tmp_path)
    before = snapshot(data)
    known = {m["run_id"] for m in manifests(data)}
    script = STAGE_SCRIPT.format(root=str(Path.cwd()), data=str(data))
    proc = subprocess.Popen([sys.executable, "-c", script], env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            runs = [m for m in manifests(data) if m["run_id"] not in known]
            if runs and runs[-1]["stages"].get(stage, {}).get("status") == "bezig":
                break
            time.sleep(0.02)
        assert proc.poll() is None, "de run was al klaar voor hij gestopt kon worden"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    published_now = snapshot(data)
    for name in ("signals", "mentions", "files"):
        assert_same({name: published_now[name]}, {name: before[name]})
    run(data)
    assert_same(snapshot(data), reference)
    statuses = [m["status"] for m in manifests(data)]
    assert statuses[-2:] == ["afgebroken", "voltooid"]


def test_a_night_without_news_publishes_the_same_signals_as_existing(
        history: History, tmp_path: Path) -> None:
    data = fresh(history, tmp_path, with_delivery=False)
    before = snapshot(data)
    run(data)
    after = snapshot(data)
    open_before = before["signals"].filter(pl.col("status") != "vervallen")
    assert_same({"signals": after["signals"].drop("status")},
                {"signals": open_before.drop("status")})
    assert set(after["signals"]["status"]) == {"bestaand"}
    assert_same({"mentions": after["mentions"]}, {"mentions": before["mentions"]})
    # the next quiet night reuses everything (the first one may have recomputed: the stage
    # keys include the program, which may have changed since the module's history was made)
    out = run(data)
    assert_same(snapshot(data), after)
    counts = {name: stage.get("counts", {}) for name, stage in out["stages"].items()}
    assert all(counts[s].get("hergebruikt") == 1
               for s in ("koppelen", "signalen", "rapporten", "exports"))
    assert counts["rapporten"]["gemaakt"] == 0 and counts["exports"]["gemaakt"] == 0


def test_the_same_delivery_twice_changes_nothing(history: History, tmp_path: Path) -> None:
    data = fresh(history, tmp_path)
    run(data)
    first = snapshot(data)
    copy = data / "landing" / "dor" / HELD.replace(".csv", "_nogmaals.csv")
    copy.write_bytes(history.held.read_bytes())
    out = run(data)
    second = snapshot(data)
    assert [f["status"] for f in out["files"]] == ["dubbel"]
    assert_same({"mentions": second["mentions"]}, {"mentions": first["mentions"]})
    open_first = first["signals"].filter(pl.col("status") != "vervallen")
    assert_same({"signals": second["signals"].drop("status")},
                {"signals": open_first.drop("status")})
    dubbel = second["deliveries"].filter(pl.col("file") == copy.name)
    assert dubbel["status"].to_list() == ["dubbel"]
    assert dubbel["rows_in"].to_list() == [0]


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from iob.atomic import RunLock
    with RunLock(Path({data!r})):
        print("vast", flush=True)
        time.sleep(120)
""")


def test_a_second_run_at_once_is_refused(history: History, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from iob.cli import main

    data = fresh(history, tmp_path)
    before = snapshot(data)
    script = HOLD_LOCK.format(root=str(Path.cwd()), data=str(data))
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "vast"
        with pytest.raises(RunLockedError, match="er loopt al een run"):
            run(data)
        result = CliRunner().invoke(main, ["run", "--data", str(data)])
        assert result.exit_code == 1
        assert "er loopt al een run" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert_same(snapshot(data), before)
    run(data)
    assert manifests(data)[-1]["status"] == "voltooid"
