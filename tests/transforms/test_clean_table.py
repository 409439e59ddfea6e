"""clean_table: the Clean frame contract of docs/internals.md, kind by kind."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.clean import clean_table
from transforms.normalise.housenumbers import split_huisnummer
from transforms.normalise.names import split_name
from transforms.schema import BIBOB_BETROKKENEN, DAMOCLES, DOR, NACHTREGISTER, Table

KEY = b"test-key"


def pseudonymise(value: str) -> str:
    return hmac.new(KEY, value.encode(), hashlib.sha256).hexdigest()


def raw_frame(table: Table, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A raw table frame as the readers deliver it: every contract column String, the
    given cells filled, provenance columns added."""
    data = {c: [r.get(c) for r in rows] for c in table.column_names}
    frame = pl.DataFrame(data, schema={c: pl.String for c in table.column_names})
    return frame.with_columns(
        pl.lit("f.csv").alias("_file"),
        pl.int_range(2, len(rows) + 2, dtype=pl.Int64).alias("_line"),
        pl.lit(False).alias("_duplicaat"),
    )


def clean(table: Table, *rows: dict[str, Any]) -> pl.DataFrame:
    return clean_table(raw_frame(table, list(rows)), table, pseudonymise)


def test_rows_order_provenance_and_extras_kept() -> None:
    """Same rows, same order; provenance and unknown extra columns untouched."""
    raw = raw_frame(DOR, [{"registratienummer": f"V-{i}"} for i in range(5)]).with_columns(
        pl.lit("x").alias("opmerking_extra"))
    out = clean_table(raw, DOR, pseudonymise)
    assert out.height == 5
    assert out["registratienummer"].to_list() == [f"V-{i}" for i in range(5)]
    assert out["_line"].to_list() == [2, 3, 4, 5, 6]
    assert out["opmerking_extra"].to_list() == ["x"] * 5
    assert out["_file"].dtype == pl.String


def test_text_and_enum() -> None:
    """Text trimmed (blank -> null); enum trimmed and lower-cased."""
    out = clean(DOR, {"opkoper_naam": "  Goud & Zilver ", "merk": "   ",
                      "wijze_verkrijging": " Koop ", "categorie": "TELEFOON"})
    assert out["opkoper_naam"].item() == "Goud & Zilver"
    assert out["merk"].item() is None
    assert out["wijze_verkrijging"].item() == "koop"
    assert out["categorie"].item() == "telefoon"


def test_parsed_kinds_types_and_helpers() -> None:
    """Each parsed kind gets its dtype, a __raw copy and an __ongeldig flag."""
    out = clean(
        DOR,
        {"gemeentecode": "gm0994", "opkoper_kvk": "1234567", "opkoper_postcode": "6301da",
         "opkoper_huisnummer": "12", "datum_verkrijging": "45352", "tijd_verkrijging": "9:05",
         "prijs": "129,95", "verkoper_land": "Duitsland", "stopheling_match": "ja"},
        {"gemeentecode": "XX", "opkoper_kvk": "12", "opkoper_postcode": "6301",
         "opkoper_huisnummer": "twaalf", "datum_verkrijging": "31-02-2026",
         "tijd_verkrijging": "25:00", "prijs": "gratis", "verkoper_land": "Atlantis",
         "stopheling_match": "misschien"},
        {},
    )
    first = out.row(0, named=True)
    assert first["gemeentecode"] == "GM0994"
    assert first["opkoper_kvk"] == "01234567"
    assert first["opkoper_postcode"] == "6301 DA"
    assert first["opkoper_huisnummer"] == 12
    assert first["datum_verkrijging"] == date(2024, 3, 1)
    assert first["tijd_verkrijging"] == "09:05"
    assert first["prijs"] == 129.95
    assert first["verkoper_land"] == "DE"
    assert first["stopheling_match"] is True
    parsed = ["gemeentecode", "opkoper_kvk", "opkoper_postcode", "opkoper_huisnummer",
              "datum_verkrijging", "tijd_verkrijging", "prijs", "verkoper_land",
              "stopheling_match"]
    for col in parsed:
        assert out[f"{col}__ongeldig"].to_list() == [False, True, False], col
        assert out[f"{col}__raw"].dtype == pl.String
        assert out[col][1] is None, col
    assert out["opkoper_kvk__raw"][0] == "1234567"
    assert out["datum_verkrijging"].dtype == pl.Date
    assert out["opkoper_huisnummer"].dtype == pl.Int64
    assert out["prijs"].dtype == pl.Float64
    assert out["stopheling_match"].dtype == pl.Boolean
    assert out["verkoper_land"][2] == "NL"  # empty -> default NL, not ongeldig


def test_int_kind() -> None:
    """int -> Int64 with helpers."""
    out = clean(NACHTREGISTER, {"aantal_personen": "6"}, {"aantal_personen": "zes"})
    assert out["aantal_personen"].dtype == pl.Int64
    assert out["aantal_personen"].to_list() == [6, None]
    assert out["aantal_personen__ongeldig"].to_list() == [False, True]


