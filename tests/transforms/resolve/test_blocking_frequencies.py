"""Blocking finds the glued tussenvoegsel; name combinations are counted per context."""

from __future__ import annotations

import polars as pl
from resolve_factory import frame, person

from transforms.resolve.blocking import candidate_pairs
from transforms.resolve.features import person_features
from transforms.resolve.score import COMBINATION_DEFAULTS, PSEUDO_COUNT, term_frequencies


def _background(n: int) -> list[dict[str, object]]:
    # many `dijk`/`heijden` namesakes with other initials and birth years: big blocks
    return [
        person(f"bg{i}", "dijk" if i % 2 else "heijden", "anna", f"19{50 + i % 40}-01-01")
        for i in range(n)
    ]


def test_a_glued_tussenvoegsel_shares_a_block_with_the_separate_one() -> None:
    rows = [
        person("sep", "heijden", "d", None, tv="van der", woonplaats="echt"),
        person("glued", "vander heijden", "d", None, woonplaats="echt"),
        person("sep2", "dijk", "k", None, tv="van", woonplaats="venlo"),
        person("glued2", "vandijk", "k", None, woonplaats="venlo"),
        *_background(60),
    ]
    pairs = candidate_pairs(person_features(frame(*rows)), window=5)
    found = set(zip(pairs["a"].to_list(), pairs["b"].to_list(), strict=True))
    assert (0, 1) in found and (2, 3) in found


def test_combination_counts_visits_at_one_host_once() -> None:
    def guest(i: int, host: str | None) -> dict[str, object]:
        ctx = f"nachtregister:{host}" if host else None
        return person(f"g{i}", "nowak", "a", None, woonplaats="warszawa", context=ctx)

    same_host = [guest(i, "12345670") for i in range(3)]
    many_hosts = [guest(i, h) for i, h in enumerate(["12345670", "23456781", "03456712"])]
    no_host = [guest(i, None) for i in range(3)]
    n = 3
    counts: dict[str, float] = {}
    for name, rows in {"same": same_host, "many": many_hosts, "none": no_host}.items():
        tf = term_frequencies(person_features(frame(*rows)))
        # tf = (count + pseudo) / (n + PSEUDO_COUNT): recover the count of other contexts
        count = tf["tf_naamplaats"].cast(pl.Float64) * (n + PSEUDO_COUNT)
        pseudo = PSEUDO_COUNT * COMBINATION_DEFAULTS["naamplaats"]
        counts[name] = round(float(count[0]) - pseudo, 3)
    assert counts == {"same": 0.0, "many": 2.0, "none": 2.0}
