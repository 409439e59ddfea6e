"""`quality/deliveries.parquet`: one row per delivery file ever seen (outputs.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from iob.atomic import write_parquet_atomic

SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(),
    "register": pl.String(),
    "sha256": pl.String(),
    "status": pl.String(),
    "rows_in": pl.Int64(),
    "rows_accepted": pl.Int64(),
    "rows_quarantined": pl.Int64(),
    "message": pl.String(),
    # internal columns (outputs.md allows adding columns)
    "size": pl.Int64(),
    "mtime_ns": pl.Int64(),
    "run_id": pl.String(),
}

VERWERKT, AFGEWEZEN, DUBBEL = "verwerkt", "afgewezen", "dubbel"


@dataclass(frozen=True)
class LandingFile:
    path: Path
    register: str  # the landing sub-folder it was found in
    sha256: str
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        return self.path.name


def path(quality: Path) -> Path:
    return quality / "deliveries.parquet"


def read(quality: Path) -> pl.DataFrame:
    p = path(quality)
    if p.is_file():
        return pl.read_parquet(p)
    return pl.DataFrame(schema=SCHEMA)


def write(quality: Path, frame: pl.DataFrame) -> None:
    write_parquet_atomic(path(quality), frame.select(list(SCHEMA)))


def sha256_of(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_landing(landing: Path, known: pl.DataFrame) -> list[LandingFile]:
    """Every delivery file under landing/<register>/ that is not yet recorded.

    A file recorded before under the same name, size and modification time is not hashed
    again; a file whose name and content hash were recorded before is skipped.
    """
    seen_stat = set(known.select("file", "size", "mtime_ns").iter_rows())
    seen_hash = set(known.select("file", "sha256").iter_rows())
    found: list[LandingFile] = []
    if not landing.is_dir():
        return found
    for folder in sorted(p for p in landing.iterdir() if p.is_dir()):
        for file in sorted(p for p in folder.iterdir() if p.is_file()):
            if file.name.startswith("."):
                continue
            stat = file.stat()
            if (file.name, stat.st_size, stat.st_mtime_ns) in seen_stat:
                continue
            sha = sha256_of(file)
            if (file.name, sha) in seen_hash:
                continue
            found.append(LandingFile(file, folder.name, sha, stat.st_size, stat.st_mtime_ns))
    return found


def row(
    lf: LandingFile, status: str, run_id: str, *, rows_in: int = 0, accepted: int = 0,
    quarantined: int = 0, message: str = "", register: str | None = None,
) -> dict[str, object]:
    return {
        "file": lf.name, "register": register or lf.register, "sha256": lf.sha256,
        "status": status, "rows_in": rows_in, "rows_accepted": accepted,
        "rows_quarantined": quarantined, "message": message, "size": lf.size,
        "mtime_ns": lf.mtime_ns, "run_id": run_id,
    }