def test_whitespace_only_is_missing_not_ongeldig() -> None:
    """A cell of spaces is an empty cell: null, not ongeldig."""
    out = clean(DOR, {"datum_verkrijging": "   ", "opkoper_kvk": " "})
    assert out["datum_verkrijging__ongeldig"].item() is False
    assert out["opkoper_kvk__ongeldig"].item() is False


def test_default_land_only_for_verkoper() -> None:
    """verkoper_land defaults to NL; other country columns stay null."""
    out = clean(DOR, {})
    assert out["verkoper_land"].item() == "NL"
    assert out["verkoper_id_land"].item() is None
    assert clean(NACHTREGISTER, {})["gast_land"].item() is None


def test_postcode_uses_the_persons_land() -> None:
    """A seller's postcode is read for the seller's country; establishments as NL."""
    out = clean(
        DOR,
        {"verkoper_postcode": "52072", "verkoper_land": "DE", "opkoper_postcode": "6291ab"},
        {"verkoper_postcode": "6291 ab", "verkoper_land": "Nederland"},
        {"verkoper_postcode": "6291", "verkoper_land": ""},
    )
    assert out["verkoper_postcode"].to_list() == ["52072", "6291 AB", None]
    assert out["verkoper_postcode__ongeldig"].to_list() == [False, False, True]
    assert out["opkoper_postcode"][0] == "6291 AB"


def test_huisnummer_toevoeging_merged_and_created() -> None:
    """``101a`` + empty equals ``101`` + ``A``; a table without a toevoeging column for the
    number (opkoper) gets one."""
    out = clean(
        DOR,
        {"verkoper_huisnummer": "101a", "verkoper_toevoeging": "", "opkoper_huisnummer": "3-2"},
        {"verkoper_huisnummer": "101", "verkoper_toevoeging": "A", "opkoper_huisnummer": "3"},
        {"verkoper_huisnummer": "12.0", "verkoper_toevoeging": "hs"},
    )
    assert out["verkoper_huisnummer"].to_list() == [101, 101, 12]
    assert out["verkoper_toevoeging"].to_list() == ["A", "A", "HS"]
    assert out["opkoper_toevoeging"].to_list() == ["2", None, None]
    assert out["opkoper_huisnummer"].to_list() == [3, 3, None]
    assert out["verkoper_huisnummer__raw"].to_list() == ["101a", "101", "12.0"]
    assert "gast_toevoeging" in clean(NACHTREGISTER, {}).columns


def test_name_norms_for_every_person_prefix() -> None:
    """Norm columns for verkoper_, gast_, eigenaar_/bewoner_ and the bibob person."""
    out = clean(DOR, {"verkoper_achternaam": " VAN DIJK ", "verkoper_voornamen": "Jan"},
                {"verkoper_achternaam": "Dijk", "verkoper_tussenvoegsel": "van",
                 "verkoper_voornamen": "J."})
    assert out["verkoper_achternaam"].to_list() == ["VAN DIJK", "Dijk"]
    assert out["verkoper_achternaam_norm"].to_list() == ["dijk", "dijk"]
    assert out["verkoper_tussenvoegsel_norm"].to_list() == ["van", "van"]
    assert out["verkoper_voornamen_norm"].to_list() == ["jan", "j"]
    assert out["verkoper_initialen"].to_list() == ["j", "j"]
    for table, prefixes in ((NACHTREGISTER, ["gast_"]), (DAMOCLES, ["eigenaar_", "bewoner_"]),
                            (BIBOB_BETROKKENEN, [""])):
        cols = clean(table, {}).columns
        for p in prefixes:
            for suffix in ("achternaam_norm", "tussenvoegsel_norm", "voornamen_norm",
                           "initialen"):
                assert f"{p}{suffix}" in cols


def test_id_nummer_hashed_and_bsn_never_stored() -> None:
    """The ID number becomes the HMAC of its normalised form; a BSN-like value is flagged,
    its column null, and never passed to pseudonymise."""
    seen: list[str] = []

    def spy(value: str) -> str:
        seen.append(value)
        return pseudonymise(value)

    raw = raw_frame(DOR, [{"verkoper_id_nummer": "ixp 12-ab34"},
                          {"verkoper_id_nummer": "111222333"},
                          {"verkoper_id_nummer": "IXP12AB34"}, {}])
    out = clean_table(raw, DOR, spy)
    assert out["verkoper_id_nummer"].to_list() == [
        pseudonymise("IXP12AB34"), None, pseudonymise("IXP12AB34"), None]
    assert out["verkoper_id_nummer__bsn"].to_list() == [False, True, False, False]
    assert seen == ["IXP12AB34"]
    assert "verkoper_id_nummer__raw" not in out.columns
    cells = out.select(pl.col(pl.String)).rows()
    assert not any("111222333" in (c or "") for row in cells for c in row)


