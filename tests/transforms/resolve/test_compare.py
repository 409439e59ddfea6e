"""Person comparisons: symmetric, bounded, always a Dutch reason; the Dutch name cases."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.resolve.compare import COMPARISONS, LEVELS, Person, compare

_SURNAMES = ["dijk", "jansen", "janssen", "vries", "berg", "yilmaz", "muller", "dyk", "jan"]
_FIRST = [None, "jan", "j", "j p", "pieter", "joost", "johannes", "dijk", "maria"]
_DATES = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 12, 31)).map(str),
    st.sampled_from(["1970-03-12", "1970-12-03", "1970-03-13", "1980-03-12"]),
)
_PEOPLE = st.builds(
    lambda an, tv, vn, gd, pc, hn, toev, wp, idh, ctx, idt: Person(
        achternaam_norm=an,
        tussenvoegsel_norm=tv,
        voornamen_norm=vn,
        initialen="".join(w[0] for w in vn.split()) if vn else None,
        geboortedatum=gd,
        postcode=pc,
        huisnummer=hn,
        toevoeging=toev,
        woonplaats=wp,
        id_hash=idh,
        context=ctx,
        id_type=idt,
    ),
    st.one_of(st.none(), st.sampled_from(_SURNAMES), st.text("abcdeijklnorsty", max_size=9)),
    st.sampled_from([None, "van", "van der", "de"]),
    st.sampled_from(_FIRST),
    _DATES,
    st.sampled_from([None, "1234 AB", "1234AB", "6211 LK"]),
    st.sampled_from([None, 1, 101]),
    st.sampled_from([None, "A", "a", "2"]),
    st.sampled_from([None, "maastricht", "heerlen"]),
    st.sampled_from([None, "h1", "h2"]),
    st.sampled_from([None, "nachtregister:12345670", "nachtregister:23456781", "dor:12345670"]),
    st.sampled_from([None, "paspoort", "identiteitskaart", "rijbewijs"]),
)
_DUTCH_WORDS = (
    "achternaam",
    "voornaam",
    "voornamen",
    "voorletter",
    "geboortedatum",
    "adres",
    "postcode",
    "woonplaats",
    "ID-nummer",
    "bedrijf",
    "ID-bewijs",
)


@settings(max_examples=60, deadline=None)
@given(_PEOPLE, _PEOPLE)
def test_every_comparison_is_symmetric_bounded_and_explained_in_dutch(a: Person, b: Person) -> None:
    ab, ba = compare(a, b), compare(b, a)
    assert ab == ba
    for comp in COMPARISONS:
        score, reason = ab[comp]
        assert 0.0 <= score <= 1.0
        assert reason and any(w in reason for w in _DUTCH_WORDS)


@settings(max_examples=30, deadline=None)
@given(_PEOPLE)
def test_a_mention_never_disagrees_with_itself(a: Person) -> None:
    result = compare(a, a)
    for comp in COMPARISONS:
        assert result[comp][0] >= 0.5  # equal, partly known, or missing (neutral)


def _p(an: str, vn: str | None = None, gd: str | None = None, **kw: object) -> Person:
    ini = "".join(w[0] for w in vn.split()) if vn else None
    return Person(achternaam_norm=an, voornamen_norm=vn, initialen=ini, geboortedatum=gd, **kw)  # type: ignore[arg-type]


def test_initial_fits_first_name_but_jp_does_not_fit_pieter() -> None:
    assert compare(_p("dijk", "j"), _p("dijk", "jan"))["voornaam"][1].startswith("voorletter")
    score, reason = compare(_p("dijk", "j p"), _p("dijk", "pieter"))["voornaam"]
    assert score == 0.0 and "verschillen" in reason


def test_tussenvoegsel_does_not_matter_for_the_surname() -> None:
    a = _p("dijk", "jan", tussenvoegsel_norm="van")
    assert compare(a, _p("dijk", "jan"))["achternaam"] == LEVELS["achternaam"][1]
    assert compare(a, _p("vandijk", "jan"))["achternaam"] == LEVELS["achternaam"][1]


def test_swapped_names_are_recognised() -> None:
    result = compare(_p("jan", "dijk"), _p("dijk", "jan"))
    assert result["achternaam"][1] == "voor- en achternaam verwisseld"
    assert result["voornaam"][0] == 1.0


def test_birth_date_swap_typo_and_missing() -> None:
    gd = compare(_p("x", gd="1970-03-12"), _p("x", gd="1970-12-03"))["geboortedatum"]
    assert "verwisseld" in gd[1]
    assert (
        "één cijfer"
        in compare(_p("x", gd="1970-03-12"), _p("x", gd="1970-03-13"))["geboortedatum"][1]
    )
    assert compare(_p("x", gd="1970-03-12"), _p("x"))["geboortedatum"][0] == 0.5
    assert compare(_p("x", gd="1970-03-12"), _p("x", gd="1985-07-30"))["geboortedatum"][0] == 0


def test_address_with_toevoeging_spellings() -> None:
    a = _p("x", postcode="1234 AB", huisnummer=101, toevoeging="A")
    b = _p("x", postcode="1234AB", huisnummer=101, toevoeging="a")
    assert compare(a, b)["adres"][0] == 1.0
    c = _p("x", postcode="1234AB", huisnummer=101, toevoeging="B")
    assert compare(a, c)["adres"][0] == 0.85


def test_context_same_host_other_host_and_other_register() -> None:
    park, hotel = "nachtregister:12345670", "nachtregister:23456781"
    same = compare(_p("x", context=park), _p("x", context=park))["context"]
    assert same == LEVELS["context"][1] and "hetzelfde bedrijf" in same[1]
    assert compare(_p("x", context=park), _p("x", context=hotel))["context"] == LEVELS[
        "context"
    ][2]
    # a guest's host and a seller's dealer are not comparable: neutral
    assert compare(_p("x", context=park), _p("x", context="dor:12345670"))["context"][0] == 0.5
    assert compare(_p("x", context=park), _p("x"))["context"][0] == 0.5


def test_kind_of_id_document_only_where_the_numbers_cannot_be_compared() -> None:
    pas, kaart = {"id_type": "paspoort"}, {"id_type": "identiteitskaart"}
    assert compare(_p("x", **pas), _p("x", **pas))["id_soort"] == LEVELS["id_soort"][1]
    assert compare(_p("x", **pas), _p("x", **kaart))["id_soort"] == LEVELS["id_soort"][2]
    # both numbers known: the numbers decide, the kind is not counted twice
    a = _p("x", id_hash="h1", **pas)
    assert compare(a, _p("x", id_hash="h2", **kaart))["id_soort"][0] == 0.5
    assert compare(a, _p("x", id_hash="h1", **pas))["id_soort"][0] == 0.5
    assert compare(a, _p("x", **kaart))["id_soort"] == LEVELS["id_soort"][2]


def test_all_initials_equal_and_fitting_the_first_name_is_its_own_level() -> None:
    a, b = _p("dijk", "j p"), _p("dijk", "jan pieter")
    assert compare(a, b)["voornaam"] == LEVELS["voornaam"][7]
    # one initial only: it fits, nothing more
    assert compare(_p("dijk", "j"), _p("dijk", "jan"))["voornaam"] == LEVELS["voornaam"][3]
    assert compare(_p("dijk", "j"), _p("dijk", "jan pieter"))["voornaam"] == LEVELS["voornaam"][3]


def test_another_number_on_the_same_kind_of_document_weighs_more_than_another_kind() -> None:
    pas = _p("x", id_hash="h1", id_type="paspoort")
    same_kind = compare(pas, _p("x", id_hash="h2", id_type="paspoort"))["id"]
    other_kind = compare(pas, _p("x", id_hash="h2", id_type="rijbewijs"))["id"]
    unknown_kind = compare(pas, _p("x", id_hash="h2"))["id"]
    assert same_kind == LEVELS["id"][3]
    assert other_kind == unknown_kind == LEVELS["id"][2]
    assert same_kind[0] < other_kind[0]
