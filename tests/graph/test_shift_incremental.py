"""graph.incremental on a later peildatum: from the state a run left at d0, the signals at
d1 > d0 (a night without news, or with new DOR rows) equal the whole computation at d1, ids
and every column. Rows that enter (dated in (d0, d1]) and rows that leave a rule's window
are followed; what the shift cannot follow falls back to the whole computation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

# the demo's Bibob dossiers leave a gap after this date (none enters within 31 days: a
# dossier entering would fall back, see test_what_the_shift_cannot_follow_falls_back)
D0 = date(2026, 7, 6)
Demo = tuple[dict[str, pl.DataFrame], pl.DataFrame]
PER_GEMEENTE = {
    "GM1729": {"netwerk.convergentie": {"venster_maanden": 3},
               "heling.veelaanbieder": {"min_goederen": 3}},
    "netwerk.adres_veel_personen": {"venster_maanden": 2, "min_personen": 3},
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    from tests.graph.graph_factory import resolved_demo

    return resolved_demo(tmp_path_factory.mktemp("verschuiving"),
                         "test-sleutel-voor-verschuiving", 5)


def _config(overrides: dict[str, Any] | None = None) -> Any:
    from graph.config import SignalConfig

    return SignalConfig(overrides or {})


def _whole(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, config: Any,
           as_of: date) -> tuple[pl.DataFrame, Any]:
    """Every rule on everything at `as_of` (with scope), and the state a run leaves."""
    from tests.graph.graph_factory import whole_signals

    return whole_signals(tables, mentions, config, as_of)


def _delta(before: Demo, after: Demo, state: Any, config: Any, as_of: date,
           program: str = "programma") -> Any:
    from graph.incremental import MENTION_COLUMNS, delta, mention_hashes, setup_key, table_hashes

    tables, mentions = after
    old = before[1]
    return delta(tables, table_hashes(tables), mentions, mention_hashes(mentions), state,
                 lambda day: setup_key(day, program, config),
                 lambda positions: old.select(MENTION_COLUMNS)[positions.tolist()], as_of)


def _night(before: Demo, after: Demo, config: Any, d0: date, d1: date
           ) -> tuple[pl.DataFrame | None, Any]:
    """The signals at d1 from the state of `before` at d0 (None: fell back), and the delta."""
    from graph.incremental import run_incremental

    _, state = _whole(*before, config, d0)
    d = _delta(before, after, state, config, d1)
    if d is None:
        return None, None
    return run_incremental(*after, d1, config, state, d), d


def _band(demo: Demo, config: Any, d0: date, d1: date) -> Any:
    from graph.incremental import Lookup, shift

    tables, mentions = demo
    _, state = _whole(tables, mentions, config, d0)
    return shift(tables, Lookup(mentions), d0, d1, config, state.gemeenten)


def _without_dor(demo: Demo, ids: list[str]) -> Demo:
    tables, mentions = demo
    keep = dict(tables)
    keep["dor"] = tables["dor"].filter(~pl.col("registratienummer").is_in(ids))
    return keep, mentions.filter(~((pl.col("register") == "dor")
                                   & pl.col("record_id").is_in(ids)))


def _differs(a: pl.DataFrame, b: pl.DataFrame, rules: list[str]) -> bool:
    """The signals of the rules differ between a and b (any column)."""
    x = a.filter(pl.col("rule").is_in(rules)).sort("signal_id")
    y = b.filter(pl.col("rule").is_in(rules)).sort("signal_id")
    return not x.equals(y)


NON_LOCAL = ["heling.veelaanbieder", "heling.contant_zonder_id", "netwerk.convergentie",
             "netwerk.identiteit", "netwerk.adres_veel_personen", "netwerk.brug",
             "netwerk.bovenlokaal_cluster"]


@pytest.mark.slow
@pytest.mark.parametrize("overrides", [None, PER_GEMEENTE])
@pytest.mark.parametrize("days", [1, 7, 31])
def test_a_later_peildatum_without_news(demo: Demo, days: int,
                                        overrides: dict[str, Any] | None) -> None:
    """A night without news on a later day (+31: across a month end)."""
    config = _config(overrides)
    d1 = D0 + timedelta(days=days)
    moved = _band(demo, config, D0, d1)
    assert moved is not None and moved.entered.height > 0 and moved.entities.height > 0
    if overrides is not None:  # windows of 2 and 3 months lose rows
        assert moved.leaving["netwerk.adres_veel_personen"]
    got, d = _night(demo, demo, config, D0, d1)
    assert d is not None and d.since == D0 and d.touched.height == 0
    want = _whole(*demo, config, d1)[0]
    assert got is not None
    assert_frame_equal(got, want)
    if days == 31:  # the previous signals would not do
        assert _differs(want, _whole(*demo, config, D0)[0], NON_LOCAL)


@pytest.mark.slow
@pytest.mark.parametrize("overrides", [None, PER_GEMEENTE])
@pytest.mark.parametrize("days", [1, 31])
def test_a_later_peildatum_with_new_dor_rows(demo: Demo, days: int,
                                             overrides: dict[str, Any] | None) -> None:
    tables, _ = demo
    dor = tables["dor"]
    code = dor["gemeentecode"].mode().sort()[0]
    ids = dor.filter(pl.col("gemeentecode") == code)["registratienummer"].tail(40).to_list()
    config = _config(overrides)
    d1 = D0 + timedelta(days=days)
    got, d = _night(_without_dor(demo, ids), demo, config, D0, d1)
    assert d is not None and d.since == D0 and d.touched.height > 0
    assert got is not None
    assert_frame_equal(got, _whole(*demo, config, d1)[0])


def _scenario() -> Demo:
    """Rows made for the bands, around d0 = 2026-03-01 -> d1 = 2026-03-02:
    - five persons give one address (adres_veel_personen, 12 months: 365 days); one of them
      on 2025-03-01 only, which leaves the window at d1 (four persons: no signal);
    - a person sold on 2024-03-01 and stayed at a park (convergentie, 24 months: 730 days);
      the sale leaves the window at d1 (one register: no signal);
    - a person who sold before arrives at a park on d1 (the row enters: a new signal);
    - a sale after d1 (counts on neither day)."""
    from graph.testing import naive_mentions
    from tests.graph.graph_factory import dor, nacht, tables

    adres = {"verkoper_postcode": "6211 AB", "verkoper_huisnummer": 7}
    dor_rows = [dor(verkoper_achternaam="Een", datum_verkrijging=date(2025, 3, 1), **adres)]
    dor_rows += [dor(verkoper_achternaam=naam, datum_verkrijging=date(2025, 9, i + 1), **adres)
                 for i, naam in enumerate(["Twee", "Drie", "Vier", "Vijf"])]
    dor_rows += [dor(verkoper_achternaam="Oud", datum_verkrijging=date(2024, 3, 1)),
                 dor(verkoper_achternaam="Nieuw", datum_verkrijging=date(2025, 12, 1)),
                 dor(verkoper_achternaam="Later", datum_verkrijging=date(2026, 5, 1))]
    gast = {"gast_voornamen": "Jan", "gast_geboortedatum": date(1980, 1, 1)}
    nacht_rows = [nacht(gast_achternaam="Oud", aankomst=date(2025, 6, 1), **gast,
                        vertrek=date(2025, 6, 3)),
                  nacht(gast_achternaam="Nieuw", aankomst=date(2026, 3, 2), **gast,
                        vertrek=date(2026, 3, 4))]
    t = tables(dor_rows, nacht_rows)
    return t, naive_mentions(t)


@pytest.mark.slow
@pytest.mark.parametrize("overrides", [None, {"GM0981": {"netwerk.brug": {"min_groepen": 3}}}])
def test_rows_that_leave_a_window_or_enter_change_the_signals(
        overrides: dict[str, Any] | None) -> None:
    """The previous signals would be wrong here: an address signal and a convergence signal
    vanish because rows leave their windows, another convergence signal appears because a row
    enters; the incremental result follows all three."""
    scenario = _scenario()
    config = _config(overrides)
    d0, d1 = date(2026, 3, 1), date(2026, 3, 2)
    before, _ = _whole(*scenario, config, d0)
    want = _whole(*scenario, config, d1)[0]

    def kernen(signals: pl.DataFrame, rule: str) -> set[str]:
        return set(signals.filter(pl.col("rule") == rule)["entity_ids"].explode().to_list())

    avp, conv = "netwerk.adres_veel_personen", "netwerk.convergentie"
    assert "A-6211 AB-7" in kernen(before, avp) - kernen(want, avp)
    oud, nieuw = "P-oud-j-1980-01-01", "P-nieuw-j-1980-01-01"
    assert oud in kernen(before, conv) - kernen(want, conv)
    assert nieuw in kernen(want, conv) - kernen(before, conv)
    moved = _band(scenario, config, d0, d1)
    assert moved is not None and nieuw in moved.entities["entity_id"].to_list()
    assert "A-6211 AB-7" in moved.leaving[avp] and oud in moved.leaving[conv]
    got, d = _night(scenario, scenario, config, d0, d1)
    assert d is not None and got is not None
    assert_frame_equal(got, want)


@pytest.mark.slow
def test_what_the_shift_cannot_follow_falls_back(demo: Demo) -> None:
    from graph.incremental import MAX_SHIFT, dated, run_incremental

    config = _config()
    _, state = _whole(*demo, config, D0)
    # an earlier peildatum, a move longer than MAX_SHIFT days, another program
    assert _delta(demo, demo, state, config, D0 - timedelta(days=1)) is None
    assert _delta(demo, demo, state, config, D0 + timedelta(days=MAX_SHIFT + 1)) is None
    assert _delta(demo, demo, state, config, D0 + timedelta(days=1), "ander") is None
    # a state of an earlier version (no peildatum recorded) is matched by its key
    d = _delta(demo, demo, replace(state, as_of=None), config, D0 + timedelta(days=3))
    assert d is not None and d.since == D0
    # a Bibob dossier enters (bibob.doorwerking would need the whole graph)
    d0, d1 = date(2026, 8, 10), date(2026, 8, 14)
    assert dated(demo[0], d0, d1, "right").filter(pl.col("register") == "bibob").height
    _, state = _whole(*demo, config, d0)
    d = _delta(demo, demo, state, config, d1)
    assert d is not None
    assert run_incremental(*demo, d1, config, state, d) is None


@pytest.mark.slow
def test_applications_that_leave_the_doorwerking_window(demo: Demo) -> None:
    """Dossiers leave bibob.doorwerking's window (3 months here): no signal rests on them,
    so the previous signals stand and equal the whole computation; where one does (6 months,
    later), everything is computed."""
    from graph.incremental import run_incremental

    config = _config({"bibob.doorwerking": {"venster_maanden": 3}})
    d1 = D0 + timedelta(days=31)
    moved = _band(demo, config, D0, d1)
    assert moved is not None and moved.applications
    before = _whole(*demo, config, D0)[0].filter(pl.col("rule") == "bibob.doorwerking")
    assert before.height > 0
    got, d = _night(demo, demo, config, D0, d1)
    assert got is not None
    assert_frame_equal(got, _whole(*demo, config, d1)[0])
    config = _config({"bibob.doorwerking": {"venster_maanden": 6}})
    d0, d1 = date(2026, 11, 1), date(2026, 12, 2)
    old, state = _whole(*demo, config, d0)
    assert _differs(old, _whole(*demo, config, d1)[0], ["bibob.doorwerking"])
    d = _delta(demo, demo, state, config, d1)
    assert d is not None
    assert run_incremental(*demo, d1, config, state, d) is None
