"""`iob users add|list|disable`: password from stdin, TOTP as otpauth://, no group accounts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iob.cli import main


def _add(data: Path, login: str, rol: str = "analist", gemeente: str = "GM0994",
         password: str = "een-lang-genoeg-wachtwoord") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["users", "add", login, "--rol", rol, "--gemeente",
                                       gemeente, "--data", str(data)], input=password + "\n")
    return result.exit_code, result.output


def test_add_prints_an_otpauth_uri_and_list_shows_no_secret(tmp_path: Path) -> None:
    code, out = _add(tmp_path, "anna.jansen", gemeente="GM0994,GM1729")
    assert code == 0 and out.startswith("otpauth://totp/") and "secret=" in out
    listing = CliRunner().invoke(main, ["users", "list", "--data", str(tmp_path)]).output
    assert "anna.jansen" in listing and "GM0994,GM1729" in listing and "argon2" not in listing
    assert out.split("secret=")[1].split("&")[0] not in listing


def test_passwords_are_stored_as_argon2_hashes(tmp_path: Path) -> None:
    import sqlite3
    _add(tmp_path, "anna.jansen")
    stored = sqlite3.connect(tmp_path / "decisions.sqlite").execute(
        "select wachtwoord from gebruikers").fetchone()[0]
    assert stored.startswith("$argon2id$") and "een-lang" not in stored


def test_group_accounts_bad_roles_codes_and_short_passwords_are_refused(tmp_path: Path) -> None:
    for login in ("admin", "team.heuvelland", "analisten", "gedeeld"):
        assert _add(tmp_path, login)[0] == 1, login
    assert _add(tmp_path, "anna.jansen", rol="bestuur")[0] == 1
    assert _add(tmp_path, "anna.jansen", gemeente="GM9999")[0] == 1
    assert _add(tmp_path, "anna.jansen", password="kort")[0] == 1
    assert _add(tmp_path, "anna.jansen")[0] == 0
    assert _add(tmp_path, "anna.jansen")[0] == 1, "no second account of the same name"
