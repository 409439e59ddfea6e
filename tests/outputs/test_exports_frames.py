"""`with_ends`: both ends' node attributes in one join, in row order."""

from __future__ import annotations

import polars as pl
import pytest

from outputs.exports.frames import with_ends


def test_with_ends_gives_each_ends_attributes_in_row_order() -> None:
    nodes = pl.DataFrame({"node": ["a", "b", "c"], "soort": ["persoon", "adres", None],
                          "label": ["A", "B", "C"]})
    rows = pl.DataFrame({"x": ["c", "a", "zz", "b"], "y": ["a", "zz", "b", "b"],
                         "n": [1, 2, 3, 4]})
    out = with_ends(rows, nodes, ("x", "y"), ({"soort": "s1", "label": "l1"}, {"label": "l2"}))
    assert out.to_dict(as_series=False) == {
        "x": ["c", "a", "zz", "b"], "y": ["a", "zz", "b", "b"], "n": [1, 2, 3, 4],
        "s1": [None, "persoon", None, "adres"], "l1": ["C", "A", None, "B"],
        "l2": ["A", None, "B", "B"]}


def test_with_ends_refuses_node_ids_that_are_not_unique() -> None:
    nodes = pl.DataFrame({"node": ["a", "a"], "soort": ["persoon", "adres"]})
    rows = pl.DataFrame({"u": ["a"], "v": ["a"]})
    with pytest.raises(ValueError, match="more than once"):
        with_ends(rows, nodes, ("u", "v"), ({"soort": "su"}, {"soort": "sv"}))
