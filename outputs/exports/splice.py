"""Export files written in proportion to what changed: the previous file's bytes reused.

Every export file is a `Plan`: literal text (headers, footers, the FtM Risks: always written
anew) and `Section`s, each a frame of elements (one row per node, edge, entity or CSV row,
in file order) with the function that renders rows to their text. An element's text is a
pure function of its row (and of the plan's `key`: the attribute keys a GraphML header
declares, ...), so a row whose content hash is in the previous file's index has the bytes
it had there.

`write_plan` writes the whole file and its index (per element: a 64-bit hash of its row,
byte offset and length; per file: the key, the size). `splice_plan` writes the same bytes
from the previous file and its index: the unchanged elements' byte ranges copied (adjacent
ones coalesced, `os.copy_file_range`), only new and changed rows rendered, removed ones
skipped. A `positional` section (GEXF edges: the id is the edge's position) reuses each
element's text around its id, with the id written anew. The index is kept beside the files
(`STATE`), never inside the user-visible folder; missing, from other code or another polars,
or not matching the previous file, it is ignored (a full write).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import mmap
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from iob.atomic import write_atomic
from outputs.exports.text import write_column

STATE = "exports-state"  # the run folder's folder with the indexes of its export files
CHUNK = 100_000  # rows rendered in one step of a full write
SEED = 0x5EED  # of the 64-bit row hash
SEP = "\x00"  # joins the parts of an element's key (below every other character)


@dataclass(frozen=True)
class Section:
    """Elements in file order and their text: `render(rows)` gives one `text` per row (and,
    when `positional`, the byte offset `idoff` of the row's `_id` in it). With `keys`, the
    index keeps each element's key (`keys(rows)`: one string per row, e.g. a node id), so
    that the next night knows the file's elements without reading it (`previous_keys`)."""

    rows: pl.DataFrame
    render: Callable[[pl.DataFrame], pl.DataFrame]
    positional: bool = False  # rows get `_id` (their position, UInt32) before rendering
    keys: Callable[[pl.DataFrame], pl.Series] | None = None


Part = bytes | Section


@dataclass(frozen=True)
class Plan:
    parts: list[Part]
    key: str  # what the elements' text depends on besides their rows (e.g. the header)


@functools.cache
def _code() -> str:
    """The code the elements' text comes from, and the polars that hashes the rows."""
    from iob.sources import files_digest

    paths = sorted(Path(__file__).parent.glob("*.py"))
    return files_digest(((path.name, path) for path in paths), salt=pl.__version__)[:32]


def plan_key(plan: Plan) -> str:
    sections = [("positional" if p.positional else "section") if isinstance(p, Section)
                else "text" for p in plan.parts]
    return hashlib.sha256(json.dumps([_code(), plan.key, sections]).encode()).hexdigest()[:32]


def _hashes(rows: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame({"h": rows.hash_rows(SEED) if rows.width else
                         pl.Series([], dtype=pl.UInt64)})


def _rendered(section: Section, rows: pl.DataFrame) -> pl.DataFrame:
    out = section.render(rows)
    return out.with_columns(pl.col("text").str.len_bytes().cast(pl.Int64).alias("len"))


INDEX_SCHEMA = {"section": pl.Int32, "h": pl.UInt64, "off": pl.Int64,
                "len": pl.Int64, "idoff": pl.Int64, "idlen": pl.Int64}


def _index(section: int, hashes: pl.DataFrame, start: int, lens: pl.Series,
           idoff: pl.Series | None, idlen: pl.Series | None) -> pl.DataFrame:
    none = pl.lit(None, dtype=pl.Int64)
    lens = lens.cast(pl.Int64)
    return hashes.select(
        pl.lit(section, dtype=pl.Int32).alias("section"), pl.col("h"),
        pl.lit(lens.cum_sum() - lens + start).alias("off"), pl.lit(lens).alias("len"),
        (none if idoff is None else pl.lit(idoff.cast(pl.Int64))).alias("idoff"),
        (none if idlen is None else pl.lit(idlen.cast(pl.Int64))).alias("idlen"))


def _write_text(fh: BinaryIO, text: pl.DataFrame) -> None:
    """The `text` column's UTF-8 bytes, one value after the other."""
    write_column(fh, text, pl.col("text"))


def _write_strings(fh: BinaryIO, text: pl.Series) -> None:
    """The strings' UTF-8 bytes one after the other (none null), straight from their Arrow
    buffer when polars gives one; else as `_write_text`."""
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped]

    arr = text.rechunk().to_arrow()
    if arr.null_count or not pa.types.is_large_string(arr.type):
        _write_text(fh, text.to_frame("text"))
        return
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    if not len(arr):
        return
    data = memoryview(arr.buffers()[2])[int(offsets[0]):int(offsets[-1])]
    while data:
        n = fh.write(data)
        data = data[n:]


def _positions(rows: pl.DataFrame, start: int) -> pl.DataFrame:
    return rows.with_columns(pl.int_range(start, start + rows.height, dtype=pl.UInt32)
                             .alias("_id"))


def _id_len(ids: pl.Expr) -> pl.Expr:
    return ids.cast(pl.String).str.len_bytes().cast(pl.Int64)


def write_plan(plan: Plan, path: Path, state: Path | None = None) -> None:
    """Write the whole file (atomically) and, with `state`, its index there."""
    indexes: list[pl.DataFrame] = []
    keys = _keys_of(plan) if state is not None else None

    def write(p: Path) -> None:
        indexes.clear()
        with open(p, "wb", buffering=0) as fh:
            pos = 0
            for i, part in enumerate(plan.parts):
                if isinstance(part, bytes):
                    fh.write(part)
                    pos += len(part)
                    continue
                for offset in range(0, max(part.rows.height, 1), CHUNK):
                    rows = part.rows.slice(offset, CHUNK)
                    if rows.height == 0:
                        break
                    hashes = _hashes(rows) if state is not None else None
                    if part.positional:
                        rows = _positions(rows, offset)
                    text = _rendered(part, rows)
                    _write_text(fh, text)
                    if hashes is not None:
                        indexes.append(_index(
                            i, hashes, pos, text["len"],
                            text["idoff"] if part.positional else None,
                            rows.select(_id_len(pl.col("_id")))["_id"] if part.positional
                            else None))
                    pos += int(text["len"].sum())

    write_atomic(path, write)
    if state is not None:
        _save_index(plan, path, state, indexes, keys)


@dataclass(frozen=True)
class Previous:
    """Where a writer finds the previous run's file and index, and puts the new index."""

    file: Path | None  # the previous run's file (None: there is none)
    state: Path | None  # the folder with its index
    new_state: Path  # the folder for the index of the file written now


def write_from(plan: Plan, path: Path, previous: Previous | None) -> None:
    """Spliced from the previous file where its index fits, else whole (with an index when
    `previous` is given)."""
    if previous is None:
        write_plan(plan, path)
        return
    old, state = previous.file, previous.state
    if old is not None and state is not None and old.is_file() \
            and splice_plan(plan, path, old, state, previous.new_state):
        return
    write_plan(plan, path, previous.new_state)


def _index_paths(state: Path, name: str) -> tuple[Path, Path]:
    return state / f"{name}.parquet", state / f"{name}.json"


KEYS_SCHEMA = {"section": pl.Int32, "k": pl.String}


def _keys_path(state: Path, name: str) -> Path:
    return state / f"{name}.keys.parquet"


def _keys_of(plan: Plan) -> dict[int, pl.Series] | None:
    """The keys of the plan's sections that have them (None: no section has)."""
    keys = {i: part.keys(part.rows) for i, part in enumerate(plan.parts)
            if isinstance(part, Section) and part.keys is not None}
    return keys or None


def _save_index(plan: Plan, path: Path, state: Path, indexes: list[pl.DataFrame],
                keys: dict[int, pl.Series] | None = None) -> None:
    """The index beside the run's files: each file renamed into place whole, not synced
    (lost in a crash, it is only missing or inconsistent the next night: a whole write).
    With `keys` (per plan part with keys: its elements' keys, in file order) those too; the
    meta file (written last) names their count."""
    frame = pl.concat(indexes) if indexes else pl.DataFrame(schema=INDEX_SCHEMA)
    table, meta = _index_paths(state, path.name)
    info: dict[str, Any] = {"key": plan_key(plan), "size": path.stat().st_size,
                            "rows": frame.height}
    keys_path = _keys_path(state, path.name)
    if keys:
        kept = pl.concat([k.cast(pl.String).to_frame("k").select(
            pl.lit(i, dtype=pl.Int32).alias("section"), "k") for i, k in sorted(keys.items())])
        info["keys"] = {str(i): k.len() for i, k in sorted(keys.items())}
        _replace(keys_path, lambda p: kept.write_parquet(p, compression="uncompressed",
                                                         statistics=False))
    else:
        keys_path.unlink(missing_ok=True)
    meta_text = json.dumps(info)
    _replace(table, lambda p: frame.write_parquet(p, compression="lz4", statistics=False))
    _replace(meta, lambda p: p.write_text(meta_text, encoding="utf-8"))


def previous_keys(old: Path, old_state: Path) -> dict[int, pl.Series] | None:
    """The element keys the index of `old` keeps (per plan part with keys: its elements'
    keys in file order), when they are there and fit that file (its size, their count);
    else None (e.g. an index written before keys were kept)."""
    _, meta_path = _index_paths(old_state, old.name)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("size") != old.stat().st_size:
            return None
    except (OSError, ValueError):
        return None
    return _read_keys(meta, old_state, old.name)


def _read_keys(meta: dict[str, Any], old_state: Path, name: str
               ) -> dict[int, pl.Series] | None:
    counts = meta.get("keys")
    if not isinstance(counts, dict):
        return None
    try:
        frame = pl.read_parquet(_keys_path(old_state, name))
    except (OSError, pl.exceptions.PolarsError):
        return None
    if dict(frame.schema) != KEYS_SCHEMA or frame.height != sum(counts.values()):
        return None
    out: dict[int, pl.Series] = {}
    start = 0
    for i, n in counts.items():  # sections in file order, as written
        part = frame.slice(start, int(n))
        if part.height != int(n) or (part.height and (
                part["section"][0] != int(i) or part["section"][-1] != int(i))):
            return None
        out[int(i)] = part["k"]
        start += int(n)
    return out


@dataclass(frozen=True)
class Loaded:
    """The index of a previous file read ahead, before the plan of the new file is known
    (`load_previous`): `index` fits the file (its size; rows and columns as written), its
    key and consistency with a plan are checked by `for_plan`; `keys` as `previous_keys`
    gives them."""

    meta: dict[str, Any]
    index: pl.DataFrame
    keys: dict[int, pl.Series] | None

    def for_plan(self, plan: Plan) -> pl.DataFrame | None:
        """The index, when it is one of `plan`'s kind (as `_load_index`); else None."""
        if self.meta.get("key") != plan_key(plan):
            return None
        return self.index if _consistent(plan, self.index, self.meta["size"]) else None


def load_previous(old: Path, old_state: Path, keys: bool = True) -> Loaded | None:
    """The index of `old` (and, with `keys`, the keys it keeps) read; None without an index
    that fits the file."""
    table, meta_path = _index_paths(old_state, old.name)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("size") != old.stat().st_size:
            return None
        index = pl.read_parquet(table)
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None
    if index.height != meta.get("rows") or dict(index.schema) != INDEX_SCHEMA:
        return None
    return Loaded(meta, index, _read_keys(meta, old_state, old.name) if keys else None)


def merged_keys(old: pl.Series, merge: Merge, new: pl.Series) -> pl.Series:
    """The keys of a merged section (`Merge`): the kept previous elements' keys (`old`,
    file order) with the new elements' keys put in at their places."""
    import numpy as np

    keep = merge.keep.cast(pl.Int64).to_numpy()
    at = merge.at.cast(pl.Int64).to_numpy()
    n, k = len(at), len(keep)
    if new.len() != n:
        raise ValueError("merge: one key per new row")
    order = np.empty(n + k, dtype=np.int64)
    order[np.arange(k) + np.searchsorted(at, np.arange(k), side="right")] = keep
    order[at + np.arange(n)] = old.len() + np.arange(n)
    return pl.concat([old.cast(pl.String), new.cast(pl.String)], rechunk=True).gather(order)


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _load_index(plan: Plan, old: Path, state: Path) -> pl.DataFrame | None:
    """The previous file's index, when it fits this plan and that file; else None."""
    loaded = load_previous(old, state, keys=False)
    return None if loaded is None else loaded.for_plan(plan)


def _consistent(plan: Plan, index: pl.DataFrame, size: int) -> bool:
    """Each section's elements adjacent, inside the file; a positional element's id inside
    its text; sections only where the plan has them."""
    import numpy as np

    if index.is_empty():
        return True
    positional = [i for i, p in enumerate(plan.parts) if isinstance(p, Section) and p.positional]
    sections = [i for i, p in enumerate(plan.parts) if isinstance(p, Section)]
    section = index["section"].to_numpy()
    off, length = index["off"].to_numpy(), index["len"].to_numpy()
    end = off + length
    if not np.isin(section, sections).all():
        return False
    if not ((off >= 0) & (length >= 0) & (end <= size)).all():
        return False
    same = section[1:] == section[:-1]
    if (section[1:] >= section[:-1]).all():  # sections one after the other (as written)
        if not ((off[1:] == end[:-1]) | ~same).all():
            return False
    else:
        for i in np.unique(section):
            at = section == i
            if not (off[at][1:] == end[at][:-1]).all():
                return False
    pos = index.filter(pl.col("section").is_in(positional))
    return bool(pos.select((pl.col("idoff").is_not_null() & pl.col("idlen").is_not_null()
                            & (pl.col("idoff") + pl.col("idlen") <= pl.col("len"))).all())
                .item())


def link_index(old_state: Path, state: Path, name: str) -> None:
    """Link the index of a file that is reused as it is (when there is one)."""
    from flows.fingerprint import link_file

    for src, dst in zip((*_index_paths(old_state, name), _keys_path(old_state, name)),
                        (*_index_paths(state, name), _keys_path(state, name)), strict=True):
        if src.is_file():
            link_file(src, dst)


def sections_end(plan: Plan, old: Path, old_state: Path) -> int | None:
    """Where the sections of `old` end (its index fits `plan` and the file): the bytes
    before are the elements, the rest the plan's trailing text; None without such an index."""
    index = _load_index(plan, old, old_state)
    if index is None:
        return None
    return int(index.select((pl.col("off") + pl.col("len")).max()).item() or 0)


def carry_index(old: Path, old_state: Path, path: Path, state: Path) -> None:
    """The index of `old` for `path`: the same elements at the same places, other trailing
    text after them (only the size differs)."""
    from flows.fingerprint import link_file

    table, meta_path = _index_paths(old_state, old.name)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["size"] = path.stat().st_size
    new_table, new_meta = _index_paths(state, path.name)
    new_table.parent.mkdir(parents=True, exist_ok=True)
    link_file(table, new_table)
    if "keys" in meta and _keys_path(old_state, old.name).is_file():
        link_file(_keys_path(old_state, old.name), _keys_path(state, path.name))
    else:
        meta.pop("keys", None)
    _replace(new_meta, lambda p: p.write_text(json.dumps(meta), encoding="utf-8"))


def splice_plan(plan: Plan, path: Path, old: Path, old_state: Path,
                state: Path) -> bool:
    """Write the file from `old` (the same kind of file, with its index in `old_state`) and
    the rows that are new; False (nothing written) when `old`'s index does not fit."""
    index = _load_index(plan, old, old_state)
    if index is None:
        return False

    def emit(i: int, k: int, part: Section, previous: pl.DataFrame, src: BinaryIO,
             fh: BinaryIO, pos: int) -> pl.DataFrame:
        if part.positional:
            return _splice_positional(part, i, previous, src, fh, pos)
        return _splice_section(part, i, previous, src, fh, pos)

    _rewrite(plan, path, old, state, index, emit, _keys_of(plan))
    return True


#: writes plan part `i` (section `k` of the plan) from the previous file's index rows of that
#: section, `src` (the previous file) to `fh` at byte `pos`; its rows of the new index
Emit = Callable[[int, int, "Section", pl.DataFrame, BinaryIO, BinaryIO, int], pl.DataFrame]


def _rewrite(plan: Plan, path: Path, old: Path, state: Path, index: pl.DataFrame,
             emit: Emit, keys: dict[int, pl.Series] | None = None) -> None:
    """Write `path` atomically part by part from the previous file `old` (its `index`): the
    literal parts anew, each section by `emit`; then its index (with `keys`) into `state`."""
    indexes: list[pl.DataFrame] = []

    def write(p: Path) -> None:
        indexes.clear()
        with open(old, "rb") as src, open(p, "wb", buffering=0) as fh:
            pos = k = 0
            for i, part in enumerate(plan.parts):
                if isinstance(part, bytes):
                    fh.write(part)
                    pos += len(part)
                    continue
                written = emit(i, k, part, index.filter(pl.col("section") == i), src, fh, pos)
                k += 1
                indexes.append(written)
                if written.height:
                    pos += int(written["len"].sum())

    write_atomic(path, write)
    _save_index(plan, path, state, indexes, keys)


def _matched(part: Section, previous: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows' hashes with the previous file's place of the same content (null: new);
    `j` is that element's row in `previous` (the first one with that hash)."""
    hashes = _hashes(part.rows).with_row_index("row")
    old = previous.with_row_index("j").select(
        "h", "j", pl.col("off").alias("old_off"), pl.col("len").alias("old_len"))
    found = hashes.join(old, on="h", how="left", maintain_order="left")
    if found.height != hashes.height:  # a matched hash more than once before (rare): the
        # first of them (deduplicating first would cost every splice that hash table)
        found = hashes.join(old.unique("h", keep="first"), on="h", how="left",
                            maintain_order="left")
    return hashes, found


def copy_range(src: BinaryIO, dst: BinaryIO, offset: int, length: int) -> None:
    """`length` bytes of `src` from `offset` appended to `dst` (in the kernel)."""
    while length > 0:
        n = os.copy_file_range(src.fileno(), dst.fileno(), length, offset)
        if n == 0:
            raise OSError(f"{src.name}: {length} bytes not copied at {offset}")
        offset += n
        length -= n


def _splice_section(part: Section, i: int, previous: pl.DataFrame, src: BinaryIO,
                    fh: BinaryIO, start: int) -> pl.DataFrame:
    _, found = _matched(part, previous)
    return _emit_section(part, i, found, src, fh, start)


def _emit_section(part: Section, i: int, found: pl.DataFrame, src: BinaryIO, fh: BinaryIO,
                  start: int) -> pl.DataFrame:
    """Write the elements of `found` (file order: `h`, and `old_off`/`old_len` of a reused
    element or `row` of `part.rows` to render), the reused ones copied from `src`; their
    index."""
    is_new = found["old_off"].is_null()
    new = found.filter(is_new)["row"]
    text = _rendered(part, part.rows[new])["text"] if new.len() else None
    lens = _write_runs(found["old_off"], found["old_len"], text, src, fh)
    return _index(i, found.select("h"), start, lens, None, None)


def _write_runs(old_off: pl.Series, old_len: pl.Series, text: pl.Series | None,
                src: BinaryIO, fh: BinaryIO,
                patch: Callable[[pl.Series], IdPatch] | None = None) -> pl.Series:
    """Write elements in order: where `old_off` is set the element's bytes copied from
    `src`, else the next string of `text`; their lengths. `patch` gives, from those lengths,
    ids to write over copied bytes (`at`: offsets from the first element, ascending): the
    copied stretches that hold one are read, patched and written, the others copied in the
    kernel."""
    import numpy as np

    is_new = old_off.is_null()
    lens = old_len
    blob = b""
    if text is not None and text.len():
        lens = lens.scatter(is_new.arg_true(), text.str.len_bytes().cast(pl.Int64))
        blob = str(text.str.join("").item()).encode("utf-8")
    # runs: consecutive reused rows that were adjacent before, or consecutive new rows
    frame = pl.DataFrame({"old_off": old_off, "old_len": lens})
    reused = pl.col("old_off").is_not_null()
    prev_reused = reused.shift(1).fill_null(False)
    joins = ((reused & prev_reused
              & (pl.col("old_off") == pl.col("old_off").shift(1) + pl.col("old_len").shift(1)))
             | (~reused & ~reused.shift(1).fill_null(True)))
    ends = lens.cum_sum()
    runs = (frame.select(reused.alias("reused"), pl.col("old_off").alias("off"),
                         (ends - lens).alias("start"), joins.alias("joins"))
            .filter(~pl.col("joins")))
    runs = runs.with_columns(  # a run ends where the next begins
        (pl.col("start").shift(-1).fill_null(int(ends[-1]) if ends.len() else 0)
         - pl.col("start")).alias("len"))
    empty = np.zeros(0, dtype=np.int64)
    at, ids, width = empty, empty, empty
    if patch is not None:
        got = patch(lens)
        at = got.at.cast(pl.Int64).to_numpy()
        ids = got.ids.cast(pl.Int64).to_numpy()
        width = got.ids.cast(pl.String).str.len_bytes().cast(pl.Int64).to_numpy()
        if len(at) > 1 and not (at[1:] > at[:-1]).all():
            raise ValueError("patch: offsets not ascending")
    done = 0
    scratch: list[bytearray] = []
    for is_reused, off, start, length in runs.select("reused", "off", "start", "len").iter_rows():
        if is_reused:
            a, b = np.searchsorted(at, [start, start + length], side="left")
            if a == b:
                copy_range(src, fh, off, length)
            else:
                _copy_patched(src, fh, off, length, at[a:b] - start, ids[a:b], width[a:b],
                              scratch)
        else:
            fh.write(blob[done:done + length])
            done += length
    return lens


PATCH_CHUNK = 1 << 24  # bytes of a patched stretch read and written in one step


def _copy_patched(src: BinaryIO, fh: BinaryIO, offset: int, length: int, at: Any, ids: Any,
                  width: Any, scratch: list[bytearray] | None = None) -> None:
    """As `copy_range`, with the numbers `ids` written (ASCII digits, `width` each) at the
    offsets `at` from `offset` (ascending, inside the stretch). `scratch`: a buffer to read
    into, kept for the next call (a new one each time allocates and clears it anew)."""
    import numpy as np

    done = 0
    scratch = [] if scratch is None else scratch
    while done < length:
        n = min(PATCH_CHUNK, length - done)
        a, b = np.searchsorted(at, [done, done + n], side="left")
        if a == b:
            copy_range(src, fh, offset + done, n)
            done += n
            continue
        n = max(n, int(at[b - 1] + width[b - 1]) - done)  # the last id not cut
        if not scratch or len(scratch[0]) < n:
            scratch[:] = [bytearray(max(n, PATCH_CHUNK))]
        buf = memoryview(scratch[0])[:n]
        got = 0
        while got < n:
            k = os.preadv(src.fileno(), [buf[got:]], offset + done + got)
            if k == 0:
                raise OSError(f"{src.name}: {n - got} bytes not read at {offset + done}")
            got += k
        view = np.frombuffer(buf, dtype=np.uint8)
        pos, num, wid = at[a:b] - done, ids[a:b], width[a:b]
        for d in np.unique(wid):
            sel = wid == d
            p, m = pos[sel], num[sel]
            for k in range(int(d)):
                view[p + k] = 48 + (m // 10 ** (int(d) - 1 - k)) % 10
        del view
        data = buf
        while data:
            data = data[fh.write(data):]
        del buf, data
        done += n


@dataclass(frozen=True)
class IdPatch:
    """Ids to write over copied elements' old ids: at offsets `at` (from the section's first
    element), the numbers `ids` (each as many digits as the id it replaces)."""

    at: pl.Series
    ids: pl.Series


def _emit_positional_copied(part: Section, i: int, found: pl.DataFrame,
                            previous: pl.DataFrame, src: BinaryIO, fh: BinaryIO,
                            start: int) -> pl.DataFrame:
    """As `_emit_positional`, but a kept element whose new id has as many digits as its
    old one is copied whole (its id written over as it is copied: `_write_runs`); only the new
    elements and those whose id changed length are built as text."""
    n = found.height
    ids = pl.int_range(0, n, dtype=pl.Int64, eager=True).alias("_id")
    j = found["j"].cast(pl.Int64)
    digits = ids.cast(pl.String).str.len_bytes()
    copied = j.is_not_null() & (j.cast(pl.String).str.len_bytes() == digits).fill_null(False)
    old = previous.select("off", "len", "idoff", "idlen")
    at_old = old[j.fill_null(0)] if old.height else pl.DataFrame(
        [pl.Series(c, [None] * n, dtype=pl.Int64) for c in old.columns])
    idoff = at_old["idoff"]
    where = (~copied).arg_true()
    idoffs = pl.Series([], dtype=pl.Int64)
    if where.len():
        rows = found.select("row", "j")[where]
        new = rows["row"].is_not_null()
        pieces = pl.DataFrame({"text": pl.Series([None] * where.len(), dtype=pl.String),
                               "idoff": pl.Series([None] * where.len(), dtype=pl.Int64)})
        if new.any():
            w = new.arg_true()
            made = _rendered(part, part.rows[rows["row"].filter(new)].with_columns(
                ids.gather(where.gather(w)).cast(pl.UInt32)))
            pieces = pl.DataFrame({"text": pieces["text"].scatter(w, made["text"]),
                                   "idoff": pieces["idoff"].scatter(w, made["idoff"])})
        if (~new).any():
            w = (~new).arg_true()
            with mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ) as m:
                again = []
                for k, (o, length, io, il) in zip(
                        where.gather(w).to_list(),
                        at_old[where.gather(w)].select("off", "len", "idoff", "idlen")
                        .iter_rows(), strict=True):
                    head = m[o:o + io].decode("utf-8")
                    again.append(head + str(k) + m[o + io + il:o + length].decode("utf-8"))
            pieces = pl.DataFrame({
                "text": pieces["text"].scatter(w, pl.Series(again, dtype=pl.String)),
                "idoff": pieces["idoff"].scatter(w, at_old["idoff"].gather(where.gather(w)))})
        texts_s = pieces["text"]
        idoffs = pieces["idoff"]
    else:
        texts_s = pl.Series([], dtype=pl.String)
    frame = pl.DataFrame({"c": copied, "o": at_old["off"], "l": at_old["len"]}).select(
        pl.when(pl.col("c")).then(pl.col("o")).alias("o"),
        pl.when(pl.col("c")).then(pl.col("l")).alias("l"))
    idoff = idoff.zip_with(copied, pl.zeros(n, dtype=pl.Int64, eager=True)) if n else idoff
    if where.len():
        idoff = idoff.scatter(where, idoffs)
    take = (copied & (j != ids).fill_null(True)).arg_true()  # an id already right stays

    def patch(lens: pl.Series) -> IdPatch:
        offsets = lens.cum_sum() - lens
        return IdPatch(offsets.gather(take) + idoff.gather(take), ids.gather(take))

    lens = _write_runs(frame["o"], frame["l"], texts_s, src, fh, patch)
    return _index(i, found.select("h"), start, lens, idoff,
                  ids.to_frame().select(_id_len(pl.col("_id")))["_id"])


def _old_pieces(m: mmap.mmap, previous: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """The previous elements' text before their id and after it (views of the previous
    file), per element of `previous` (in file order, adjacent)."""
    import numpy as np
    import pyarrow as pa

    off = previous["off"].to_numpy()
    length = previous["len"].to_numpy()
    head_end = off + previous["idoff"].to_numpy()
    tail_start = head_end + previous["idlen"].to_numpy()
    if len(off) > 1 and not (off[1:] == off[:-1] + length[:-1]).all():
        raise ValueError("index: elements not adjacent")
    bounds = np.empty(3 * len(off) + 1, dtype=np.int64)
    bounds[0:-1:3] = off
    bounds[1:-1:3] = head_end
    bounds[2:-1:3] = tail_start
    bounds[-1] = off[-1] + length[-1] if len(off) else 0
    pieces = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 3 * len(off),
                                              [None, pa.py_buffer(bounds), pa.py_buffer(m)])
    s = pl.Series(pieces)
    return s.gather_every(3, 0).cast(pl.String), s.gather_every(3, 2).cast(pl.String)


def _splice_positional(part: Section, i: int, previous: pl.DataFrame, src: BinaryIO,
                       fh: BinaryIO, start: int) -> pl.DataFrame:
    _, found = _matched(part, previous)
    return _emit_positional(part, i, found, previous, src, fh, start)


def _emit_positional(part: Section, i: int, found: pl.DataFrame, previous: pl.DataFrame,
                     src: BinaryIO, fh: BinaryIO, start: int) -> pl.DataFrame:
    """As `_emit_section` for a positional section: each element's id is its place in
    `found`; a reused element's text (`j`: its row in `previous`) is kept around it."""
    ids = pl.int_range(0, found.height, dtype=pl.UInt32, eager=True).alias("_id")
    is_new = found["old_off"].is_null()
    new = found.filter(is_new)["row"]
    m = mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ) if previous.height else None
    try:
        if m is not None:
            heads, tails = _old_pieces(m, previous)
            texts = pl.DataFrame({"head": heads.gather(found["j"]),
                                  "id": ids.cast(pl.String),
                                  "tail": tails.gather(found["j"])}).select(
                pl.concat_str("head", "id", "tail").alias("text"),
                pl.col("head").str.len_bytes().cast(pl.Int64).alias("idoff"))
            del heads, tails
        else:
            texts = pl.DataFrame({"text": [None] * found.height,
                                  "idoff": [None] * found.height},
                                 schema={"text": pl.String, "idoff": pl.Int64})
        if new.len():
            text = _rendered(part, part.rows[new].with_columns(ids.filter(is_new)))
            where = is_new.arg_true()
            texts = pl.DataFrame({"text": texts["text"].scatter(where, text["text"]),
                                  "idoff": texts["idoff"].scatter(where, text["idoff"])})
        texts = texts.with_columns(pl.col("text").str.len_bytes().cast(pl.Int64).alias("len"))
        _write_strings(fh, texts["text"])
        return _index(i, found.select("h"), start, texts["len"], texts["idoff"],
                      ids.to_frame().select(_id_len(pl.col("_id")))["_id"])
    finally:
        if m is not None:
            with contextlib.suppress(BufferError):  # a view still held: goes with it
                m.close()


@dataclass(frozen=True)
class Merge:
    """A section written as the previous file's section with some elements left out and
    new ones put in: `keep` the previous elements kept (their places in that section,
    ascending); the section's `rows` are the new elements, in file order, and `at` gives for
    each how many kept elements come before it (non-decreasing)."""

    keep: pl.Series
    at: pl.Series


def _merged(part: Section, previous: pl.DataFrame, merge: Merge) -> pl.DataFrame:
    """`found` (as `_matched` gives) of a merged section: the kept elements' hashes and
    places, the new rows' hashes, in file order; a new row with the hash of a previous
    element that is not kept gets that element's place (`j`, `old_off`, `old_len`; no
    `row`): its bytes are copied."""
    import numpy as np

    keep = merge.keep.cast(pl.Int64).to_numpy()
    at = merge.at.cast(pl.Int64).to_numpy()
    n, k = part.rows.height, len(keep)
    if len(at) != n:
        raise ValueError("merge: one place per new row")
    if k and (keep[0] < 0 or keep[-1] >= previous.height or (np.diff(keep) <= 0).any()):
        raise ValueError("merge: kept elements not ascending inside the section")
    if n and (at[0] < 0 or at[-1] > k or (np.diff(at) < 0).any()):
        raise ValueError("merge: places not ascending inside the kept elements")
    # each kept element after the new ones placed before it, each new one after its kept
    kept_at = np.arange(k) + np.searchsorted(at, np.arange(k), side="right")
    new_at = at + np.arange(n)
    old_h = previous["h"].to_numpy()
    new_h = _hashes(part.rows)["h"].to_numpy()
    h = np.empty(n + k, dtype=np.uint64)
    h[kept_at] = old_h[keep]
    h[new_at] = new_h
    # a new row with the content of a dropped element (most rebuilt elements did not
    # change) has its bytes: that element is copied, not rendered
    same = _dropped_with(old_h, keep, new_h)
    j = np.full(n + k, -1, dtype=np.int64)
    j[kept_at] = keep
    j[new_at] = same
    row = np.full(n + k, -1, dtype=np.int64)
    row[new_at] = np.where(same < 0, np.arange(n), -1)
    off = np.full(n + k, -1, dtype=np.int64)
    length = np.full(n + k, -1, dtype=np.int64)
    reused = j >= 0
    off[reused] = previous["off"].to_numpy()[j[reused]]
    length[reused] = previous["len"].to_numpy()[j[reused]]
    new = pl.col("j") < 0
    return pl.DataFrame({"row": row, "j": j, "h": h, "old_off": off, "old_len": length}).select(
        pl.when(new).then(pl.col("row").cast(pl.UInt32)).alias("row"),
        pl.when(~new).then(pl.col("j").cast(pl.UInt32)).alias("j"), "h",
        pl.when(~new).then(pl.col("old_off")).alias("old_off"),
        pl.when(~new).then(pl.col("old_len")).alias("old_len"))


def _dropped_with(old_h: Any, keep: Any, new_h: Any) -> Any:
    """For each new hash, the place of a previous element not kept with that hash (the
    first such), or -1."""
    import numpy as np

    dropped = np.ones(len(old_h), dtype=bool)
    dropped[keep] = False
    places = np.flatnonzero(dropped)
    same = np.full(len(new_h), -1, dtype=np.int64)
    if not len(places) or not len(new_h):
        return same
    order = np.argsort(old_h[places], kind="stable")
    sorted_h = old_h[places][order]
    at = np.searchsorted(sorted_h, new_h, side="left")
    hit = at < len(sorted_h)
    hit[hit] = sorted_h[at[hit]] == new_h[hit]
    same[hit] = places[order[at[hit]]]
    return same


def splice_merged(plan: Plan, path: Path, old: Path, old_state: Path, state: Path,
                  merges: list[Merge], index: pl.DataFrame | None = None,
                  keys: dict[int, pl.Series] | None = None) -> bool:
    """Write the file from `old` (with its index in `old_state`; `index`: that index as
    `section_index` gave it, when loaded already): each section of `plan` (in order, one
    `Merge` each) the previous file's section merged with the section's rows; the literal
    parts anew. `keys`: the previous elements' keys (as `previous_keys` gives them) of
    every plan part with keys: the new index keeps the merged ones (without them, none).
    False (nothing written) when `old`'s index does not fit."""
    sections = [p for p in plan.parts if isinstance(p, Section)]
    if len(merges) != len(sections):
        raise ValueError("merge: one per section")
    if index is None:
        index = _load_index(plan, old, old_state)
    if index is None:
        return False
    new_keys = _merged_keys_of(plan, index, merges, keys)

    def emit(i: int, k: int, part: Section, previous: pl.DataFrame, src: BinaryIO,
             fh: BinaryIO, pos: int) -> pl.DataFrame:
        found = _merged(part, previous, merges[k])
        if part.positional:
            return _emit_positional_copied(part, i, found, previous, src, fh, pos)
        return _emit_section(part, i, found, src, fh, pos)

    _rewrite(plan, path, old, state, index, emit, new_keys)
    return True


def _merged_keys_of(plan: Plan, index: pl.DataFrame, merges: list[Merge],
                    keys: dict[int, pl.Series] | None) -> dict[int, pl.Series] | None:
    """The keys of the merged file's sections that have them, from the previous ones
    (`keys`); None when those are not given for every such section or do not fit the
    previous file's index (the new index then keeps none)."""
    parts = {i: p for i, p in enumerate(plan.parts) if isinstance(p, Section)}
    with_keys = {i: p.keys for i, p in parts.items() if p.keys is not None}
    if not with_keys or keys is None or any(i not in keys for i in with_keys):
        return None
    counts = index["section"].value_counts()
    rows = dict(zip(counts["section"].to_list(), counts["count"].to_list(), strict=True))
    out: dict[int, pl.Series] = {}
    for i, of in with_keys.items():
        if keys[i].len() != rows.get(i, 0):
            return None
        out[i] = merged_keys(keys[i], merges[list(parts).index(i)], of(parts[i].rows))
    return out


def section_index(plan: Plan, old: Path, old_state: Path) -> pl.DataFrame | None:
    """The previous file's index (`section`, `h`, `off`, `len`, ... per element in file
    order) when it fits `plan` and `old`; else None."""
    return _load_index(plan, old, old_state)
