"""What the reports read: the lake, the delivery record, quarantine counts, mentions, signals.

`ReportInputs` is plain data; `load_inputs(settings)` is the one place that reads the data
folder. A missing file gives an empty frame and a Dutch note in `ontbreekt`, so a report of
a half-built data folder still renders and says what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from transforms.schema import REGISTERS, TABLES

MENTION_SCHEMA: dict[str, pl.DataType] = {
    "mention_id": pl.String(), "register": pl.String(), "record_id": pl.String(),
    "role": pl.String(), "entity_type": pl.String(), "entity_id": pl.String(),
    "confidence": pl.Float64(),
}
SIGNAL_SCHEMA: dict[str, pl.DataType] = {
    "signal_id": pl.String(), "rule": pl.String(), "titel": pl.String(),
    "gemeentecodes": pl.List(pl.String()), "bovenlokaal": pl.Boolean(), "score": pl.Float64(),
    "entity_ids": pl.List(pl.String()), "evidence": pl.List(pl.String()),
    "toelichting": pl.String(), "eerste_datum": pl.Date(), "laatste_datum": pl.Date(),
    "status": pl.String(), "bibob": pl.Boolean(),
}
DELIVERY_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(), "register": pl.String(), "sha256": pl.String(), "status": pl.String(),
    "rows_in": pl.Int64(), "rows_accepted": pl.Int64(), "rows_quarantined": pl.Int64(),
    "message": pl.String(),
}

_KIND_DTYPE: dict[str, pl.DataType] = {
    "date": pl.Date(), "int": pl.Int64(), "huisnummer": pl.Int64(), "decimal": pl.Float64(),
    "jn": pl.Boolean(),
}


def empty_table(table: str) -> pl.DataFrame:
    """An empty lake table with the contract columns (typed as the cleaner types them)."""
    cols = {c.name: _KIND_DTYPE.get(c.kind, pl.String()) for c in TABLES[table].columns}
    cols["_file"] = pl.String()
    cols["_delivery_date"] = pl.Date()
    return pl.DataFrame(schema=cols)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Add missing contract columns as nulls (extra columns are kept)."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in schema.items() if c not in frame.columns]
    if frame.width == 0:
        return pl.DataFrame(schema=schema)
    return frame.with_columns(missing) if missing else frame


def conform_table(table: str, frame: pl.DataFrame | None) -> pl.DataFrame:
    empty = empty_table(table)
    if frame is None:
        return empty
    return conform(frame, dict(empty.schema))


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is computed from; all frames may be empty."""

    tables: dict[str, pl.DataFrame]
    deliveries: pl.DataFrame
    quarantine: dict[str, int]  # rejected rows per register (all municipalities)
    mentions: pl.DataFrame
    signals: pl.DataFrame
    as_of: date
    ontbreekt: tuple[str, ...] = field(default=())  # Dutch notes on missing inputs

    def table(self, name: str) -> pl.DataFrame:
        return conform_table(name, self.tables.get(name))

    @property
    def signals_c(self) -> pl.DataFrame:
        return conform(self.signals, SIGNAL_SCHEMA)

    @property
    def mentions_c(self) -> pl.DataFrame:
        return conform(self.mentions, MENTION_SCHEMA)

    @property
    def deliveries_c(self) -> pl.DataFrame:
        return conform(self.deliveries, DELIVERY_SCHEMA)


def _read(path: Path, what: str, notes: list[str]) -> pl.DataFrame | None:
    if not path.exists():
        notes.append(f"{what} ontbreekt ({path.name} niet gevonden); dit deel is leeg.")
        return None
    return pl.read_parquet(path)


def load_inputs(data: Path, as_of: date) -> ReportInputs:
    """Read the data folder's published files; missing files become empty frames + a note."""
    notes: list[str] = []
    tables: dict[str, pl.DataFrame] = {}
    for name in TABLES:
        frame = _read(data / "lake" / name / "current.parquet", f"Registertabel {name}", notes)
        tables[name] = conform_table(name, frame)
    deliveries = _read(data / "quality" / "deliveries.parquet", "Het leveringsoverzicht", notes)
    quarantine: dict[str, int] = {}
    for register in REGISTERS:
        files = sorted((data / "quarantine" / register).glob("*.parquet"))
        quarantine[register] = sum(pl.scan_parquet(f).select(pl.len()).collect().item()
                                   for f in files)
    mentions = _read(data / "entities" / "mentions.parquet", "Het entiteitenbestand", notes)
    signals = _read(data / "signals" / "signals.parquet", "Het signalenbestand", notes)
    return ReportInputs(
        tables=tables,
        deliveries=conform(deliveries if deliveries is not None else pl.DataFrame(),
                           DELIVERY_SCHEMA),
        quarantine=quarantine,
        mentions=conform(mentions if mentions is not None else pl.DataFrame(), MENTION_SCHEMA),
        signals=conform(signals if signals is not None else pl.DataFrame(), SIGNAL_SCHEMA),
        as_of=as_of,
        ontbreekt=tuple(notes),
    )
