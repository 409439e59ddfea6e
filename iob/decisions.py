"""The analysts' decisions store: link judgements and signal decisions, with who/when/why.

SQLite at DATA/decisions.sqlite by default; IOB_DATABASE_URL may point to PostgreSQL
(`postgresql://user:pw@host/db`). Rows are only ever added: the latest judgement of a pair
or signal counts, the history stays.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from iob.errors import ConfigError, InputError
from iob.settings import Settings

OORDELEN = ("zelfde", "verschillend")
SIGNAALBESLUITEN = ("in_behandeling", "geen_actie", "casusoverleg")

_meta = sa.MetaData()
link_table = sa.Table(
    "koppelbesluiten", _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mention_a", sa.String(300), nullable=False),
    sa.Column("mention_b", sa.String(300), nullable=False),
    sa.Column("oordeel", sa.String(20), nullable=False),
    sa.Column("wie", sa.String(100), nullable=False),
    sa.Column("wanneer", sa.DateTime(timezone=True), nullable=False),
    sa.Column("waarom", sa.Text, nullable=False),
    sa.Index("ix_koppel_paar", "mention_a", "mention_b"),
)
signal_table = sa.Table(
    "signaalbesluiten", _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("signal_id", sa.String(100), nullable=False, index=True),
    sa.Column("besluit", sa.String(30), nullable=False),
    sa.Column("notitie", sa.Text, nullable=False),
    sa.Column("wie", sa.String(100), nullable=False),
    sa.Column("wanneer", sa.DateTime(timezone=True), nullable=False),
)


def _engine_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url


class DecisionStore:
    """Append-only store of decisions; `latest_*` give the judgements that count."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(_engine_url(url))
            _meta.create_all(self.engine)
        except sa.exc.SQLAlchemyError as exc:
            raise ConfigError(f"besluitenopslag {url.split('@')[-1]} niet bereikbaar: "
                              f"{type(exc).__name__}") from None

    @classmethod
    def open(cls, settings: Settings) -> DecisionStore:
        return cls(settings.decisions_url)

    def record_link(self, mention_a: str, mention_b: str, oordeel: str, wie: str,
                    waarom: str, *, now: datetime | None = None) -> int:
        """Record that two mentions are (`zelfde`) or are not (`verschillend`) one person."""
        if oordeel not in OORDELEN:
            raise InputError(f"oordeel '{oordeel}' onbekend; kies uit {', '.join(OORDELEN)}")
        if mention_a == mention_b:
            raise InputError("een vermelding kan niet met zichzelf vergeleken worden")
        if not wie.strip() or not waarom.strip():
            raise InputError("wie en waarom zijn verplicht bij een besluit")
        a, b = sorted((mention_a, mention_b))
        with self.engine.begin() as conn:
            result = conn.execute(link_table.insert().values(
                mention_a=a, mention_b=b, oordeel=oordeel, wie=wie.strip(),
                wanneer=now or datetime.now(UTC), waarom=waarom.strip()))
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def record_signal(self, signal_id: str, besluit: str, wie: str, notitie: str,
                      *, now: datetime | None = None) -> int:
        if besluit not in SIGNAALBESLUITEN:
            raise InputError(f"besluit '{besluit}' onbekend; kies uit "
                             f"{', '.join(SIGNAALBESLUITEN)}")
        with self.engine.begin() as conn:
            result = conn.execute(signal_table.insert().values(
                signal_id=signal_id, besluit=besluit, notitie=notitie, wie=wie,
                wanneer=now or datetime.now(UTC)))
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def _frame(self, table: sa.Table) -> pl.DataFrame:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
        schema = {c.name: (pl.Int64 if c.name == "id" else
                           pl.Datetime("us", "UTC") if c.name == "wanneer" else pl.String)
                  for c in table.columns}
        return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")

    def link_history(self) -> pl.DataFrame:
        return self._frame(link_table)

    def latest_links(self) -> pl.DataFrame:
        """The judgement that counts per pair (the latest): mention_a, mention_b, oordeel."""
        history = self.link_history()
        return (history.group_by("mention_a", "mention_b", maintain_order=True).last()
                .select("mention_a", "mention_b", "oordeel", "wie", "wanneer", "waarom")
                .sort("mention_a", "mention_b"))

    def signal_history(self) -> pl.DataFrame:
        return self._frame(signal_table)

    def latest_signals(self) -> pl.DataFrame:
        history = self.signal_history()
        return (history.group_by("signal_id", maintain_order=True).last()
                .select("signal_id", "besluit", "notitie", "wie", "wanneer").sort("signal_id"))
