"""Render a `Document` to one self-contained HTML file (Jinja2, autoescape on, inline SVG)."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from outputs.report.blocks import Document
from outputs.report.svg import netwerk_svg, staaf_svg

_GETAL = re.compile(r"^(<5|–|[\d.]+(,\d+)?( %)?)$")


def is_getal(value: object) -> bool:
    """A cell that holds a number (right-aligned)."""
    return isinstance(value, str) and bool(_GETAL.match(value))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("outputs.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["staaf_svg"] = staaf_svg
    env.filters["netwerk_svg"] = netwerk_svg
    env.tests["getal"] = is_getal
    return env


def render_html(doc: Document) -> str:
    return environment().get_template("ondermijningsbeeld.html.j2").render(doc=doc)
