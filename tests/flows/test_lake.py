"""The lake's current view: corrections win, history stays, reprocessing is idempotent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from flows import lake
from transforms.schema import TABLES


def _rows(sha: str, delivered: date, rows: list[tuple[str, int, str]],
          key: str = "registratienummer") -> pl.DataFrame:
    return pl.DataFrame({
        key: [r[0] for r in rows],
        "_line": [r[1] for r in rows],
        "waarde": [r[2] for r in rows],
        "_sha256": [sha] * len(rows),
        "_file": [f"dor_GM0994_{delivered:%Y%m%d}.csv"] * len(rows),
        "_sheet": [""] * len(rows),
        "_delivery_date": [delivered] * len(rows),
    }, schema_overrides={"_line": pl.Int64})


def test_a_later_delivery_corrects_the_record_and_history_is_kept(tmp_path: Path) -> None:
    first = _rows("a", date(2026, 1, 1), [("V-1", 2, "oud"), ("V-2", 3, "blijft")])
    second = _rows("b", date(2026, 2, 1), [("V-1", 2, "nieuw")])
    lake.publish(tmp_path, "dor", {"a": first})
    current = lake.publish(tmp_path, "dor", {"b": second})
    assert current is not None
    assert dict(current.select("registratienummer", "waarde").iter_rows()) == {
        "V-1": "nieuw", "V-2": "blijft"}
    assert pl.read_parquet(lake.part_path(tmp_path, "dor", "a")).height == 2


def test_an_older_delivery_arriving_late_does_not_overwrite_a_newer_one(tmp_path: Path) -> None:
    lake.publish(tmp_path, "dor", {"b": _rows("b", date(2026, 2, 1), [("V-1", 2, "nieuw")])})
    current = lake.publish(tmp_path, "dor", {"a": _rows("a", date(2026, 1, 1),
                                                        [("V-1", 2, "oud")])})
    assert current is not None
    assert current.get_column("waarde").to_list() == ["nieuw"]


def test_publishing_the_same_delivery_twice_changes_nothing(tmp_path: Path) -> None:
    part = _rows("a", date(2026, 1, 1), [("V-1", 2, "x"), ("V-2", 3, "y")])
    once = lake.publish(tmp_path, "dor", {"a": part})
    twice = lake.publish(tmp_path, "dor", {"a": part})
    assert once is not None and twice is not None
    assert_frame_equal(once, twice)


def test_bibob_parties_of_a_corrected_dossier_are_replaced_as_a_set() -> None:
    table = TABLES["bibob_betrokkenen"]
    old = _rows("a", date(2026, 1, 1), [("D-1", 2, "bestuurder A"), ("D-1", 3, "aandeelhouder B"),
                                        ("D-2", 4, "aanvrager C")], key="dossiernummer")
    new = _rows("b", date(2026, 3, 1), [("D-1", 2, "bestuurder A2")], key="dossiernummer")
    merged = lake.merge_current(old, new, table)
    assert sorted(merged.get_column("waarde").to_list()) == ["aanvrager C", "bestuurder A2"]


def test_the_current_rows_are_counted_from_the_view(tmp_path: Path) -> None:
    assert lake.count_current(tmp_path, "dor") == 0
    lake.publish(tmp_path, "dor", {"a": _rows("a", date(2026, 1, 1),
                                              [("V-1", 2, "x"), ("V-2", 3, "y")])})
    lake.publish(tmp_path, "dor", {"b": _rows("b", date(2026, 2, 1),
                                              [("V-2", 2, "z"), ("V-3", 3, "w")])})
    view = lake.read_current(tmp_path, "dor")
    assert view is not None
    assert lake.count_current(tmp_path, "dor") == view.height == 3
