"""Figures -> the Dutch text of one version of the ondermijningsbeeld.

The privacy rules of the bestuurlijke version live here and only here: no entity, record,
file, name or address; counts 1..4 shown as `<5`, also in diagrams; rates and shares of a
suppressed count not computed; no signal lists and no network pictures.
"""

from __future__ import annotations

from outputs.report.blocks import (
    Alinea,
    Blok,
    Document,
    Opsomming,
    Sectie,
    Staafdiagram,
    Tabel,
    Versie,
)
from outputs.report.fmt import DREMPEL, aandeel, aantal, datum, getal, klein, tarief
from outputs.report.model import Fenomeen, Figures, Signaal
from outputs.report.networks import netwerk_secties

REGISTER_NAAM = {"dor": "DOR (opkopers)", "nachtregister": "Nachtregister", "bibob": "Bibob",
                 "damocles": "Damocles (13b)"}
TABEL_NAAM = {"dor": "DOR-registraties", "nachtregister": "Nachtregister-registraties",
              "damocles": "Damocles-besluiten", "bibob_dossiers": "Bibob-dossiers",
              "bibob_betrokkenen": "Bibob-betrokkenen"}
MAX_BEWIJS = 6
MAX_SIGNALEN = 25  # per phenomenon in the analyst version; the full list is signals.csv


def _periode(fig: Figures) -> str:
    if fig.periode is None:
        return "Er zijn voor deze gemeente nog geen registergegevens."
    van, tot = fig.periode
    return (f"De gegevens lopen van {datum(van)} tot en met {datum(tot)}; peildatum "
            f"{datum(fig.as_of)}.")


def inleiding(fig: Figures, versie: Versie) -> Sectie:
    doel = (f"Dit ondermijningsbeeld geeft de aard en omvang weer van signalen van ondermijning "
            f"in {fig.gemeente}, op basis van vier registers: het Digitaal Opkopersregister, "
            "het nachtregister, het Bibob-register en Damocles (art. 13b Opiumwet). Het is een "
            "hulpmiddel voor het lokale RIEC-overleg; een signaal is een aanleiding voor "
            "menselijke beoordeling, nooit een conclusie over een persoon.")
    versietekst = (
        "Dit is de analistenversie: entiteiten zijn gepseudonimiseerd en signalen verwijzen naar "
        "de onderliggende registerregels (register:registratienummer). Vertrouwelijk."
        if versie == "analist" else
        "Dit is de bestuurlijke versie: alleen totalen, zonder personen, adressen, bedrijven of "
        f"registratienummers. Aantallen onder de {DREMPEL} staan er als <{DREMPEL}.")
    blokken: list[Blok] = [Alinea(doel), Alinea(versietekst), Alinea(_periode(fig))]
    if fig.ontbreekt:
        blokken.append(Alinea("Let op: niet alle gegevens waren beschikbaar."))
        blokken.append(Opsomming(fig.ontbreekt))
    rijen = tuple(
        (REGISTER_NAAM[lv.register], getal(lv.bestanden), getal(lv.verwerkt),
         getal(lv.afgewezen), aantal(lv.rijen_in, versie), aantal(lv.rijen_quarantaine, versie),
         aandeel(lv.rijen_quarantaine, lv.rijen_in, versie))
        for lv in fig.leveringen)
    blokken.append(Tabel(
        ("Register", "Bestanden", "Verwerkt", "Afgewezen", "Rijen", "In quarantaine",
         "Aandeel quarantaine"), rijen,
        f"Leveringen met gemeentecode {fig.gemeentecode} in de bestandsnaam. Rijen in "
        "quarantaine voldeden niet aan het registercontract en tellen in dit beeld niet mee.",
        (3, 2, 2, 2, 2, 2, 2)))
    if versie == "analist" and fig.bestandsnamen:
        blokken.append(Tabel(
            ("Bestand", "Register", "Status", "Rijen", "Quarantaine"),
            tuple((f, r, s, getal(i), getal(q)) for f, r, s, i, q in fig.bestandsnamen),
            "Alle leveringen van deze gemeente.", (6, 2, 2, 1, 2)))
    return Sectie("1. Inleiding en bronnen", tuple(blokken))


def context(fig: Figures, versie: Versie) -> Sectie:
    tekst = (f"{fig.gemeente} ({fig.gemeentecode}) telt {getal(fig.inwoners)} inwoners "
             f"(peiljaar {fig.peiljaar}). Alle cijfers per 10.000 inwoners in dit beeld gaan "
             f"uit van dit inwonertal ({fig.peiljaar}).")
    rijen = tuple((TABEL_NAAM[t], aantal(n, versie), aantal(r, versie))
                  for t, n, r in fig.volumes)
    return Sectie("2. Context", (
        Alinea(tekst),
        Tabel(("Registergegevens", fig.gemeente, "Heuvelland (alle gemeenten)"), rijen,
              "Aantal geaccepteerde regels in het register (laatste versie van elk record).",
              (4, 2, 3)),
    ))


