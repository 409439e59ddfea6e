"""The figures of the ondermijningsbeeld per municipality: pure functions of `ReportInputs`.

Counting rules (the report's verantwoording repeats them):
- heling: every DOR row of the municipality is one item (goed), dated `datum_verkrijging`;
  hotspots by the dealer's PC4 (`opkoper_postcode`).
- drugs: Damocles rows whose status counts (`DAMOCLES_STATUS_TELT`), dated
  `datum_constatering`; hotspots by the premises' PC4 (`pand_postcode`).
- recreatie en verblijf: nachtregister rows, dated `aankomst`; a long stay is a row with
  `vertrek - aankomst >= LANG_VERBLIJF_NACHTEN`; hotspots by PC4 of the accommodation
  (`logies_postcode`) counting long stays.
- misbruik van legale structuren: Bibob dossiers, dated `aanvraagdatum`; no hotspots
  (Bibob is a compartment, art. 28 Wet Bibob).
Rates are per 10,000 inhabitants of the reference year (`iob.reference`).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from iob.reference import gemeenten
from outputs.inputs import ReportInputs
from outputs.report.model import (
    Deel,
    Fenomeen,
    Figures,
    Levering,
    Netwerk,
    Signaal,
    Telling,
    Uitsplitsing,
)
from outputs.report.signals import (
    bibob_afgeschermd,
    evidence_mentions,
    netwerken,
    regel_teksten,
    signalen_van,
    signalen_voor,
    telling_per_regel,
)
from transforms.schema import DAMOCLES_STATUS_TELT, REGISTERS

LANG_VERBLIJF_NACHTEN = 28
GROEP_PERSONEN = 6
HOTSPOT_MIN = 2

DATUM = {"dor": "datum_verkrijging", "damocles": "datum_constatering",
         "nachtregister": "aankomst", "bibob_dossiers": "aanvraagdatum"}


def per_10k(n: int, inwoners: int) -> float | None:
    """Count per 10,000 inhabitants (None without inhabitants)."""
    return n * 10_000 / inwoners if inwoners > 0 else None


def measures(damocles: pl.DataFrame) -> pl.DataFrame:
    """Damocles rows whose status counts as a measure."""
    return damocles.filter(pl.col("status").is_in(list(DAMOCLES_STATUS_TELT)))


def of_gemeente(frame: pl.DataFrame, code: str) -> pl.DataFrame:
    return frame.filter(pl.col("gemeentecode") == code)


GEMEENTE_TABELLEN = ("dor", "nachtregister", "damocles", "bibob_dossiers")
KOLOMMEN = {  # the columns the figures read, per table (filtering copies only these)
    "dor": ("gemeentecode", "datum_verkrijging", "stopheling_match", "betaalwijze",
            "opkoper_kvk", "opkoper_postcode", "categorie", "wijze_verkrijging"),
    "nachtregister": ("gemeentecode", "aankomst", "vertrek", "gast_land", "aantal_personen",
                      "logies_postcode", "logies_type"),
    "damocles": ("gemeentecode", "status", "datum_constatering", "maatregel", "grondslag",
                 "pand_postcode", "middel", "pand_type"),
    "bibob_dossiers": ("gemeentecode", "dossiernummer", "aanvraagdatum", "besluit",
                       "mate_van_gevaar", "lbb_advies", "beschikking_type"),
    "bibob_betrokkenen": ("dossiernummer",),
}


@dataclass(frozen=True)
class Gedeeld:
    """What every municipality's figures share, computed once per `ReportInputs`: the
    conformed tables (the `KOLOMMEN` the figures read), each table's rows per municipality
    (`of_gemeente`, kept once made), the regional date spans, and the mentions that the
    signals' evidence names."""

    tables: dict[str, pl.DataFrame]
    spans: dict[str, tuple[date, date] | None]
    mentions: pl.DataFrame
    per_gemeente: dict[tuple[str, str], pl.DataFrame] = field(default_factory=dict)
    signalen: dict[str, pl.DataFrame] = field(default_factory=dict)  # open, per municipality
    netwerken: dict[Signaal, Netwerk] = field(default_factory=dict)  # pictures drawn

    def hier(self, table: str, code: str) -> pl.DataFrame:
        """`of_gemeente(table, code)`: the rows of one municipality, in table order."""
        found = self.per_gemeente.get((table, code))
        if found is None:
            found = self.per_gemeente[table, code] = of_gemeente(self.tables[table], code)
        return found


