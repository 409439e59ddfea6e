"""The reports stage on a night: the reports equal a whole computation (`load_inputs` +
`write_reports`) while the figures' parts of the tables without new rows are taken over from
the previous run; the quarantine counts equal counting every file."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest

from flows import render
from outputs.report import figures
from tests.flows.nightly_factory import AS_OF, KEY, fresh, make_history, run
from transforms.schema import REGISTERS


def _files(folder: Path) -> dict[str, bytes]:
    """Every report file; a PDF without its creation time and the id made from it."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".pdf":
            data = re.sub(rb"/CreationDate \(D:\d+Z\)", b"", data)
            data = re.sub(rb"/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", data)
        out[str(path.relative_to(folder))] = data
    return out


def _counted_by_file(quarantine: Path) -> dict[str, int]:
    return {register: sum(pl.read_parquet(f).height
                          for f in (quarantine / register).glob("*.parquet"))
            for register in REGISTERS}


@pytest.mark.slow
def test_next_day_reports_equal_a_whole_computation_and_reuse_unchanged_tables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iob.settings import load_settings
    from outputs.inputs import load_inputs
    from outputs.report.write import write_reports

    monkeypatch.setenv("IOB_PSEUDONYM_KEY", KEY)
    history = make_history(tmp_path / "geschiedenis")
    data = fresh(history, tmp_path / "nacht")  # the held DOR delivery: only DOR changes
    computed: list[str] = []
    deel = figures.deel

    def counted(inputs: object, table: str, code: str) -> object:
        computed.append(table)
        return deel(inputs, table, code)  # type: ignore[arg-type]

    monkeypatch.setattr(figures, "deel", counted)
    as_of = AS_OF + timedelta(days=1)
    out = run(data, as_of=as_of)
    assert out["stages"]["rapporten"]["counts"]["gemaakt"] > 0
    assert computed and set(computed) == {"dor"}  # the other tables' parts taken over
    monkeypatch.setattr(figures, "deel", deel)

    whole = tmp_path / "heel"
    write_reports(load_inputs(data, as_of), whole)
    assert _files(data / "reports") == _files(whole)
    settings = load_settings(str(data))
    known = pl.read_parquet(data / "quality" / "deliveries.parquet")
    assert render.quarantine_counts(settings.quarantine, known) == _counted_by_file(
        settings.quarantine)


def test_quarantine_counts_equal_the_files_also_when_the_record_does_not_fit(
        tmp_path: Path) -> None:
    quarantine = tmp_path / "quarantine"
    rows = []
    for i, (register, n) in enumerate([("dor", 3), ("dor", 0), ("damocles", 2)]):
        sha = f"{i:064x}"
        (quarantine / register).mkdir(parents=True, exist_ok=True)
        pl.DataFrame({"line": list(range(n))}, schema={"line": pl.Int64}).write_parquet(
            quarantine / register / f"{sha}.parquet")
        rows.append({"register": register, "sha256": sha, "status": "verwerkt",
                     "rows_quarantined": n})
    rows.append({"register": "dor", "sha256": "f" * 64, "status": "dubbel",
                 "rows_quarantined": 0})
    known = pl.DataFrame(rows)
    assert render.quarantine_counts(quarantine, known) == _counted_by_file(quarantine) == {
        "dor": 3, "damocles": 2, "nachtregister": 0, "bibob": 0}
    # a file whose delivery is not recorded (a run that stopped before recording it)
    pl.DataFrame({"line": [1, 2, 3, 4]}).write_parquet(quarantine / "dor" / f"{9:064x}.parquet")
    # and a recorded delivery whose file is gone
    rows.append({"register": "nachtregister", "sha256": f"{8:064x}", "status": "verwerkt",
                 "rows_quarantined": 5})
    got = render.quarantine_counts(quarantine, pl.DataFrame(rows))
    assert got == _counted_by_file(quarantine) == {
        "dor": 7, "damocles": 2, "nachtregister": 0, "bibob": 0}
