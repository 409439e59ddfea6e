"""One parquet file from the columns of several, encoded apart (each at its own time).

A wide frame whose columns are known at different times (most of them early, a few late)
is encoded in parts: each part a whole parquet file in memory of some of the columns, with
the same row groups. `stitch` then copies the parts' encoded column chunks unchanged into
one file and writes its footer (the thrift FileMetaData: the columns in the order asked,
their chunks' offsets moved to where they landed). Reading the file gives the frame as if
it had been written at once. Only flat schemas (no nested columns) and files without page
indexes or encryption (as `encode` writes them).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO, cast

import polars as pl

MAGIC = b"PAR1"
#: rows per row group of the parts (the parts must cut alike) and of the mentions file:
#: an eighth of pyarrow's default, so that a night re-encodes few rows before the groups it
#: copies from the previous file (`regroup`); reading is no slower
ROW_GROUP_ROWS = 1 << 17

#: ColumnChunk fields locating its page indexes, ColumnMetaData fields locating its bloom
#: filter: left out of the chunks `regroup` copies (both optional; they would point into the
#: file the chunk came from)
_PAGE_INDEX = (4, 5, 6, 7)
_BLOOM_FILTER = (14, 15)

# thrift compact protocol types
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(
    1, 13)

Field = tuple[int, int, object]  # field id, compact type, value


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        value = self.data[self.at]
        self.at += 1
        return value

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind: int) -> object:
        if kind in (_TRUE, _FALSE):  # inside a list: one byte
            return self.byte() == 1
        if kind == _BYTE:
            return self.byte()
        if kind in (_I16, _I32, _I64):
            return self.zigzag()
        if kind == _DOUBLE:
            value = self.data[self.at:self.at + 8]
            self.at += 8
            return value
        if kind == _BINARY:
            size = self.varint()
            value = self.data[self.at:self.at + size]
            self.at += size
            return value
        if kind in (_LIST, _SET):
            head = self.byte()
            size, element = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return (element, [self.value(element) for _ in range(size)])
        if kind == _STRUCT:
            return self.struct()
        raise ValueError(f"thrift-type {kind} wordt niet ondersteund")

    def struct(self) -> list[Field]:
        fields: list[Field] = []
        last = 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            delta, kind = head >> 4, head & 0x0F
            fid = last + delta if delta else self.zigzag()
            value: object = kind == _TRUE if kind in (_TRUE, _FALSE) else self.value(kind)
            fields.append((fid, kind, value))
            last = fid


class _Writer:
    def __init__(self) -> None:
        self.out = bytearray()

    def varint(self, n: int) -> None:
        while n > 0x7F:
            self.out.append((n & 0x7F) | 0x80)
            n >>= 7
        self.out.append(n)

    def zigzag(self, n: int) -> None:
        self.varint((n << 1) ^ (n >> 63))

    def value(self, kind: int, value: object) -> None:
        if kind in (_TRUE, _FALSE):
            self.out.append(1 if value else 2)
        elif kind == _BYTE:
            self.out.append(cast(int, value))
        elif kind in (_I16, _I32, _I64):
            self.zigzag(cast(int, value))
        elif kind == _DOUBLE:
            self.out += cast(bytes, value)
        elif kind == _BINARY:
            data = cast(bytes, value)
            self.varint(len(data))
            self.out += data
        elif kind in (_LIST, _SET):
            element, items = cast(tuple[int, list[object]], value)
            if len(items) < 15:
                self.out.append(len(items) << 4 | element)
            else:
                self.out.append(0xF0 | element)
                self.varint(len(items))
            for item in items:
                self.value(element, item)
        elif kind == _STRUCT:
            self.struct(cast(list[Field], value))
        else:
            raise ValueError(f"thrift-type {kind} wordt niet ondersteund")

    def struct(self, fields: list[Field]) -> None:
        last = 0
        for fid, kind, value in fields:
            kind = (_TRUE if value else _FALSE) if kind in (_TRUE, _FALSE) else kind
            if 0 < fid - last <= 15:
                self.out.append((fid - last) << 4 | kind)
            else:
                self.out.append(kind)
                self.zigzag(fid)
            if kind not in (_TRUE, _FALSE):
                self.value(kind, value)
            last = fid
        self.out.append(0)


def _get(fields: list[Field], fid: int) -> object:
    return next((value for f, _, value in fields if f == fid), None)


def _int(fields: list[Field], fid: int) -> int | None:
    value = _get(fields, fid)
    return value if isinstance(value, int) else None


def _struct(fields: list[Field], fid: int) -> list[Field]:
    return cast(list[Field], _get(fields, fid))


def _structs(fields: list[Field], fid: int) -> list[list[Field]]:
    """A list of structs (an empty list where the field is missing)."""
    value = _get(fields, fid)
    return [] if value is None else cast(tuple[int, list[list[Field]]], value)[1]


def _set(fields: list[Field], fid: int, value: object) -> list[Field]:
    return [(f, kind, value if f == fid else old) for f, kind, old in fields]


def _moved(fields: list[Field], shift: dict[int, int]) -> list[Field]:
    """``fields`` with the integer fields of ``shift`` moved by their amount."""
    return [(f, kind, value + shift[f] if f in shift and isinstance(value, int) else value)
            for f, kind, value in fields]


@dataclass
class _Part:
    data: bytes             # the whole file
    end: int                # where its footer starts
    meta: list[Field]       # its FileMetaData
    leaves: dict[str, int]  # column name -> its place among the part's columns


def _part(data: bytes) -> _Part:
    if data[:4] != MAGIC or data[-4:] != MAGIC:
        raise ValueError("geen parquet-bestand")
    size = struct.unpack("<I", data[-8:-4])[0]
    end = len(data) - 8 - size
    meta = _Reader(data[end:end + size]).struct()
    schema = _structs(meta, 2)
    root, leaves = schema[0], schema[1:]
    if _int(root, 5) != len(leaves) or any(_int(leaf, 5) for leaf in leaves):
        raise ValueError("alleen platte parquet-schema's")
    if _get(meta, 8) is not None:
        raise ValueError("versleutelde parquet-bestanden worden niet ondersteund")
    names = {cast(bytes, _get(leaf, 4)).decode(): i for i, leaf in enumerate(leaves)}
    return _Part(data, end, meta, names)


def encode(frame: pl.DataFrame, statistics: Sequence[str],
           groups: Sequence[int] | None = None) -> bytes:
    """``frame`` as a parquet file in memory (zstd, statistics only for the columns of
    ``statistics``, row groups of :data:`ROW_GROUP_ROWS`, or of the rows ``groups`` given,
    each at most that many): one part for `stitch`."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    written = [c for c in statistics if c in frame.columns]
    sink = io.BytesIO()
    if groups is None:
        pq.write_table(table, sink, compression="zstd", compression_level=1,
                       row_group_size=ROW_GROUP_ROWS, write_statistics=written)
        return sink.getvalue()
    if sum(groups) != frame.height or any(not 0 < rows <= ROW_GROUP_ROWS for rows in groups):
        raise ValueError("de rijgroepen passen niet bij het frame")
    with pq.ParquetWriter(sink, table.schema, compression="zstd", compression_level=1,
                          write_statistics=written) as writer:
        at = 0
        for rows in groups:  # one row group per call
            writer.write_table(table.slice(at, rows), row_group_size=rows)
            at += rows
    return sink.getvalue()


