"""The ondermijningsbeeld: figures against direct counts, both versions, privacy, HTML, PDF."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from iob.reference import gemeenten
from outputs.report import documents, write_reports
from outputs.report.document import build_document
from outputs.report.figures import compute_figures
from outputs.report.html import render_html
from outputs.report.pdf import render_pdf
from tests.outputs.outputs_factory import GW, SCRIPT, SECRETS, VAALS, inputs
from transforms.schema import DAMOCLES_STATUS_TELT


@pytest.fixture(scope="module")
def html() -> dict[tuple[str, str], str]:
    inp = inputs()
    return {(code, v): render_html(doc) for code in (VAALS, GW)
            for v, doc in documents(inp, code).items()}


def _fen(code: str, key: str):  # type: ignore[no-untyped-def]
    return next(f for f in compute_figures(inputs(), code).fenomenen if f.key == key)


def test_figures_equal_direct_counts_per_municipality() -> None:
    inp = inputs()
    for code in (VAALS, GW):
        dor = inp.tables["dor"].filter(pl.col("gemeentecode") == code).height
        dam = inp.tables["damocles"].filter(
            (pl.col("gemeentecode") == code)
            & pl.col("status").is_in(list(DAMOCLES_STATUS_TELT))).height
        assert _fen(code, "heling").totaal == dor
        assert _fen(code, "drugs").totaal == dam
        assert sum(n for _, n in _fen(code, "heling").kwartalen) == dor
    assert (_fen(VAALS, "heling").totaal, _fen(VAALS, "drugs").totaal) == (7, 6)
    assert (_fen(GW, "heling").totaal, _fen(GW, "drugs").totaal) == (3, 1)


def test_rate_per_10000_names_the_population_year(html: dict[tuple[str, str], str]) -> None:
    g = gemeenten()[VAALS]
    rate = f"{7 * 10_000 / g.inwoners:.1f}".replace(".", ",")  # DOR items in Vaals
    rate_dam = f"{6 * 10_000 / g.inwoners:.1f}".replace(".", ",")
    for versie in ("analist", "bestuurlijk"):
        page = html[(VAALS, versie)]
        assert f"<td class=\"n\">{rate}</td>" in page
        assert f"<td class=\"n\">{rate_dam}</td>" in page
        assert f"peiljaar {g.peiljaar}" in page
        assert "10.092" in page  # inhabitants, Dutch thousands separator


def test_hotspots_are_pc4_areas_with_two_or_more_measures() -> None:
    hot = dict(_fen(VAALS, "drugs").hotspots)
    assert hot == {"6291": 3, "6294": 3}  # odd/even zaak numbers over 6 counted measures
    assert _fen(VAALS, "verblijf").hotspots == (("6291", 3),)  # 3 stays of 40 nights


def test_bestuurlijk_has_no_names_addresses_companies_or_ids(
        html: dict[tuple[str, str], str]) -> None:
    for code in (VAALS, GW):
        page = html[(code, "bestuurlijk")]
        found = [s for s in SECRETS if s in page]
        assert found == []


def test_pdf_bestuurlijk_has_no_identifying_values() -> None:
    doc = documents(inputs(), VAALS)["bestuurlijk"]
    text = repr(doc)  # the PDF is drawn from exactly this document
    assert [s for s in SECRETS if s in text] == []


def test_bestuurlijk_shows_small_counts_as_less_than_5(
        html: dict[tuple[str, str], str]) -> None:
    page = html[(VAALS, "bestuurlijk")]
    assert "&lt;5" in page  # e.g. 2 closures, 3 quarantined DOR rows
    # the GW drug count (1) and its rate are suppressed: no '0,7' for 1/14056*10000
    gw = html[(GW, "bestuurlijk")]
    assert "0,7" not in gw
    analist = html[(GW, "analist")]
    assert "0,7" in analist


def test_suppressed_bars_carry_no_value() -> None:
    fig = compute_figures(inputs(), GW)
    doc = build_document(fig, "bestuurlijk", 85_175)
    bars = [b for s in doc.secties for b in s.blokken if b.soort == "staaf"]
    assert bars
    for b in bars:
        for w, t, sup in zip(b.waarden, b.teksten, b.onderdrukt, strict=True):  # type: ignore[union-attr]
            assert (t == "<5") == sup
            assert not sup or w == 5


def test_analist_escapes_html_in_names_and_texts(html: dict[tuple[str, str], str]) -> None:
    page = html[(VAALS, "analist")]
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    assert page.count("<script") == 0


def test_analist_lists_evidence_but_not_bibob_or_expired_signals(
        html: dict[tuple[str, str], str]) -> None:
    page = html[(VAALS, "analist")]
    assert "dor:DORNR-VAA-0001" in page
    assert "SIGID-heling-1" in page
    assert "SIGID-bibob-1" not in page and "BIBOBDOS-77" not in page
    assert "SIGID-weg-1" not in page  # vervallen
    assert "Persoon 1" in page and "Adres 1" in page  # the network picture


def test_missing_inputs_give_an_empty_report_with_a_note(tmp_path: Path) -> None:
    from outputs.inputs import load_inputs

    inp = load_inputs(tmp_path, inputs().as_of)
    assert any("ontbreekt" in n for n in inp.ontbreekt)
    page = render_html(documents(inp, VAALS)["analist"])
    assert "Let op: niet alle gegevens waren beschikbaar" in page


def test_write_reports_writes_html_and_pdf_of_both_versions(tmp_path: Path) -> None:
    paths = write_reports(inputs(), tmp_path, [VAALS])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == [
        "GM0981/bestuurlijk/ondermijningsbeeld.html", "GM0981/bestuurlijk/ondermijningsbeeld.pdf",
        "GM0981/ondermijningsbeeld.html", "GM0981/ondermijningsbeeld.pdf"]
    for p in paths:
        if p.suffix == ".pdf":
            assert p.read_bytes().startswith(b"%PDF")
        else:
            assert p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_pdf_keeps_dutch_characters() -> None:
    doc = documents(inputs(), VAALS)["analist"]
    data = render_pdf(doc)
    assert data.startswith(b"%PDF") and len(data) > 5_000
