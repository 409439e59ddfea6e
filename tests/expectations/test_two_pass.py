"""`run_suite` validates in two GX runs (counts for the whole suite, then row lists for the
expectations that found rows): the failing rows and every expectation's outcome and counts
equal one complete run of the whole suite."""

from __future__ import annotations

import random
from typing import Any

import polars as pl
import pytest

from expectations.context import LOCK, context
from expectations.suites import suite_name
from expectations.validate import (
    RESULT_FORMAT,
    _batch_definition,
    _failing_rows,
    gx_input,
    prepare,
    run_suite,
)
from tests.expectations.clean_frames import DOR_ROW, NACHT_ROW, make_clean
from tests.expectations.test_validate import DOR_CASES, NACHT_CASES
from transforms.schema import DOR, NACHTREGISTER, Table

COUNTS = ("element_count", "unexpected_count", "missing_count")


def _one_complete_run(gx_frame: pl.DataFrame, table: Table) -> Any:
    with LOCK:
        batch = _batch_definition(table).get_batch(
            batch_parameters={"dataframe": gx_frame.to_pandas().set_index("_row")})
        return batch.validate(context().suites.get(suite_name(table)),
                              result_format=RESULT_FORMAT)


def _outcomes(result: Any) -> dict[str, tuple[Any, ...]]:
    return {r.expectation_config.meta["check"]:
            (r.success, *((r.result or {}).get(c) for c in COUNTS)) for r in result.results}


def _random_rows(rows: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [rng.choice(rows) for _ in range(rng.randint(1, 60))]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("table", "cases", "good"), [
    (DOR, DOR_CASES, DOR_ROW), (NACHTREGISTER, NACHT_CASES, NACHT_ROW)])
def test_two_runs_equal_one_complete_run(
    table: Table, cases: dict[str, dict[str, Any]], good: dict[str, Any], seed: int
) -> None:
    rows = _random_rows(list(cases.values()), seed) if seed else [good] * 3
    gx_frame = gx_input(prepare(make_clean(table, rows), table, None), table)
    result, failing = run_suite(gx_frame, table)
    complete = _one_complete_run(gx_frame, table)
    assert failing == _failing_rows(complete, table)
    assert _outcomes(result) == _outcomes(complete)
    assert [r.expectation_config.meta["check"] for r in result.results] == \
        [r.expectation_config.meta["check"] for r in complete.results]
    assert (result.success, result.statistics) == (complete.success, complete.statistics)
    assert bool(failing) == (seed > 0)


def test_gx_builds_configurations_again_after_a_run() -> None:
    from great_expectations.expectations.expectation import Expectation

    before = Expectation.__dict__["configuration"]
    run_suite(gx_input(prepare(make_clean(DOR, [DOR_ROW]), DOR, None), DOR), DOR)
    assert Expectation.__dict__["configuration"] is before
    expectation = context().suites.get(suite_name(DOR)).expectations[0]
    assert expectation.configuration is not expectation.configuration
