"""The state an incremental resolution leaves for the next night (flows.stages._kept,
_state_write, _OtherStates): the person features and the organisations' and addresses'
state in the order of their mentions, as a full run leaves them, written by copying the
previous state files' row groups where their rows did not change."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from polars.testing import assert_frame_equal

from tests.flows.test_resolve_incremental import Night, _resolve, night

__all__ = ["night"]  # the fixture, shared with the incremental resolution's tests

pytestmark = pytest.mark.slow

GROUP = 1000  # rows per row group of the history's state files here
#: the state files written from the previous ones, and their columns that are per mention
KEPT = {"person_features.parquet": "persoon", "organisations.parquet": "organisatie",
        "addresses.parquet": "adres"}


def _state(run: Path, name: str) -> pl.DataFrame:
    from flows.stages import LABEL, STATE

    return pl.read_parquet(run / "entities" / STATE / name).drop(LABEL, strict=False)


def _groups(path: Path) -> list[int]:
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]


def test_the_state_is_the_full_runs(night: Night) -> None:
    """Per mention and in the mentions' order: the person features, the organisations'
    base columns and clusters and the addresses' keys are those a full run leaves (the
    entity labels and the scored pairs may differ: see transforms/resolve/incremental.py)."""
    for name, kind in KEPT.items():
        inc, full = _state(night.incremental, name), _state(night.full, name)
        assert_frame_equal(inc, full)
        mentions = pl.read_parquet(night.incremental / "entities" / "mentions.parquet")
        if "mention_id" in inc.columns:
            ids = mentions.filter(pl.col("entity_type") == kind)["mention_id"]
            assert inc["mention_id"].equals(ids)


def test_the_state_files_copy_the_previous_row_groups(
        night: Night, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """History state files as polars writes them (offset indexes, lz4) in small row groups:
    the night's files hold the previous groups after the last new mention of their kind,
    copied, read back as the state written whole, and the next night copies them again."""
    from flows.stages import STATE
    from iob import parquet_stitch

    monkeypatch.setattr(parquet_stitch, "ROW_GROUP_ROWS", GROUP)
    encoded: dict[str, int] = {}
    encode = parquet_stitch.encode

    def counted(frame: pl.DataFrame, *args: Any) -> bytes:
        key = "features" if "an" in frame.columns else ",".join(frame.columns)
        if frame.height:
            encoded[key] = encoded.get(key, 0) + frame.height
        return encode(frame, *args)

    history = tmp_path / "history"
    shutil.copytree(night.history, history)
    before: dict[str, list[int]] = {}
    for name in KEPT:
        path = history / "entities" / STATE / name
        pl.read_parquet(path).write_parquet(path, compression="lz4", statistics=False,
                                            row_group_size=GROUP)
        before[name] = _groups(path)
        assert len(before[name]) > 3
    monkeypatch.setattr(parquet_stitch, "encode", counted)
    assert _resolve(night.data, tmp_path / "night", history)["incrementeel"] == 1
    for name in KEPT:
        out = tmp_path / "night" / "entities" / STATE / name
        assert_frame_equal(pl.read_parquet(out),
                           pl.read_parquet(night.incremental / "entities" / STATE / name))
        after = _groups(out)
        assert after[-3:] == before[name][-3:]  # at least the last three groups copied
        assert sum(after) == pl.read_parquet(out).height
    rows = {"features": _state(night.incremental, "person_features.parquet").height}
    assert 0 < encoded["features"] < rows["features"] - 3 * GROUP
    # the next night without news copies every group of the night's files
    encoded.clear()
    assert _resolve(night.data, tmp_path / "next", tmp_path / "night")["incrementeel"] == 1
    for name in KEPT:
        out = tmp_path / "next" / "entities" / STATE / name
        assert _groups(out) == _groups(tmp_path / "night" / "entities" / STATE / name)
        assert_frame_equal(pl.read_parquet(out),
                           pl.read_parquet(night.incremental / "entities" / STATE / name))
    assert "features" not in encoded


def test_state_beside_the_mentions_in_their_order_else_joined() -> None:
    """A state in the mentions' order is put beside them; one in another order (an older
    program's) is joined, to the same frame."""
    from flows.stages import _beside

    mentions = pl.DataFrame({"mention_id": ["a", "b", "c"], "entity_id": ["X", "Y", "X"]})
    state = pl.DataFrame({"mention_id": ["a", "b", "c"], "cluster": ["k1", "k2", "k1"]})
    side, aligned = _beside(mentions, state)
    joined, misaligned = _beside(mentions, state.reverse())
    assert aligned and not misaligned
    assert_frame_equal(side, joined)
    assert_frame_equal(side, mentions.join(state, on="mention_id", maintain_order="left"))


def test_pairs_of_an_older_program_in_parquet_are_read(night: Night, tmp_path: Path) -> None:
    """The scored pairs are kept as Arrow IPC; a previous state holding them as parquet (an
    older program's) is built on all the same, to the same night."""
    from flows.stages import PAIRS, PAIRS_PARQUET

    previous = tmp_path / "vorige"
    shutil.copytree(night.history, previous)
    arrow = previous / "entities" / PAIRS
    if arrow.is_file():  # the history is a full run of this program: its pairs as IPC
        pl.read_ipc(arrow).write_parquet(previous / "entities" / PAIRS_PARQUET)
        arrow.unlink()
    assert (previous / "entities" / PAIRS_PARQUET).is_file()
    assert _resolve(night.data, tmp_path / "run", previous)["incrementeel"] == 1
    for name in ("mentions.parquet", "persons.parquet", "review_queue.parquet"):
        assert_frame_equal(pl.read_parquet(tmp_path / "run" / "entities" / name),
                           pl.read_parquet(night.incremental / "entities" / name))
    assert_frame_equal(pl.read_ipc(tmp_path / "run" / "entities" / PAIRS),
                       pl.read_ipc(night.incremental / "entities" / PAIRS))