def row_groups(data: bytes) -> list[int]:
    """The rows of each row group of the parquet file ``data``."""
    return [_int(group, 3) or 0 for group in _structs(_part(data).meta, 4)]


def column_names(data: bytes) -> list[str]:
    """The columns of the parquet file ``data``, in order."""
    part = _part(data)
    return sorted(part.leaves, key=part.leaves.__getitem__)


def split_rows(rows: int, size: int | None = None) -> list[int]:
    """``rows`` cut into row groups as `encode` cuts them by default (or of ``size``)."""
    size = size or ROW_GROUP_ROWS
    return [min(size, rows - at) for at in range(0, rows, size)]


def regroup(sources: Sequence[tuple[bytes, int]], schema: pl.DataFrame) -> bytes:
    """One parquet file in memory of the columns of ``schema`` (a frame of them: names,
    order, types) and, in order, the row groups of each source ``(file, first)`` from its
    row group ``first`` on: their encoded column chunks copied, not decoded (each file
    holds those columns stored as `encode` stores them, whoever wrote it; their page
    indexes and bloom filters are not copied). A part for `stitch`: the rows read back are
    those groups' rows, one after the other. Raises ValueError where a file does not
    fit."""
    whole = _part(encode(schema.head(0), []))
    if _get(whole.meta, 4) is None or _get(whole.meta, 7) is None:
        raise ValueError("onverwachte parquet-metadata")
    leaves = _structs(whole.meta, 2)[1:]
    out = bytearray(MAGIC)
    row_groups: list[list[Field]] = []
    for data, first in sources:
        part = _part(data)
        if any(name not in part.leaves for name in schema.columns):
            raise ValueError("een bron mist kolommen van het schema")
        # each column stored as the schema's (type, logical type, repetition): its chunks
        # read back as that column under the new footer
        theirs = _structs(part.meta, 2)[1:]
        if any(theirs[part.leaves[name]] != leaf for name, leaf in zip(schema.columns, leaves,
                                                                        strict=True)):
            raise ValueError("een bron slaat kolommen anders op dan het schema")
        for group in _structs(part.meta, 4)[first:]:
            columns: list[list[Field]] = []
            for name in schema.columns:
                fields = _structs(group, 1)[part.leaves[name]]
                if _get(fields, 1) is not None:
                    raise ValueError("kolomdelen in een ander bestand worden niet ondersteund")
                # page indexes and bloom filters (optional) are left behind
                fields = [f for f in fields if f[0] not in _PAGE_INDEX]
                meta = [f for f in _struct(fields, 3) if f[0] not in _BLOOM_FILTER]
                start = _offset(meta)
                size = _int(meta, 7) or 0
                shift = len(out) - start
                out += memoryview(data)[start:start + size]
                columns.append(_set(_moved(fields, {2: shift}), 3,
                                    _moved(meta, {9: shift, 10: shift, 11: shift})))
            metas = [_struct(c, 3) for c in columns]
            first_page = min((_offset(m) for m in metas), default=len(MAGIC))
            row_groups.append([
                (1, _LIST, (_STRUCT, columns)),
                (2, _I64, sum(_int(m, 6) or 0 for m in metas)),
                (3, _I64, _int(group, 3) or 0), (5, _I64, first_page),
                (6, _I64, sum(_int(m, 7) or 0 for m in metas)), (7, _I16, len(row_groups))])
    rows = sum(_int(group, 3) or 0 for group in row_groups)
    new = {3: rows, 4: (_STRUCT, row_groups)}
    meta = [(fid, kind, new.get(fid, value)) for fid, kind, value in whole.meta]
    footer = _Writer()
    footer.struct(meta)
    out += footer.out
    out += struct.pack("<I", len(footer.out))
    out += MAGIC
    return bytes(out)


