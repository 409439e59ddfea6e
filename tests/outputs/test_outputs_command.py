"""`iob report`: options, errors as one Dutch line, reports on a half-built data folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iob.commands.report import command
from iob.errors import InputError


def test_report_on_an_empty_data_folder_writes_both_versions(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--gemeente", "gm0981",
                                          "--as-of", "2026-12-31"])
    assert result.exit_code == 0, result.output
    base = tmp_path / "reports" / "GM0981"
    assert (base / "ondermijningsbeeld.html").exists()
    assert (base / "bestuurlijk" / "ondermijningsbeeld.pdf").read_bytes().startswith(b"%PDF")
    assert "ontbreekt" in result.output
    assert not (tmp_path / "reports" / "GM1729").exists()


def test_unknown_gemeente_and_bad_date_are_input_errors(tmp_path: Path) -> None:
    r = CliRunner().invoke(command, ["--data", str(tmp_path), "--gemeente", "GM0935"])
    assert isinstance(r.exception, InputError) and "GM0981" in str(r.exception)
    r = CliRunner().invoke(command, ["--data", str(tmp_path), "--as-of", "31-12-2026"])
    assert isinstance(r.exception, InputError) and "yyyy-mm-dd" in str(r.exception)
