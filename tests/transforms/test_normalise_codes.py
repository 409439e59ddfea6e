"""KvK numbers, gemeentecodes, IMEI/serials, ID numbers and the BSN guard, countries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalise.codes import normalise_gemeentecode
from transforms.normalise.countries import normalise_country
from transforms.normalise.idnumbers import looks_like_bsn, normalise_id_number
from transforms.normalise.imei import is_valid_imei, luhn_valid, normalise_serial
from transforms.normalise.kvk import normalise_kvk

text = st.none() | st.text()
digitish = st.none() | st.text(alphabet=st.sampled_from(list("0123456789 .-O")), max_size=14)


def digits(s: str) -> str:
    return "".join(re.findall(r"[0-9]", s))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12345678", "12345678"), ("09876543", "09876543"), ("1234567", "01234567"),
     ("12345", "00012345"), ("12345678.0", "12345678"), ("1234567.0", "01234567"),
     ("1234 5678", "12345678"), ("12.345.678", "12345678"), (" 12345678 ", "12345678"),
     ("1234", None), ("123456789", None), ("1234567a", None), ("12-345678", None),
     ("", None), (None, None)],
)
def test_kvk(raw: str | None, expected: str | None) -> None:
    """8 digits; a lost leading zero (5-7 digits) repaired; XLSX .0; else None."""
    assert normalise_kvk(raw) == expected


@given(digitish)
def test_kvk_idempotent_keeps_digits(s: str | None) -> None:
    """Never raises, idempotent, and only leading zeros are ever added."""
    out = normalise_kvk(s)
    assert normalise_kvk(out) == out
    if out is not None and s is not None:
        source = re.sub(r"\.0+$", "", s.strip())
        assert out.lstrip("0") == digits(source).lstrip("0")


@given(text)
def test_kvk_never_raises(s: str | None) -> None:
    """Arbitrary text gives 8 digits or None."""
    out = normalise_kvk(s)
    assert out is None or (len(out) == 8 and out.isdigit())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("GM0994", "GM0994"), ("gm0994", "GM0994"), ("0994", "GM0994"), ("994", "GM0994"),
     ("GM 994", "GM0994"), ("994.0", "GM0994"), ("GM1729", "GM1729"), ("GM0000", None),
     ("GM12345", None), ("XX0994", None), ("", None), (None, None)],
)
def test_gemeentecode(raw: str | None, expected: str | None) -> None:
    """GM + 4 digits from every spelling."""
    assert normalise_gemeentecode(raw) == expected


@given(text)
def test_gemeentecode_idempotent(s: str | None) -> None:
    """Never raises; a normalised code maps to itself."""
    out = normalise_gemeentecode(s)
    assert normalise_gemeentecode(out) == out


def test_imei() -> None:
    """15 digits passing Luhn; spaces and dashes ignored."""
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert not luhn_valid("")
    assert not luhn_valid("12a")
    assert is_valid_imei("356938035643809")
    assert is_valid_imei("35-693803-564380-9")
    assert not is_valid_imei("356938035643808")
    assert not is_valid_imei("35693803564380")
    assert not is_valid_imei(None)


@given(text)
def test_serial_idempotent(s: str | None) -> None:
    """Serial normalisation is a fixed point and never raises; IMEI check never raises."""
    out = normalise_serial(s)
    assert normalise_serial(out) == out
    assert isinstance(is_valid_imei(s), bool)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("IXP12AB34", "IXP12AB34"), ("ixp 12-ab.34", "IXP12AB34"), ("IXPO2AB34", "IXP02AB34"),
     ("", None), ("  ", None), (None, None)],
)
def test_normalise_id_number(raw: str | None, expected: str | None) -> None:
    """Upper case, separators out, letter O read as digit 0."""
    assert normalise_id_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("111222333", True), ("111 222 333", True), ("111-222-333", True), ("123456782", True),
     ("12345678", False), ("11122233", False), ("111222334", False), ("000000000", False),
     ("IXP12AB34", False), ("5123456789", False), ("", False), (None, False),
     ("1112223OO", False)],
)
def test_looks_like_bsn(raw: str | None, expected: bool) -> None:
    """9 digits (or 8 padded) passing the elfproef, not all zeros."""
    assert looks_like_bsn(raw) is expected


def test_eight_digit_bsn_is_padded() -> None:
    """``012345672`` passes the elfproef; without its leading zero it is still a BSN."""
    assert looks_like_bsn("012345672")
    assert looks_like_bsn("12345672")


@given(text)
def test_id_number_idempotent_keeps_digits(s: str | None) -> None:
    """Never raises; idempotent; every digit (and each letter O as 0) kept in order."""
    out = normalise_id_number(s)
    assert normalise_id_number(out) == out
    assert isinstance(looks_like_bsn(s), bool)
    if out is not None and s is not None:
        assert digits(out) == digits(s.upper().replace("O", "0"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("NL", "NL"), ("nl", "NL"), (" de ", "DE"), ("NLD", "NL"), ("DEU", "DE"), ("D", "DE"),
     ("UK", "GB"), ("Nederland", "NL"), ("Duitsland", "DE"), ("België", "BE"),
     ("Belgie", "BE"), ("Polen", "PL"), ("Roemenië", "RO"), ("Bulgarije", "BG"),
     ("Frankrijk", "FR"), ("Luxemburg", "LU"), ("Oekraïne", "UA"), ("Turkije", "TR"),
     ("Marokko", "MA"), ("Spanje", "ES"), ("Italië", "IT"), ("Portugal", "PT"),
     ("Verenigd Koninkrijk", "GB"), ("Litouwen", "LT"), ("Letland", "LV"),
     ("Hongarije", "HU"), ("Slowakije", "SK"), ("Tsjechië", "CZ"), ("Germany", "DE"),
     ("Deutschland", "DE"), ("Belgium", "BE"), ("Belgique", "BE"), ("Netherlands", "NL"),
     ("NEDERLAND", "NL"), ("Nederlandse", "NL"), ("Atlantis", None), ("XX", None),
     ("", None), (None, None)],
)
def test_country(raw: str | None, expected: str | None) -> None:
    """ISO-2, ISO-3, Dutch/English/German names -> ISO-2; unknown -> None."""
    assert normalise_country(raw) == expected


@given(text)
def test_country_idempotent(s: str | None) -> None:
    """Never raises; an ISO-2 result maps to itself."""
    out = normalise_country(s)
    assert normalise_country(out) == out