def _staaf(titel: str, tellingen: tuple[tuple[str, int], ...], versie: Versie) -> Staafdiagram:
    waarden = tuple(DREMPEL if klein(n, versie) else n for _, n in tellingen)
    return Staafdiagram(titel, tuple(k for k, _ in tellingen), waarden,
                        tuple(aantal(n, versie) for _, n in tellingen),
                        tuple(klein(n, versie) for _, n in tellingen))


def _signaallijst(signalen: tuple[Signaal, ...]) -> Tabel:
    def bewijs(s: Signaal) -> str:
        ev = list(s.evidence[:MAX_BEWIJS])
        meer = len(s.evidence) - len(ev)
        return ", ".join(ev) + (f" en {meer} meer" if meer > 0 else "")

    rijen = tuple(
        (f"{s.titel}\n({s.rule})", s.signal_id, f"{s.score:.2f}".replace(".", ","), s.status,
         f"{datum(s.eerste_datum)} – {datum(s.laatste_datum)}", s.toelichting, bewijs(s))
        for s in signalen)
    return Tabel(("Signaal", "Signaal-id", "Score", "Status", "Periode", "Toelichting",
                  "Bewijs (register:id)"), rijen,
                 "Te beoordelen op de reviewpagina (/signalen/<signaal-id>). De score ordent, "
                 "hij oordeelt niet.", (4, 3, 2, 2, 3, 5, 4))


def fenomeen(nr: int, f: Fenomeen, fig: Figures, versie: Versie,
             regio_inwoners: int) -> Sectie:
    b: list[Blok] = [Alinea(f"Bron: {f.bron}")]
    b.append(Tabel(
        ("", "Aantal", "Per 10.000 inwoners"),
        ((fig.gemeente, aantal(f.totaal, versie), tarief(f.totaal, fig.inwoners, versie)),
         ("Heuvelland", aantal(f.regio_totaal, versie),
          tarief(f.regio_totaal, regio_inwoners, versie))),
        f"Totaal aantal {f.eenheid} over de hele periode; per 10.000 inwoners naar het "
        f"inwonertal van {fig.peiljaar}. – = niet berekend (minder dan {DREMPEL}).", (4, 2, 3)))
    if f.per_jaar:
        b.append(Tabel(("Jaar", f"Aantal {f.eenheid}", "Per 10.000 inwoners"),
                       tuple((str(j), aantal(n, versie), tarief(n, fig.inwoners, versie))
                             for j, n in f.per_jaar),
                       f"Per kalenderjaar; inwonertal peiljaar {fig.peiljaar}.", (2, 2, 3)))
    if f.kwartalen:
        b.append(_staaf(f"{f.titel}: {f.eenheid} per kwartaal (het eerste en laatste kwartaal "
                        "kunnen onvolledig zijn)", f.kwartalen, versie))
    if f.kenmerken:
        b.append(Tabel(("Kenmerk", "Aantal"),
                       tuple((k, aantal(n, versie)) for k, n in f.kenmerken), "", (5, 2)))
    for u in f.uitsplitsingen:
        if u.rijen:
            b.append(Tabel((u.titel.replace("Naar ", "").capitalize(), "Aantal"),
                           tuple((k, aantal(n, versie)) for k, n in u.rijen), u.titel, (5, 2)))
    if f.hotspots:
        b.append(Tabel(("Postcodegebied (PC4)", "Aantal"),
                       tuple((p, aantal(n, versie)) for p, n in f.hotspots),
                       f"Brandpunten: {f.hotspot_uitleg}.", (4, 2)))
    elif f.key != "bibob":
        b.append(Alinea(f"Geen brandpunten: geen {f.hotspot_uitleg}."))
    else:
        b.append(Alinea(f"Brandpunten: {f.hotspot_uitleg}."))
    if f.signalen_per_regel:
        b.append(Tabel(("Signaalregel", "Code", "Signalen"),
                       tuple((t, r, aantal(n, versie)) for r, t, n in f.signalen_per_regel),
                       "Open signalen (nieuw en bestaand) die deze gemeente betreffen.",
                       (5, 4, 2)))
    else:
        b.append(Alinea("Geen open signalen voor dit fenomeen."))
    if versie == "analist":
        if f.signalen:
            b.append(_signaallijst(f.signalen[:MAX_SIGNALEN]))
        if len(f.signalen) > MAX_SIGNALEN:
            b.append(Alinea(
                f"De {MAX_SIGNALEN} signalen met de hoogste score staan hierboven; de overige "
                f"{getal(len(f.signalen) - MAX_SIGNALEN)} staan in "
                f"signals/{fig.gemeentecode}/signals.csv en op de reviewpagina."))
        if f.afgeschermd:
            b.append(Alinea(f"{getal(f.afgeschermd)} signaal/signalen rusten (mede) op "
                            "Bibob-gegevens; die staan alleen in het Bibob-compartiment."))
    return Sectie(f"{nr}. {f.titel}", tuple(b))


