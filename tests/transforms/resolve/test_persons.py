"""Person resolution end to end on tiny inline data: who is merged and who is not."""

from __future__ import annotations

import polars as pl
from resolve_factory import frame, person

from transforms.resolve.persons import resolve_persons

ADDR = {"postcode": "1234 AB", "huisnummer": 101}


def _groups(res_mentions: pl.DataFrame) -> dict[str, str]:
    return dict(zip(res_mentions["mention_id"], res_mentions["entity_id"], strict=True))


def test_dutch_name_variants_of_one_man_are_merged() -> None:
    """`J. van Dijk`, `VAN DIJK, Jan` and `Dijk, van` at 101a / 101-A are one person."""
    mentions = frame(
        person("dor:1:verkoper:1", "dijk", "j", "1970-03-12", tv="van", **ADDR, toevoeging="A"),
        person(
            "damocles:9:bewoner:1", "dijk", "jan", "1970-03-12", tv="van", **ADDR, toevoeging="A"
        ),
        person("bibob:5:bestuurder:1", "dijk", "jan", "1970-03-12", tv="van"),
        person("nachtregister:3:gast:1", "dijk", "jan", "1970-12-03", woonplaats="heerlen"),
    )
    ids = _groups(resolve_persons(mentions).mentions)
    assert len(set(ids.values())) == 1


def test_household_and_twins_are_not_merged() -> None:
    mentions = frame(
        person("a", "dijk", "jan", "1970-03-12", tv="van", **ADDR),
        person("b", "dijk", "joost", "1970-03-12", tv="van", **ADDR),  # twin
        person("c", "dijk", "maria", "1972-05-01", tv="van", **ADDR),  # partner
        person("d", "dijk", "jan", "1998-01-20", tv="van", **ADDR),  # son, same first name
        person("e", "dijk", "j", "1970-03-12", tv="van", **ADDR),  # ambiguous initial
    )
    ids = _groups(resolve_persons(mentions).mentions)
    assert len({ids["a"], ids["b"], ids["c"], ids["d"]}) == 4
    assert ids["e"] in (ids["a"], ids["b"])


def test_namesakes_with_different_birth_dates_are_not_merged() -> None:
    mentions = frame(
        person("a", "jansen", "pieter", "1961-02-03", woonplaats="heerlen"),
        person("b", "jansen", "pieter", "1984-09-30", woonplaats="heerlen"),
    )
    ids = _groups(resolve_persons(mentions).mentions)
    assert ids["a"] != ids["b"]


def test_shared_id_number_of_two_clearly_different_people_is_not_a_link() -> None:
    mentions = frame(
        person("a", "jansen", "pieter", "1961-02-03", id_hash="h1"),
        person("b", "bakker", "ahmed", "1990-11-11", id_hash="h1"),
        person("c", "jansen", "pieter", "1961-02-03", id_hash="h1"),
    )
    ids = _groups(resolve_persons(mentions).mentions)
    assert ids["a"] == ids["c"] != ids["b"]


def test_decisions_are_honoured() -> None:
    mentions = frame(
        person("a", "jansen", "pieter", "1961-02-03", **ADDR),
        person("b", "jansen", "pieter", "1961-02-03", **ADDR),
        person("c", "smit", "karel", "1950-01-01"),
        person("d", "smid", "k", None),
    )
    decisions = pl.DataFrame(
        {
            "mention_a": ["a", "d"],
            "mention_b": ["b", "c"],
            "oordeel": ["verschillend", "zelfde"],
        }
    )
    res = resolve_persons(mentions, decisions)
    ids = _groups(res.mentions)
    assert ids["a"] != ids["b"]
    assert ids["c"] == ids["d"]
    assert res.mentions.filter(pl.col("mention_id") == "d")["confidence"].item() == 1.0
    assert res.review.filter(pl.col("mention_a").is_in(["a", "d"])).height == 0


def test_uncertain_pair_goes_to_review_with_reasons() -> None:
    mentions = frame(
        person("a", "jansen", "j", None, woonplaats="heerlen"),
        person("b", "jansen", "jan", None, woonplaats="heerlen", **ADDR),
    )
    res = resolve_persons(mentions)
    assert res.mentions["entity_id"].n_unique() == 2
    assert res.review.height == 1
    reasons = res.review["redenen"].item()
    assert "achternaam gelijk" in reasons and "voorletter" in reasons


def test_output_has_one_row_per_mention_in_order_and_confidence_in_range() -> None:
    mentions = frame(*(person(f"m{i}", "vries", "anna", "1980-01-01", tv="de") for i in range(5)))
    out = resolve_persons(mentions).mentions
    assert out["mention_id"].to_list() == [f"m{i}" for i in range(5)]
    assert out["entity_id"].n_unique() == 1
    assert out["confidence"].is_between(0, 1).all()


def _guests(prefix: str, an: str, vn: str, wp: str, host: str, n: int) -> list[dict[str, object]]:
    return [
        person(f"{prefix}{i}", an, vn, None, woonplaats=wp, context=f"nachtregister:{host}")
        for i in range(n)
    ]


def test_a_returning_guest_with_only_name_initial_and_town_is_one_person() -> None:
    """Three stays at one park as `Kowalski, J., Krakow` (no ID, birth date or address): the
    visits at one host count once in the name's frequency, and the same host is evidence."""
    background = [
        person(f"bg{i}", f"naam{i}", "anna", "1980-01-01", woonplaats="maastricht")
        for i in range(50)
    ]
    mentions = frame(
        *_guests("k", "kowalski", "j", "krakow", "12345670", 2),
        *_guests("kk", "kowalski", "jan", "krakow", "12345670", 1),
        *background,
    )
    ids = _groups(resolve_persons(mentions).mentions)
    assert ids["k0"] == ids["k1"] == ids["kk0"]


def test_namesakes_with_only_name_initial_and_town_at_many_hosts_stay_apart() -> None:
    """`Nowak, A., Warszawa` at four different hosts: a common combination, not one person."""
    hosts = ["12345670", "23456781", "03456712", "34567892"]
    mentions = frame(
        *(
            person(
                f"n{i}", "nowak", "a", None, woonplaats="warszawa", context=f"nachtregister:{h}"
            )
            for i, h in enumerate(hosts)
        ),
        *(
            person(f"bg{i}", f"naam{i}", "anna", "1980-01-01", woonplaats="maastricht")
            for i in range(50)
        ),
    )
    ids = _groups(resolve_persons(mentions).mentions)
    assert len({ids[f"n{i}"] for i in range(4)}) == 4
