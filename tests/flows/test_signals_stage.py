"""The signals stage on a night with a new DOR delivery: the local rules come from the
previous run's rule cache, the municipalities whose signals did not change keep their files,
and everything is what the same night computes without any cache."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.flows.nightly_factory import AS_OF, KEY, History, fresh, make_history, run


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY", KEY)
        return make_history(tmp_path_factory.mktemp("signalen"))


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOB_PSEUDONYM_KEY", KEY)


def _night(history: History, target: Path, keep_cache: bool = True,
           writer: str | None = None, days: int = 0, delivery: bool = True
           ) -> tuple[Path, Path, dict[str, object]]:
    """A night without news (the signals turn `bestaand`), then the night with the held
    delivery (`days` later; without it when not `delivery`): (the first night's run folder,
    the second's, the second's signalen counts)."""
    from flows.publish import published
    from flows.signals_stage import CACHE, WRITER
    from tests.flows.nightly_factory import HELD

    data = fresh(history, target, with_delivery=False)
    run(data)
    if delivery:
        shutil.copy2(history.held, data / "landing" / "dor" / HELD)
    before = published(data)
    assert before is not None and (before / CACHE / WRITER).is_file()
    if not keep_cache:
        shutil.rmtree(before / CACHE)
    if writer is not None:
        (before / CACHE / WRITER).write_text(writer, encoding="utf-8")
    out = run(data, as_of=AS_OF + timedelta(days=days))
    now = published(data)
    assert now is not None and now != before
    return before, now, out["stages"]["signalen"]["counts"]


def _files(run_dir: Path) -> dict[str, Path]:
    root = run_dir / "signals"
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def _gemeente_rows(run_dir: Path, code: str) -> pl.DataFrame:
    signals = pl.read_parquet(run_dir / "signals" / "signals.parquet")
    return signals.filter(pl.col("gemeentecodes").list.contains(code))


@pytest.mark.slow
def test_a_night_with_new_dor_rows_reuses_local_rules_and_unchanged_files(
        history: History, tmp_path: Path) -> None:
    from graph.rules import RULES
    from graph.signals import LOCAL

    before, now, counts = _night(history, tmp_path / "cache")
    _, plain, plain_counts = _night(history, tmp_path / "zonder", keep_cache=False)
    local = [c for c in RULES if any(c.startswith(f) for f in LOCAL)]
    assert counts["regels_hergebruikt"] == len(local) > 0
    assert plain_counts["regels_hergebruikt"] == 0
    # the same signals, every column, as the night computed without any cache
    got = pl.read_parquet(now / "signals" / "signals.parquet")
    want = pl.read_parquet(plain / "signals" / "signals.parquet")
    assert_frame_equal(got, want)
    assert got.height > 0
    # and the same files (CSV byte for byte; XLSX holds its time of writing)
    files, plain_files = _files(now), _files(plain)
    assert files.keys() == plain_files.keys()
    for name, path in files.items():
        if name.endswith(".csv"):
            assert path.read_bytes() == plain_files[name].read_bytes(), name
    # a municipality with the same rows keeps the previous run's files; another is written
    kept = changed = 0
    for name, path in files.items():
        if name.count("/") == 0:
            continue
        code = name.split("/")[0]
        same = _gemeente_rows(now, code).equals(_gemeente_rows(before, code))
        assert path.samefile(before / "signals" / name) == same, name
        kept, changed = kept + same, changed + (not same)
    assert kept > 0 and changed > 0
    assert not any(path.samefile(before / "signals" / name)
                   for name, path in plain_files.items() if "/" in name)


@pytest.mark.slow
def test_files_written_by_another_writer_are_not_linked(history: History,
                                                        tmp_path: Path) -> None:
    before, now, _ = _night(history, tmp_path, writer="een ander programma")
    linked = [name for name, path in _files(now).items()
              if "/" in name and path.samefile(before / "signals" / name)]
    assert linked == []


@pytest.mark.slow
def test_the_dor_night_is_incremental_and_equals_the_whole_computation(
        history: History, tmp_path: Path) -> None:
    """With the previous run's state the held DOR night takes the incremental path
    (graph.incremental); its signals and the state it leaves equal the night without any
    cache."""
    from flows.signals_stage import CACHE, load_state

    _, now, counts = _night(history, tmp_path / "cache")
    _, plain, plain_counts = _night(history, tmp_path / "zonder", keep_cache=False)
    assert counts["incrementeel"] == 1 and counts["geraakt"] != 0
    assert "incrementeel" not in plain_counts
    got = pl.read_parquet(now / "signals" / "signals.parquet")
    assert_frame_equal(got, pl.read_parquet(plain / "signals" / "signals.parquet"))
    state, whole = load_state(now / CACHE), load_state(plain / CACHE)
    assert state is not None and whole is not None
    assert_frame_equal(state.signals, whole.signals)
    assert (state.setup, state.gemeenten, state.hubs, state.zone) == (
        whole.setup, whole.gemeenten, whole.hubs, whole.zone)
    assert state.tables.keys() == whole.tables.keys()
    assert all((state.tables[t] == whole.tables[t]).all() for t in state.tables)
    assert (state.mentions == whole.mentions).all()


@pytest.mark.slow
@pytest.mark.parametrize("delivery", [True, False])
def test_the_next_days_night_is_incremental_and_equals_the_whole_computation(
        history: History, tmp_path: Path, delivery: bool) -> None:
    """A night on the next calendar day (`iob run` defaults to today), with or without the
    held delivery, takes the incremental path from the previous run's state at the day
    before; its signals and the state it leaves equal the same night without any cache."""
    from flows.signals_stage import CACHE, load_state

    _, now, counts = _night(history, tmp_path / "cache", days=1, delivery=delivery)
    _, plain, plain_counts = _night(history, tmp_path / "zonder", keep_cache=False, days=1,
                                    delivery=delivery)
    assert counts["incrementeel"] == 1 and counts["dagen_verschoven"] == 1
    assert counts["regels_hergebruikt"] == 0  # (computed from their previous signals)
    assert "incrementeel" not in plain_counts
    got = pl.read_parquet(now / "signals" / "signals.parquet")
    assert_frame_equal(got, pl.read_parquet(plain / "signals" / "signals.parquet"))
    assert got.height > 0
    state, whole = load_state(now / CACHE), load_state(plain / CACHE)
    assert state is not None and whole is not None
    assert state.as_of == whole.as_of == AS_OF + timedelta(days=1)
    assert_frame_equal(state.signals, whole.signals)
    assert (state.setup, state.gemeenten, state.hubs, state.zone) == (
        whole.setup, whole.gemeenten, whole.hubs, whole.zone)
