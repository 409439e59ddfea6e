"""Tables of the review page, in the same database as the decisions store.

`gebruikers` (users) and `auditlog` (the hash-chained audit log) live beside
`koppelbesluiten`/`signaalbesluiten`: DATA/decisions.sqlite, or IOB_DATABASE_URL.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from iob.errors import ConfigError
from iob.settings import Settings

meta = sa.MetaData()
gebruikers = sa.Table(
    "gebruikers", meta,
    sa.Column("login", sa.String(40), primary_key=True),
    sa.Column("rol", sa.String(30), nullable=False),
    sa.Column("gemeenten", sa.String(200), nullable=False),
    sa.Column("wachtwoord", sa.String(200), nullable=False),
    sa.Column("totp_geheim", sa.String(64), nullable=False),
    sa.Column("actief", sa.Boolean, nullable=False),
    sa.Column("mislukt", sa.Integer, nullable=False),
    sa.Column("geblokkeerd_tot", sa.DateTime(timezone=True), nullable=True),
    sa.Column("laatste_totp", sa.BigInteger, nullable=False),
    sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
)
auditlog = sa.Table(
    "auditlog", meta,
    sa.Column("volgnummer", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("wanneer", sa.String(40), nullable=False),
    sa.Column("wie", sa.String(40), nullable=False),
    sa.Column("actie", sa.String(60), nullable=False),
    sa.Column("object", sa.String(400), nullable=False),
    sa.Column("resultaat", sa.String(200), nullable=False),
    sa.Column("herkomst", sa.String(100), nullable=False),
    sa.Column("vorige_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

_engines: dict[str, sa.Engine] = {}
_lock = threading.Lock()


def _engine_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """WAL: readers never wait for the audit writer; NORMAL sync is safe with WAL."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def engine_for(settings: Settings) -> sa.Engine:
    """One engine per database URL, with the review tables created."""
    url = settings.decisions_url
    with _lock:
        if url not in _engines:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            try:
                engine = sa.create_engine(_engine_url(url))
                if engine.dialect.name == "sqlite":
                    sa.event.listen(engine, "connect", _sqlite_pragmas)
                meta.create_all(engine)
            except sa.exc.SQLAlchemyError as exc:
                raise ConfigError(f"database {url.split('@')[-1]} niet bereikbaar: "
                                  f"{type(exc).__name__}") from None
            _engines[url] = engine
        return _engines[url]