def bovenlokaal(nr: int, fig: Figures, versie: Versie) -> Sectie:
    b: list[Blok] = [Alinea(
        f"Signalen die {fig.gemeente} én minstens één andere gemeente betreffen: "
        f"{aantal(fig.bovenlokaal_totaal, versie)}.")]
    if fig.netwerk_per_regel:
        b.append(Tabel(("Netwerksignaal", "Code", "Signalen"),
                       tuple((t, r, aantal(n, versie)) for r, t, n in fig.netwerk_per_regel),
                       "Signalen over samenhang tussen registers en gemeenten.", (5, 4, 2)))
    if versie == "analist":
        b.extend(netwerk_secties(fig.netwerken))
        if fig.bibob_afgeschermd:
            b.append(Alinea(f"{getal(fig.bibob_afgeschermd)} signaal/signalen van deze gemeente "
                            "rusten (mede) op Bibob-gegevens en zijn hier niet getekend."))
    else:
        b.append(Alinea("Netwerkplaten met (gepseudonimiseerde) personen en organisaties staan "
                        "alleen in de analistenversie."))
    return Sectie(f"{nr}. Bovenlokale netwerken", tuple(b))


def verantwoording(nr: int, fig: Figures, versie: Versie) -> Sectie:
    b: list[Blok] = [Alinea(
        "Telregels: heling telt elke DOR-registratie als één goed (datum verkrijging); drugs "
        "telt Damocles-besluiten met een status die meetelt (opgelegd, uitgevoerd, opgeheven, in "
        "bezwaar; datum constatering); recreatie en verblijf telt registraties in het "
        "nachtregister (datum aankomst); misbruik van legale structuren telt Bibob-dossiers "
        "(aanvraagdatum). Een brandpunt is een postcodegebied (PC4) met minstens 2 gevallen.")]
    if fig.regels:
        b.append(Tabel(("Code", "Signaal", "Wanneer (standaarddrempels)"),
                       fig.regels, "De signaalregels; drempels zijn per gemeente instelbaar.",
                       (4, 4, 8)))
    b.append(Tabel(
        ("Register", "In quarantaine", "Geaccepteerd", "Aandeel quarantaine"),
        tuple((REGISTER_NAAM[r], aantal(q, versie), aantal(a, versie),
               aandeel(q, q + a, versie)) for r, q, a in fig.quarantaine_regio),
        "Datakwaliteit over alle Heuvelland-gemeenten samen.", (3, 2, 2, 2)))
    privacy = (
        "Privacy: ID-nummers zijn vervangen door een sleutel-gehashte waarde; BSN's worden "
        "niet opgeslagen. Bibob-gegevens zijn geheim (art. 28 Wet Bibob): signalen die erop "
        "rusten worden alleen geteld, niet getoond. Elke gemeente is verwerkingsverantwoordelijke "
        "voor haar eigen gegevens; details over andere gemeenten alleen bij bovenlokale signalen.")
    b.append(Alinea(privacy))
    b.append(Alinea(
        "Deze versie bevat geen namen, adressen, bedrijven, ID-nummers of registratienummers. "
        f"Aantallen van 1 tot en met {DREMPEL - 1} staan als <{DREMPEL}, ook in de diagrammen; "
        "daarvan worden geen cijfers per 10.000 inwoners of percentages berekend."
        if versie == "bestuurlijk" else
        "Deze versie is bestemd voor analisten met een taak in deze gemeente. Entiteiten hebben "
        "een pseudoniem (Persoon 1, Organisatie 2); de koppeling naar de persoon loopt via de "
        "reviewpagina, die elke inzage logt."))
    return Sectie(f"{nr}. Verantwoording", tuple(b))


def build_document(fig: Figures, versie: Versie, regio_inwoners: int) -> Document:
    """The whole ondermijningsbeeld of one municipality in one version."""
    secties = [inleiding(fig, versie), context(fig, versie)]
    for i, f in enumerate(fig.fenomenen, start=3):
        secties.append(fenomeen(i, f, fig, versie, regio_inwoners))
    nr = 3 + len(fig.fenomenen)
    secties.append(bovenlokaal(nr, fig, versie))
    secties.append(verantwoording(nr + 1, fig, versie))
    label = "analistenversie (vertrouwelijk)" if versie == "analist" else "bestuurlijke versie"
    return Document(
        titel=f"Ondermijningsbeeld {fig.gemeente}",
        ondertitel="Integraal ondermijningsbeeld Heuvelland",
        versie=versie, gemeentecode=fig.gemeentecode,
        kenmerk=f"{label} · peildatum {datum(fig.as_of)} · {fig.gemeentecode}",
        secties=tuple(secties))
