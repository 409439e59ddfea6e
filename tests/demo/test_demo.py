"""The demo generator: determinism, file layout, contract columns, ground truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from iob.demo import DemoSummary, build, generate
from iob.demo.calendar import END
from transforms.schema import REGISTER_SPECS, TABLES

SCALE = 0.05
RULES = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", (
    Path(__file__).resolve().parents[3] / "shared/design/signals.md").read_text(
    encoding="utf-8"), flags=re.M)
NAME = re.compile(r"^(dor|nachtregister|bibob|damocles)_(GM\d{4})_(\d{8})(_[^.]+)?\.(csv|xlsx)$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    out = tmp_path_factory.mktemp("demo_a")
    return out, generate(out, seed=42, scale=SCALE)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(demo: tuple[Path, DemoSummary],
                              tmp_path: Path) -> None:
    out, summary = demo
    again = generate(tmp_path, seed=42, scale=SCALE)
    assert again == summary
    a, b = _files(out), _files(tmp_path)
    assert a.keys() == b.keys()
    differing = [k for k in a if a[k] != b[k]]
    assert differing == []


def test_other_seed_other_bytes(demo: tuple[Path, DemoSummary], tmp_path: Path) -> None:
    out, _ = demo
    generate(tmp_path, seed=7, scale=SCALE)
    a, b = _files(out), _files(tmp_path)
    assert a["truth/cases.json"] != b["truth/cases.json"]
    assert sum(a[k] != b.get(k) for k in a if k.endswith(".csv")) > len(a) // 3


def _cases(out: Path) -> list[dict[str, object]]:
    data = json.loads((out / "truth/cases.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def test_every_rule_has_cases_and_decoys(demo: tuple[Path, DemoSummary]) -> None:
    out, summary = demo
    cases = _cases(out)
    assert len(RULES) == 23
    for rule in RULES:
        mine = [c for c in cases if c["rule"] == rule]
        assert any(c["must_flag"] for c in mine), rule
        assert any(not c["must_flag"] for c in mine), rule
    assert {c["rule"] for c in cases} <= set(RULES)
    assert summary.cases == sum(bool(c["must_flag"]) for c in cases)
    assert summary.decoys == len(cases) - summary.cases
    for c in cases:
        assert set(c) == {"case", "rule", "gemeentecodes", "evidence", "must_flag"}
        assert c["gemeentecodes"] and c["evidence"]
    assert len({c["case"] for c in cases}) == len(cases)


def _record_ids(out: Path) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {r: set() for r in REGISTER_SPECS}
    for path in sorted((out / "landing").rglob("*.*")):
        register = path.parent.name
        key = TABLES[REGISTER_SPECS[register].tables[0].name].record_id
        for frame in _read(path).values():
            if key in frame.columns:
                ids[register] |= set(frame[key].drop_nulls().to_list())
    return ids


def _read(path: Path) -> dict[str, pl.DataFrame]:
    """Sheet (or "" for CSV) -> all-string frame with trimmed lower-case headers."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        lines = text.splitlines()
        header = [h.strip().lower() for h in lines[0].split(";")]
        frame = pl.read_csv(text.encode("utf-8"), separator=";", infer_schema=False,
                            has_header=True, new_columns=header)
        return {"": frame}
    wb = load_workbook(path, read_only=True)
    out: dict[str, pl.DataFrame] = {}
    for ws in wb.worksheets:
        rows = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(
            values_only=True)]
        header = [h.strip().lower() for h in rows[0]]
        out[ws.title] = pl.DataFrame(rows[1:], schema=header, orient="row") if len(rows) > 1 \
            else pl.DataFrame(schema=dict.fromkeys(header, pl.String))
    return out


def test_evidence_exists(demo: tuple[Path, DemoSummary]) -> None:
    out, _ = demo
    ids = _record_ids(out)
    for c in _cases(out):
        for ref in c["evidence"]:  # type: ignore[attr-defined]
            register, rid = ref.split(":", 1)
            assert rid in ids[register], (c["case"], ref)


def test_truth_persons_reference_records(demo: tuple[Path, DemoSummary]) -> None:
    out, summary = demo
    persons = pl.read_parquet(out / "truth/persons.parquet")
    assert persons.columns == ["register", "record_id", "role", "person_key"]
    assert persons.height > 0 and persons["person_key"].n_unique() == summary.persons
    ids = _record_ids(out)
    for register, rid in persons.select("register", "record_id").unique().iter_rows():
        assert rid in ids[register]
    roles = set(persons["role"].unique().to_list())
    assert {"verkoper", "gast", "eigenaar", "bewoner", "bestuurder"} <= roles


def test_file_names_and_dates(demo: tuple[Path, DemoSummary]) -> None:
    out, summary = demo
    names = [p for p in summary.files if p.startswith("landing/")]
    assert len(names) > 40
    for rel in names:
        register, name = rel.split("/")[1:]
        m = NAME.match(name)
        assert m and m.group(1) == register, rel
        assert m.group(5) in REGISTER_SPECS[register].formats
        assert m.group(3) <= END.strftime("%Y%m%d")
    dubbel = [n for n in names if "_herlevering" in n]
    assert len(dubbel) == 1
    original = re.sub(r"_herlevering", "", dubbel[0])
    assert (out / dubbel[0]).read_bytes() == (out / original).read_bytes()


def test_contract_columns(demo: tuple[Path, DemoSummary]) -> None:
    out, _ = demo
    for path in sorted((out / "landing").rglob("*.*")):
        spec = REGISTER_SPECS[path.parent.name]
        frames = _read(path)
        for table in spec.tables:
            frame = frames["" if path.suffix == ".csv" else str(table.sheet)]
            missing = set(table.required_columns) - set(frame.columns)
            assert not missing, (path.name, missing)


def test_encodings_and_line_endings(demo: tuple[Path, DemoSummary]) -> None:
    out, _ = demo
    raws = [p.read_bytes() for p in (out / "landing").rglob("*.csv")]
    assert any(r.startswith(b"\xef\xbb\xbf") for r in raws)
    assert any(b"\r\n" in r for r in raws)
    cp1252 = [r for r in raws if not r.startswith(b"\xef\xbb\xbf") and _not_utf8(r)]
    assert cp1252


def _not_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_volumes_at_scale_one() -> None:
    w = build(seed=1, scale=1.0)
    count: dict[str, int] = {}
    for r in w.records:
        count[r.table] = count.get(r.table, 0) + 1
    assert 5_500 <= count["dor"] <= 7_500  # ~4,000 a year over 18 months
    assert 40_000 <= count["nachtregister"] <= 50_000
    assert 50 <= count["bibob_dossiers"] <= 150
    assert 2 * count["bibob_dossiers"] <= count["bibob_betrokkenen"]
    assert 40 <= count["damocles"] <= 120
    bad = sum(r.duplicate for r in w.records)
    assert bad <= 1
