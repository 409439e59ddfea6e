"""What a run shows in the Prefect UI: two tables and a markdown summary."""

from __future__ import annotations

from typing import Any

from flows.ingest import IngestResult
from flows.manifest import Manifest
from flows.summary import ingest_markdown

STAGE_NL = {"inlezen": "Inlezen en valideren", "koppelen": "Entiteiten koppelen",
            "signalen": "Netwerk en signalen", "rapporten": "Rapporten",
            "exports": "Exports",
            "publiceren": "Publiceren"}


def register_rows(result: IngestResult) -> list[dict[str, Any]]:
    """Per register: rows in, accepted, quarantined, and files by status."""
    rows = []
    for reg in sorted({f.register for f in result.files}):
        files = [f for f in result.files if f.register == reg]
        rows.append({"register": reg, "bestanden": len(files),
                     "rijen_in": sum(f.rows_in for f in files),
                     "geaccepteerd": sum(f.accepted for f in files),
                     "quarantaine": sum(f.quarantined for f in files),
                     "afgewezen": sum(f.status == "afgewezen" for f in files),
                     "dubbel": sum(f.status == "dubbel" for f in files)})
    return rows


def signal_rows(manifest: Manifest) -> list[dict[str, Any]]:
    counts = manifest.stages.get("signalen", {}).get("counts", {})
    return [{"status": s, "aantal": int(counts.get(f"signalen_{s}", 0))}
            for s in ("nieuw", "bestaand", "vervallen")]


def summary_markdown(result: IngestResult, manifest: Manifest) -> str:
    sig = {r["status"]: r["aantal"] for r in signal_rows(manifest)}
    lines = [f"# Nachtelijke run {manifest.run_id}", "",
             f"Peildatum **{manifest.as_of}**. Nieuwe bestanden: **{len(result.files)}**; "
             f"signalen: **{sig['nieuw']}** nieuw, **{sig['bestaand']}** bestaand, "
             f"**{sig['vervallen']}** vervallen.", "",
             "| stap | seconden | hergebruikt | aantallen |", "|---|---:|---|---|"]
    for name, stage in manifest.stages.items():
        counts = dict(stage.get("counts", {}))
        reused = "ja" if counts.pop("hergebruikt", 0) else ""
        text = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
        lines.append(f"| {STAGE_NL.get(name, name)} | {stage.get('seconds', 0):.1f} | "
                     f"{reused} | {text} |")
    if result.files:
        lines += ["", "## Nieuwe bestanden", "", ingest_markdown(result.files)]
    else:
        lines += ["", "Geen nieuwe leveringen in `landing/`."]
    return "\n".join(lines) + "\n"


def publish_artifacts(result: IngestResult, manifest: Manifest) -> None:
    """Create the run's artifacts (only inside a flow run)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_table_artifact(key="inlezen-per-register", table=register_rows(result)
                          or [{"register": "-", "bestanden": 0, "rijen_in": 0,
                               "geaccepteerd": 0, "quarantaine": 0, "afgewezen": 0,
                               "dubbel": 0}],
                          description=f"Run {manifest.run_id}: rijen per register")
    create_table_artifact(key="signalen-per-status", table=signal_rows(manifest),
                          description=f"Run {manifest.run_id}: signalen per status")
    create_markdown_artifact(key="samenvatting-run", markdown=summary_markdown(result, manifest),
                             description="Samenvatting van de nachtelijke run")
