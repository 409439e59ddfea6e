"""The end-of-ingest table: per file rows in, accepted, quarantined, top reasons."""

from __future__ import annotations

from rich.table import Table

from flows.ingest import FileResult

STATUS_NL = {"verwerkt": "verwerkt", "afgewezen": "AFGEWEZEN", "dubbel": "dubbel"}


def _reasons(r: FileResult) -> str:
    if r.message:
        return r.message
    return "; ".join(f"{reason} ({n}×)" for reason, n in r.top_reasons)


def ingest_table(results: list[FileResult]) -> Table:
    table = Table(title="Inlezen per bestand", show_lines=False)
    for name, justify in (("bestand", "left"), ("status", "left"), ("rijen in", "right"),
                          ("geaccepteerd", "right"), ("quarantaine", "right"),
                          ("belangrijkste redenen", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in results:
        table.add_row(r.file, STATUS_NL.get(r.status, r.status), f"{r.rows_in:,}",
                      f"{r.accepted:,}", f"{r.quarantined:,}", _reasons(r))
    if results:
        table.add_section()
        table.add_row("totaal", "", f"{sum(r.rows_in for r in results):,}",
                      f"{sum(r.accepted for r in results):,}",
                      f"{sum(r.quarantined for r in results):,}", "")
    return table


def ingest_markdown(results: list[FileResult]) -> str:
    """The same table as markdown, for the Prefect artifact and the run manifest."""
    lines = ["| bestand | status | rijen in | geaccepteerd | quarantaine | redenen |",
             "|---|---|---:|---:|---:|---|"]
    for r in results:
        reasons = _reasons(r).replace("|", "/")
        lines.append(f"| {r.file} | {r.status} | {r.rows_in} | {r.accepted} | "
                     f"{r.quarantined} | {reasons} |")
    return "\n".join(lines)
