"""Login: password + TOTP, no replay of a code, lock-out after repeated failures, demo mode."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from click.testing import CliRunner

from iob.cli import main
from iob.settings import load_settings
from review.audit import AuditLog
from review.users import MAX_MISLUKT
from tests.review.review_factory import OWN, add_user, build_data, client, login


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return build_data(tmp_path / "data")


def test_login_with_password_and_totp_opens_a_session(data: Path) -> None:
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    assert login(c, "anna.jansen", secret) == 303
    cookie = c.cookies.get("iob_sessie")
    assert cookie
    assert c.get("/signalen").status_code == 200


def test_session_cookie_is_httponly_and_samesite_strict(data: Path) -> None:
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    page = c.get("/login")
    from tests.review.review_factory import PASSWORD, csrf_of
    response = c.post("/login", data={"gebruikersnaam": "anna.jansen", "wachtwoord": PASSWORD,
                                      "code": pyotp.TOTP(secret).now(),
                                      "csrf": csrf_of(page.text)})
    header = response.headers["set-cookie"].lower()
    assert "iob_sessie=" in header and "httponly" in header and "samesite=strict" in header


def test_wrong_code_missing_code_and_replayed_code_are_refused(data: Path) -> None:
    secret = add_user(data, "anna.jansen", "analist", OWN)
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    assert login(client(data), "anna.jansen", secret, code=wrong) == 401
    assert login(client(data), "anna.jansen", secret, code="") == 401
    assert login(client(data), "anna.jansen", secret) == 303
    assert login(client(data), "anna.jansen", secret) == 401, "a used code must not work twice"


def test_lock_out_after_repeated_failures_even_with_the_right_password(data: Path) -> None:
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    for _ in range(MAX_MISLUKT):
        assert login(c, "anna.jansen", secret, password="fout-fout-fout-fout") == 401
    assert login(c, "anna.jansen", secret) == 401
    result = CliRunner().invoke(main, ["users", "enable", "anna.jansen", "--data", str(data)])
    assert result.exit_code == 0
    assert login(c, "anna.jansen", secret) == 303
    entries, _ = AuditLog(load_settings(data)).page(0, 100, wie="anna.jansen")
    assert any("geblokkeerd" in str(e["resultaat"]) for e in entries)


def test_disabled_user_cannot_log_in_and_loses_its_session(data: Path) -> None:
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    assert login(c, "anna.jansen", secret) == 303
    CliRunner().invoke(main, ["users", "disable", "anna.jansen", "--data", str(data)])
    assert c.get("/signalen").status_code == 303
    assert login(client(data), "anna.jansen", secret) == 401


def test_unknown_name_is_not_written_to_the_audit_log(data: Path) -> None:
    """A 'name' may be a password typed in the wrong field: the log never keeps it."""
    assert login(client(data), "geheim-wachtwoord-123", "A" * 32) == 401
    entries, _ = AuditLog(load_settings(data)).page(0, 10)
    assert entries and all("geheim" not in str(v) for e in entries for v in e.values())


def test_demo_mode_needs_no_code_and_says_so_on_every_page(data: Path) -> None:
    add_user(data, "anna.jansen", "analist", OWN)
    c = client(data, demo=True)
    assert "Demomodus" in c.get("/login").text
    assert login(c, "anna.jansen", "A" * 32, code="") == 303
    for path in ("/signalen", "/koppelingen", "/signalen/s-own"):
        assert "Demomodus" in c.get(path).text
