"""The figures' shared part (`outputs.report.figures.gedeeld`): computed once per inputs,
the same figures as filtering the full frames, gone with the inputs."""

from __future__ import annotations

import dataclasses
import gc

import polars as pl

from outputs.inputs import MENTION_SCHEMA
from outputs.report import figures
from outputs.report.figures import compute_figures, gedeeld
from outputs.report.signals import evidence_mentions, netwerken
from tests.outputs.outputs_factory import GW, VAALS, inputs


def test_pictures_from_the_evidence_mentions_equal_those_from_all_mentions() -> None:
    base = inputs()
    other = pl.DataFrame([{  # a mention no signal names: left out, pictures unchanged
        "mention_id": "dor:DORNR-ANDERS:verkoper:1", "register": "dor",
        "record_id": "DORNR-ANDERS", "role": "verkoper", "entity_type": "persoon",
        "entity_id": "ENTPERS-zzz999", "confidence": 1.0}], schema=MENTION_SCHEMA)
    inp = dataclasses.replace(base, mentions=pl.concat([base.mentions, other]))
    few = evidence_mentions(inp)
    assert few.height == base.mentions.height
    assert "DORNR-ANDERS" not in few["record_id"].to_list()
    for code in (VAALS, GW):
        assert netwerken(inp, code, few) == netwerken(inp, code)
    assert any(n.knopen for n in netwerken(inp, VAALS, few))


def test_shared_part_is_per_inputs_and_dropped_with_them() -> None:
    inp = inputs()
    heling = compute_figures(inp, VAALS).fenomenen[0]
    assert (heling.key, heling.totaal, heling.regio_totaal) == ("heling", 7, 10)
    assert id(inp) in figures._GEDEELD
    # other inputs (one DOR row less) have their own shared part and figures
    fewer = dataclasses.replace(inp, tables={**inp.tables, "dor": inp.tables["dor"].slice(1)})
    h2 = compute_figures(fewer, VAALS).fenomenen[0]
    assert (h2.totaal, h2.regio_totaal) == (6, 9)
    assert gedeeld(inp) is not gedeeld(fewer)
    key = id(inp)
    del inp
    gc.collect()
    assert key not in figures._GEDEELD


def test_rows_per_municipality_are_the_filtered_rows_in_table_order() -> None:
    inp = inputs()
    shared = gedeeld(inp)
    for table in figures.GEMEENTE_TABELLEN:
        full = inp.table(table)
        for code in (VAALS, GW, "GM9999"):
            here = shared.hier(table, code)
            want = full.filter(pl.col("gemeentecode") == code).select(here.columns)
            assert here.equals(want), (table, code)


def test_a_signal_of_two_municipalities_is_drawn_once_and_as_alone() -> None:
    inp = inputs()
    shared = gedeeld(inp)
    for code in (VAALS, GW):
        compute_figures(inp, code)
    drawn = list(shared.netwerken.values())
    assert drawn  # the factory's bovenlokale signal is pictured
    for code in (VAALS, GW):
        assert compute_figures(inp, code).netwerken == netwerken(inputs(), code)
        for picture in compute_figures(inp, code).netwerken:
            assert any(picture is d for d in drawn)
