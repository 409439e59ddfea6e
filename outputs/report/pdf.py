"""Render a `Document` to PDF (pure Python: no system libraries needed).

The PDF uses the PDF core font Helvetica in Windows-1252, which covers Dutch (ë, é, ï, €,
– and curly quotes); the few characters outside it (≥, ≤, →) are written out.
Diagrams are drawn natively with the same geometry as the inline SVG of the HTML version.
The pages are written by `outputs.report.pdfdoc.PdfDoc`, which writes what fpdf2 writes for
the same calls without importing fpdf2 (tests draw each report with both and compare).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from outputs.report.blocks import (
    Alinea,
    Document,
    Netwerkplaat,
    Opsomming,
    Staafdiagram,
    Tabel,
)
from outputs.report.fmt import getal
from outputs.report.html import is_getal
from outputs.report.pdfdoc import PdfDoc
from outputs.report.svg import KLEUR, axis, bar_layout, circle_layout

_VERVANG = {"≥": ">=", "≤": "<=", "→": "->", "·": "-", "\u00a0": " "}
BLAUW = (31, 95, 139)
GRIJS = (85, 96, 106)
TEKST = (29, 35, 40)


def pdf_tekst(s: str) -> str:
    """Text the core font can show: a few symbols written out, anything else as '?'."""
    if s.isascii():  # nothing to write out or replace
        return s
    for k, v in _VERVANG.items():
        s = s.replace(k, v)
    return s.encode("windows-1252", errors="replace").decode("windows-1252")


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


class _Pdf(PdfDoc):
    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.opzet(doc)

    def opzet(self, doc: Document) -> None:
        """Margins and metadata (also what a test's fpdf2 reference document sets)."""
        self.doc = doc
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(pdf_tekst(doc.titel))
        self.set_author("iob")
        self.set_lang("nl")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("helvetica", "", 7.5)
        self.set_text_color(*GRIJS)
        self.cell(0, 5, pdf_tekst(f"{self.doc.titel} - {self.doc.kenmerk}"), align="L")
        self.ln(7)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", "", 7.5)
        self.set_text_color(*GRIJS)
        self.cell(0, 5, f"pagina {self.page_no()} van {{nb}}", align="C")

    def ruimte(self, mm: float) -> None:
        """Start a new page unless `mm` of height is left."""
        if self.get_y() + mm > self.h - self.b_margin:
            self.add_page()


def _tekstblok(pdf: _Pdf, tekst: str, h: float, kleur: tuple[int, int, int]) -> None:
    """Wrapped text from the current x to the right margin, `h` mm per line, then on at the
    left margin below it: what `multi_cell(0, h, tekst)` draws, without fpdf2's
    per-character line breaking."""
    assert pdf.current_font is not None
    x = pdf.get_x()
    width = _breedte(pdf)
    regels = _regels(pdf_tekst(tekst), pdf.w - pdf.r_margin - x - 2 * pdf.c_margin, width)
    pdf.set_text_color(*kleur)
    y = pdf.get_y()
    for regel in regels:
        if y + h > pdf.page_break_trigger:
            pdf.add_page()
            pdf.set_text_color(*kleur)
            y = pdf.get_y()
        if regel:
            pdf.text(x + pdf.c_margin, y + 0.5 * h + 0.3 * pdf.font_size, regel)
        y += h
    pdf.set_xy(pdf.l_margin, y)


def _kop(pdf: _Pdf, titel: str) -> None:
    pdf.ruimte(40)
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 14)
    pdf.set_text_color(*BLAUW)
    _tekstblok(pdf, titel, 7, BLAUW)
    pdf.set_draw_color(214, 221, 227)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.set_text_color(*TEKST)


def _alinea(pdf: _Pdf, tekst: str) -> None:
    pdf.set_font("helvetica", "", 9.5)
    _tekstblok(pdf, tekst, 4.8, TEKST)
    pdf.ln(1.5)


def _opsomming(pdf: _Pdf, items: tuple[str, ...]) -> None:
    pdf.set_font("helvetica", "", 9.5)
    for i in items:
        pdf.set_x(pdf.l_margin + 3)
        _tekstblok(pdf, f"• {i}", 4.8, TEKST)
    pdf.ln(1.5)


def _bijschrift(pdf: _Pdf, tekst: str) -> None:
    if not tekst:
        return
    pdf.set_font("helvetica", "I", 7.5)
    _tekstblok(pdf, tekst, 3.8, GRIJS)
    pdf.set_text_color(*TEKST)


KOP_VULLING = (234, 240, 245)
RAND = (200, 208, 215)
PADDING = 1.1


class _Maten(dict[str, int]):
    """A core font's character widths (per 1000 em); 500 for a character it lacks."""

    def __missing__(self, key: str) -> int:
        return 500


_MATEN: dict[str, _Maten] = {}


