"""The published outputs the review page reads, cached in memory and reloaded when a run
replaces a file (checked by modification time on every access)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

import polars as pl

from iob.settings import Settings

# register in an evidence id / mention -> (lake table, its record id column)
RECORD_TABLES: dict[str, tuple[str, str]] = {
    "dor": ("dor", "registratienummer"),
    "nachtregister": ("nachtregister", "registratie_id"),
    "bibob": ("bibob_dossiers", "dossiernummer"),
    "damocles": ("damocles", "zaaknummer"),
}
SIGNAL_SCHEMA: dict[str, pl.DataType] = {
    "signal_id": pl.String(), "rule": pl.String(), "titel": pl.String(),
    "gemeentecodes": pl.List(pl.String()), "bovenlokaal": pl.Boolean(), "score": pl.Float64(),
    "entity_ids": pl.List(pl.String()), "evidence": pl.List(pl.String()),
    "toelichting": pl.String(), "eerste_datum": pl.Date(), "laatste_datum": pl.Date(),
    "bibob": pl.Boolean(), "status": pl.String(),
}
QUEUE_SCHEMA: dict[str, pl.DataType] = {
    "mention_a": pl.String(), "mention_b": pl.String(), "entity_a": pl.String(),
    "entity_b": pl.String(), "kans": pl.Float64(), "redenen": pl.String(),
}


def pair_id(mention_a: str, mention_b: str) -> str:
    """Stable id of an uncertain pair in the linkage queue (order-independent)."""
    a, b = sorted((mention_a, mention_b))
    return hashlib.sha256(f"{a}\x00{b}".encode()).hexdigest()[:16]


class DataCache:
    def __init__(self, settings: Settings) -> None:
        self.data = settings.data
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, pl.DataFrame]] = {}

    def _load(self, key: str, path: Path, build: Callable[[pl.DataFrame], pl.DataFrame],
              empty: pl.DataFrame) -> pl.DataFrame:
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return empty
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == mtime:
                return hit[1]
        frame = build(pl.read_parquet(path))
        with self._lock:
            self._cache[key] = (mtime, frame)
        return frame

    def signals(self) -> pl.DataFrame:
        def build(frame: pl.DataFrame) -> pl.DataFrame:
            if "bibob" not in frame.columns:
                frame = frame.with_columns(pl.lit(False).alias("bibob"))
            return frame.sort(["score", "laatste_datum", "signal_id"],
                              descending=[True, True, False])
        return self._load("signals", self.data / "signals" / "signals.parquet", build,
                          pl.DataFrame(schema=SIGNAL_SCHEMA))

    def mentions(self) -> pl.DataFrame:
        return self._load("mentions", self.data / "entities" / "mentions.parquet",
                          lambda f: f, pl.DataFrame(schema={
                              "mention_id": pl.String, "register": pl.String,
                              "record_id": pl.String, "role": pl.String,
                              "entity_type": pl.String, "entity_id": pl.String,
                              "confidence": pl.Float64, "gemeentecode": pl.String}))

    def queue(self) -> pl.DataFrame:
        """The review queue with a pair id and each side's municipality and register."""
        def build(frame: pl.DataFrame) -> pl.DataFrame:
            where = self.mentions().select("mention_id", "gemeentecode", "register")
            out = frame.with_columns(
                pl.struct("mention_a", "mention_b").map_elements(
                    lambda r: pair_id(r["mention_a"], r["mention_b"]),
                    return_dtype=pl.String).alias("id"))
            for side in ("a", "b"):
                out = out.join(where.rename({"mention_id": f"mention_{side}",
                                             "gemeentecode": f"gem_{side}",
                                             "register": f"reg_{side}"}),
                               on=f"mention_{side}", how="left")
            return out.with_row_index("volgorde")
        return self._load("queue", self.data / "entities" / "review_queue.parquet", build,
                          build(pl.DataFrame(schema=QUEUE_SCHEMA)))

    def lake(self, table: str) -> pl.DataFrame:
        return self._load(f"lake:{table}", self.data / "lake" / table / "current.parquet",
                          lambda f: f, pl.DataFrame())
