"""Local rules (graph.signals.LOCAL) on their own rows, and their cache: on the demo, every
rule's signals computed the new way (local rules on `local_frames`, or taken from the rule
cache) equal the old way (every rule on the whole context), ids and every column; the cache
key changes with exactly what the rule reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, pl.DataFrame],
                                                              pl.DataFrame]:
    """Lake tables (with the quarantined nachtregister rows) and resolved mentions of a
    small demo."""
    from tests.graph.graph_factory import resolved_demo

    return resolved_demo(tmp_path_factory.mktemp("regelcache"),
                         "test-sleutel-voor-de-regelcache", 11)


def _old_way(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
             config: object) -> dict[str, pl.DataFrame]:
    """Every rule on the whole context, in catalogue order (as before local rules)."""
    from graph.rules import RULES
    from graph.rules._common import Context
    from graph.signals import rule_inputs, run_rule

    frames, net = rule_inputs(tables, mentions, as_of)
    ctx = Context(frames=frames, net=net, as_of=as_of)
    for code in RULES:
        ctx.done[code] = run_rule(code, ctx, config)  # type: ignore[arg-type]
    return ctx.done


def _by_rule(signals: pl.DataFrame, code: str) -> pl.DataFrame:
    return signals.filter(pl.col("rule") == code).sort("signal_id")


def _config(overrides: dict[str, object] | None = None) -> object:
    from graph.config import SignalConfig

    return SignalConfig(overrides or {})


@pytest.mark.slow
@pytest.mark.parametrize("overrides", [
    None,
    # per-municipality thresholds: local rules evaluated per group of municipalities
    {"GM0981": {"verblijf.langdurig": {"min_nachten": 30},
                "damocles.adres_herhaling": {"min_bevindingen": 1}},
     "verblijf.groepshuisvesting": {"min_personen": 4}},
])
def test_every_rule_the_new_way_equals_the_old_way(
        demo: tuple[dict[str, pl.DataFrame], pl.DataFrame],
        overrides: dict[str, object] | None) -> None:
    from graph.rules import RULES
    from graph.signals import LOCAL, rule_inputs, run_rules_cached

    tables, mentions = demo
    config = _config(overrides)
    old = _old_way(tables, mentions, AS_OF, config)
    frames, net = rule_inputs(tables, mentions, AS_OF)
    fresh, cache = run_rules_cached(frames, net, AS_OF, config,  # type: ignore[arg-type]
                                    program="p")
    reused, again = run_rules_cached(frames, net, AS_OF, config,  # type: ignore[arg-type]
                                     previous=cache, program="p")
    local = [c for c in RULES if any(c.startswith(f) for f in LOCAL)]
    assert sorted(cache.keys) == sorted(local) and again.keys == cache.keys
    for code in RULES:
        want = old[code].sort("signal_id")
        assert_frame_equal(_by_rule(fresh, code), want)
        assert_frame_equal(_by_rule(reused, code), want)
    assert_frame_equal(reused, fresh)
    # the comparison has something to compare: local rules raise signals on the demo
    assert sum(old[c].height for c in local) > 0
    assert {c.split(".")[0] for c in local if old[c].height} == {"verblijf", "damocles"}


@pytest.mark.slow
def test_a_cached_rule_is_taken_from_the_cache_only_while_its_inputs_are_the_same(
        demo: tuple[dict[str, pl.DataFrame], pl.DataFrame]) -> None:
    from graph.signals import RuleCache, rule_inputs, run_rules_cached

    tables, mentions = demo
    config = _config()
    frames, net = rule_inputs(tables, mentions, AS_OF)
    _, cache = run_rules_cached(frames, net, AS_OF, config, program="p")  # type: ignore[arg-type]
    # mark the cached signals: what comes back marked was taken from the cache
    marked = RuleCache(dict(cache.keys), cache.signals.with_columns(
        pl.lit("uit de cache").alias("toelichting")))
    assert marked.signals.height > 0

    def taken(frames_: object, as_of: date = AS_OF, program: str = "p",
              config_: object = config) -> set[str]:
        out, _ = run_rules_cached(frames_, net, as_of, config_,  # type: ignore[arg-type]
                                  previous=marked, program=program)
        return set(out.filter(pl.col("toelichting") == "uit de cache")["rule"].to_list())

    everything = set(cache.signals["rule"].to_list())
    assert taken(frames) == everything
    # one nachtregister row less: verblijf runs again, damocles is still the same
    fewer_nights = replace(frames, nacht=frames.nacht.slice(1))
    assert taken(fewer_nights) == {c for c in everything if c.startswith("damocles.")}
    # a changed damocles row: the other way round
    dam = frames.damocles.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("anders")).otherwise(pl.col("status"))
        .alias("status"))
    assert taken(replace(frames, damocles=dam)) == {c for c in everything
                                                    if c.startswith("verblijf.")}
    # a DOR row more or less, or another entity graph: nothing local changes
    assert taken(replace(frames, dor=frames.dor.slice(1))) == everything
    # another peildatum or program: nothing is taken
    assert taken(frames, as_of=date(2026, 11, 29)) == set()
    assert taken(frames, program="q") == set()
    # other thresholds for one rule: only that rule runs again
    other = _config({"verblijf.langdurig": {"min_nachten": 1}})
    assert taken(frames, config_=other) == everything - {"verblijf.langdurig"}
    # the index rows of the rule's register count as a set (their order is arbitrary)
    shuffled = replace(frames, index=frames.index.sample(fraction=1.0, shuffle=True, seed=1))
    assert taken(shuffled) == everything


def test_rule_cache_saved_and_loaded(tmp_path: Path) -> None:
    from flows.signals_stage import load_rule_cache, save_rule_cache
    from graph.rules._common import SIGNAL_SCHEMA
    from graph.signals import RuleCache

    signals = pl.DataFrame({
        "signal_id": ["a1"], "rule": ["verblijf.langdurig"], "titel": ["t"],
        "gemeentecodes": [["GM0981"]], "bovenlokaal": [False], "score": [0.5],
        "entity_ids": [["persoon:1"]], "evidence": [["nachtregister:1"]], "toelichting": ["x"],
        "eerste_datum": [date(2026, 1, 1)], "laatste_datum": [date(2026, 2, 1)],
        "bibob": [False]}, schema=SIGNAL_SCHEMA)
    cache = RuleCache({"verblijf.langdurig": "k1", "damocles.adres_herhaling": "k2"}, signals)
    save_rule_cache(cache, tmp_path / "c")
    back = load_rule_cache(tmp_path / "c")
    assert back.keys == cache.keys
    assert_frame_equal(back.signals, signals)
    got = back.get("verblijf.langdurig", "k1")
    assert got is not None
    assert_frame_equal(got, signals)
    empty = back.get("damocles.adres_herhaling", "k2")  # cached without signals
    assert empty is not None and empty.is_empty()
    assert back.get("verblijf.langdurig", "k2") is None
    assert back.get("verblijf.langdurig", "") is None
    assert load_rule_cache(None).keys == {}
    assert load_rule_cache(tmp_path / "nergens").keys == {}
    (tmp_path / "c" / "signalen.parquet").write_bytes(b"kapot")
    assert load_rule_cache(tmp_path / "c").keys == {}