@dataclass(frozen=True)
class _Maat:
    """Text width in mm in one core font and size: the sum of the character widths (an
    integer, so a line's width can be summed word by word without rounding differences)
    times `f`."""

    font: str
    f: float

    def units(self, s: str) -> int:
        return sum(map(_MATEN[self.font].__getitem__, s))

    def __call__(self, s: str) -> float:
        return float(self.units(s)) * self.f


def _breedte(pdf: _Pdf) -> _Maat:
    """The width of text in the current font of `pdf`."""
    font = pdf.current_font
    assert font is not None
    if font.fontkey not in _MATEN:
        _MATEN[font.fontkey] = _Maten(font.cw)
    return _Maat(font.fontkey, pdf.font_size_pt * 0.001 / pdf.k)


@lru_cache(maxsize=8192)
def _regels(tekst: str, breedte: float, maat: _Maat) -> tuple[str, ...]:
    """Greedy word wrap into lines of at most `breedte` mm (a word wider than a line is
    broken between characters); an explicit newline starts a new line. Cached: tables
    repeat the same cells."""
    out: list[str] = []
    spatie = maat.units(" ")
    for alinea in tekst.split("\n"):
        regel, eenheden = "", 0
        for woord in alinea.split(" "):
            n = maat.units(woord)
            kandidaat, k_eenheden = (f"{regel} {woord}", eenheden + spatie + n) if regel else (
                woord, n)
            if float(k_eenheden) * maat.f <= breedte or not kandidaat:
                regel, eenheden = kandidaat, k_eenheden
                continue
            if regel:
                out.append(regel)
            regel, eenheden = "", 0
            for c in woord:  # only a word wider than the line is cut
                n = maat.units(c)
                if regel and float(eenheden + n) * maat.f > breedte:
                    out.append(regel)
                    regel, eenheden = "", 0
                regel += c
                eenheden += n
        out.append(regel)
    return tuple(out)


def _tabel(pdf: _Pdf, t: Tabel) -> None:
    """A table with a header row (repeated after a page break), borders and wrapped cells.

    Drawn directly (rectangles and text at computed positions) instead of with fpdf2's
    `table()`, whose per-character line breaking made the PDFs slow."""
    pdf.ruimte(min(20 + 5 * len(t.rijen), 70))
    size = 8 if len(t.kop) <= 4 else 7
    widths = t.breedtes if len(t.breedtes) == len(t.kop) else tuple(1 for _ in t.kop)
    smal = len(t.kop) <= 3 and sum(widths) <= 10
    width = (pdf.epw * 0.65) if smal else pdf.epw
    cols = [width * w / sum(widths) for w in widths]
    xs = [pdf.l_margin + sum(cols[:i]) for i in range(len(cols))]
    lh = size * 0.5
    pdf.set_draw_color(*RAND)
    pdf.set_line_width(0.2)

    def layout(cells: tuple[str, ...], style: str) -> tuple[list[tuple[str, ...]], float]:
        pdf.set_font("helvetica", style, size)
        assert pdf.current_font is not None
        w = _breedte(pdf)
        lines = [_regels(pdf_tekst(c), cols[i] - 2 * PADDING, w) for i, c in enumerate(cells)]
        return lines, max(len(x) for x in lines) * lh + 2 * PADDING

    def draw(cells: tuple[str, ...], lines: list[tuple[str, ...]], h: float, kop: bool) -> None:
        pdf.set_font("helvetica", "B" if kop else "", size)
        assert pdf.current_font is not None
        w = _breedte(pdf)
        y = pdf.get_y()
        for i, (cell, regels) in enumerate(zip(cells, lines, strict=True)):
            if kop:
                pdf.set_fill_color(*KOP_VULLING)
            pdf.rect(xs[i], y, cols[i], h, style="DF" if kop else "D")
            rechts = i > 0 and not kop and is_getal(cell)
            top = y + (h - len(regels) * lh) / 2
            pdf.set_text_color(*TEKST)
            for n, regel in enumerate(regels):
                if not regel:
                    continue
                x = (xs[i] + cols[i] - PADDING - w(regel)) if rechts else xs[i] + PADDING
                pdf.text(x, top + n * lh + lh / 2 + 0.3 * pdf.font_size, regel)
        pdf.set_y(y + h)

    kop_lines, kop_h = layout(t.kop, "B")
    body = [(r, *layout(r, "")) for r in t.rijen]
    if pdf.get_y() + kop_h + (body[0][2] if body else 0) > pdf.page_break_trigger:
        pdf.add_page()
    draw(t.kop, kop_lines, kop_h, True)
    for r, lines, h in body:
        if pdf.get_y() + h > pdf.page_break_trigger:
            pdf.add_page()
            draw(t.kop, kop_lines, kop_h, True)
        draw(r, lines, h, False)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_x(pdf.l_margin)
    pdf.ln(1)
    _bijschrift(pdf, t.bijschrift)
    pdf.ln(2.5)


