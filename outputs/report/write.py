"""Write the ondermijningsbeelden: per municipality and version one HTML and one PDF.

Layout under `out_dir` (the data folder's `reports/`)::

    <GMcode>/ondermijningsbeeld.html              analist version (the contract's path)
    <GMcode>/ondermijningsbeeld.pdf
    <GMcode>/bestuurlijk/ondermijningsbeeld.html  bestuurlijke version (aggregates only)
    <GMcode>/bestuurlijk/ondermijningsbeeld.pdf

The bestuurlijke version sits in its own folder so it can be shared (or access-controlled)
as a whole without the analist files. Each file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from iob.atomic import write_atomic
from iob.reference import deelnemers, gemeenten
from outputs.inputs import ReportInputs
from outputs.report.blocks import VERSIES, Document, Versie
from outputs.report.document import build_document
from outputs.report.figures import compute_figures
from outputs.report.model import Deel

NAAM = "ondermijningsbeeld"


def report_dir(out_dir: Path, code: str, versie: Versie) -> Path:
    return out_dir / code if versie == "analist" else out_dir / code / "bestuurlijk"


def regio_inwoners() -> int:
    ref = gemeenten()
    return sum(ref[c].inwoners for c in deelnemers())


def documents(inputs: ReportInputs, code: str,
              bekend: Mapping[str, Deel] | None = None) -> dict[Versie, Document]:
    """Both versions of one municipality's ondermijningsbeeld (pure; `bekend`: the figures'
    parts known already, see `outputs.report.figures.delen`)."""
    fig = compute_figures(inputs, code, bekend)
    return {v: build_document(fig, v, regio_inwoners()) for v in VERSIES}


def _writer(data: bytes) -> Callable[[Path], object]:
    def write(p: Path) -> None:
        p.write_bytes(data)
        p.chmod(0o644)  # mkstemp makes 0600; reports are meant to be read by others

    return write


def write_reports(inputs: ReportInputs, out_dir: Path,
                  gemeenten_: Iterable[str] | None = None) -> list[Path]:
    """Write HTML + PDF of both versions for each municipality (default: all participants).

    Returns the written paths. `out_dir` is the reports folder (e.g. a staging copy of
    `DATA/reports`).
    """
    from outputs.report.html import render_html
    from outputs.report.pdf import render_pdf

    codes = sorted(deelnemers()) if gemeenten_ is None else list(gemeenten_)
    written: list[Path] = []
    for code in codes:
        for versie, doc in documents(inputs, code).items():
            folder = report_dir(out_dir, code, versie)
            html, pdf = folder / f"{NAAM}.html", folder / f"{NAAM}.pdf"
            write_atomic(html, _writer(render_html(doc).encode("utf-8")))
            write_atomic(pdf, _writer(render_pdf(doc)))
            written += [html, pdf]
    return written
