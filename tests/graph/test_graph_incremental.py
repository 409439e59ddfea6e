"""graph.incremental: on nights of new DOR rows (and DOR mentions that change entity), the
signals computed from the previous run's state and what is new equal the whole computation,
ids and every column; other changes fall back to the whole computation."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

AS_OF = date(2026, 11, 28)
Demo = tuple[dict[str, pl.DataFrame], pl.DataFrame]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """Lake tables (with the quarantined nachtregister rows) and resolved mentions of a
    small demo."""
    from tests.graph.graph_factory import resolved_demo

    return resolved_demo(tmp_path_factory.mktemp("incrementeel"),
                         "test-sleutel-voor-incrementeel", 5)


def _config(overrides: dict[str, Any] | None = None) -> Any:
    from graph.config import SignalConfig

    return SignalConfig(overrides or {})


def _whole(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, config: Any,
           as_of: date = AS_OF) -> tuple[pl.DataFrame, Any]:
    """Every rule on everything (with scope), and the state a run leaves."""
    from tests.graph.graph_factory import whole_signals

    return whole_signals(tables, mentions, config, as_of)


def _night(before: Demo, after: Demo, config: Any) -> tuple[pl.DataFrame | None, Any]:
    """The incremental signals of the night from `before` to `after` (None: fell back)."""
    from graph.incremental import delta, mention_hashes, run_incremental, setup_key, table_hashes

    _, state = _whole(*before, config)
    tables, mentions = after
    old = before[1]
    d = delta(tables, table_hashes(tables), mentions, mention_hashes(mentions), state,
              lambda day: setup_key(day, "programma", config),
              lambda positions: old.select(state_columns())[positions.tolist()], AS_OF)
    if d is None:
        return None, None
    return run_incremental(tables, mentions, AS_OF, config, state, d), d


def state_columns() -> list[str]:
    from graph.incremental import MENTION_COLUMNS

    return list(MENTION_COLUMNS)


def _without_dor(demo: Demo, ids: list[str]) -> Demo:
    """The demo without the given DOR rows and their mentions (the night before)."""
    tables, mentions = demo
    keep = dict(tables)
    keep["dor"] = tables["dor"].filter(~pl.col("registratienummer").is_in(ids))
    m = mentions.filter(~((pl.col("register") == "dor") & pl.col("record_id").is_in(ids)))
    return keep, m


def _assert_same(got: pl.DataFrame | None, want: pl.DataFrame) -> None:
    assert got is not None
    assert_frame_equal(got, want)


def _dor_rows_of_signal(demo: Demo, rule: str) -> tuple[str, list[str]]:
    """An entity of a signal of the rule that is mentioned on DOR rows, and those rows."""
    from graph.signals import compute_signals

    tables, mentions = demo
    sig = compute_signals(tables, mentions, AS_OF).filter(pl.col("rule") == rule)
    dor = mentions.filter(pl.col("register") == "dor")
    for entity in sig["entity_ids"].explode().drop_nulls().to_list():
        rows = dor.filter(pl.col("entity_id") == entity)["record_id"].unique().sort()
        if rows.len():
            return entity, rows.to_list()
    raise AssertionError(rule)


@pytest.mark.slow
@pytest.mark.parametrize("overrides", [
    None,
    # per-municipality thresholds: rules evaluated per group of municipalities
    {"GM1729": {"heling.veelaanbieder": {"min_goederen": 3},
                "netwerk.convergentie": {"min_registers": 2}},
     "netwerk.adres_veel_personen": {"min_personen": 3}},
])
def test_a_delivery_of_one_municipality(demo: Demo, overrides: dict[str, Any] | None) -> None:
    tables, _ = demo
    dor = tables["dor"]
    code = dor["gemeentecode"].mode().sort()[0]
    ids = dor.filter(pl.col("gemeentecode") == code)["registratienummer"].tail(40).to_list()
    config = _config(overrides)
    got, d = _night(_without_dor(demo, ids), demo, config)
    assert d is not None and d.touched.height > 0
    _assert_same(got, _whole(*demo, config)[0])


@pytest.mark.slow
def test_a_delivery_that_creates_a_signal(demo: Demo) -> None:
    """Every row of a seller with a signal arrives tonight: the signals of that seller are
    new, and the rest (clusters, bridges, convergence...) follows."""
    config = _config()
    for rule in ("heling.veelaanbieder", "heling.reizende_verkoper", "netwerk.convergentie"):
        _, ids = _dor_rows_of_signal(demo, rule)
        before = _without_dor(demo, ids)
        got, _ = _night(before, demo, config)
        want = _whole(*demo, config)[0]
        _assert_same(got, want)
        if rule.startswith("heling."):  # (a convergent entity may stay so without them)
            assert not set(want["signal_id"]) <= set(_whole(*before, config)[0]["signal_id"])


def _merged(demo: Demo, rule: str) -> tuple[Demo, Demo]:
    """Two nights: the DOR mentions of a seller with a signal belong to a person of their own
    (before), then to the seller (after: the two merged)."""
    tables, mentions = demo
    seller, rows = _dor_rows_of_signal(demo, rule)
    own = (pl.col("register") == "dor") & (pl.col("entity_id") == seller)
    split = rows[: max(1, len(rows) // 2)]
    apart = mentions.with_columns(
        pl.when(own & pl.col("record_id").is_in(split)).then(pl.lit("P-los-van-elkaar"))
        .otherwise(pl.col("entity_id")).alias("entity_id"))
    return (tables, apart), demo


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["heling.veelaanbieder", "netwerk.convergentie"])
def test_two_entities_merge(demo: Demo, rule: str) -> None:
    config = _config()
    before, after = _merged(demo, rule)
    got, d = _night(before, after, config)
    assert d is not None and "P-los-van-elkaar" in d.touched["entity_id"].to_list()
    _assert_same(got, _whole(*after, config)[0])


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["heling.veelaanbieder", "netwerk.convergentie"])
def test_an_entity_splits_and_a_signal_vanishes(demo: Demo, rule: str) -> None:
    """The reverse night: part of a seller's rows go to another person; the seller's
    signal changes or vanishes (vervallen), exactly as the whole computation says."""
    config = _config()
    after, before = _merged(demo, rule)
    got, _ = _night(before, after, config)
    want = _whole(*after, config)[0]
    _assert_same(got, want)
    fields = ["signal_id", "toelichting"]
    assert not want.select(fields).equals(_whole(*before, config)[0].select(fields))


@pytest.mark.slow
def test_other_changes_fall_back(demo: Demo) -> None:
    tables, mentions = demo
    config = _config()
    # a nachtregister row more
    nacht = tables["nachtregister"]
    id_ = nacht["registratie_id"][0]
    fewer = dict(tables)
    fewer["nachtregister"] = nacht.filter(pl.col("registratie_id") != id_)
    m = mentions.filter(~((pl.col("register") == "nachtregister")
                          & (pl.col("record_id") == id_)))
    assert _night((fewer, m), demo, config)[0] is None
    # a DOR row removed
    id_ = tables["dor"]["registratienummer"][0]
    assert _night(demo, _without_dor(demo, [id_]), config)[0] is None
    # other thresholds
    from graph.incremental import delta, mention_hashes, setup_key, table_hashes

    _, state = _whole(tables, mentions, config)
    other = _config({"heling.prijs": {"min_vergelijkbaar": 2}})
    assert delta(tables, table_hashes(tables), mentions, mention_hashes(mentions), state,
                 lambda day: setup_key(day, "programma", other), lambda p: None, AS_OF) is None


def test_changed_rows_equal_set_membership() -> None:
    """Rows changed in place, inserted in blocks or removed: found as by set membership."""
    import numpy as np

    from graph.incremental import changed_rows

    rng = np.random.default_rng(1)
    for _ in range(300):
        old = rng.integers(0, 40, int(rng.integers(0, 60))).astype(np.uint64)
        cur = list(old)
        for _ in range(int(rng.integers(0, 4))):
            op = int(rng.integers(0, 3))
            if op == 0 and cur:
                cur[int(rng.integers(0, len(cur)))] = np.uint64(rng.integers(0, 80))
            elif op == 1:
                at = int(rng.integers(0, len(cur) + 1))
                cur[at:at] = list(rng.integers(0, 80, int(rng.integers(1, 5))).astype(np.uint64))
            elif cur:
                del cur[int(rng.integers(0, len(cur)))]
        now = np.array(cur, dtype=np.uint64)
        new, gone = changed_rows(now, old)
        assert (new == ~np.isin(now, old)).all()
        assert (gone == np.flatnonzero(~np.isin(old, now))).all()


@pytest.mark.slow
def test_a_changed_heling_signal_reaches_the_clusters_of_its_other_entities(demo: Demo) -> None:
    """A new sale to a dealer with a signal, by a new seller: the dealer's signal gains the
    row, so the marker of its other (untouched) seller changes, and with it the evidence of
    that seller's cluster."""
    from graph.signals import compute_signals

    tables, mentions = demo
    config = _config()
    sig = compute_signals(tables, mentions, AS_OF)
    clusters = sig.filter(pl.col("rule") == "netwerk.bovenlokaal_cluster")
    in_cluster = set(clusters["entity_ids"].explode().drop_nulls().to_list())
    dealer_rules = ["heling.contant_zonder_id", "heling.bewaartermijn",
                    "heling.stopheling_opkoper"]
    hit = sig.filter(pl.col("rule").is_in(dealer_rules)
                     & pl.col("entity_ids").list.eval(pl.element().is_in(list(in_cluster)))
                     .list.any())
    assert hit.height
    row_id = hit["evidence"][0].sort()[0].removeprefix("dor:")
    copy = f"{row_id}-kopie"
    dor = tables["dor"]
    more = dict(tables)
    more["dor"] = pl.concat([dor, dor.filter(pl.col("registratienummer") == row_id)
                             .with_columns(pl.lit(copy).alias("registratienummer"))])
    theirs = mentions.filter((pl.col("register") == "dor") & (pl.col("record_id") == row_id))
    seller = pl.col("role").is_in(["verkoper", "adres:verkoper"])
    new = theirs.with_columns(
        pl.lit(copy).alias("record_id"),
        pl.col("mention_id").str.replace(row_id, copy, literal=True),
        pl.when(seller).then(pl.concat_str(pl.col("entity_id"), pl.lit("-kopie")))
        .otherwise(pl.col("entity_id")).alias("entity_id"))
    after = (more, pl.concat([mentions, new]))
    got, d = _night(demo, after, config)
    want = _whole(*after, config)[0]
    _assert_same(got, want)
    # the cluster changed, though none of its entities is on the new row
    before = _whole(*demo, config)[0]
    fields = ["signal_id", "evidence"]
    cl = pl.col("rule") == "netwerk.bovenlokaal_cluster"
    assert not want.filter(cl).select(fields).equals(before.filter(cl).select(fields))
    touched = set(d.touched["entity_id"].to_list())
    assert not touched & set(want.filter(cl)["entity_ids"].explode().drop_nulls().to_list())


