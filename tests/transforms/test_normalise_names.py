"""Dutch person names: tussenvoegsels split off, diacritics folded, initials."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.names import (
    PersonName,
    canonical_tussenvoegsel,
    name_key,
    parse_voornamen,
    split_name,
)

text = st.none() | st.text()
name_text = st.none() | st.text(
    alphabet=st.sampled_from(list("abcdeijklmnorstuvwzADIJKMNVTüéßł .,'-/")), max_size=30
)


@pytest.mark.parametrize(
    ("achternaam", "tussenvoegsel", "achternaam_norm", "tussenvoegsel_norm"),
    [
        ("Dijk", "van", "dijk", "van"),
        ("VAN DIJK", "", "dijk", "van"),
        ("VAN DIJK", None, "dijk", "van"),
        ("van Dijk", None, "dijk", "van"),
        ("vanDijk", None, "dijk", "van"),
        ("VanDijk", None, "dijk", "van"),
        ("VanDerBerg", None, "berg", "van der"),
        ("Dijk, van", None, "dijk", "van"),
        ("Berg, van der", None, "berg", "van der"),
        ("vd Berg", None, "berg", "van der"),
        ("v.d. Berg", None, "berg", "van der"),
        ("v/d Berg", None, "berg", "van der"),
        ("Berg", "v.d.", "berg", "van der"),
        ("Berg", "vd", "berg", "van der"),
        ("van der Berg", None, "berg", "van der"),
        ("van den Berg", None, "berg", "van den"),
        ("de Vries", "", "vries", "de"),
        ("den Hartog", None, "hartog", "den"),
        ("ter Horst", None, "horst", "ter"),
        ("ten Cate", None, "cate", "ten"),
        ("te Velde", None, "velde", "te"),
        ("op de Beek", None, "beek", "op de"),
        ("in 't Veld", None, "veld", "in t"),
        ("Veld", "in 't", "veld", "in t"),
        ("'t Hart", None, "hart", "t"),
        ("van 't Hof", None, "hof", "van t"),
        ("von Weizsäcker", None, "weizsacker", "von"),
        ("Van Damme", "", "damme", "van"),
        ("Dijk", "Van", "dijk", "van"),
        ("Van Dijk", "van", "dijk", "van"),
        ("der Berg", "van", "berg", "van der"),
    ],
)
def test_tussenvoegsel_split_off(
    achternaam: str, tussenvoegsel: str | None, achternaam_norm: str, tussenvoegsel_norm: str
) -> None:
    """Every spelling of a tussenvoegsel ends up in tussenvoegsel_norm, canonical."""
    got = split_name(achternaam, tussenvoegsel)
    assert (got.achternaam_norm, got.tussenvoegsel_norm) == (achternaam_norm, tussenvoegsel_norm)


@pytest.mark.parametrize("surname", ["Vandamme", "Vandenberghe", "Dekker", "Terpstra", "Van"])
def test_glued_lowercase_and_single_word_surnames_stay_whole(surname: str) -> None:
    """A glued lower-case surname (Belgian ``Vandamme``) and a lone prefix word stay whole."""
    got = split_name(surname)
    assert got.tussenvoegsel_norm is None
    assert got.achternaam_norm == surname.lower()


def test_double_surname_keeps_its_inner_prefix() -> None:
    """``Jansen-de Vries``: only a leading tussenvoegsel is split off."""
    assert split_name("Jansen-de Vries") == PersonName("jansen de vries", None, None, None)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("Müller", "muller"), ("Élodie", "elodie"), ("Straße", "strasse"), ("Łukasz", "lukasz"),
     ("Øster", "oster"), ("O'Brien", "obrien"), ("  JANSEN  ", "jansen"),
     ("=HYPERLINK(\"x\")", "hyperlink x"), ("Yılmaz", "yilmaz"), (None, ""), ("", "")],
)
def test_name_key_folds(raw: str | None, folded: str) -> None:
    """Diacritics, case and punctuation are folded away."""
    assert name_key(raw) == folded


@pytest.mark.parametrize(
    ("voornamen", "norm", "initialen"),
    [
        ("Pieter Johannes", "pieter johannes", "pj"),
        ("J.P.", "j p", "jp"),
        ("J. P.", "j p", "jp"),
        ("JP", "j p", "jp"),
        ("J.", "j", "j"),
        ("Jan", "jan", "j"),
        ("Jan-Willem", "jan willem", "jw"),
        ("Th.", "t", "t"),
        ("A.M.", "a m", "am"),
        ("Ad", "ad", "a"),
        ("Émile", "emile", "e"),
        ("", None, None),
        (None, None, None),
    ],
)
def test_voornamen_and_initialen(voornamen: str | None, norm: str | None,
                                 initialen: str | None) -> None:
    """Full names and every initials spelling give the same initialen."""
    assert parse_voornamen(voornamen) == (norm, initialen)


def test_example_rows_van_dijk_match() -> None:
    """examples/dor: ``Dijk``+``van``+``J.`` and ``VAN DIJK``+``""``+``Jan`` agree on
    achternaam, tussenvoegsel and initialen."""
    a = split_name("Dijk", "van", "J.")
    b = split_name("VAN DIJK", "", "Jan")
    assert (a.achternaam_norm, a.tussenvoegsel_norm, a.initialen) == (
        b.achternaam_norm, b.tussenvoegsel_norm, b.initialen) == ("dijk", "van", "j")


def test_comma_rest_becomes_voornamen_when_empty() -> None:
    """``Jansen, Pieter`` with no voornamen: Pieter is the first name."""
    assert split_name("Jansen, Pieter") == PersonName("jansen", None, "pieter", "p")
    assert split_name("Jansen, Pieter", None, "K.").voornamen_norm == "k"


@given(text, text, text)
def test_split_name_never_raises_and_is_idempotent(a: str | None, t: str | None,
                                                   v: str | None) -> None:
    """Any text in; feeding the norms back in returns the same PersonName."""
    got = split_name(a, t, v)
    again = split_name(got.achternaam_norm, got.tussenvoegsel_norm, got.voornamen_norm)
    assert again == got


@given(name_text, name_text, name_text)
def test_split_name_idempotent_on_name_like_text(a: str | None, t: str | None,
                                                 v: str | None) -> None:
    """Idempotence on text dense in prefixes, dots, commas and diacritics."""
    got = split_name(a, t, v)
    assert split_name(got.achternaam_norm, got.tussenvoegsel_norm, got.voornamen_norm) == got


@given(text)
def test_name_key_idempotent_and_clean(s: str | None) -> None:
    """name_key is a fixed point on its own output and leaves no edge spaces."""
    k = name_key(s)
    assert name_key(k) == k
    assert k == k.strip()
    assert "  " not in k


@given(text)
def test_canonical_tussenvoegsel_idempotent(s: str | None) -> None:
    """The canonical tussenvoegsel maps to itself."""
    c = canonical_tussenvoegsel(s)
    assert canonical_tussenvoegsel(c) == c
