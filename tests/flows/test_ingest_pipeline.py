"""The ingest pipeline's fast paths give what the plain ones give.

- GX in a worker process (`expectations.worker`) stores exactly what GX in-process stores;
- a delivery's accepted rows as zero-copy slices equal `partition_by`;
- the current-view merge equals the straightforward concat/sort/unique on random batches;
- a table without accepted rows keeps its current view untouched (no re-read, no rewrite).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flows import ingest as ingest_module
from flows import lake
from flows.ingest import _by_delivery, ingest
from flows.progress import LogReporter
from iob.pseudonym import ensure_demo_key
from iob.settings import load_settings
from tests.flows.ingest_factory import csv_text, dor_rows, drop, nacht_rows
from transforms.schema import TABLES, Table


def _landing(data: Path) -> None:
    drop(data, "dor", "dor_GM0994_20260301.csv", csv_text(dor_rows(
        {}, {"prijs": "twintig"}, {"categorie": "drone"}, {"verkoper_id_nummer": "111222333"})))
    drop(data, "dor", "dor_GM0994_20260401.csv", csv_text(dor_rows(
        {"omschrijving": "gecorrigeerd"}, {"gemeentecode": "GM0935"})))
    drop(data, "nachtregister", "nachtregister_GM1729_20260301.csv", csv_text(nacht_rows(
        {}, {"aantal_personen": "0"}, {"id_type": ""})))
    drop(data, "nachtregister", "nachtregister_GM1729_20260302.csv", "kapot;bestand\n\x00")


def _outputs(data: Path) -> dict[str, pl.DataFrame]:
    out = {}
    for path in sorted(data.rglob("*.parquet")):
        frame = pl.read_parquet(path)
        out[str(path.relative_to(data))] = frame.drop("mtime_ns", "run_id", strict=False)
    return out


@pytest.mark.slow
def test_gx_in_a_worker_process_stores_what_gx_in_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = {}
    for mode, threshold in (("hier", 1 << 62), ("werker", 0)):
        data = tmp_path / mode
        _landing(data)
        settings = load_settings(data)
        ensure_demo_key(settings)
        monkeypatch.setattr(ingest_module, "WORKER_MIN_BYTES", threshold)
        result = ingest(settings, "test", LogReporter(lambda _: None), docs=True)
        assert (result.worker_peak_mb > 0) == (mode == "werker")
        assert (data / "quality" / "gx_docs" / "index.html").is_file()
        got[mode] = _outputs(data)
    assert list(got["hier"]) == list(got["werker"])
    for name, frame in got["hier"].items():
        assert_frame_equal(frame, got["werker"][name])
    quarantined = got["werker"]["quality/deliveries.parquet"].get_column("rows_quarantined")
    assert quarantined.sum() == 6


def test_delivery_slices_equal_partition_by() -> None:
    frame = pl.DataFrame({"_sha256": ["a", "a", "b", "c", "c", "c"], "v": list(range(6))})
    slices = _by_delivery(frame)
    parts = frame.partition_by("_sha256", as_dict=True, maintain_order=True)
    assert list(slices) == ["a", "b", "c"]
    for (sha,), part in parts.items():
        assert_frame_equal(slices[str(sha)], part)
    mixed = pl.DataFrame({"_sha256": ["a", "b", "a"], "v": [1, 2, 3]})
    assert _by_delivery(mixed)["a"].get_column("v").to_list() == [1, 3]


def _reference_merge(old: pl.DataFrame | None, new: pl.DataFrame, table: Table) -> pl.DataFrame:
    """The merge as first written: concatenate, de-duplicate, sort, keep the latest."""
    frames = [f for f in (old, new) if f is not None and f.height > 0]
    both = pl.concat(frames, how="diagonal_relaxed")
    if len(frames) > 1:
        both = both.unique(subset=["_sha256", "_sheet", "_line"], keep="last",
                           maintain_order=True)
    both = both.sort(lake.ORDER, maintain_order=True)
    key = table.record_id
    assert key is not None
    if table.parent_key is None:
        return both.unique(subset=[key], keep="last", maintain_order=True)
    latest = both.group_by(key).agg(pl.col("_sha256").last().alias("_latest_sha"))
    return (both.join(latest, on=key, how="left", maintain_order="left")
            .filter(pl.col("_sha256") == pl.col("_latest_sha")).drop("_latest_sha"))


def _random_batch(rng: random.Random, key: str, shas: list[str], n: int) -> pl.DataFrame:
    rows = []
    for i in range(n):
        sha = rng.choice(shas)
        day = date(2026, 1 + shas.index(sha) % 12, 1)
        rows.append({key: f"K-{rng.randrange(12)}", "_line": i + 2, "waarde": rng.random(),
                     "_sha256": sha, "_file": f"f_{day:%Y%m%d}_{sha}.csv", "_sheet": "",
                     "_delivery_date": day})
    return pl.DataFrame(rows)


@pytest.mark.parametrize("table_name", ["dor", "bibob_betrokkenen"])
@pytest.mark.parametrize("seed", range(6))
def test_merge_equals_the_reference_merge(table_name: str, seed: int) -> None:
    table = TABLES[table_name]
    key = table.record_id
    assert key is not None
    rng = random.Random(seed)
    old = _reference_merge(None, _random_batch(rng, key, ["a", "b", "c"], 40), table)
    new = _random_batch(rng, key, ["b", "d", "e"], 25)  # "b" again: a reprocessed delivery
    assert_frame_equal(lake.merge_current(old, new, table), _reference_merge(old, new, table))
    assert_frame_equal(lake.merge_current(None, new, table), _reference_merge(None, new, table))


def test_no_accepted_rows_leave_the_current_view_untouched(tmp_path: Path) -> None:
    rows = _random_batch(random.Random(1), "registratienummer", ["a"], 5)
    lake.publish(tmp_path, "dor", {"a": rows})
    before = lake.current_path(tmp_path, "dor").stat().st_mtime_ns
    assert lake.publish(tmp_path, "dor", {"b": rows.clear()}) is None
    assert lake.current_path(tmp_path, "dor").stat().st_mtime_ns == before
    assert lake.part_path(tmp_path, "dor", "b").is_file()


def _reference_context(quarantine: pl.DataFrame, batch: pl.DataFrame, table: Table
                       ) -> pl.DataFrame:
    """The quarantine context by joining every row's keys (what the ingest did before)."""
    keys = batch.select(
        pl.col("_file").alias("file"), pl.col("_sheet").fill_null("").alias("sheet"),
        pl.col("_line").cast(pl.Int64).alias("line"),
        pl.col(table.record_id or "").cast(pl.String).alias("record_id"),
        pl.coalesce(pl.col("gemeentecode"), pl.col("gemeentecode__raw")).alias("gemeentecode"),
        pl.coalesce(pl.col("logies_kvk"), pl.col("logies_kvk__raw")).alias("logies_kvk"))
    return quarantine.join(keys, on=["file", "sheet", "line"], how="left",
                           maintain_order="left")


