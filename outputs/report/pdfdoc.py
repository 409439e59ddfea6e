"""A small PDF writer for the ondermijningsbeeld: A4 pages in mm, the core font Helvetica in
Windows-1252, text, lines, rectangles and circles, a header and footer per page, "pagina N
van {nb}". It writes exactly the bytes fpdf2 (2.8) writes for these calls (same operators,
number formats, object order, compression and file id; tests compare the two), without
importing fpdf2, whose import (fontTools, PIL, ...) cost more than rendering every report.

The methods mirror the fpdf2 ones the report uses (`FPDF.text`, `cell`, `multi_cell`, `line`,
`rect`, `circle`, `set_font`, colours, `add_page`, `output`); nothing else of fpdf2 exists.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from outputs.report.fontmaten import BASE_FONT, WIDTHS

K = 72 / 25.4  # points per mm
PAGE_PT = (595.28, 841.89)  # A4 as fpdf2 has it
ALIAS = "{nb}"  # replaced by the number of pages
_ALIAS_DUMMY = "000"  # the width fpdf2 reserves for the number of pages
Kleur = tuple[int, int, int]
ZWART: Kleur = (0, 0, 0)
_STYLE_OP = {"D": "S", "F": "f", "DF": "B", "FD": "B"}


def _getal(x: float) -> str:
    """fpdf2's `number_to_str`: at most 4 decimals, trailing zeros dropped."""
    return f"{x:.4f}".rstrip("0").rstrip(".")


@cache
def _kleur(c: Kleur, op: str) -> str:
    """A colour operator as fpdf2 writes it (black as grey level, others as RGB)."""
    if c == ZWART:
        return f"0 {op.replace('rg', 'g').replace('RG', 'G')}"
    return " ".join(_getal(v / 255) for v in c) + f" {op}"


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace(")", "\\)").replace("(", "\\(").replace("\r", "\\r")


def _pdf_string(s: str) -> str:
    try:
        s.encode("ascii")
    except UnicodeEncodeError:
        return "<" + ("\ufeff" + s).encode("utf-16-be").hex().upper() + ">"
    return f"({escape(s)})"


@dataclass(frozen=True)
class Font:
    i: int  # /F<i>, numbered in order of first use
    fontkey: str  # helvetica, helveticaB, helveticaI
    cw: dict[str, int]  # widths per character (per 1000 em)