def reused(previous: bytes, frame: pl.DataFrame, last: int, added: int,
           statistics: Sequence[str], size: int | None = None) -> bytes:
    """``frame`` as one part for `stitch` (as `encode` writes it) that copies the file
    ``previous``'s row groups where its rows are ``frame``'s: ``frame`` is ``previous``'s
    rows (of ``frame``'s columns) with ``added`` rows put in before its row ``last`` (or
    earlier), so ``previous``'s row groups from the first that starts at or after ``last``
    are ``frame``'s last rows, copied as they are; the rows before them are encoded (row
    groups of ``size``, default :data:`ROW_GROUP_ROWS`). A small group there (under an
    eighth of that: the rows after an earlier night's) is encoded again with the rows
    before it, so that the groups do not grow in number night after night. The caller
    vouches that the rows copied did not change. Raises ValueError where ``previous`` does
    not fit (other rows, columns stored otherwise, no group to copy)."""
    sizes = row_groups(previous)
    starts = [0]
    for rows in sizes:
        starts.append(starts[-1] + rows)
    if starts[-1] + added != frame.height:
        raise ValueError("het vorige bestand heeft andere rijen")
    first = next((g for g, start in enumerate(starts[:-1]) if start >= last), len(sizes))
    size = size or ROW_GROUP_ROWS
    while first < len(sizes) and sizes[first] < size // 8:
        first += 1
    if first >= len(sizes):
        raise ValueError("geen rijgroep om over te nemen")
    head = frame.head(starts[first] + added)
    sources = ([(encode(head, statistics, split_rows(head.height, size)), 0)] if head.height
               else [])
    return regroup([*sources, (previous, first)], frame.head(0))


