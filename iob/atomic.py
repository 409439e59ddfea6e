"""Atomic writes (temp file in the same folder + rename) and the run lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import polars as pl

from iob.errors import RunLockedError


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write(tmp)` and rename tmp onto `path`; a crash leaves `path` as it was."""
    with _temp_beside(path) as tmp:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_json_atomic(path: Path, obj: Any) -> None:
    write_text_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def _write_parquet(frame: pl.DataFrame, path: Path) -> None:
    frame.write_parquet(path, compression="zstd", compression_level=1, statistics=True)


def write_parquet_wide(frame: pl.DataFrame, path: Path, statistics: Sequence[str]) -> None:
    """A big frame of many columns as zstd parquet with statistics only for the columns
    named (the ones a reader may filter on), in row groups of
    `iob.parquet_stitch.ROW_GROUP_ROWS` rows, by pyarrow from the frame's own buffers
    (string views, no copy): about two thirds of the work of `_write_parquet`, on one
    thread. Read back it is the same frame (names, types, values, order)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from iob import parquet_stitch

    pq.write_table(frame.to_arrow(compat_level=pl.CompatLevel.newest()), path,
                   compression="zstd", compression_level=1,
                   row_group_size=parquet_stitch.ROW_GROUP_ROWS,
                   write_statistics=[c for c in statistics if c in frame.columns])


def write_parquet_atomic(path: Path, frame: pl.DataFrame) -> None:
    write_atomic(path, lambda p: _write_parquet(frame, p))


#: threads writing and syncing the files of one `write_parquet_many` call
MANY_THREADS = 8


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_parquet_many(items: Sequence[tuple[Path, pl.DataFrame]]) -> None:
    """Write several parquet files, each atomically, with their fsyncs overlapping.

    Every frame goes to a temp file beside its path, is written and fsynced in a thread
    (polars and fsync release the GIL, so many small files cost about one disk flush, not
    one each); only when all are durable are they renamed onto their paths, in the order
    given, and the folders synced. A crash leaves each path as it was or complete; an error
    leaves every path as it was when it happens before the renames.
    """
    temps: list[Path] = []
    try:
        for path, _ in items:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            temps.append(Path(name))

        def write(i: int) -> None:
            _write_parquet(items[i][1], temps[i])
            with open(temps[i], "rb") as fh:
                os.fsync(fh.fileno())

        if len(items) == 1:
            write(0)
        elif items:
            with ThreadPoolExecutor(min(MANY_THREADS, len(items))) as pool:
                list(pool.map(write, range(len(items))))
        for (path, _), tmp in zip(items, temps, strict=True):
            os.replace(tmp, path)
        for folder in dict.fromkeys(path.parent for path, _ in items):
            _fsync_dir(folder)
    finally:
        for tmp in temps:
            if tmp.exists():
                tmp.unlink()


class ParquetBatch:
    """Parquet files written in the background as soon as each is known, made visible
    together: as `write_parquet_many`, but `add` starts writing a frame (to a temp file
    beside its path, fsynced) on a worker thread and returns at once, so the caller goes on
    computing the next ones. `commit` waits for every write, renames them onto their paths
    in the order added and syncs the folders. Leaving the `with` block without `commit` (an
    error) removes the temp files: every path stays as it was.
    """

    def __init__(self, threads: int = MANY_THREADS) -> None:
        self._pool = ThreadPoolExecutor(threads)
        self._items: list[tuple[Path, Path, Future[None]]] = []

    def __enter__(self) -> ParquetBatch:
        return self

    def add(self, path: Path, frame: pl.DataFrame, internal: bool = False,
            statistics: Sequence[str] | None = None) -> None:
        """Start writing ``frame`` to ``path``; ``internal``: a file only this program reads,
        whole (lz4 without statistics: cheaper to write and read, a little bigger);
        ``statistics``: only these columns get statistics (see `write_parquet_wide`)."""

        def write(tmp: Path) -> None:
            if internal:
                frame.write_parquet(tmp, compression="lz4", statistics=False)
            elif statistics is not None:
                write_parquet_wide(frame, tmp, statistics)
            else:
                _write_parquet(frame, tmp)

        self.add_file(path, write)

    def add_file(self, path: Path, write: Callable[[Path], object]) -> None:
        """Start ``write(temp file)`` for ``path`` (any file, written as the caller's
        function does it), as `add`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)

        def run() -> None:
            write(tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())

        self._items.append((path, tmp, self._pool.submit(run)))

    def commit(self) -> None:
        for _, _, done in self._items:
            done.result()
        for path, tmp, _ in self._items:
            os.replace(tmp, path)
        for folder in dict.fromkeys(path.parent for path, _, _ in self._items):
            _fsync_dir(folder)
        self._items = []

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)
        for _, tmp, _ in self._items:
            if tmp.exists():
                tmp.unlink()
        self._items = []


class RunLock:
    """An exclusive, non-blocking lock on the data folder (flock on DATA/.iob.lock)."""

    def __init__(self, data: Path) -> None:
        self.path = data / ".iob.lock"
        self._fh: IO[str] | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "onbekend"
            fh.close()
            raise RunLockedError(
                f"er loopt al een run op {self.path.parent} ({holder}); "
                "wacht tot die klaar is en probeer het dan opnieuw"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