class PdfDoc:
    """The drawing state and pages of one document (the subset of `fpdf.FPDF` the report
    uses, with the same semantics: positions in mm from the top left)."""

    def __init__(self) -> None:
        self.k = K
        self.w, self.h = PAGE_PT[0] / K, PAGE_PT[1] / K
        self.c_margin = 28.35 / K / 10
        self.l_margin = self.t_margin = self.r_margin = 28.35 / K
        self.b_margin = 2 * 28.35 / K
        self.auto_page_break = True
        self.page_break_trigger = self.h - self.b_margin
        self.x, self.y = self.l_margin, self.t_margin
        self.page = 0
        self.pages: list[bytearray] = []
        self.page_fonts: list[set[int]] = []
        self.fonts: dict[str, Font] = {}
        self.current_font: Font | None = None
        self.font_family = ""
        self.font_style = ""
        self.font_size_pt = 12.0
        self.font_set_on_page = False
        self.line_width = 0.567 / K
        self.draw_color: Kleur = ZWART
        self.fill_color: Kleur = ZWART
        self.text_color: Kleur = ZWART
        self.title = ""
        self.author = ""
        self.lang = ""
        self.creation_date = datetime.now(UTC)
        self.in_footer = False
        self._nb: list[tuple[int, str, str]] = []  # (page, placeholder, text)

    # -- settings ---------------------------------------------------------------------------
    def set_margins(self, left: float, top: float, right: float = -1) -> None:
        self.l_margin, self.t_margin = left, top
        self.r_margin = left if right == -1 else right

    def set_auto_page_break(self, auto: bool, margin: float = 0) -> None:
        self.auto_page_break = auto
        self.b_margin = margin
        self.page_break_trigger = self.h - margin

    def set_title(self, title: str) -> None:
        self.title = title

    def set_author(self, author: str) -> None:
        self.author = author

    def set_lang(self, lang: str) -> None:
        self.lang = lang

    @property
    def epw(self) -> float:
        return self.w - self.l_margin - self.r_margin

    @property
    def font_size(self) -> float:
        return self.font_size_pt / self.k

    # -- position ---------------------------------------------------------------------------
    def get_x(self) -> float:
        return self.x

    def get_y(self) -> float:
        return self.y

    def set_x(self, x: float) -> None:
        self.x = x if x >= 0 else self.w + x

    def set_y(self, y: float) -> None:
        self.x = self.l_margin
        self.y = y if y >= 0 else self.h + y

    def set_xy(self, x: float, y: float) -> None:
        self.set_y(y)
        self.set_x(x)

    def ln(self, h: float) -> None:
        self.x = self.l_margin
        self.y += h

    def page_no(self) -> int:
        return self.page

    # -- state ------------------------------------------------------------------------------
    def _out(self, s: str) -> None:
        page = self.pages[self.page - 1]
        page += s.encode("latin-1")
        page.append(0x0A)

    def set_font(self, family: str, style: str = "", size: float = 0) -> None:
        family = family.lower() or self.font_family
        style = "".join(sorted(style.upper()))
        if not size:
            size = self.font_size_pt
        key = family + style
        if (self.font_family == family and self.font_style == style
                and abs(self.font_size_pt - size) < 1e-9
                and (self.current_font is None or self.current_font.fontkey == key)):
            return
        if key not in self.fonts:
            self.fonts[key] = Font(len(self.fonts) + 1, key, WIDTHS[key])
        self.font_family, self.font_style, self.font_size_pt = family, style, size
        self.current_font = self.fonts[key]
        self.font_set_on_page = False

    def _font_for_page(self) -> str:
        assert self.current_font is not None
        self.page_fonts[self.page - 1].add(self.current_font.i)
        self.font_set_on_page = True
        return f"BT /F{self.current_font.i} {self.font_size_pt:.2f} Tf ET"

    def set_draw_color(self, r: int, g: int, b: int) -> None:
        if (r, g, b) != self.draw_color:
            self.draw_color = (r, g, b)
            if self.page > 0:
                self._out(_kleur(self.draw_color, "RG"))

    def set_fill_color(self, r: int, g: int, b: int) -> None:
        if (r, g, b) != self.fill_color:
            self.fill_color = (r, g, b)
            if self.page > 0:
                self._out(_kleur(self.fill_color, "rg"))

    def set_text_color(self, r: int, g: int, b: int) -> None:
        self.text_color = (r, g, b)

    def set_line_width(self, width: float) -> None:
        if width != self.line_width:
            self.line_width = width
            if self.page > 0:
                self._out(f"{width * self.k:.2f} w")

    # -- text -------------------------------------------------------------------------------
    def normalize_text(self, text: str) -> str:
        """The Windows-1252 bytes as Latin-1 characters (what the content stream holds)."""
        if text.isascii():
            return text
        return text.encode("windows-1252").decode("latin-1")

    def _breedte(self, s: str) -> float:
        """Width in mm of normalized text in the current font (fpdf2's arithmetic)."""
        assert self.current_font is not None
        cw = self.current_font.cw
        return sum(cw[c] for c in s) * self.font_size_pt * 0.001 / self.k

    def get_string_width(self, s: str) -> float:
        return self._breedte(self.normalize_text(s))

    def text(self, x: float, y: float, text: str = "") -> None:
        text = self.normalize_text(text)
        if not self.font_set_on_page:
            self._out(self._font_for_page())
        s = f"BT {x * self.k:.2f} {(self.h - y) * self.k:.2f} Td ({escape(text)}) Tj ET"
        if self.fill_color != self.text_color:
            s = f"q {_kleur(self.text_color, 'rg')} {s} Q"
        self._out(s)

    def cell(self, w: float, h: float, text: str = "", align: str = "L",
             new_x: str = "RIGHT", new_y: str = "TOP") -> None:
        """One line of text in a box of width `w` (0: to the right margin), no border."""
        self._line(w, h, self.normalize_text(text).split(ALIAS), align, 0.0, new_x, new_y)

    def _line(self, w: float, h: float, parts: list[str], align: str, word_spacing: float,
              new_x: str, new_y: str, text_width: float = 0.0) -> None:
        """fpdf2's `_render_styled_text_line` for core-font fragments: `parts` joined by
        the page-count alias."""
        assert self.current_font is not None
        if w == 0:
            w = self.w - self.r_margin - self.x
        frags = [(p, False) for p in parts[:1] if p]
        for p in parts[1:]:
            frags.append((_ALIAS_DUMMY, True))
            if p:
                frags.append((p, False))
        if not text_width:
            for f, _ in frags:
                text_width += self._breedte(f)
        max_font_size = self.font_size_pt / self.k if frags else 0.0
        self._page_break_if_needed(h)
        sl: list[str] = []
        k = self.k
        if frags:
            if align == "R":
                dx = w - self.c_margin - text_width
            elif align == "C":
                dx = (w - text_width) / 2
            else:
                dx = self.c_margin
            sl.append(f"BT {(self.x + dx) * k:.2f} "
                      f"{(self.h - self.y - 0.5 * h - 0.3 * max_font_size) * k:.2f} Td")
            changed = self.text_color != self.fill_color
            if changed:
                sl.append(_kleur(self.text_color, "rg"))
            if not self.font_set_on_page:
                self._out(self._font_for_page())
            current_ws = 0.0
            for f, alias in frags:
                if alias:
                    placeholder = f"::placeholder:{len(self._nb)}:{self.page}::"
                    self._nb.append((self.page, placeholder, ""))
                    sl.append(placeholder)
                    continue
                r = ""
                if word_spacing != current_ws:
                    r = f"{word_spacing * k:.3f} Tw "
                sl.append(f"{r}({escape(f)}) Tj")
                current_ws = word_spacing
            sl.append("ET")
            if changed or current_ws != 0.0:
                self._out(f"q {' '.join(sl)} Q")
            else:
                self._out(" ".join(sl))
        if new_x == "RIGHT":
            self.x += w
        elif new_x == "LMARGIN":
            self.x = self.l_margin
        if new_y == "NEXT":
            self.y += h

    def multi_cell(self, w: float, h: float, text: str, new_x: str = "RIGHT",
                   new_y: str = "NEXT") -> None:
        """Justified text wrapped at spaces (the last line left-aligned), `h` per line."""
        if w == 0:
            w = self.w - self.r_margin - self.x
        text = self.normalize_text(text).replace("\r", "")
        lines = self._wrap(text, w - 2 * self.c_margin)
        for n, (words, last) in enumerate(lines):
            line = " ".join(words)
            width = self._breedte(line)
            spaces = len(words) - 1
            ws = 0.0 if last or not spaces else (w - 2 * self.c_margin - width) / spaces
            is_last = n == len(lines) - 1
            self._line(w, h, [line], "L" if last else "J", ws,
                       new_x if is_last else "LEFT", new_y if is_last else "NEXT", width)
        if new_x == "LMARGIN":
            self.x = self.l_margin

    def _wrap(self, text: str, breedte: float) -> list[tuple[list[str], bool]]:
        """Lines of words that fit `breedte` (mm); True marks a paragraph's last line."""
        out: list[tuple[list[str], bool]] = []
        for alinea in text.split("\n"):
            words: list[str] = []
            for word in alinea.split(" "):
                if words and self._breedte(" ".join([*words, word])) > breedte:
                    out.append((words, False))
                    words = []
                words.append(word)
            out.append((words, True))
        return out

    # -- drawing ----------------------------------------------------------------------------
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        k, h = self.k, self.h
        self._out(f"{x1 * k:.2f} {(h - y1) * k:.2f} m {x2 * k:.2f} {(h - y2) * k:.2f} l S")

    def rect(self, x: float, y: float, w: float, h: float, style: str = "D") -> None:
        k = self.k
        self._out(f"{x * k:.2f} {(self.h - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re "
                  f"{_STYLE_OP[style]}")

    def circle(self, x: float, y: float, radius: float, style: str = "D") -> None:
        self._ellipse(x - radius, y - radius, 2 * radius, 2 * radius, _STYLE_OP[style])

    def _ellipse(self, x: float, y: float, w: float, h: float, op: str) -> None:
        k, ph = self.k, self.h
        cx, cy, rx, ry = x + w / 2, y + h / 2, w / 2, h / 2
        lx = 4 / 3 * (math.sqrt(2) - 1) * rx
        ly = 4 / 3 * (math.sqrt(2) - 1) * ry
        self._out(f"{(cx + rx) * k:.2f} {(ph - cy) * k:.2f} m "
                  f"{(cx + rx) * k:.2f} {(ph - cy + ly) * k:.2f} "
                  f"{(cx + lx) * k:.2f} {(ph - cy + ry) * k:.2f} "
                  f"{cx * k:.2f} {(ph - cy + ry) * k:.2f} c")
        self._out(f"{(cx - lx) * k:.2f} {(ph - cy + ry) * k:.2f} "
                  f"{(cx - rx) * k:.2f} {(ph - cy + ly) * k:.2f} "
                  f"{(cx - rx) * k:.2f} {(ph - cy) * k:.2f} c")
        self._out(f"{(cx - rx) * k:.2f} {(ph - cy - ly) * k:.2f} "
                  f"{(cx - lx) * k:.2f} {(ph - cy - ry) * k:.2f} "
                  f"{cx * k:.2f} {(ph - cy - ry) * k:.2f} c")
        self._out(f"{(cx + lx) * k:.2f} {(ph - cy - ry) * k:.2f} "
                  f"{(cx + rx) * k:.2f} {(ph - cy - ly) * k:.2f} "
                  f"{(cx + rx) * k:.2f} {(ph - cy) * k:.2f} c {op}")

    # -- pages ------------------------------------------------------------------------------
    def header(self) -> None:
        """Drawn at the top of every page (override)."""

    def footer(self) -> None:
        """Drawn at the bottom of every page (override)."""

    def _render_footer(self) -> None:
        self.in_footer = True
        self.footer()
        self.in_footer = False

    def _page_break_if_needed(self, h: float) -> None:
        if self.y + h > self.page_break_trigger and not self.in_footer and self.auto_page_break:
            x = self.x
            self.add_page()
            self.x = x

    def add_page(self) -> None:
        self.font_set_on_page = False
        family, style, size = self.font_family, self.font_style, self.font_size_pt
        lw, dc, fc, tc = self.line_width, self.draw_color, self.fill_color, self.text_color
        if self.page > 0:
            self._render_footer()
        self.page += 1
        self.pages.append(bytearray())
        self.page_fonts.append(set())
        self.x, self.y = self.l_margin, self.t_margin
        self.font_family = ""
        self._out("2 J")
        self.line_width = lw
        self._out(f"{lw * self.k:.2f} w")
        if family:
            self.set_font(family, style, size)
        self.draw_color = dc
        if dc != ZWART:
            self._out(_kleur(dc, "RG"))
        self.fill_color = fc
        if fc != ZWART:
            self._out(_kleur(fc, "rg"))
        self.text_color = tc
        self.header()
        if self.line_width != lw:
            self.line_width = lw
            self._out(f"{lw * self.k:.2f} w")
        if family:
            self.set_font(family, style, size)
        if self.draw_color != dc:
            self.draw_color = dc
            self._out(_kleur(dc, "RG"))
        if self.fill_color != fc:
            self.fill_color = fc
            self._out(_kleur(fc, "rg"))
        self.text_color = tc

    # -- output -----------------------------------------------------------------------------
    def output(self) -> bytes:
        if self.page == 0:
            self.add_page()
        self._render_footer()
        nb = str(self.page)
        for page, placeholder, _ in self._nb:
            self.pages[page - 1] = self.pages[page - 1].replace(
                placeholder.encode("latin-1"), f"({nb}) Tj".encode("latin-1"))
        objs: list[bytes] = []  # objects 1..n, serialized without the "n 0 obj" line

        def add(body: str | bytes) -> int:
            objs.append(body.encode("latin-1") if isinstance(body, str) else body)
            return len(objs)

        n_pages = self.page
        page_ids = [3 + 2 * i for i in range(n_pages)]
        first_font = 3 + 2 * n_pages
        font_ids = {f.i: first_font + n for n, f in enumerate(
            sorted(self.fonts.values(), key=lambda f: f.i))}
        first_res = first_font + len(self.fonts)
        kids = "\n".join(f"{p} 0 R" for p in page_ids)
        add(f"<<\n/Count {n_pages}\n/Kids [{kids}]\n/MediaBox [0 0 {PAGE_PT[0]:.2f} "
            f"{PAGE_PT[1]:.2f}]\n/Type /Pages\n>>")
        catalog = ["<<"]
        if self.lang:
            catalog.append(f"/Lang {_pdf_string(self.lang)}")
        catalog += [f"/OpenAction [{page_ids[0]} 0 R /FitH null]", "/PageLayout /OneColumn",
                    "/Pages 1 0 R", "/Type /Catalog", ">>"]
        add("\n".join(catalog))
        for n, content in enumerate(self.pages):
            add(f"<<\n/Contents {page_ids[n] + 1} 0 R\n/Group <</Type /Group /S /Transparency "
                f"/CS /DeviceRGB>>\n/Parent 1 0 R\n/Resources {first_res + n} 0 R\n"
                "/Type /Page\n>>")
            data = zlib.compress(bytes(content), -1)
            add(f"<<\n/Filter /FlateDecode\n/Length {len(data)}\n>>\nstream\n".encode("latin-1")
                + data + b"\nendstream")
        for f in sorted(self.fonts.values(), key=lambda f: f.i):
            add(f"<<\n/BaseFont /{BASE_FONT[f.fontkey]}\n/Encoding /WinAnsiEncoding\n"
                "/Subtype /Type1\n/Type /Font\n>>")
        for used in self.page_fonts:
            fonts = "\n".join(f"/F{i} {font_ids[i]} 0 R" for i in sorted(used))
            add(f"<<\n/Font <<{fonts}>>\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n>>"
                if used else "<<\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n>>")
        info = ["<<"]
        if self.author:
            info.append(f"/Author {_pdf_string(self.author)}")
        info.append(f"/CreationDate (D:{self.creation_date:%Y%m%d%H%M%SZ})")
        if self.title:
            info.append(f"/Title {_pdf_string(self.title)}")
        info.append(">>")
        info_id = add("\n".join(info))
        buf = bytearray("%PDF-1.4\n%éëñ¿\n".encode("latin-1"))
        offsets = []
        for n, body in enumerate(objs, start=1):
            offsets.append(len(buf))
            buf += f"{n} 0 obj\n".encode("latin-1") + body + b"\nendobj\n"
        md5 = hashlib.md5(buf, usedforsecurity=False)
        md5.update(self.creation_date.strftime("%Y%m%d%H%M%S").encode("utf8"))
        file_id = md5.hexdigest().upper()
        startxref = len(buf)
        xref = ["xref", f"0 {len(objs) + 1}", "0000000000 65535 f "]
        xref += [f"{o:010} 00000 n " for o in offsets]
        xref += ["trailer", "<<", f"/Size {len(objs) + 1}", "/Root 2 0 R",
                 f"/Info {info_id} 0 R", f"/ID [<{file_id}><{file_id}>]", ">>", "startxref",
                 str(startxref), "%%EOF"]
        buf += ("\n".join(xref) + "\n").encode("latin-1")
        return bytes(buf)