_GEDEELD: dict[int, Gedeeld] = {}


def gedeeld(inputs: ReportInputs) -> Gedeeld:
    """The shared part of `inputs` (cached while `inputs` lives)."""
    found = _GEDEELD.get(id(inputs))
    if found is None:
        found = _GEDEELD[id(inputs)] = _gedeeld(inputs)
        weakref.finalize(inputs, _GEDEELD.pop, id(inputs), None)
    return found


def _gedeeld(inputs: ReportInputs) -> Gedeeld:
    tables = {name: inputs.table(name).select(cols) for name, cols in KOLOMMEN.items()}
    spans = {name: span_of(measures(tables[name]) if name == "damocles" else tables[name],
                           DATUM[name], inputs.as_of) for name in GEMEENTE_TABELLEN}
    return Gedeeld(tables, spans, evidence_mentions(inputs))


def open_signalen(inputs: ReportInputs, code: str, prefix: str = "") -> pl.DataFrame:
    """`signalen_voor(inputs, code, prefix)`: the municipality's open signals (sorted once
    per inputs) whose rule starts with `prefix`."""
    shared = gedeeld(inputs)
    found = shared.signalen.get(code)
    if found is None:
        found = shared.signalen[code] = signalen_voor(inputs, code, "")
    return found.filter(pl.col("rule").str.starts_with(prefix)) if prefix else found