@pytest.mark.parametrize("seed", range(4))
def test_quarantine_context_from_the_failing_rows_equals_the_key_join(seed: int) -> None:
    rng = random.Random(seed)
    table = TABLES["nachtregister"]
    n = 60
    gm = [rng.choice([None, "GM1729", "GM0994"]) for _ in range(n)]
    kvk = [rng.choice([None, "12345678"]) for _ in range(n)]
    batch = pl.DataFrame({
        "_row": list(range(n)), "_file": [f"n_{i // 25}.csv" for i in range(n)],
        "_sheet": [""] * n, "_line": [i % 25 + 2 for i in range(n)],
        "registratie_id": [f"R{rng.randrange(40)}" for _ in range(n)],
        "gemeentecode": gm, "gemeentecode__raw": [g or rng.choice([None, "xx"]) for g in gm],
        "logies_kvk": kvk, "logies_kvk__raw": [k or rng.choice([None, "1234"]) for k in kvk],
    }).with_columns(pl.col("_line").cast(pl.Int64))
    failing = {"a": sorted(rng.sample(range(n), 9)), "b": sorted(rng.sample(range(n), 5))}
    bad = sorted(set(failing["a"]) | set(failing["b"]))  # as `finish` gives them: row order
    quarantine = batch[bad].select(pl.col("_file").alias("file"), pl.col("_sheet").alias("sheet"),
                                   pl.col("_line").alias("line"), pl.lit("x").alias("reason"))
    got = ingest_module._with_context(quarantine, batch, table, failing)
    assert got.height == len(set(failing["a"]) | set(failing["b"]))
    assert_frame_equal(got, _reference_context(quarantine, batch, table))


class _FakeWorker:
    def __init__(self, ready: bool) -> None:
        self.ready = ready

    def is_ready(self) -> bool:
        return self.ready


