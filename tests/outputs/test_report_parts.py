"""The figures' parts (`outputs.report.figures.Deel`): what a night takes over from the
previous run. Parts made under one peildatum give, under any other, the figures of the
whole computation (they hold nothing that depends on it); they survive their JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from outputs.report.figures import GEMEENTE_TABELLEN, compute_figures, delen
from outputs.report.state import deel_from_json, deel_to_json
from tests.outputs.outputs_factory import GW, VAALS, inputs


@pytest.mark.parametrize("as_of", [date(2025, 1, 1), date(2026, 2, 15), date(2026, 5, 1),
                                   date(2026, 12, 31), date(2027, 6, 30)])
def test_parts_from_another_peildatum_give_the_whole_computation(as_of: date) -> None:
    made = inputs()  # the parts of the previous night (its own peildatum)
    now = dataclasses.replace(inputs(), as_of=as_of)
    for code in (VAALS, GW, "GM0994"):
        parts = delen(made, code)
        assert compute_figures(now, code, parts) == compute_figures(now, code), (code, as_of)


def test_some_parts_known_the_others_computed() -> None:
    inp = inputs()
    for code in (VAALS, GW):
        whole = delen(inp, code)
        for table in GEMEENTE_TABELLEN:
            assert delen(inp, code, {table: whole[table]}) == whole
    # a part that is given is taken as it is (the caller vouches for its key)
    fake = dataclasses.replace(delen(inp, VAALS)["dor"], totaal=12345)
    heling = compute_figures(inp, VAALS, {"dor": fake}).fenomenen[0]
    assert (heling.key, heling.totaal) == ("heling", 12345)


def test_parts_survive_their_json() -> None:
    inp = inputs()
    for code in (VAALS, GW, "GM0994"):
        for table, part in delen(inp, code).items():
            raw = json.loads(json.dumps(deel_to_json(part)))
            assert deel_from_json(raw) == part, (code, table)
