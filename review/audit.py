"""The append-only, hash-chained audit log of the review page.

Every entry holds who, action, object, result, when and from where (never a password, code or
secret) and the SHA-256 of the previous entry; its own hash covers all its fields. A changed
entry breaks its own hash, a deleted one breaks the chain (the next entry's `vorige_hash` and
the gap in `volgnummer`), and deleting entries at the end is caught by the anchor file
DATA/audit.anker (number and hash of the last entry), which is kept outside the database.
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from iob.settings import Settings
from review.db import auditlog, engine_for

GENESIS = "0" * 64
_thread_lock = threading.Lock()


def entry_hash(volgnummer: int, wanneer: str, wie: str, actie: str, obj: str, resultaat: str,
               herkomst: str, vorige_hash: str) -> str:
    payload = json.dumps([volgnummer, wanneer, wie, actie, obj, resultaat, herkomst, vorige_hash],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    volgnummer: int
    reden: str

    def __str__(self) -> str:
        return f"regel {self.volgnummer}: {self.reden}"


class AuditLog:
    def __init__(self, settings: Settings) -> None:
        self.engine = engine_for(settings)
        self.anchor = settings.data / "audit.anker"
        self.lockfile = settings.data / ".audit.lock"

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.lockfile.parent.mkdir(parents=True, exist_ok=True)
        with _thread_lock, open(self.lockfile, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def append(self, wie: str, actie: str, obj: str, resultaat: str, herkomst: str,
               *, now: datetime | None = None) -> int:
        wanneer = (now or datetime.now(UTC)).isoformat(timespec="milliseconds")
        wie, actie, obj = str(wie)[:40], str(actie)[:60], str(obj)[:400]
        resultaat, herkomst = str(resultaat)[:200], str(herkomst)[:100]
        with self._locked(), self.engine.begin() as conn:
            last = conn.execute(sa.select(auditlog.c.volgnummer, auditlog.c.hash)
                                .order_by(auditlog.c.volgnummer.desc()).limit(1)).first()
            number = 1 if last is None else int(last[0]) + 1
            previous = GENESIS if last is None else str(last[1])
            digest = entry_hash(number, wanneer, wie, actie, obj, resultaat, herkomst, previous)
            conn.execute(auditlog.insert().values(
                volgnummer=number, wanneer=wanneer, wie=wie, actie=actie, object=obj,
                resultaat=resultaat, herkomst=herkomst, vorige_hash=previous, hash=digest))
            self._write_anchor(number, digest)
        return number

    def _write_anchor(self, number: int, digest: str) -> None:
        tmp = self.anchor.with_suffix(".tmp")
        tmp.write_text(json.dumps({"volgnummer": number, "hash": digest}), encoding="utf-8")
        os.replace(tmp, self.anchor)

    def page(self, offset: int, limit: int, wie: str | None = None,
             actie: str | None = None) -> tuple[list[dict[str, object]], int]:
        query = sa.select(auditlog)
        count = sa.select(sa.func.count()).select_from(auditlog)
        for column, value in ((auditlog.c.wie, wie), (auditlog.c.actie, actie)):
            if value:
                query = query.where(column == value)
                count = count.where(column == value)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(auditlog.c.volgnummer.desc())
                                .offset(offset).limit(limit)).mappings().all()
            total = int(conn.execute(count).scalar() or 0)
        return [dict(r) for r in rows], total

    def verify(self) -> tuple[int, list[Problem]]:
        """Check the whole chain; returns (entries checked, problems naming each entry)."""
        problems: list[Problem] = []
        expected_number, previous, checked = 1, GENESIS, 0
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(auditlog).order_by(auditlog.c.volgnummer))
            for row in rows.mappings():
                checked += 1
                number = int(row["volgnummer"])
                if number > expected_number:
                    gone = (f"{expected_number}" if number - expected_number == 1
                            else f"{expected_number}-{number - 1}")
                    problems.append(Problem(expected_number, f"ontbreekt (verwijderd: {gone})"))
                if row["vorige_hash"] != previous:
                    problems.append(Problem(number, "vorige_hash past niet bij de regel ervoor "
                                                    "(een eerdere regel is gewijzigd of weg)"))
                own = entry_hash(number, row["wanneer"], row["wie"], row["actie"], row["object"],
                                 row["resultaat"], row["herkomst"], row["vorige_hash"])
                if own != row["hash"]:
                    problems.append(Problem(number, "inhoud gewijzigd (hash klopt niet)"))
                expected_number, previous = number + 1, str(row["hash"])
        problems.extend(self._check_anchor(expected_number - 1, previous))
        return checked, problems

    def _check_anchor(self, last_number: int, last_hash: str) -> list[Problem]:
        if not self.anchor.exists():
            if last_number == 0:
                return []
            return [Problem(last_number, f"ankerbestand {self.anchor.name} ontbreekt")]
        try:
            anchor = json.loads(self.anchor.read_text(encoding="utf-8"))
            number, digest = int(anchor["volgnummer"]), str(anchor["hash"])
        except (ValueError, KeyError, TypeError):
            return [Problem(last_number, f"ankerbestand {self.anchor.name} onleesbaar")]
        if number > last_number:
            gone = f"{last_number + 1}" if number == last_number + 1 else \
                f"{last_number + 1}-{number}"
            return [Problem(last_number + 1, f"ontbreekt (laatste regels verwijderd: {gone})")]
        if number == last_number and digest != last_hash:
            return [Problem(number, "laatste regel gewijzigd (anker klopt niet)")]
        if number < last_number:
            return [Problem(number + 1, "regels na het anker toegevoegd buiten het log om")]
        return []


def cli_origin() -> str:
    """Where a command-line action comes from: the OS user and host."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"cli:{user}@{os.uname().nodename}"