def test_register_order_biggest_first_bibob_by_worker_state() -> None:
    registers = ["dor", "nachtregister", "bibob", "damocles"]
    mb = ingest_module.WORKER_MIN_BYTES // 10
    sizes = {"dor": mb, "nachtregister": 9 * mb, "bibob": mb // 2, "damocles": mb}
    gx = ingest_module._Gx(None)
    assert ingest_module._order(registers, gx, sizes) == ["bibob", "dor", "nachtregister",
                                                         "damocles"]
    gx.worker = _FakeWorker(True)  # type: ignore[assignment]
    assert ingest_module._order(registers, gx, sizes) == ["bibob", "nachtregister", "dor",
                                                         "damocles"]
    gx.worker = _FakeWorker(False)  # type: ignore[assignment]
    assert ingest_module._order(registers, gx, sizes) == ["nachtregister", "dor", "damocles",
                                                         "bibob"]
    small = {r: size // 100 for r, size in sizes.items()}  # a small night: spec order
    assert ingest_module._order(registers, gx, small) == ["dor", "nachtregister", "damocles",
                                                         "bibob"]


def test_next_register_is_read_while_this_one_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cleaning of the first register waits until the second one's files are being read:
    without the read-ahead thread it would wait in vain (and fail after the timeout)."""
    import threading

    _landing(tmp_path)
    settings = load_settings(tmp_path)
    ensure_demo_key(settings)
    monkeypatch.setattr(ingest_module, "WORKER_MIN_BYTES", 1 << 62)  # GX here: spec order
    reading: dict[str, threading.Event] = {"dor": threading.Event(),
                                           "nachtregister": threading.Event()}
    from transforms.clean import clean_table

    read_files = ingest_module._read_files
    waited: list[bool] = []

    def read(files: list[Any], register: str) -> Any:
        reading[register].set()
        return read_files(files, register)

    def clean(raw: pl.DataFrame, table: Table, pseudonymise: Any) -> pl.DataFrame:
        if table.register == "dor":
            waited.append(reading["nachtregister"].wait(timeout=20))
        return clean_table(raw, table, pseudonymise)

    monkeypatch.setattr(ingest_module, "_read_files", read)
    monkeypatch.setattr(ingest_module, "clean_table", clean)
    result = ingest(settings, "test", LogReporter(lambda _: None), docs=False)
    assert waited == [True]
    assert {f.file: f.status for f in result.files}["nachtregister_GM1729_20260302.csv"] \
        == "afgewezen"
    assert sum(f.rows_in for f in result.files) == 9


@pytest.mark.parametrize("table_name", ["dor", "bibob_betrokkenen"])
@pytest.mark.parametrize("seed", range(8))
def test_new_deliveries_are_merged_into_the_view_as_the_reference_merge(table_name: str,
                                                                        seed: int) -> None:
    """New deliveries, after the view's rows or among them (a late delivery), are put in
    without sorting the view again (`lake._appended`, tables of one row per record): the
    same frame as the reference merge; a reprocessed delivery, a file name and date the view
    holds already, or Bibob parties take the whole merge."""
    table = TABLES[table_name]
    key = table.record_id
    assert key is not None
    rng = random.Random(seed)
    old = _reference_merge(None, _random_batch(rng, key, ["a", "b", "c"], 40), table)
    later = _random_batch(rng, key, ["d", "e"], 25).with_columns(
        pl.col("_delivery_date").dt.offset_by("3mo"))
    same_day = _random_batch(rng, key, ["f"], 5).with_columns(  # ties broken by _file
        pl.lit(old.get_column("_delivery_date").max()).alias("_delivery_date"),
        pl.lit("zz_laatste.csv").alias("_file"))
    among = _random_batch(rng, key, ["p", "q", "r", "s"], 30)  # months 1-4: between files
    again = _random_batch(rng, key, ["c", "h"], 10).with_columns(
        pl.col("_delivery_date").dt.offset_by("3mo"))
    same_file = _random_batch(rng, key, ["z"], 6).with_columns(
        pl.lit(old.row(0, named=True)["_file"]).alias("_file"),
        pl.lit(old.row(0, named=True)["_delivery_date"]).alias("_delivery_date"))
    for new, fast in ((later, True), (same_day, True), (among, True), (again, False),
                      (same_file, False)):
        fast = fast and table.parent_key is None
        assert (lake._appended(old, new, table) is not None) == fast
        assert_frame_equal(lake.merge_current(old, new, table),
                           _reference_merge(old, new, table))
