"""The local rules on a new peildatum (graph.local_shift): on the demo, `local_signals` whole
equals the local rules of `run_rules_cached`, and computed from the signals of an earlier
peildatum (1, 7 and 31 days before, crossing a month end) equals it whole, ids and every
column; its frames are those of `local_frames(prepare(...))`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

D0 = date(2026, 6, 29)  # mid-demo: rows arrive after it, leave windows, bookings are open

# per-municipality thresholds: several evaluations per rule, other windows, open vertrek
# counted, and low thresholds elsewhere so that every verblijf rule raises signals
PER_GEMEENTE: dict[str, Any] = {
    "verblijf.langdurig": {"min_nachten": 20, "min_aaneengesloten": 2},
    "verblijf.groepshuisvesting": {"min_overlap_dagen": 1, "min_personen": 2,
                                   "min_aandeel_land": 0.0},
    "verblijf.parkhoppen": {"min_logies": 2, "venster_dagen": 400},
    "GM0981": {"verblijf.langdurig": {"min_nachten": 30, "venster_maanden": 6},
               "verblijf.groepshuisvesting": {"min_overlap_dagen": 14}},
    "GM1729": {"verblijf.registratiekwaliteit": {"open_vertrek_dagen": 30,
                                                 "max_aandeel": 0.02}},
    "GM0994": {"damocles.adres_herhaling": {"min_bevindingen": 1},
               "verblijf.parkhoppen": {"min_logies": 1}},
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, pl.DataFrame],
                                                              pl.DataFrame]:
    """Lake tables (with the quarantined nachtregister rows) and resolved mentions of a
    small demo (nachtregister rows from 2025-06 to 2026-11)."""
    from tests.graph.graph_factory import resolved_demo

    return resolved_demo(tmp_path_factory.mktemp("verschuiving"),
                         "test-sleutel-voor-de-verschuiving", 11)


def _config(overrides: dict[str, Any] | None) -> Any:
    from graph.config import SignalConfig

    return SignalConfig(overrides or {})


def _cached(tables: dict[str, pl.DataFrame], mentions: pl.DataFrame, as_of: date,
            config: Any) -> pl.DataFrame:
    """The local rules' signals as the nightly run computes them (each rule's rows in
    `run_rule`'s order, rules in catalogue order)."""
    from graph.signals import rule_inputs, run_rules_cached

    frames, net = rule_inputs(tables, mentions, as_of)
    return run_rules_cached(frames, net, as_of, config, program="p")[1].signals


def _by_rule(signals: pl.DataFrame) -> pl.DataFrame:
    return signals.sort("rule", "signal_id")


def test_local_inputs_are_the_local_frames_of_every_row_prepared(
        demo: tuple[dict[str, pl.DataFrame], pl.DataFrame]) -> None:
    from graph.frames import prepare
    from graph.local_shift import local_inputs
    from graph.signals import LOCAL, local_frames, rows_key

    tables, mentions = demo
    for as_of in (D0, date(2026, 11, 28)):
        own = local_inputs(tables, mentions, as_of)
        alles = prepare(tables, mentions, as_of)
        assert sorted(own) == sorted(LOCAL)
        for family, (fields, _) in LOCAL.items():
            want = local_frames(alles, family)
            assert rows_key(own[family], family) == rows_key(want, family)
            for name in fields:
                got = getattr(own[family], name)
                assert got is not None and got.height > 0
                assert_frame_equal(got, getattr(want, name))
            assert_frame_equal(own[family].index.sort("ev"), want.index.sort("ev"))


