"""The audit log is a hash chain: `iob audit verify` names any changed or deleted entry."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from iob.cli import main
from iob.settings import load_settings
from review.audit import AuditLog
from review.db import auditlog


def _log(data: Path, n: int = 5) -> AuditLog:
    log = AuditLog(load_settings(data))
    for i in range(n):
        log.append("anna.jansen", "signaal.bekijken", f"s-{i}", "ok", "127.0.0.1")
    return log


def _verify(data: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify", "--data", str(data)])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_untouched_log_verifies(tmp_path: Path) -> None:
    _log(tmp_path)
    code, out = _verify(tmp_path)
    assert code == 0 and "5 regels" in out


def test_changed_entry_is_named(tmp_path: Path) -> None:
    log = _log(tmp_path)
    with log.engine.begin() as conn:
        conn.execute(auditlog.update().where(auditlog.c.volgnummer == 3)
                     .values(resultaat="geweigerd"))
    code, out = _verify(tmp_path)
    assert code == 1 and "regel 3" in out and "gewijzigd" in out
    assert "regel 2" not in out and "regel 4:" not in out


def test_changed_entry_with_recomputed_hash_breaks_the_next_link(tmp_path: Path) -> None:
    from review.audit import entry_hash
    log = _log(tmp_path)
    with log.engine.begin() as conn:
        row = conn.execute(sa.select(auditlog).where(auditlog.c.volgnummer == 2)).mappings().one()
        new = entry_hash(2, row["wanneer"], "iemand.anders", row["actie"], row["object"],
                         row["resultaat"], row["herkomst"], row["vorige_hash"])
        conn.execute(auditlog.update().where(auditlog.c.volgnummer == 2)
                     .values(wie="iemand.anders", hash=new))
    code, out = _verify(tmp_path)
    assert code == 1 and "regel 3" in out


def test_deleted_entry_is_named(tmp_path: Path) -> None:
    log = _log(tmp_path)
    with log.engine.begin() as conn:
        conn.execute(auditlog.delete().where(auditlog.c.volgnummer == 2))
    code, out = _verify(tmp_path)
    assert code == 1 and "regel 2" in out and "ontbreekt" in out


def test_deleted_last_entries_are_caught_by_the_anchor(tmp_path: Path) -> None:
    log = _log(tmp_path)
    with log.engine.begin() as conn:
        conn.execute(auditlog.delete().where(auditlog.c.volgnummer >= 4))
    code, out = _verify(tmp_path)
    assert code == 1 and "regel 4" in out


def test_no_secret_in_the_log(tmp_path: Path) -> None:
    """Creating a user logs the action, never the password or the TOTP secret."""
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["users", "add", "anna.jansen", "--rol", "analist",
                                       "--gemeente", "GM0994", "--data", str(data)],
                                input="een-lang-genoeg-wachtwoord\n")
    assert result.exit_code == 0, result.output
    secret = result.output.split("secret=")[1].split("&")[0]
    rows, _ = AuditLog(load_settings(data)).page(0, 10)
    text = repr(rows)
    assert "gebruiker.aanmaken" in text
    assert "wachtwoord" not in text.replace("gebruiker", "") and secret not in text