def _offset(meta: list[Field]) -> int:
    """Where a column chunk's pages start (its dictionary page, else its first data page)."""
    return min(v for v in (_int(meta, 11), _int(meta, 9)) if v is not None)


def stitch(parts: Sequence[bytes], schema: pl.DataFrame, sink: BinaryIO) -> None:
    """One parquet file of the columns of ``schema`` (a frame of them, any rows: their
    names, order and types) from ``parts`` (files of `encode`, together holding each column
    once, with the same rows per row group), written to ``sink``. Raises ValueError (before
    writing anything) where they do not fit."""
    read = [_part(data) for data in parts]
    owner: dict[str, int] = {}
    for i, part in enumerate(read):
        for name in part.leaves:
            if name in owner:
                raise ValueError(f"kolom {name} staat in meer dan één deel")
            owner[name] = i
    if sorted(owner) != sorted(schema.columns):
        raise ValueError("de delen hebben niet precies de kolommen van het schema")
    groups = [[_int(group, 3) for group in _structs(part.meta, 4)] for part in read]
    if any(g != groups[0] for g in groups) or len({_int(p.meta, 3) for p in read}) != 1:
        raise ValueError("de delen hebben niet dezelfde rijgroepen")
    # each part's data pages after the previous part's, so its offsets move by this much
    shifts, at = [], len(MAGIC)
    for part in read:
        shifts.append(at - len(MAGIC))
        at += part.end - len(MAGIC)

    def chunk(name: str, group: int) -> list[Field]:
        part, shift = read[owner[name]], shifts[owner[name]]
        fields = _structs(_structs(part.meta, 4)[group], 1)[part.leaves[name]]
        if any(_get(fields, f) is not None for f in (4, 6)):
            raise ValueError("paginaindexen worden niet ondersteund")
        meta = _moved(_struct(fields, 3), {9: shift, 10: shift, 11: shift, 14: shift})
        return _set(_moved(fields, {2: shift}), 3, meta)

    def total(metas: list[list[Field]], fid: int) -> int:
        return sum(_int(meta, fid) or 0 for meta in metas)

    row_groups = []
    for g, rows in enumerate(groups[0]):
        columns = [chunk(name, g) for name in schema.columns]
        metas = [_struct(c, 3) for c in columns]
        first = min(min(v for v in (_int(m, 11), _int(m, 9)) if v is not None) for m in metas)
        row_groups.append([(1, _LIST, (_STRUCT, columns)), (2, _I64, total(metas, 6)),
                           (3, _I64, rows), (5, _I64, first), (6, _I64, total(metas, 7)),
                           (7, _I16, g)])
    # the schema and its arrow metadata as pyarrow writes them for the whole frame
    whole = _part(encode(schema.head(0), []))
    if _get(whole.meta, 4) is None or _get(whole.meta, 7) is None:
        raise ValueError("onverwachte parquet-metadata")
    orders = [_structs(read[owner[name]].meta, 7)[read[owner[name]].leaves[name]]
              for name in schema.columns]
    new = {3: _int(read[0].meta, 3), 4: (_STRUCT, row_groups), 7: (_STRUCT, orders)}
    meta = [(fid, kind, new.get(fid, value)) for fid, kind, value in whole.meta]
    footer = _Writer()
    footer.struct(meta)
    sink.write(MAGIC)
    for part in read:
        sink.write(memoryview(part.data)[len(MAGIC):part.end])
    sink.write(footer.out)
    sink.write(struct.pack("<I", len(footer.out)))
    sink.write(MAGIC)