@pytest.mark.parametrize("shape", ["plain", "hidden", "own"])
def test_municipalities_are_those_of_the_prepared_index(
        demo: tuple[dict[str, pl.DataFrame], pl.DataFrame], shape: str) -> None:
    """As prepare's index: one row per evidence key, the last; a municipality whose only
    row is followed by another version of that record is not in the data."""
    from graph.frames import prepare
    from graph.local_shift import gemeenten
    from graph.rules._common import Context
    from graph.signals import _gemeenten

    tables, mentions = demo
    dor = tables["dor"]
    row = dor.slice(0, 1)
    if shape == "hidden":  # GM9999's row, then the record's earlier version again
        dor = pl.concat([dor, row.with_columns(pl.lit("GM9999").alias("gemeentecode")), row])
    elif shape == "own":
        dor = pl.concat([dor, row, row.with_columns(pl.lit("GM9999").alias("gemeentecode"))])
    tables = {**tables, "dor": dor}
    frames = prepare(tables, mentions, D0)
    want = _gemeenten(Context(frames=frames, net=None, as_of=D0))  # type: ignore[arg-type]
    assert gemeenten(tables, D0, frames.quarantaine) == want
    assert ("GM9999" in want) == (shape == "own")


def _bands(nacht: pl.DataFrame, d0: date, d1: date) -> dict[str, int]:
    """Rows whose part in a verblijf rule moves with the peildatum, per kind."""
    from graph.rules.verblijf import _maanden, eind

    w = _maanden(12)
    rows = nacht.with_columns(eind(d0).alias("e0"),
                              pl.max_horizontal(pl.coalesce("vertrek", "_delivery_date",
                                                            "aankomst"), "aankomst")
                              .alias("b"))
    return {
        "komen erbij": rows.filter((pl.col("aankomst") > d0)
                                   & (pl.col("aankomst") <= d1)).height,
        "verlaten het venster": rows.filter((pl.col("aankomst") <= d0)
                                            & (pl.col("e0") >= d0 - w)
                                            & (pl.col("e0") < d1 - w)).height,
        "open boekingen": rows.filter((pl.col("aankomst") <= d0) & (pl.col("b") > d0)).height,
    }


