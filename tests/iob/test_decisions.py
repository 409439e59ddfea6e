"""The decisions store on SQLite and on a real PostgreSQL server; `iob decide` end to end."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from iob.cli import main
from iob.decisions import DecisionStore
from iob.errors import InputError


def _exercise(store: DecisionStore) -> None:
    t1, t2 = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)
    store.record_link("dor:V-2:verkoper:1", "dor:V-1:verkoper:1", "zelfde", "ana", "zelfde ID",
                      now=t1)
    store.record_link("dor:V-1:verkoper:1", "dor:V-2:verkoper:1", "verschillend", "bob",
                      "tweeling, andere voornaam", now=t2)
    latest = store.latest_links()
    assert latest.height == 1
    row = latest.row(0, named=True)
    assert (row["mention_a"], row["mention_b"], row["oordeel"], row["wie"]) == (
        "dor:V-1:verkoper:1", "dor:V-2:verkoper:1", "verschillend", "bob")
    assert store.link_history().height == 2
    store.record_signal("S-abc", "casusoverleg", "ana", "bespreken in RIEC-overleg", now=t1)
    assert store.latest_signals().get_column("besluit").to_list() == ["casusoverleg"]


def test_sqlite_store_keeps_history_and_latest_judgement_counts(tmp_path: Path) -> None:
    _exercise(DecisionStore(f"sqlite:///{tmp_path / 'decisions.sqlite'}"))


def test_postgresql_store_behaves_the_same() -> None:
    url = os.environ.get("IOB_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("IOB_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL server configured (IOB_TEST_POSTGRES_URL)")
    store = DecisionStore(url)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM koppelbesluiten")
        conn.exec_driver_sql("DELETE FROM signaalbesluiten")
    _exercise(store)


def test_a_judgement_without_reason_or_with_unknown_value_is_refused(tmp_path: Path) -> None:
    store = DecisionStore(f"sqlite:///{tmp_path / 'd.sqlite'}")
    with pytest.raises(InputError, match="verplicht"):
        store.record_link("a", "b", "zelfde", "ana", "  ")
    with pytest.raises(InputError, match="onbekend"):
        store.record_link("a", "b", "misschien", "ana", "x")


def test_iob_decide_writes_to_the_data_folder_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = CliRunner().invoke(main, [
        "decide", "dor:V-1:verkoper:1", "nachtregister:NR-1:gast:1", "--oordeel", "zelfde",
        "--door", "ana", "--reden", "zelfde geboortedatum en adres", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "dezelfde persoon" in result.output
    latest = DecisionStore(f"sqlite:///{data / 'decisions.sqlite'}").latest_links()
    assert latest.get_column("oordeel").to_list() == ["zelfde"]
