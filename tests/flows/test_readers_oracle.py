"""The CSV reader's fast (polars) and exact (csv module) paths against a brute-force oracle."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from flows.readers import csv_reader, read_delivery
from tests.flows.test_readers_support import DOR_NAME, assert_accounting, dor_row, dor_text, write
from transforms.schema import DOR

N = len(DOR.column_names)
VALUES = ["", "x", "Jansen", "a b", '"q;uoted"', '"multi\nline"', '"say ""hi"""', "12", "é"]
ODD = ['"abc"def', 'ab"c', '"a" ', '""""', ' "x;y"', '"a;b"c;d']


def oracle(text: str) -> tuple[list[tuple[int, list[str], bool]], list[int]]:
    """(line, fields, duplicate) of each good record and the lines of bad ones, the slow way."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    next(reader)
    good, bad, seen = [], [], set()
    lines = text.split("\n")
    done = 1
    for fields in reader:
        start, done = done, reader.line_num
        if not fields or fields == [""] or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != N:
            bad.append(start + 1)
            continue
        raw = "\n".join(lines[start:done]).rstrip("\r\n")
        good.append((start + 1, fields, raw in seen))
        seen.add(raw)
    return good, bad


def random_file(rng: random.Random, ragged: bool, odd: bool = False) -> str:
    values = VALUES + ODD if odd else VALUES
    rows = []
    for i in range(rng.randrange(1, 40)):
        row = dor_row(rng.randrange(1, 6) if rng.random() < 0.3 else i + 10)
        for col in rng.sample(DOR.column_names, 3):
            row[col] = rng.choice(values)
        rows.append(row)
    lines = dor_text(rows, eol=rng.choice(["\n", "\r\n"])).splitlines(keepends=True)
    lines = [lines[0], *[rng.choice(lines[1:]) if rng.random() < 0.2 else ln for ln in lines[1:]]]
    if ragged:
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(1, len(lines))
            choice = rng.random()
            if choice < 0.4:
                lines[at] = lines[at][: rng.randrange(1, len(lines[at]))] + "\n"
            elif choice < 0.7:
                lines.insert(at, "\n")
            else:
                lines[at] = "extra;" + lines[at]
    text = "".join(lines)
    return text.rstrip("\r\n") if rng.random() < 0.3 else text


@pytest.mark.parametrize("seed", range(90))
def test_reader_matches_brute_force_oracle(tmp_path: Path, seed: int) -> None:
    """Seeds cycle through regular files, ragged ones, and odd quoting (quotes mid-field)."""
    rng = random.Random(seed)
    text = random_file(rng, ragged=seed % 3 == 1, odd=seed % 3 == 2)
    d = read_delivery(write(tmp_path, DOR_NAME, text.encode()))
    assert_accounting(d)
    good, bad = oracle(text)
    frame = d.tables["dor"]
    assert frame["_line"].to_list() == [g[0] for g in good]
    assert frame.select(DOR.column_names).rows() == [
        tuple(v if v != "" else None for v in g[1]) for g in good
    ]
    assert frame["_duplicaat"].to_list() == [g[2] for g in good]
    assert d.structural["line"].to_list() == bad


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_ordinary_files_take_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eol: str
) -> None:
    """Padded headers, BOM, quotes with `;` and newlines and repeats need no csv fallback."""

    def no_exact(*args: object) -> None:
        raise AssertionError("exact path used")

    monkeypatch.setattr(csv_reader, "_exact", no_exact)
    rows = [dor_row(1, omschrijving='"a;\nb"'), dor_row(2), dor_row(2), dor_row(3, merk='"M"')]
    header = [f" {c.upper()} " for c in DOR.column_names]
    data = b"\xef\xbb\xbf" + dor_text(rows, eol=eol, header=header).encode()
    d = read_delivery(write(tmp_path, DOR_NAME, data))
    assert d.tables["dor"]["_line"].to_list() == [2, 4, 5, 6]
    assert d.tables["dor"]["_duplicaat"].to_list() == [False, False, True, False]