@pytest.mark.slow
@pytest.mark.parametrize("overrides", [None, PER_GEMEENTE], ids=["standaard", "per-gemeente"])
def test_from_an_earlier_peildatum_equals_whole_equals_the_nightly_rules(
        demo: tuple[dict[str, pl.DataFrame], pl.DataFrame], overrides: dict[str, Any] | None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.local_shift as shift
    from graph.local_shift import CODES, local_signals

    tables, mentions = demo
    config = _config(overrides)
    several = overrides is not None  # the order of equal scores is polars' (run_rule)
    whole: Callable[..., pl.DataFrame] = shift._whole
    previous = local_signals(tables, mentions, D0, config, None, None)
    assert_frame_equal(previous, _cached(tables, mentions, D0, config))
    # every local rule raises signals (with the defaults, groepshuisvesting none)
    need = set(CODES) - (set() if overrides else {"verblijf.groepshuisvesting"})
    assert need <= set(previous["rule"].to_list())
    moved = set()
    for days in (0, 1, 7, 31):
        d1 = D0 + timedelta(days=days)
        want = local_signals(tables, mentions, d1, config, None, None)
        assert_frame_equal(want, _cached(tables, mentions, d1, config))
        if days:
            assert all(_bands(tables["nachtregister"], D0, d1).values()), d1
        # from the earlier signals, on the shift path only (no fallback to whole)
        monkeypatch.setattr(shift, "MAX_AANDEEL", 1.0)
        monkeypatch.setattr(shift, "_whole", _no_whole)
        got = [local_signals(tables, mentions, d1, config, previous, D0)]
        if days == 7:  # mentions not sorted by record id (looked up by hashing)
            got.append(local_signals(tables, mentions.reverse(), d1, config, previous, D0))
        monkeypatch.setattr(shift, "_whole", whole)
        for one in got:
            if several:
                assert_frame_equal(_by_rule(one), _by_rule(want))
            else:
                assert_frame_equal(one, want)
        moved |= {code for code in CODES if not _by_rule(want.filter(pl.col("rule") == code))
                  .equals(_by_rule(previous.filter(pl.col("rule") == code)))}
    # the comparison has something to compare: signals that the move changes (of every
    # verblijf rule with the low thresholds)
    verblijf = {c for c in CODES if c.startswith("verblijf.")}
    assert moved <= verblijf and (moved == verblijf if overrides else bool(moved))


def _no_whole(*_: Any) -> pl.DataFrame:
    raise AssertionError("the shift fell back to the whole computation")


@pytest.mark.slow
def test_unsure_cases_are_computed_whole(
        demo: tuple[dict[str, pl.DataFrame], pl.DataFrame]) -> None:
    """Backwards, too far, or the changed units too big: the whole computation."""
    from graph.local_shift import MAX_DAGEN, local_signals

    tables, mentions = demo
    config = _config(PER_GEMEENTE)
    previous = local_signals(tables, mentions, D0, config, None, None)
    for d1 in (D0 - timedelta(days=3), D0 + timedelta(days=MAX_DAGEN + 1),
               D0 + timedelta(days=60)):  # the last: most hosts get new rows (> MAX_AANDEEL)
        want = local_signals(tables, mentions, d1, config, None, None)
        assert_frame_equal(_by_rule(local_signals(tables, mentions, d1, config, previous, D0)),
                           _by_rule(want))
        assert not _by_rule(want).equals(_by_rule(previous))


def test_rows_whose_part_moves_alone_with_the_peildatum() -> None:
    """Units whose only change is one band (the demo's hosts get new rows every few days,
    which hides the others): a guest's third host arriving on d1 (parkhoppen), an empty
    vertrek turning old on d1 (registratiekwaliteit with `open_vertrek_dagen`), a booking
    leaving langdurig's window, a group's second booking reaching the overlap on d1."""
    import graph.local_shift as shift
    from graph.local_shift import local_signals
    from graph.rules.verblijf import _maanden
    from graph.testing import naive_mentions
    from tests.graph.graph_factory import nacht, tables

    d0, d1 = date(2024, 6, 30), date(2024, 7, 1)
    hops = [nacht(aankomst=d, vertrek=d + timedelta(days=2), logies_kvk=f"3333333{i}",
                  logies_naam=f"Park {i}", logies_postcode=f"629{i} AA")
            for i, d in enumerate((date(2024, 6, 1), date(2024, 6, 15), d1))]
    host = {"logies_kvk": "55555555", "logies_naam": "Hotel Kwaliteit",
            "logies_postcode": "6310 AA", "gast_geboortedatum": date(1990, 1, 1)}
    quality = [nacht(aankomst=date(2024, 5, 1) + timedelta(days=4 * i),
                     vertrek=date(2024, 5, 3) + timedelta(days=4 * i),
                     gast_achternaam=f"Gast{i}", **host) for i in range(5)]
    quality.append(nacht(aankomst=d0 - timedelta(days=30), vertrek=None,
                         gast_achternaam="Open", **host))
    w0 = d0 - _maanden(12)  # 90 nights in the window at d0, 89 at d1
    long_stay = nacht(aankomst=w0 - timedelta(days=10), vertrek=w0 + timedelta(days=90),
                      gast_achternaam="Lang", logies_kvk="66666666", logies_naam="Villa Lang",
                      logies_postcode="6320 AA")
    unit = {"logies_kvk": "77777777", "logies_naam": "Camping Groep",
            "logies_postcode": "6330 AA", "accommodatie": "Veld 1", "aantal_personen": 3,
            "gast_nationaliteit": "PL", "vertrek": date(2024, 9, 1)}
    group = [nacht(aankomst=d0 - timedelta(days=40), gast_achternaam="Nowak", **unit),
             nacht(aankomst=d0 - timedelta(days=27), gast_achternaam="Kowalski", **unit)]
    t = tables(nacht_rows=[*hops, *quality, long_stay, *group])
    m = naive_mentions(t)
    config = _config({"verblijf.registratiekwaliteit": {"open_vertrek_dagen": 30}})
    previous = local_signals(t, m, d0, config, None, None)
    want = local_signals(t, m, d1, config, None, None)
    assert_frame_equal(want, _cached(t, m, d1, config))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shift, "MAX_AANDEEL", 1.0)
        mp.setattr(shift, "_whole", _no_whole)
        assert_frame_equal(local_signals(t, m, d1, config, previous, d0), want)
    for code in ("verblijf.parkhoppen", "verblijf.registratiekwaliteit",
                 "verblijf.langdurig", "verblijf.groepshuisvesting"):
        before, after = (s.filter(pl.col("rule") == code) for s in (previous, want))
        assert not before.equals(after), code
