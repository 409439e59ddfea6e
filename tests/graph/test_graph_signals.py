"""Signals as a whole: columns, stable ids, status against the previous run, overrides."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from graph.config import SignalConfig, thresholds_for
from graph.rules._common import SIGNAL_SCHEMA
from graph.signals import with_status
from iob.errors import ConfigError
from tests.graph.graph_factory import dor, of_rule, run, tables

D0 = date(2024, 6, 3)


def _five(start: date = D0, gm: str = "GM0981") -> list[dict[str, object]]:
    return [dor(datum_verkrijging=start + timedelta(days=i), gemeentecode=gm) for i in range(5)]


def test_columns_are_the_outputs_contract_plus_bibob() -> None:
    s, _ = run(tables(_five()))
    assert dict(s.schema) == SIGNAL_SCHEMA


def test_signal_id_depends_on_rule_and_entities_not_on_dates_or_evidence() -> None:
    a = of_rule(run(tables(_five()))[0], "heling.veelaanbieder")
    b = of_rule(run(tables(_five(D0 + timedelta(days=40)) + _five()))[0],
                "heling.veelaanbieder")
    assert a["signal_id"].to_list() == b["signal_id"].to_list()
    assert a["evidence"].to_list() != b["evidence"].to_list()


def test_same_input_same_signals() -> None:
    t = tables(_five())
    assert run(t)[0].equals(run(t)[0])


def test_status_nieuw_bestaand_vervallen_then_dropped() -> None:
    first = with_status(run(tables(_five()))[0], None)
    assert set(first["status"]) == {"nieuw"}
    same = with_status(run(tables(_five()))[0], first)
    assert set(same["status"]) == {"bestaand"}
    gone = with_status(run(tables(_five()[:3]))[0], same)
    assert "vervallen" in set(gone["status"])
    after = with_status(run(tables(_five()[:3]))[0], gone)
    assert "vervallen" not in set(after["status"])
    back = with_status(run(tables(_five()))[0], after)
    assert of_rule(back, "heling.veelaanbieder")["status"].to_list() == ["nieuw"]


def test_municipal_override_changes_only_that_municipality() -> None:
    cfg = SignalConfig({"GM0981": {"heling.veelaanbieder": {"min_goederen": 6,
                                                            "min_opkopers": 9}}})
    t = tables(_five() + _five(gm="GM1729")[:0] + [
        dor(verkoper_achternaam="Ander", gemeentecode="GM1729",
            datum_verkrijging=D0 + timedelta(days=i)) for i in range(5)])
    hit = of_rule(run(t, config=cfg)[0], "heling.veelaanbieder")
    assert hit["gemeentecodes"].to_list() == [["GM1729"]]
    assert thresholds_for("GM0981", cfg.overrides).veelaanbieder.min_goederen == 6
    assert thresholds_for("GM1729", cfg.overrides).veelaanbieder.min_goederen == 5


@pytest.mark.parametrize("bad", [
    {"heling.bestaatniet": {}}, {"heling.prijs": {"fractie": 0.2}},
    {"heling.prijs": {"min_vergelijkbaar": "tien"}}, {"GM0981": {"x.y": {}}},
])
def test_bad_overrides_raise_config_error(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        SignalConfig(bad)


def test_rows_after_as_of_are_ignored() -> None:
    s, _ = run(tables(_five()), as_of=D0 + timedelta(days=2))
    assert of_rule(s, "heling.veelaanbieder").is_empty()
    assert s.filter(pl.col("laatste_datum") > D0 + timedelta(days=2)).is_empty()