def quarter_labels(start: date, end: date) -> list[str]:
    """Every quarter from start's to end's, as `2024-K1`."""
    out: list[str] = []
    y, q = start.year, (start.month - 1) // 3 + 1
    while (y, q) <= (end.year, (end.month - 1) // 3 + 1):
        out.append(f"{y}-K{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def quarter_counts(frame: pl.DataFrame, col: str) -> tuple[Telling, ...]:
    """Rows per quarter (`2024-K1`) that has any, in label order."""
    rows = (frame.select(pl.col(col).dt.year().alias("j"), pl.col(col).dt.quarter().alias("q"))
            .drop_nulls().group_by("j", "q").len().sort("j", "q").iter_rows())
    return tuple((f"{j}-K{q}", int(n)) for j, q, n in rows)


def per_quarter(counts: tuple[Telling, ...],
                span: tuple[date, date] | None) -> tuple[Telling, ...]:
    """The `quarter_counts` over every quarter of `span` (the region's), zeros included."""
    if span is None:
        return ()
    found = dict(counts)
    return tuple((k, found.get(k, 0)) for k in quarter_labels(*span))


def per_year(frame: pl.DataFrame, col: str) -> tuple[tuple[int, int], ...]:
    rows = (frame.filter(pl.col(col).is_not_null())
            .group_by(pl.col(col).dt.year().alias("j")).len().sort("j").iter_rows())
    return tuple((int(j), int(n)) for j, n in rows)


def span_of(frame: pl.DataFrame, col: str, as_of: date) -> tuple[date, date] | None:
    d = pl.col(col).filter(pl.col(col) <= as_of)  # a null compares to null: left out
    lo, hi = frame.select(d.min().alias("lo"), d.max().alias("hi")).row(0)
    if lo is None:
        return None
    assert isinstance(lo, date) and isinstance(hi, date)
    return lo, hi


def hotspots(frame: pl.DataFrame, postcode: str) -> tuple[Telling, ...]:
    """PC4 areas with at least HOTSPOT_MIN rows, most first."""
    rows = (frame.filter(pl.col(postcode).is_not_null())
            .group_by(pl.col(postcode).str.slice(0, 4).alias("pc4")).len()
            .filter((pl.col("len") >= HOTSPOT_MIN) & pl.col("pc4").str.contains(r"^\d{4}$"))
            .sort(["len", "pc4"], descending=[True, False]).iter_rows())
    return tuple((str(p), int(n)) for p, n in rows)


def breakdown(frame: pl.DataFrame, col: str, titel: str) -> Uitsplitsing:
    rows = (frame.with_columns(pl.col(col).cast(pl.String).fill_null("onbekend"))
            .group_by(col).len().sort(["len", col], descending=[True, False]).iter_rows())
    return Uitsplitsing(titel, tuple((str(k), int(n)) for k, n in rows))


def _nachten(frame: pl.DataFrame) -> pl.Expr:
    return (pl.col("vertrek") - pl.col("aankomst")).dt.total_days()


def _dates(frame: pl.DataFrame, col: str) -> tuple[date, date] | None:
    lo, hi = frame.select(pl.col(col).min().alias("lo"), pl.col(col).max().alias("hi")).row(0)
    if lo is None:
        return None
    assert isinstance(lo, date) and isinstance(hi, date)
    return lo, hi


def _heling(d: pl.DataFrame) -> tuple[pl.DataFrame, tuple[Telling, ...], tuple[Telling, ...],
                                      tuple[Uitsplitsing, ...]]:
    kenmerken = (
        ("Stop Heling-treffers", d.filter(pl.col("stopheling_match").fill_null(False)).height),
        ("Contant betaald", d.filter(pl.col("betaalwijze") == "contant").height),
        ("Opkopers met registraties", d["opkoper_kvk"].drop_nulls().n_unique()),
    )
    return d, hotspots(d, "opkoper_postcode"), kenmerken, (
        breakdown(d, "categorie", "Naar categorie"),
        breakdown(d, "wijze_verkrijging", "Naar wijze van verkrijging"))


def _drugs(alle: pl.DataFrame) -> tuple[pl.DataFrame, tuple[Telling, ...], tuple[Telling, ...],
                                        tuple[Uitsplitsing, ...]]:
    d = measures(alle)
    kenmerken = (
        ("Sluitingen", d.filter(pl.col("maatregel") == "sluiting").height),
        ("Grondslag 13b sub b (voorbereidingshandelingen)",
         d.filter(pl.col("grondslag") == "13b_b").height),
        ("Niet meegeteld (voorgenomen of vernietigd)", alle.height - d.height),
    )
    return d, hotspots(d, "pand_postcode"), kenmerken, (
        breakdown(d, "maatregel", "Naar maatregel"), breakdown(d, "middel", "Naar middel"),
        breakdown(d, "pand_type", "Naar soort pand"))


def _verblijf(d: pl.DataFrame) -> tuple[pl.DataFrame, tuple[Telling, ...],
                                        tuple[Telling, ...], tuple[Uitsplitsing, ...]]:
    lang = d.filter(_nachten(d) >= LANG_VERBLIJF_NACHTEN)
    zonder, groep, buitenland = d.select(  # counts of rows where the condition holds
        pl.col("vertrek").is_null().sum().alias("zonder"),
        (pl.col("aantal_personen") >= GROEP_PERSONEN).sum().alias("groep"),
        (pl.col("gast_land").is_not_null() & (pl.col("gast_land") != "NL")).sum()
        .alias("buitenland")).row(0)
    kenmerken = (
        (f"Lange verblijven (≥{LANG_VERBLIJF_NACHTEN} nachten)", lang.height),
        ("Zonder vertrekdatum", int(zonder)),
        (f"Boekingen voor ≥{GROEP_PERSONEN} personen", int(groep)),
        ("Gasten met woonplaats in het buitenland", int(buitenland)),
    )
    return d, hotspots(lang, "logies_postcode"), kenmerken, (
        breakdown(d, "logies_type", "Naar soort logies"),)


def _bibob(d: pl.DataFrame) -> tuple[pl.DataFrame, tuple[Telling, ...], tuple[Telling, ...],
                                     tuple[Uitsplitsing, ...]]:
    kenmerken = (
        ("Geweigerd of ingetrokken",
         d.filter(pl.col("besluit").is_in(["geweigerd", "ingetrokken"])).height),
        ("Ernstige mate van gevaar", d.filter(pl.col("mate_van_gevaar") == "ernstige_mate").height),
        ("Advies Landelijk Bureau Bibob gevraagd", d.filter(pl.col("lbb_advies").fill_null(False))
         .height),
    )
    return d, (), kenmerken, (breakdown(d, "beschikking_type", "Naar soort beschikking"),
                              breakdown(d, "besluit", "Naar besluit"))


#: per table: (key, titel, bron, eenheid, hotspot_uitleg, rule prefix) of its phenomenon
FENOMENEN: dict[str, tuple[str, str, str, str, str, str]] = {
    "dor": ("heling", "Heling",
            "Digitaal Opkopersregister (DOR): elke registratie is één goed.", "goederen",
            "postcodegebieden (PC4) van opkopers met ≥2 goederen", "heling."),
    "damocles": (
        "drugs", "Drugs (art. 13b Opiumwet)",
        "Damocles: 13b-maatregelen met status "
        + ", ".join(s.replace("_", " ") for s in DAMOCLES_STATUS_TELT)
        + "; voorgenomen en vernietigde besluiten tellen niet mee.",
        "maatregelen", "postcodegebieden (PC4) met ≥2 maatregelen", "damocles."),
    "nachtregister": (
        "verblijf", "Recreatie en verblijf",
        "Nachtregister: elke registratie is één boeking (hoofdboeker).", "registraties",
        f"postcodegebieden (PC4) van logies met ≥2 lange verblijven (≥{LANG_VERBLIJF_NACHTEN} "
        "nachten)", "verblijf."),
    "bibob_dossiers": ("bibob", "Misbruik van legale structuren",
                       "Bibob-dossiers (alleen uitkomst en relaties; art. 28 Wet Bibob).",
                       "dossiers", "geen gebiedsindeling: Bibob-gegevens zijn afgeschermd",
                       "bibob."),
}
_TELLEN = {"dor": _heling, "damocles": _drugs, "nachtregister": _verblijf,
           "bibob_dossiers": _bibob}
#: the tables each `Deel` is computed from (Bibob: the parties of the dossiers too)
DEEL_TABELLEN: dict[str, tuple[str, ...]] = {
    "dor": ("dor",), "damocles": ("damocles",), "nachtregister": ("nachtregister",),
    "bibob_dossiers": ("bibob_dossiers", "bibob_betrokkenen")}


def deel(inputs: ReportInputs, table: str, code: str) -> Deel:
    """The figures of `table`'s rows of municipality `code` that depend on those rows only."""
    shared = gedeeld(inputs)
    alle = shared.hier(table, code)
    datum = DATUM[table]
    d, hot, kenmerken, splits = _TELLEN[table](alle)
    betrokkenen = 0
    if table == "bibob_dossiers":
        betrokkenen = shared.tables["bibob_betrokkenen"].filter(
            pl.col("dossiernummer").is_in(alle["dossiernummer"].implode())).height
    return Deel(rijen=alle.height, totaal=d.height, per_jaar=per_year(d, datum),
                kwartalen=quarter_counts(d, datum), hotspots=hot, kenmerken=kenmerken,
                uitsplitsingen=splits, datums=_dates(alle, datum), betrokkenen=betrokkenen)


def delen(inputs: ReportInputs, code: str,
          bekend: Mapping[str, Deel] | None = None) -> dict[str, Deel]:
    """The `Deel` of every table (`GEMEENTE_TABELLEN`) for `code`: those in `bekend` (taken
    over from a run whose tables `DEEL_TABELLEN` held the same rows) as they are, the others
    computed."""
    bekend = bekend or {}
    return {t: bekend[t] if t in bekend else deel(inputs, t, code) for t in GEMEENTE_TABELLEN}


def _fenomeen(inputs: ReportInputs, code: str, table: str, part: Deel) -> Fenomeen:
    key, titel, bron, eenheid, uitleg, prefix = FENOMENEN[table]
    shared = gedeeld(inputs)
    regio = shared.tables[table]
    sig = open_signalen(inputs, code, prefix)
    return Fenomeen(
        key=key, titel=titel, bron=bron, eenheid=eenheid, totaal=part.totaal,
        regio_totaal=measures(regio).height if table == "damocles" else regio.height,
        per_jaar=part.per_jaar, kwartalen=per_quarter(part.kwartalen, shared.spans[table]),
        hotspots=part.hotspots, hotspot_uitleg=uitleg, kenmerken=part.kenmerken,
        uitsplitsingen=part.uitsplitsingen, signalen_per_regel=telling_per_regel(sig),
        signalen=signalen_van(sig), afgeschermd=bibob_afgeschermd(sig))


def _file_of(code: str) -> pl.Expr:
    return pl.col("file").str.to_uppercase().str.contains(f"_{code}_", literal=True)


def leveringen(inputs: ReportInputs, code: str) -> tuple[Levering, ...]:
    d = inputs.deliveries_c.filter(_file_of(code))
    out = []
    for register in REGISTERS:
        r = d.filter(pl.col("register") == register)
        done = r.filter(pl.col("status") == "verwerkt")
        out.append(Levering(
            register=register, bestanden=r.height, verwerkt=done.height,
            afgewezen=r.filter(pl.col("status") == "afgewezen").height,
            dubbel=r.filter(pl.col("status") == "dubbel").height,
            rijen_in=int(done["rows_in"].sum() or 0),
            rijen_geaccepteerd=int(done["rows_accepted"].sum() or 0),
            rijen_quarantaine=int(done["rows_quarantined"].sum() or 0)))
    return tuple(out)


def _register_rows(inputs: ReportInputs, register: str) -> int:
    tables = gedeeld(inputs).tables
    if register == "bibob":
        return tables["bibob_dossiers"].height + tables["bibob_betrokkenen"].height
    return tables[register].height


def volumes(inputs: ReportInputs, code: str,
            parts: Mapping[str, Deel]) -> tuple[tuple[str, int, int], ...]:
    tables = gedeeld(inputs).tables
    here = {t: parts[t].rijen for t in GEMEENTE_TABELLEN}
    here["bibob_betrokkenen"] = parts["bibob_dossiers"].betrokkenen
    return tuple((name, here[name], tables[name].height)
                 for name in ("dor", "nachtregister", "damocles", "bibob_dossiers",
                              "bibob_betrokkenen"))


def periode(inputs: ReportInputs, code: str,
            parts: Mapping[str, Deel]) -> tuple[date, date] | None:
    """The first and last date up to the peildatum of the municipality's rows."""
    spans = []
    for table, col in DATUM.items():
        datums = parts[table].datums
        if datums is None or datums[0] > inputs.as_of:
            continue
        if datums[1] <= inputs.as_of:
            spans.append(datums)
        else:  # rows dated after the peildatum: left out
            found = span_of(gedeeld(inputs).hier(table, code), col, inputs.as_of)
            if found is not None:
                spans.append(found)
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def compute_figures(inputs: ReportInputs, code: str,
                    bekend: Mapping[str, Deel] | None = None) -> Figures:
    """All figures of one municipality's ondermijningsbeeld (`bekend`: see `delen`)."""
    g = gemeenten()[code]
    parts = delen(inputs, code, bekend)
    files = inputs.deliveries_c.filter(_file_of(code)).sort("file")
    return Figures(
        gemeentecode=code, gemeente=g.naam, inwoners=g.inwoners, peiljaar=g.peiljaar,
        as_of=inputs.as_of, periode=periode(inputs, code, parts),
        leveringen=leveringen(inputs, code),
        bestandsnamen=tuple(
            (str(f), str(r), str(s), int(i or 0), int(q or 0)) for f, r, s, i, q in
            files.select("file", "register", "status", "rows_in", "rows_quarantined")
            .iter_rows()),
        quarantaine_regio=tuple((r, int(inputs.quarantine.get(r, 0)), _register_rows(inputs, r))
                                for r in REGISTERS),
        volumes=volumes(inputs, code, parts),
        fenomenen=tuple(_fenomeen(inputs, code, t, parts[t])
                        for t in ("dor", "damocles", "nachtregister", "bibob_dossiers")),
        netwerk_per_regel=telling_per_regel(open_signalen(inputs, code, "netwerk.")),
        bovenlokaal_totaal=open_signalen(inputs, code).filter(
            pl.col("bovenlokaal").fill_null(False)).height,
        netwerken=netwerken(inputs, code, gedeeld(inputs).mentions, open_signalen(inputs, code),
                            gedeeld(inputs).netwerken),
        bibob_afgeschermd=bibob_afgeschermd(open_signalen(inputs, code)),
        regels=regel_teksten(),
        ontbreekt=inputs.ontbreekt,
    )
