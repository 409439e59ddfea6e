"""Data Docs are built incrementally: a later run renders its own page and the index, the
earlier pages stay as they were, and the index lists every run."""

from __future__ import annotations

import os
from pathlib import Path

from expectations.docs import build_data_docs, slim_result
from expectations.validate import validate_batch
from tests.expectations.clean_frames import DOR_ROW, make_clean
from transforms.schema import DOR


def test_a_later_run_adds_its_page_and_leaves_the_earlier_ones(tmp_path: Path) -> None:
    docs = tmp_path / "gx_docs"
    first = validate_batch(make_clean(DOR, [DOR_ROW]), DOR).result
    build_data_docs([first], docs)
    (earlier,) = list((docs / "validations").rglob("*.html"))
    os.utime(earlier, ns=(1, 1))
    second = validate_batch(make_clean(DOR, [DOR_ROW | {"categorie": "drone"}]), DOR).result
    index = build_data_docs([slim_result(second)], docs)  # a worker's JSON is accepted too
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == 2
    assert earlier.stat().st_mtime_ns == 1  # not rendered again
    text = index.read_text(encoding="utf-8")
    assert all(p.parent.name in text or p.stem in text for p in pages)
