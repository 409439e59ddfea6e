"""Signals as files: `signals.parquet`, and per municipality `signals.csv` + `signals.xlsx`.

Per outputs.md: CSV is `;`-separated UTF-8 with BOM, list columns joined with ` | `, no cell
starting with `=`, `+`, `-` or `@`. In the per-municipality files Bibob evidence reads
`bibob:afgeschermd` and the explanation of a signal resting on Bibob is withheld; the full
version for the Bibob coordinator is in `signals/<GMcode>/bibob/`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import polars as pl

from iob.atomic import write_atomic, write_parquet_atomic
from outputs.safe import neutralise_expr

AFGESCHERMD = "bibob:afgeschermd"
TOELICHTING_AFGESCHERMD = ("Toelichting afgeschermd: dit signaal steunt op Bibob-informatie "
                           "(art. 28 Wet Bibob); zie de Bibob-versie.")
COLUMNS = ["signal_id", "rule", "titel", "status", "score", "bovenlokaal", "gemeentecodes",
           "entity_ids", "evidence", "toelichting", "eerste_datum", "laatste_datum"]
LISTS = ("gemeentecodes", "entity_ids", "evidence")


def shielded(signals: pl.DataFrame) -> pl.DataFrame:
    """The version for everyone but the Bibob coordinator."""
    bibob = pl.col("bibob").fill_null(False) if "bibob" in signals.columns else pl.lit(False)
    return signals.with_columns(
        pl.col("evidence").list.eval(
            pl.when(pl.element().str.starts_with("bibob:")).then(pl.lit(AFGESCHERMD))
            .otherwise(pl.element())).list.unique(maintain_order=True),
        pl.when(bibob).then(pl.lit(TOELICHTING_AFGESCHERMD)).otherwise(pl.col("toelichting"))
        .alias("toelichting"),
    )


def flat(signals: pl.DataFrame) -> pl.DataFrame:
    """One text cell per value, lists joined with ` | `, formulas neutralised."""
    out = signals.select(COLUMNS).with_columns(
        *[pl.col(c).list.join(" | ") for c in LISTS],
        pl.col("bovenlokaal").replace_strict({True: "ja", False: "nee"}, return_dtype=pl.String),
        pl.col("score").round(3).cast(pl.String),
        pl.col("eerste_datum").cast(pl.String), pl.col("laatste_datum").cast(pl.String),
    )
    return out.with_columns(*[neutralise_expr(c) for c in out.columns])


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(b"\xef\xbb\xbf")
            frame.write_csv(fh, separator=";", quote_style="necessary")

    write_atomic(path, write)


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    import xlsxwriter

    def write(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                              "strings_to_urls": False})
        sheet = book.add_worksheet("signalen")
        bold = book.add_format({"bold": True})
        for c, name in enumerate(frame.columns):
            sheet.write_string(0, c, name, bold)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write_string(r, c, str(value)[:32000])
        sheet.freeze_panes(1, 0)
        book.close()

    write_atomic(path, write)


def writer_key() -> str:
    """The program that writes the files: this module, outputs/safe.py and the versions of
    polars and xlsxwriter (files written by the same writer from the same rows are equal)."""
    from importlib.metadata import version

    from outputs import safe

    h = hashlib.sha256(f"{pl.__version__} {version('xlsxwriter')}".encode())
    for source in (__file__, safe.__file__):
        h.update(Path(source).read_bytes())
    return h.hexdigest()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_signal_files(signals: pl.DataFrame, out_dir: Path, gemeenten: list[str],
                       previous: pl.DataFrame | None = None,
                       previous_dir: Path | None = None) -> list[Path]:
    """Write `signals.parquet` and the per-municipality CSV/XLSX (and Bibob versions).

    `previous`, `previous_dir`: signals whose files the same writer (`writer_key`) wrote into
    `previous_dir`; a municipality whose rows are the same there gets those files linked
    instead of written again."""
    written = [out_dir / "signals.parquet"]
    write_parquet_atomic(written[0], signals)
    for code in gemeenten:
        mine = signals.filter(pl.col("gemeentecodes").list.contains(code))
        folder = out_dir / code
        files = [folder / "signals.csv", folder / "signals.xlsx",
                 folder / "bibob" / "signals.csv", folder / "bibob" / "signals.xlsx"]
        if previous is not None and previous_dir is not None:
            old = [previous_dir / f.relative_to(out_dir) for f in files]
            if all(p.is_file() for p in old) and mine.equals(
                    previous.filter(pl.col("gemeentecodes").list.contains(code))):
                for source, target in zip(old, files, strict=True):
                    _link(source, target)
                written += files
                continue
        for version, frame in (("", shielded(mine)), ("bibob", mine)):
            target = folder / version if version else folder
            flat_frame = flat(frame)
            _write_csv(flat_frame, target / "signals.csv")
            _write_xlsx(flat_frame, target / "signals.xlsx")
            written += [target / "signals.csv", target / "signals.xlsx"]
    return written