def _staaf(pdf: _Pdf, s: Staafdiagram) -> None:
    h_plot, left = 45.0, 12.0
    pdf.ruimte(h_plot + 22)
    x0, y0 = pdf.l_margin + left, pdf.get_y() + 3
    pw = pdf.epw - left - 2
    top_v, step = axis(max(s.waarden, default=0))
    slot, bw = bar_layout(len(s.labels), pw)
    pdf.set_font("helvetica", "", 6.5)
    pdf.set_draw_color(221, 221, 221)
    for v in range(0, top_v + 1, step):
        y = y0 + h_plot - h_plot * v / top_v
        pdf.line(x0, y, x0 + pw, y)
        lab = getal(v)
        pdf.text(x0 - 1.5 - pdf.get_string_width(lab), y + 1, lab)
    every = max(1, -(-len(s.labels) // 12))
    for i, (lab, val, txt, sup) in enumerate(
            zip(s.labels, s.waarden, s.teksten, s.onderdrukt, strict=True)):
        x = x0 + i * slot + (slot - bw) / 2
        bh = h_plot * val / top_v if top_v else 0
        pdf.set_fill_color(*((185, 196, 204) if sup else BLAUW))
        if bh > 0:
            pdf.rect(x, y0 + h_plot - bh, bw, bh, style="F")
        if len(s.labels) <= 16 or sup:
            pdf.text(x + bw / 2 - pdf.get_string_width(txt) / 2, y0 + h_plot - bh - 1, txt)
        if i % every == 0:
            pdf.text(x + bw / 2 - pdf.get_string_width(lab) / 2, y0 + h_plot + 4, lab)
    pdf.set_draw_color(51, 51, 51)
    pdf.line(x0, y0 + h_plot, x0 + pw, y0 + h_plot)
    pdf.set_y(y0 + h_plot + 6)
    extra = " (licht: minder dan 5)" if True in s.onderdrukt else ""
    _bijschrift(pdf, s.titel + extra)
    pdf.ln(3)


def _netwerk(pdf: _Pdf, n: Netwerkplaat) -> None:
    h = 95.0
    pdf.ruimte(h + 30)
    if n.inleiding:
        _alinea(pdf, n.inleiding)
    cx, cy = pdf.l_margin + pdf.epw / 2, pdf.get_y() + h / 2 - 2
    pos = circle_layout(len(n.labels), cx, cy, h / 2 - 12)
    pdf.set_draw_color(153, 153, 153)
    pdf.set_line_width(0.3)
    for a, b in n.verbindingen:
        pdf.line(pos[a][0], pos[a][1], pos[b][0], pos[b][1])
    pdf.set_font("helvetica", "", 7)
    for (x, y), lab, soort, kern in zip(pos, n.labels, n.soorten, n.kern, strict=True):
        pdf.set_fill_color(*_hex(KLEUR.get(soort, "#777777")))
        pdf.set_draw_color(*((17, 17, 17) if kern else (255, 255, 255)))
        pdf.set_line_width(0.8 if kern else 0.2)
        pdf.circle(x=x, y=y, radius=2.6, style="DF")
        pdf.text(x - pdf.get_string_width(lab) / 2, y + 6.2, pdf_tekst(lab))
    pdf.set_line_width(0.2)
    lx, ly = pdf.l_margin, cy + h / 2 - 1
    for soort, kleur in KLEUR.items():
        pdf.set_fill_color(*_hex(kleur))
        pdf.circle(x=lx + 1.5, y=ly, radius=1.5, style="F")
        pdf.text(lx + 4.5, ly + 1, soort)
        lx += 30
    pdf.set_y(ly + 4)
    _bijschrift(pdf, f"{n.titel}. {n.bijschrift}")
    pdf.ln(3)


def render_pdf(doc: Document) -> bytes:
    pdf = _Pdf(doc)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 20)
    pdf.set_text_color(29, 35, 40)
    pdf.multi_cell(0, 9, pdf_tekst(doc.titel), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    pdf.set_text_color(*GRIJS)
    pdf.cell(0, 6, pdf_tekst(doc.ondertitel), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "B", 9)
    rood = (139, 31, 31) if doc.versie == "analist" else BLAUW
    pdf.set_text_color(*rood)
    pdf.cell(0, 6, pdf_tekst(doc.kenmerk), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLAUW)
    pdf.set_line_width(1)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(4)
    for sectie in doc.secties:
        _kop(pdf, sectie.titel)
        for b in sectie.blokken:
            if isinstance(b, Alinea):
                _alinea(pdf, b.tekst)
            elif isinstance(b, Opsomming):
                _opsomming(pdf, b.items)
            elif isinstance(b, Tabel):
                _tabel(pdf, b)
            elif isinstance(b, Staafdiagram):
                _staaf(pdf, b)
            else:
                _netwerk(pdf, b)
    return bytes(pdf.output())
