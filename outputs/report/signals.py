"""Signals of one municipality for the report, and the pseudonymised network pictures.

Signals resting on Bibob (`bibob` = True) are counted but never listed or drawn: only the
Bibob coordinator sees which signals rest on Bibob (architecture.md). Evidence ids of the
Bibob register are masked as `bibob:afgeschermd` everywhere in the report.
"""

from __future__ import annotations

from itertools import combinations

import polars as pl

from outputs.inputs import ReportInputs
from outputs.report.model import Knoop, Netwerk, Signaal

TOP_NETWERKEN = 3
MAX_KNOPEN = 24
HUB_ROLLEN = ("opkoper", "logies", "adres:opkoper", "adres:logies")
SOORT_LABEL = {"persoon": "Persoon", "organisatie": "Organisatie", "adres": "Adres"}


def signalen_voor(inputs: ReportInputs, code: str, prefix: str) -> pl.DataFrame:
    """Open signals (not `vervallen`) of a municipality whose rule starts with `prefix`."""
    s = inputs.signals_c
    return (s.filter(pl.col("gemeentecodes").list.contains(code)
                     & (pl.col("status").fill_null("nieuw") != "vervallen")
                     & pl.col("rule").str.starts_with(prefix))
            .sort(["score", "signal_id"], descending=[True, False]))


def bibob_afgeschermd(s: pl.DataFrame) -> int:
    return s.filter(pl.col("bibob").fill_null(False)).height


def telling_per_regel(s: pl.DataFrame) -> tuple[tuple[str, str, int], ...]:
    """(rule, titel, count) per rule, Bibob-based signals included in the counts."""
    if s.is_empty():
        return ()
    rows = (s.group_by("rule").agg(pl.col("titel").first(), pl.len().alias("n"))
            .sort("rule").iter_rows())
    return tuple((str(r), str(t or r), int(n)) for r, t, n in rows)


def mask_evidence(ev: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for e in ev or []:
        m = "bibob:afgeschermd" if e.startswith("bibob:") else e
        if m not in out:
            out.append(m)
    return tuple(out)


def _signaal(row: dict[str, object]) -> Signaal:
    def strs(key: str) -> tuple[str, ...]:
        v = row.get(key)
        return tuple(str(x) for x in v) if isinstance(v, list) else ()

    ev = row.get("evidence")
    return Signaal(
        signal_id=str(row["signal_id"]), rule=str(row["rule"]),
        titel=str(row.get("titel") or row["rule"]), score=float(row.get("score") or 0.0),  # type: ignore[arg-type]
        status=str(row.get("status") or ""), toelichting=str(row.get("toelichting") or ""),
        gemeentecodes=strs("gemeentecodes"), entity_ids=strs("entity_ids"),
        evidence=mask_evidence([str(x) for x in ev] if isinstance(ev, list) else None),
        eerste_datum=row.get("eerste_datum"),  # type: ignore[arg-type]
        laatste_datum=row.get("laatste_datum"),  # type: ignore[arg-type]
    )


def signalen_van(s: pl.DataFrame) -> tuple[Signaal, ...]:
    """The listable signals: those not resting on Bibob, highest score first."""
    return tuple(_signaal(r) for r in s.filter(~pl.col("bibob").fill_null(False)).iter_rows(
        named=True))


def _picture(sig: Signaal, mentions: pl.DataFrame) -> Netwerk:
    records = [e for e in sig.evidence if not e.startswith("bibob:")]
    ids = [r.split(":", 1)[-1] for r in records]
    m = (mentions.filter(pl.col("record_id").is_in(ids))  # cheap: the evidence's rows only
         .filter(pl.format("{}:{}", "register", "record_id").is_in(records)
                 & (pl.col("register") != "bibob"))
         .select(pl.format("{}:{}", "register", "record_id").alias("rec"), "register",
                 "role", "entity_type", "entity_id"))
    kern = list(dict.fromkeys(sig.entity_ids))
    soort = dict(zip(m["entity_id"].to_list(), m["entity_type"].to_list(), strict=True))
    extra = (m.filter(~pl.col("role").is_in(list(HUB_ROLLEN))
                      & ~pl.col("entity_id").is_in(kern))
             ["entity_id"].unique(maintain_order=True).to_list())
    alle = kern + [str(e) for e in extra]
    ids = alle[:MAX_KNOPEN]
    pos = {e: i for i, e in enumerate(ids)}
    teller: dict[str, int] = {}
    knopen = []
    for e in ids:
        s = soort.get(e) or _guess(e)
        teller[s] = teller.get(s, 0) + 1
        knopen.append(Knoop(f"{SOORT_LABEL.get(s, 'Entiteit')} {teller[s]}", s, e, e in kern))
    edges: dict[tuple[int, int], str] = {}
    for (_rec, register), grp in m.group_by(["rec", "register"], maintain_order=True):
        inside = sorted({pos[e] for e in grp["entity_id"].to_list() if e in pos})
        for i, j in combinations(inside, 2):
            edges.setdefault((i, j), str(register))
    return Netwerk(sig, tuple(knopen), tuple((i, j, r) for (i, j), r in sorted(edges.items())),
                   max(0, len(alle) - len(ids)))


def _guess(entity_id: str) -> str:
    for s in SOORT_LABEL:
        if entity_id.startswith(s[:3]):
            return s
    return "entiteit"


def evidence_mentions(inputs: ReportInputs) -> pl.DataFrame:
    """The mentions of every record that a signal's evidence names (in mention order): all
    that `_picture` looks at, so the pictures filter this instead of every mention."""
    ids = {e.split(":", 1)[-1]
           for ev in inputs.signals_c["evidence"].to_list() for e in ev or []
           if not e.startswith("bibob:")}
    mentions = inputs.mentions_c
    return mentions.filter(pl.col("record_id").is_in(sorted(ids))) if ids else mentions.clear()


def netwerken(inputs: ReportInputs, code: str, mentions: pl.DataFrame | None = None,
              signalen: pl.DataFrame | None = None,
              drawn: dict[Signaal, Netwerk] | None = None) -> tuple[Netwerk, ...]:
    """Pictures of the top bovenlokale signals (Bibob-based ones left out), best first.

    `mentions`: the mentions to draw from (default all; `evidence_mentions` gives the same
    pictures from far fewer rows); `signalen`: `signalen_voor(inputs, code, "")` when made
    already; `drawn`: pictures made before from the same mentions (a signal of several
    municipalities is drawn once), added to."""
    s = signalen_voor(inputs, code, "") if signalen is None else signalen
    s = s.filter(pl.col("bovenlokaal").fill_null(False))
    s = s.sort([pl.col("rule") != "netwerk.bovenlokaal_cluster", pl.col("score"),
                pl.col("signal_id")], descending=[False, True, False])
    top = signalen_van(s)[:TOP_NETWERKEN]
    m = inputs.mentions_c if mentions is None else mentions
    if drawn is None:
        return tuple(_picture(sig, m) for sig in top)
    for sig in top:
        if sig not in drawn:
            drawn[sig] = _picture(sig, m)
    return tuple(drawn[sig] for sig in top)


def regel_teksten() -> tuple[tuple[str, str, str], ...]:
    """(code, titel, omschrijving) of every rule in the shipped catalogue."""
    try:
        from graph.catalogue import CATALOGUE
    except ImportError:  # pragma: no cover - the graph package ships with iob
        return ()
    return tuple((r.code, r.titel, r.omschrijving) for r in CATALOGUE.values())