def test_missing_contract_column_is_added_as_null() -> None:
    """A raw frame lacking an optional column still gives the full clean frame."""
    raw = raw_frame(DOR, [{"registratienummer": "V-1"}]).drop("tijd_verkrijging")
    out = clean_table(raw, DOR, pseudonymise)
    assert out["tijd_verkrijging"].item() is None
    assert out["tijd_verkrijging__ongeldig"].item() is False


def test_contract_example_rows(tmp_path: Any) -> None:
    """The DOR example file: the two van Dijk rows agree on name and address."""
    raw = pl.read_csv("/work/shared/contracts/examples/dor_GM0994_20260301.csv",
                      separator=";", infer_schema=False) if _has_examples() else None
    if raw is None:
        pytest.skip("contract examples not available")
    out = clean_table(raw, DOR, pseudonymise)
    a, b = out.row(1, named=True), out.row(2, named=True)
    for col in ("verkoper_achternaam_norm", "verkoper_tussenvoegsel_norm", "verkoper_initialen",
                "verkoper_huisnummer", "verkoper_toevoeging", "verkoper_postcode",
                "verkoper_geboortedatum", "verkoper_land"):
        assert a[col] == b[col], col
    assert out["verkoper_postcode"][3] == "52072"
    assert out["verkoper_achternaam_norm"][3] == "muller"


def _has_examples() -> bool:
    from pathlib import Path
    return Path("/work/shared/contracts/examples/dor_GM0994_20260301.csv").exists()


name_cells = st.none() | st.text(
    alphabet=st.sampled_from(list("abdeijknrstvADIJV .,'-/ü")), max_size=16)


@settings(max_examples=50)
@given(st.lists(st.tuples(name_cells, name_cells, name_cells, name_cells, name_cells),
                min_size=1, max_size=12))
def test_cleaner_agrees_with_scalar_normalisers(
    rows: list[tuple[str | None, ...]]
) -> None:
    """Row for row, the vectorised cleaner equals split_name and split_huisnummer."""
    raw = raw_frame(DOR, [
        {"verkoper_achternaam": a, "verkoper_tussenvoegsel": t, "verkoper_voornamen": v,
         "verkoper_huisnummer": n, "verkoper_toevoeging": e} for a, t, v, n, e in rows])
    out = clean_table(raw, DOR, pseudonymise)
    for i, (a, t, v, n, e) in enumerate(rows):
        name = split_name(a, t, v)
        assert out["verkoper_achternaam_norm"][i] == name.achternaam_norm
        assert out["verkoper_tussenvoegsel_norm"][i] == name.tussenvoegsel_norm
        assert out["verkoper_voornamen_norm"][i] == name.voornamen_norm
        assert out["verkoper_initialen"][i] == name.initialen
        assert (out["verkoper_huisnummer"][i], out["verkoper_toevoeging"][i]) == \
            split_huisnummer(n, e)


@pytest.mark.parametrize("table", [DOR, NACHTREGISTER, DAMOCLES, BIBOB_BETROKKENEN],
                         ids=lambda t: t.name)
def test_header_only_and_all_empty_frames(table: Table) -> None:
    """0 rows in, 0 rows out; a row of empty cells flags nothing as ongeldig."""
    assert clean_table(raw_frame(table, []), table, pseudonymise).height == 0
    out = clean_table(raw_frame(table, [{}]), table, pseudonymise)
    flags = out.select(pl.col("^.*__ongeldig$")).row(0)
    assert out.height == 1
    assert not any(flags)


def test_huge_field_does_not_crash() -> None:
    """A 50,000-character cell in every column is cleaned (mostly ongeldig), no crash."""
    big = "9" * 25_000 + "x" * 25_000
    out = clean(DOR, dict.fromkeys(DOR.column_names, big))
    assert out.height == 1
    assert out["opkoper_kvk__ongeldig"].item() is True
    assert out["omschrijving"].item() == big


id_cells = st.none() | st.text(alphabet=st.sampled_from(list("0123456789oOIXPab -.\t")),
                               max_size=12) | st.sampled_from(["111222333", "11122233"])


@settings(max_examples=60)
@given(st.lists(id_cells, min_size=1, max_size=20))
def test_id_hashes_equal_the_scalar_rule(cells: list[str | None]) -> None:
    """Row for row: the hash of the normalised number, null where it is empty or looks like
    a BSN (then flagged), also for repeated numbers and a batch of only BSNs."""
    from transforms.normalise.idnumbers import looks_like_bsn, normalise_id_number

    out = clean_table(raw_frame(DOR, [{"verkoper_id_nummer": c} for c in cells]), DOR,
                      pseudonymise)
    for i, cell in enumerate(cells):
        norm = normalise_id_number(cell)
        bsn = looks_like_bsn(cell)
        assert out["verkoper_id_nummer__bsn"][i] == bsn
        assert out["verkoper_id_nummer"][i] == (
            None if bsn or norm is None else pseudonymise(norm))
