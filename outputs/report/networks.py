"""Blocks for the bovenlokale netwerken of the analyst version (pseudonymised pictures)."""

from __future__ import annotations

from iob.reference import gemeenten
from outputs.report.blocks import Alinea, Blok, Netwerkplaat, Tabel
from outputs.report.model import Netwerk

MAX_BEWIJS = 20


def _gemeenten(codes: tuple[str, ...]) -> str:
    ref = gemeenten()
    return ", ".join(ref[c].naam if c in ref else c for c in codes)


def netwerk_secties(netwerken: tuple[Netwerk, ...]) -> list[Blok]:
    if not netwerken:
        return [Alinea("Geen bovenlokale netwerken om te tonen.")]
    out: list[Blok] = []
    for i, n in enumerate(netwerken, start=1):
        s = n.signaal
        inleiding = (f"Netwerk {i}: {s.titel} ({s.rule}), signaal {s.signal_id}, score "
                     + f"{s.score:.2f}".replace(".", ",")
                     + f"; gemeenten: {_gemeenten(s.gemeentecodes)}. {s.toelichting}")
        weg = f" {n.weggelaten} verdere entiteiten zijn weggelaten." if n.weggelaten else ""
        out.append(Netwerkplaat(
            titel=f"Netwerk {i}",
            labels=tuple(k.label for k in n.knopen), soorten=tuple(k.soort for k in n.knopen),
            kern=tuple(k.kern for k in n.knopen),
            verbindingen=tuple((a, b) for a, b, _ in n.verbindingen),
            bijschrift="Dikke rand: kern van het signaal. Lijn: samen genoemd in één "
                       f"registerregel.{weg}",
            inleiding=inleiding))
        out.append(Tabel(
            ("Pseudoniem", "Soort", "Entiteit-id", "Kern"),
            tuple((k.label, k.soort, k.entity_id, "ja" if k.kern else "")
                  for k in n.knopen),
            "Het entiteit-id opent de entiteit op de reviewpagina (/entiteiten/<id>).",
            (2, 2, 6, 1)))
        ev = s.evidence[:MAX_BEWIJS]
        meer = f" en {len(s.evidence) - len(ev)} meer (zie de reviewpagina)" if len(
            s.evidence) > len(ev) else ""
        out.append(Alinea("Bewijs: " + (", ".join(ev) or "geen") + meer))
    return out
