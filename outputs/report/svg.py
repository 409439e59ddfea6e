"""Hand-built inline SVG for the HTML report (no plotting library needed).

Every text that goes into the SVG is escaped here; the result is marked safe for Jinja2.
Geometry shared with the PDF renderer: `bar_layout` and `circle_layout`.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from outputs.report.blocks import Netwerkplaat, Staafdiagram

KLEUR = {"persoon": "#1f5f8b", "organisatie": "#c0792a", "adres": "#5b8a3a"}
BALK = "#1f5f8b"
ONDERDRUKT = "#b9c4cc"


def axis(v: int) -> tuple[int, int]:
    """(top, step) of a value axis with at most 5 round steps covering v (>= 5)."""
    v = max(v, 5)
    mag = 10 ** int(math.log10(v))
    for base in (1, 2, 5, 10, 20):
        step = max(1, base * mag // 10)
        if -(-v // step) <= 5:
            return -(-v // step) * step, step
    return v, v  # pragma: no cover


def bar_layout(n: int, width: float) -> tuple[float, float]:
    """(slot width, bar width) for n bars in `width`."""
    slot = width / max(n, 1)
    return slot, slot * 0.7


def circle_layout(n: int, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    if n == 1:
        return [(cx, cy)]
    return [(cx + r * math.cos(2 * math.pi * i / n - math.pi / 2),
             cy + r * math.sin(2 * math.pi * i / n - math.pi / 2)) for i in range(n)]


def _t(x: float, y: float, text: str, size: int = 11, anchor: str = "middle",
       extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
            f"{escape(text)}</text>")


def staaf_svg(s: Staafdiagram) -> Markup:
    w, h, left, top, bottom = 680, 240, 44, 16, 44
    pw, ph = w - left - 10, h - top - bottom
    top_v, step = axis(max(s.waarden, default=0))
    slot, bw = bar_layout(len(s.labels), pw)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
             f'class="grafiek" aria-label="{escape(s.titel)}" font-family="sans-serif">',
             "<defs><pattern id=\"arcering\" width=\"6\" height=\"6\" "
             "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
             f'<rect width="6" height="6" fill="{ONDERDRUKT}"/>'
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>']
    for v in range(0, top_v + 1, step):
        y = top + ph - ph * v / top_v
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - 10}" y2="{y:.1f}" '
                     'stroke="#ddd" stroke-width="1"/>')
        parts.append(_t(left - 6, y + 4, f"{v:,}".replace(",", "."), 10, "end"))
    every = max(1, math.ceil(len(s.labels) / 12))
    for i, (lab, val, txt, sup) in enumerate(
            zip(s.labels, s.waarden, s.teksten, s.onderdrukt, strict=True)):
        x = left + i * slot + (slot - bw) / 2
        bh = ph * val / top_v if top_v else 0
        fill = "url(#arcering)" if sup else BALK
        parts.append(f'<rect x="{x:.1f}" y="{top + ph - bh:.1f}" width="{bw:.1f}" '
                     f'height="{bh:.1f}" fill="{fill}"><title>{escape(lab)}: {escape(txt)}'
                     "</title></rect>")
        if len(s.labels) <= 16 or sup:
            parts.append(_t(x + bw / 2, top + ph - bh - 3, txt, 9))
        if i % every == 0:
            parts.append(_t(x + bw / 2, top + ph + 14, lab, 9))
    parts.append(f'<line x1="{left}" y1="{top + ph}" x2="{w - 10}" y2="{top + ph}" '
                 'stroke="#333" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def netwerk_svg(n: Netwerkplaat) -> Markup:
    w, h = 680, 420
    pos = circle_layout(len(n.labels), w / 2, h / 2 - 10, min(w, h) / 2 - 60)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
             f'class="netwerk" aria-label="{escape(n.titel)}" font-family="sans-serif">']
    for a, b in n.verbindingen:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     'stroke="#999" stroke-width="1.2"/>')
    for (x, y), lab, soort, kern in zip(pos, n.labels, n.soorten, n.kern, strict=True):
        rand = ' stroke="#111" stroke-width="3"' if kern else ' stroke="#fff" stroke-width="1"'
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" '
                     f'fill="{KLEUR.get(soort, "#777")}"{rand}/>')
        parts.append(_t(x, y + 26, lab, 11))
    lx = 10
    for soort, kleur in KLEUR.items():
        parts.append(f'<circle cx="{lx + 6}" cy="{h - 12}" r="6" fill="{kleur}"/>')
        parts.append(_t(lx + 16, h - 8, soort, 11, "start"))
        lx += 110
    parts.append("</svg>")
    return Markup("".join(parts))