@pytest.mark.slow
def test_a_new_row_near_a_refused_bibob_party_falls_back(demo: Demo) -> None:
    """A sale by a person in the doorwerking zone (near a refused Bibob party) may change
    that rule's paths: everything is computed."""
    tables, mentions = demo
    config = _config()
    _, state = _whole(tables, mentions, config)
    personen = sorted(z.removeprefix("persoon:") for z in state.zone
                      if z.startswith("persoon:"))
    assert personen
    row_id = tables["dor"]["registratienummer"][0]
    copy = f"{row_id}-kopie"
    more = dict(tables)
    more["dor"] = pl.concat([tables["dor"], tables["dor"].filter(
        pl.col("registratienummer") == row_id).with_columns(
        pl.lit(copy).alias("registratienummer"))])
    new = mentions.filter((pl.col("register") == "dor") & (pl.col("record_id") == row_id)
                          ).with_columns(
        pl.lit(copy).alias("record_id"),
        pl.col("mention_id").str.replace(row_id, copy, literal=True),
        pl.when(pl.col("role") == "verkoper").then(pl.lit(personen[0]))
        .otherwise(pl.col("entity_id")).alias("entity_id"))
    got, d = _night(demo, (more, pl.concat([mentions, new])), config)
    assert d is not None and personen[0] in d.touched["entity_id"].to_list()
    assert got is None
