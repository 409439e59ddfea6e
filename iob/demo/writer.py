"""Deliveries on disk: record ids, file styles, CSV and XLSX writing, the ground truth."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from iob.demo.calendar import CREATED, deliverer, delivery_for
from iob.demo.messiness import encode, fmt_date
from iob.demo.world import Record, Value, World
from transforms.schema import TABLES

GEMEENTEN = ("GM0994", "GM0981", "GM1729", "GM0938", "GM1903")
REGISTER_ORDER = ("dor", "nachtregister", "bibob", "damocles")
ID_PREFIX = {"GM0994": "VLK", "GM0981": "VAA", "GM1729": "GW", "GM0938": "MRS", "GM1903": "EM"}
ENCODINGS = ("utf-8", "cp1252", "utf-8-sig", "cp1252", "utf-8-sig")
NEWLINES = ("\n", "\r\n", "\r\n", "\n", "\r\n")
HEADERS = ("lower", "upper", "title", "padded", "lower")
ORDERS = ("contract", "shuffled", "contract", "reversed", "shuffled")
DATES = ("dmy", "dmy", "dmy_short", "iso", "dmy")


@dataclass(frozen=True, slots=True)
class Style:
    encoding: str
    newline: str
    header: str
    order: str
    dates: str
    excel_dates: bool
    numeric_kvk: bool
    drop: tuple[str, ...] = ()
    extra: str = ""


def style(register: str, gemeente: str) -> Style:
    i = (REGISTER_ORDER.index(register) + GEMEENTEN.index(gemeente)) % 5
    drop: tuple[str, ...] = ()
    if register == "dor" and gemeente == "GM1903":
        drop = ("stopheling_match", "tijd_verkrijging")
    extra = "opmerking_intern" if (register, gemeente) in (("dor", "GM1729"),
                                                          ("nachtregister", "GM0994")) else ""
    return Style(ENCODINGS[i], NEWLINES[i], HEADERS[i], ORDERS[i], DATES[i],
                 excel_dates=i % 2 == 0, numeric_kvk=i == 3, drop=drop, extra=extra)


def assign_ids(records: list[Record]) -> None:
    """Number records per register, municipality and year, in date order."""
    counters: dict[tuple[str, str, int], int] = defaultdict(int)
    fmt = {"dor": "{p}-{y}-{n:06d}", "nachtregister": "NR-{p}-{y}{n:06d}",
           "bibob_dossiers": "BIB-{p}-{y}-{n:03d}", "damocles": "13B-{p}-{y}-{n:03d}"}
    own = sorted((r for r in records if r.table in fmt), key=lambda r: (r.table, r.gemeente,
                                                                         r.day, r.seq))
    for r in own:
        key = (r.table, r.gemeente, r.day.year)
        counters[key] += 1
        r.record_id = fmt[r.table].format(p=ID_PREFIX[r.gemeente], y=r.day.year,
                                          n=counters[key])


def _columns(table: str, st: Style) -> list[str]:
    cols = [c for c in TABLES[table].column_names if c not in st.drop]
    if st.order == "reversed":
        cols = cols[:2] + cols[2:][::-1]
    elif st.order == "shuffled":
        cols = cols[::2] + cols[1::2]
    return [*cols, st.extra] if st.extra else cols


def _header(name: str, st: Style) -> str:
    if st.header == "upper":
        return name.upper()
    if st.header == "title":
        return name.title()
    if st.header == "padded":
        return f" {name} "
    return name


def _text(v: Value, st: Style) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return fmt_date(v, st.dates)
    if isinstance(v, float):
        return f"{v:.2f}".replace(".", ",")
    return str(v)


def _quote(s: str) -> str:
    if ";" in s or '"' in s or "\n" in s or "\r" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def _row_values(r: Record) -> dict[str, Value]:
    if r.table == "bibob_betrokkenen" and r.parent is not None:
        return {"dossiernummer": r.parent.record_id, **r.values}
    key = TABLES[r.table].record_id or ""
    return {key: r.record_id, **r.values}


def write_csv(path: Path, table: str, rows: list[Record], st: Style) -> None:
    cols = _columns(table, st)
    lines = [";".join(_header(c, st) for c in cols)]
    for r in rows:
        vals = _row_values(r)
        line = ";".join(_quote(_text(vals.get(c), st)) for c in cols)
        lines.append(line)
        if r.duplicate:
            lines.append(line)
    text = st.newline.join(lines) + st.newline
    path.write_bytes(encode(text, st.encoding))


def write_xlsx(path: Path, sheets: list[tuple[str, str, list[Record]]], st: Style) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"created": CREATED, "author": "iob demo"})
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    for sheet, table, rows in sheets:
        ws = wb.add_worksheet(sheet)
        cols = _columns(table, st)
        ws.write_row(0, 0, [_header(c, st) for c in cols])
        for i, r in enumerate(rows, start=1):
            vals = _row_values(r)
            for j, c in enumerate(cols):
                _cell(ws, i, j, c, vals.get(c), st, date_fmt)
    wb.close()


def _cell(ws: object, i: int, j: int, col: str, v: Value, st: Style, date_fmt: object) -> None:
    if v is None or v == "":
        return
    if isinstance(v, date):
        if st.excel_dates:
            ws.write_datetime(i, j, datetime(v.year, v.month, v.day), date_fmt)  # type: ignore[attr-defined]
        else:
            ws.write_string(i, j, fmt_date(v, st.dates))  # type: ignore[attr-defined]
    elif isinstance(v, int | float):
        ws.write_number(i, j, v)  # type: ignore[attr-defined]
    elif col.endswith("kvk") and st.numeric_kvk and v.isdigit():
        ws.write_number(i, j, int(v))  # type: ignore[attr-defined]
    else:
        ws.write_string(i, j, v)  # type: ignore[attr-defined]


def _file_groups(records: list[Record]) -> dict[tuple[str, str, date], list[Record]]:
    """Rows per delivery file. A period without rows gets no file: two header-only files
    of one style would be byte-identical and read as a repeated delivery (`dubbel`)."""
    groups: dict[tuple[str, str, date], list[Record]] = defaultdict(list)
    for r in records:
        if r.table != "bibob_betrokkenen":
            groups[(r.register, deliverer(r.register, r.gemeente),
                    delivery_for(r.register, r.gemeente, r.day))].append(r)
    return groups


def write_landing(w: World, out: Path) -> list[Path]:
    parties: dict[int, list[Record]] = defaultdict(list)
    for r in w.records:
        if r.parent is not None:
            parties[r.parent.seq].append(r)
    written: list[Path] = []
    for (reg, gm, day), rows in sorted(_file_groups(w.records).items()):
        rows.sort(key=lambda r: (r.record_id, r.seq))
        st = style(reg, gm)
        folder = out / "landing" / reg
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{reg}_{gm}_{day:%Y%m%d}"
        if reg == "bibob":
            path = folder / f"{stem}.xlsx"
            betr = [p for d in rows for p in parties[d.seq]]
            write_xlsx(path, [("dossiers", "bibob_dossiers", rows),
                              ("betrokkenen", "bibob_betrokkenen", betr)], st)
        elif reg == "damocles":
            path = folder / f"{stem}.xlsx"
            write_xlsx(path, [("besluiten", "damocles", rows)], st)
        else:
            path = folder / f"{stem}.csv"
            write_csv(path, reg, rows, st)
        written.append(path)
    return written


def redeliver(paths: list[Path]) -> Path:
    """The same bytes delivered again under another name (status `dubbel`)."""
    src = next(p for p in paths if p.name.startswith("dor_GM0981_"))
    dst = src.with_name(src.stem + "_herlevering" + src.suffix)
    dst.write_bytes(src.read_bytes())
    return dst


def write_truth(w: World, out: Path) -> int:
    folder = out / "truth"
    folder.mkdir(parents=True, exist_ok=True)
    rows = sorted({(m.record.register, m.record.parent.record_id if m.record.parent
                    else m.record.record_id, m.role, m.person.key) for m in w.mentions})
    frame = pl.DataFrame(rows, schema=["register", "record_id", "role", "person_key"],
                         orient="row")
    frame.write_parquet(folder / "persons.parquet", statistics=False)
    cases = [{"case": c.case, "rule": c.rule, "gemeentecodes": c.gemeentecodes,
              "evidence": sorted({r.ref for r in c.evidence}), "must_flag": c.must_flag}
             for c in w.cases]
    (folder / "cases.json").write_text(json.dumps(cases, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    return len({k for *_, k in rows})
