"""The incremental resolution of a night with one new delivery against a full resolution.

A demo history is resolved in full; the held-back delivery is then ingested and the same
lake resolved twice: incrementally on top of the history's resolution, and afresh (the same
previous entities, without the incremental state). Organisations and addresses must be the
same exactly; persons as well, except where a pair scored in the history keeps its old
probability while the full run's term frequencies moved it across a threshold (see
transforms/resolve/incremental.py): the test bounds that by the cluster precision and recall
against the demo's truth and by the share of mentions whose entity differs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.flows.nightly_factory import HELD, KEY

SCALE = 0.3

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Night:
    data: Path          # the lake after the new delivery
    history: Path       # the history's resolution (a run folder: entities/ with its state)
    incremental: Path   # this night resolved on top of the history
    full: Path          # this night resolved afresh, with the history's ids
    counts: dict[str, int]


def _ingest(data: Path) -> None:
    from flows.ingest import ingest
    from flows.progress import LogReporter
    from iob.settings import load_settings

    ingest(load_settings(str(data)), "test", LogReporter(lambda _: None), docs=False)


def _resolve(data: Path, out: Path, previous: Path | None) -> dict[str, int]:
    from flows import stages
    from iob.settings import load_settings

    settings = load_settings(str(data))
    out.mkdir(parents=True)
    _, result = stages.resolve_stage(settings, stages.load_tables(settings), out, previous)
    return result.counts


def _without_state(run: Path, target: Path) -> Path:
    from flows.stages import STATE

    shutil.copytree(run, target)
    shutil.rmtree(target / "entities" / STATE)
    return target


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Night]:
    from iob.demo import generate

    root = tmp_path_factory.mktemp("incrementeel")
    data = root / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY", KEY)
        # one program throughout (the digest of the files would change with any edit made
        # while the tests run)
        mp.setattr("flows.stages.code_digest", lambda: "programma")
        generate(data, seed=5, scale=SCALE)
        held = root / HELD
        shutil.move(data / "landing" / "dor" / HELD, held)
        _ingest(data)
        history = root / "history"
        assert _resolve(data, history, None)["incrementeel"] == 0
        shutil.copy2(held, data / "landing" / "dor" / HELD)
        _ingest(data)
        counts = _resolve(data, root / "incremental", history)
        full = root / "full"
        _resolve(data, full, _without_state(history, root / "history-zonder-staat"))
        yield Night(data, history, root / "incremental", full, counts)


def _read(run: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(run / "entities" / name)


def test_the_night_is_resolved_incrementally(night: Night) -> None:
    assert night.counts["incrementeel"] == 1
    assert 0 < night.counts["personen_nieuw"] < night.counts["personen_mentions"] // 10
    assert night.counts["personen_opnieuw_geclusterd"] < night.counts["personen_mentions"] // 10


def test_mentions_are_the_full_runs_in_the_same_order_and_schema(night: Night) -> None:
    inc, full = _read(night.incremental, "mentions.parquet"), _read(night.full,
                                                                   "mentions.parquet")
    assert inc.schema == full.schema
    assert_frame_equal(inc.drop("entity_id", "confidence", "generation"),
                       full.drop("entity_id", "confidence", "generation"))


def test_organisations_and_addresses_are_exactly_the_full_runs(night: Night) -> None:
    for kind, name in (("organisatie", "organisations.parquet"), ("adres", "addresses.parquet")):
        inc = _read(night.incremental, "mentions.parquet").filter(pl.col("entity_type") == kind)
        full = _read(night.full, "mentions.parquet").filter(pl.col("entity_type") == kind)
        assert_frame_equal(inc, full)
        assert_frame_equal(_read(night.incremental, name), _read(night.full, name))


def test_persons_are_the_full_runs_within_the_frequency_drift(night: Night) -> None:
    from bench.er import cluster_scores, demo_mentions

    inc = _read(night.incremental, "mentions.parquet").filter(pl.col("entity_type") == "persoon")
    full = _read(night.full, "mentions.parquet").filter(pl.col("entity_type") == "persoon")
    differs = (inc["entity_id"] != full["entity_id"]).sum()
    assert differs <= inc.height // 1000
    assert (inc["confidence"] - full["confidence"]).abs().max() < 0.05  # type: ignore[operator]
    truth = demo_mentions(night.data).select("mention_id", "person_key")
    scores = [
        cluster_scores(joined["person_key"], joined["entity_id"])
        for joined in (truth.join(frame, on="mention_id") for frame in (inc, full))
    ]
    assert abs(scores[0]["precision"] - scores[1]["precision"]) <= 0.001
    assert abs(scores[0]["recall"] - scores[1]["recall"]) <= 0.001
    if differs == 0:  # the same persons: the same canonical table
        assert_frame_equal(_read(night.incremental, "persons.parquet"),
                           _read(night.full, "persons.parquet"))


def test_review_queue_holds_the_same_pairs(night: Night) -> None:
    pairs = ["mention_a", "mention_b"]
    inc = _read(night.incremental, "review_queue.parquet")
    full = _read(night.full, "review_queue.parquet")
    same = inc.join(full, on=pairs, how="inner").height
    assert same >= max(inc.height, full.height) - max(2, full.height // 100)


def test_the_next_night_builds_on_the_incremental_one(night: Night, tmp_path: Path) -> None:
    """A night without new deliveries on top of the incremental night changes nothing."""
    counts = _resolve(night.data, tmp_path / "next", night.incremental)
    assert counts["incrementeel"] == 1
    assert counts["personen_nieuw"] == 0
    for name in ("mentions.parquet", "review_queue.parquet", "persons.parquet",
                 "organisations.parquet", "addresses.parquet"):
        assert_frame_equal(_read(tmp_path / "next", name), _read(night.incremental, name))


def test_a_program_change_resolves_afresh(night: Night, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import stages

    monkeypatch.setattr(stages, "code_digest", lambda: "een ander programma")
    assert _resolve(night.data, tmp_path / "run", night.history)["incrementeel"] == 0


def test_a_changed_decision_resolves_afresh(night: Night, tmp_path: Path) -> None:
    from iob.decisions import DecisionStore
    from iob.settings import load_settings

    data = tmp_path / "data"
    shutil.copytree(night.data, data, symlinks=True)
    mentions = _read(night.history, "mentions.parquet").filter(
        pl.col("entity_type") == "persoon")["mention_id"]
    DecisionStore.open(load_settings(str(data))).record_link(
        mentions[0], mentions[1], "verschillend", "analist", "andere personen")
    assert _resolve(data, tmp_path / "run", night.history)["incrementeel"] == 0


def test_a_corrected_record_resolves_afresh(night: Night, tmp_path: Path) -> None:
    """A delivery that repeats a record id corrects that record: the lake's current view
    is then not the old one plus new rows."""
    from flows import lake
    from transforms.schema import TABLES

    data = tmp_path / "data"
    shutil.copytree(night.data, data, symlinks=True)
    current = lake.current_path(data / "lake", "dor")
    frame = pl.read_parquet(current)
    corrected = frame.head(1).with_columns(pl.lit("f" * 64).alias("_sha256"),
                                           pl.col("_delivery_date").dt.offset_by("1d"))
    lake.merge_current(frame, corrected, TABLES["dor"]).write_parquet(current)
    assert _resolve(data, tmp_path / "run", night.incremental)["incrementeel"] == 0


def test_without_a_previous_state_resolves_afresh(night: Night, tmp_path: Path) -> None:
    previous = _without_state(night.incremental, tmp_path / "vorige")
    assert _resolve(night.data, tmp_path / "run", previous)["incrementeel"] == 0
