"""New records' mentions spliced into the previous ones in order; a known record is refused."""

from __future__ import annotations

import polars as pl

from flows.stages import _merge_mentions
from transforms.mentions import SCHEMA


def _mentions(*keys: tuple[str, str], entity: bool) -> pl.DataFrame:
    rows = [{c: None for c in SCHEMA} | {"register": r, "record_id": rec,
                                         "mention_id": f"{r}:{rec}:gast:1",
                                         "entity_type": "persoon"} for r, rec in keys]
    frame = pl.DataFrame(rows, schema=SCHEMA)
    if entity:
        frame = frame.with_columns(pl.lit("P-1").alias("entity_id"),
                                   pl.lit(1.0).alias("confidence"),
                                   pl.lit(0, dtype=pl.Int64).alias("generation"))
    return frame


def test_new_records_go_where_they_sort_within_their_register() -> None:
    before = _mentions(("dor", "b"), ("dor", "d"), ("nachtregister", "a"), ("nachtregister", "c"),
                       entity=True)
    new = _mentions(("nachtregister", "z"), ("dor", "a"), ("dor", "c"), ("nachtregister", "b"),
                    entity=False)
    merged = _merge_mentions(before, new)
    assert merged is not None
    order = merged.mentions.select(pl.concat_str("register", "record_id", separator=":"))
    assert order.to_series().to_list() == [
        "dor:a", "dor:b", "dor:c", "dor:d",
        "nachtregister:a", "nachtregister:b", "nachtregister:c", "nachtregister:z"]
    assert merged.old_at.tolist() == [1, 3, 4, 6]
    assert merged.mentions["entity_id"].null_count() == 4


def test_a_record_that_had_mentions_is_refused() -> None:
    before = _mentions(("dor", "b"), ("dor", "d"), entity=True)
    assert _merge_mentions(before, _mentions(("dor", "d"), entity=False)) is None
    assert _merge_mentions(before, _mentions(("dor", "e"), entity=False)) is not None
