"""The report's own PDF writer against fpdf2: the same bytes for the same drawing calls.

`outputs.report.pdfdoc.PdfDoc` replaces fpdf2 at run time (its import cost more than
rendering all reports). Here every document is drawn twice, once on `PdfDoc` and once on a
real `fpdf.FPDF` with the same header, footer and settings, and the files must be equal
byte for byte (with the same creation date, which also fixes the file id).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest
from fpdf import FPDF
from fpdf.fonts import CORE_FONTS, CORE_FONTS_CHARWIDTHS
from hypothesis import given, settings
from hypothesis import strategies as st

import outputs.report.pdf as pdfmod
from outputs.report import documents
from outputs.report.blocks import (
    Alinea,
    Document,
    Netwerkplaat,
    Opsomming,
    Sectie,
    Staafdiagram,
    Tabel,
)
from outputs.report.fontmaten import BASE_FONT, WIDTHS
from tests.outputs.outputs_factory import GW, VAALS, inputs

VAST = datetime(2026, 11, 28, 3, 4, 5, tzinfo=UTC)


class _Fpdf2(FPDF):
    """The report drawn with fpdf2, as it was before `PdfDoc` (the reference)."""

    header = pdfmod._Pdf.header
    footer = pdfmod._Pdf.footer
    ruimte = pdfmod._Pdf.ruimte
    opzet = pdfmod._Pdf.opzet

    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.alias_nb_pages()
        self.opzet(doc)
        self.set_creation_date(VAST)


class _Eigen(pdfmod._Pdf):
    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        self.creation_date = VAST


def _both(doc: Document, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    monkeypatch.setattr(pdfmod, "_Pdf", _Eigen)
    eigen = pdfmod.render_pdf(doc)
    monkeypatch.setattr(pdfmod, "_Pdf", _Fpdf2)
    ref = pdfmod.render_pdf(doc)
    monkeypatch.undo()
    return eigen, ref


def test_reports_are_the_bytes_fpdf2_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    inp = inputs()
    for code in (VAALS, GW):
        for versie, doc in documents(inp, code).items():
            eigen, ref = _both(doc, monkeypatch)
            assert eigen == ref, (code, versie)
            assert b"/CreationDate (D:20261128030405Z)" in eigen


def _lang(n: int) -> str:
    return " ".join(f"woord{i} (haakje) café €{i} ≥ {i}" for i in range(n))


def test_every_block_kind_page_breaks_and_a_wrapping_title(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rijen = tuple((f"rij {i}", "Xylofoonmanxylofoonmanxylofoonmanxylofoonman" * (i % 3),
                   f"{i * 1000:,}".replace(",", "."), "<5", "–") for i in range(90))
    doc = Document(
        titel="Ondermijningsbeeld " + "Langenaamsdorp-aan-de-Geul " * 4,
        ondertitel="Ondertitel met ë, é en ï", versie="bestuurlijk", gemeentecode="GM0000",
        kenmerk="bestuurlijke versie - peildatum 28 november 2026",
        secties=(
            Sectie("1. Alinea's", (Alinea(_lang(60)), Alinea("Regel een\nregel twee\\(x)"),
                                   Opsomming(tuple(_lang(k) for k in (1, 5, 30))))),
            Sectie("2. Tabellen", (
                Tabel(("Naam", "Waarde", "Aantal", "Klein", "Leeg"), rijen, "Bijschrift",
                      (3, 4, 2, 1, 1)),
                Tabel(("A", "B"), (("1", "2"),), ""),
            )),
            Sectie("3. Figuren", (
                Staafdiagram("Per kwartaal", tuple(f"2025-K{i % 4 + 1}" for i in range(20)),
                             tuple(range(20)), tuple(str(i) for i in range(20)),
                             tuple(i % 5 == 1 for i in range(20))),
                Staafdiagram("Leeg", (), (), (), ()),
                Netwerkplaat("Netwerk 1", tuple(f"Persoon {i}" for i in range(9)),
                             tuple(("persoon", "organisatie", "adres")[i % 3] for i in range(9)),
                             tuple(i < 2 for i in range(9)),
                             tuple((i, (i + 1) % 9) for i in range(9)), "Bijschrift",
                             "Inleiding"),
            )),
        ))
    eigen, ref = _both(doc, monkeypatch)
    assert eigen.count(b"/Type /Page\n") >= 5  # page breaks, header and footer on each
    assert eigen == ref


def test_font_widths_are_fpdf2s() -> None:
    for key, widths in WIDTHS.items():
        assert CORE_FONTS[key] == BASE_FONT[key]
        assert widths == CORE_FONTS_CHARWIDTHS[key]


def test_rendering_a_report_does_not_import_fpdf2() -> None:
    code = ("import sys\n"
            "from outputs.report import documents\n"
            "from outputs.report.pdf import render_pdf\n"
            "from tests.outputs.outputs_factory import VAALS, inputs\n"
            "assert render_pdf(documents(inputs(), VAALS)['analist']).startswith(b'%PDF')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('fpdf', 'fontTools', 'PIL')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def _regels_float(tekst: str, breedte: float, cw: dict[str, int], f: float) -> list[str]:
    """The word wrap as it was (float widths of each candidate line): the reference."""
    def width(s: str) -> float:
        return float(sum(cw.get(c, 500) for c in s)) * f

    out: list[str] = []
    for alinea in tekst.split("\n"):
        regel = ""
        for woord in alinea.split(" "):
            kandidaat = f"{regel} {woord}" if regel else woord
            if width(kandidaat) <= breedte or not kandidaat:
                regel = kandidaat
                continue
            if regel:
                out.append(regel)
            regel = ""
            for c in woord:
                if regel and width(regel + c) > breedte:
                    out.append(regel)
                    regel = ""
                regel += c
        out.append(regel)
    return out


@settings(max_examples=300, deadline=None)
@given(tekst=st.text(alphabet="ab WMil.\n€ë≥", max_size=80),
       breedte=st.floats(min_value=0.5, max_value=60), size=st.sampled_from([7, 8, 9.5, 14]))
def test_word_wrap_equals_the_float_version(tekst: str, breedte: float, size: float) -> None:
    pdf = pdfmod._Pdf(Document("t", "", "analist", "GM0000", "", ()))
    pdf.add_page()
    pdf.set_font("helvetica", "", size)
    maat = pdfmod._breedte(pdf)
    assert pdf.current_font is not None
    assert list(pdfmod._regels(tekst, breedte, maat)) == _regels_float(
        tekst, breedte, pdf.current_font.cw, size * 0.001 / pdf.k)
