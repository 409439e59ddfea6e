"""`iob explain SIGNAL_ID`: the signal, its rule and thresholds, and the evidence rows.

The signal comes from the published `signals/signals.parquet` (an unambiguous prefix of the
id is enough); each evidence row is looked up by record id in `lake/<table>/current.parquet`
(ID numbers are hashed there; a short prefix of the hash is shown), a quarantined nachtregister
row in `quarantine/nachtregister/`. Bibob rows show only the outcome (mate van gevaar,
besluit) and the relations (parties and their roles), as the Bibob compartment allows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click
import polars as pl

from iob.errors import InputError
from iob.options import data_option
from iob.settings import Settings, load_settings

Row = dict[str, Any]


def _v(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _naam(r: Row, p: str) -> str:
    delen = [r.get(f"{p}voornamen"), r.get(f"{p}tussenvoegsel"), r.get(f"{p}achternaam")]
    return " ".join(str(d) for d in delen if d) or "-"


def _hash(value: Any) -> str:
    return f"{str(value)[:10]}…" if value else "-"


def _dor(r: Row) -> str:
    return (f"{_v(r.get('datum_verkrijging'))} {_v(r.get('gemeentecode'))}; opkoper "
            f"{_v(r.get('opkoper_naam'))}; {_v(r.get('categorie'))} {_v(r.get('merk'))} "
            f"{_v(r.get('type'))}, serienummer {_v(r.get('serienummer'))}, "
            f"€ {_v(r.get('prijs'))} {_v(r.get('betaalwijze'))}; verkoper "
            f"{_naam(r, 'verkoper_')} ({_v(r.get('verkoper_geboortedatum'))}, "
            f"{_v(r.get('verkoper_woonplaats'))}, {_v(r.get('verkoper_land'))}), "
            f"{_v(r.get('verkoper_id_type'))} {_hash(r.get('verkoper_id_nummer'))}; "
            f"doorverkocht {_v(r.get('datum_doorverkoop'))}")


def _nacht(r: Row) -> str:
    return (f"{_v(r.get('aankomst'))} t/m {_v(r.get('vertrek'))} {_v(r.get('gemeentecode'))}; "
            f"{_v(r.get('logies_naam'))}, {_v(r.get('accommodatie'))}; gast "
            f"{_naam(r, 'gast_')} ({_v(r.get('gast_geboortedatum'))}, "
            f"{_v(r.get('gast_woonplaats'))}, {_v(r.get('gast_land'))}), "
            f"{_v(r.get('aantal_personen'))} personen, {_v(r.get('id_type'))} "
            f"{_hash(r.get('id_nummer'))}")


def _damocles(r: Row) -> str:
    eigenaar = r.get("eigenaar_naam_rechtspersoon") or _naam(r, "eigenaar_")
    return (f"{_v(r.get('datum_constatering'))} {_v(r.get('gemeentecode'))}; pand "
            f"{_v(r.get('pand_straat'))} {_v(r.get('pand_huisnummer'))}"
            f"{r.get('pand_toevoeging') or ''} {_v(r.get('pand_postcode'))} "
            f"({_v(r.get('pand_type'))}); {_v(r.get('grondslag'))}, {_v(r.get('middel'))}, "
            f"{_v(r.get('maatregel'))}, status {_v(r.get('status'))}; eigenaar {eigenaar}")


def _partij(r: Row) -> str:
    naam = r.get("naam_rechtspersoon") or _naam(r, "")
    kvk = f" (KvK {r['kvk']})" if r.get("kvk") else ""
    return f"{_v(r.get('rol'))} {naam}{kvk}"


def _read(settings: Settings, table: str, key: str, ids: Iterable[str]) -> list[Row]:
    path = settings.lake / table / "current.parquet"
    wanted = sorted(set(ids))
    if not wanted or not path.is_file():
        return []
    return pl.scan_parquet(path).filter(pl.col(key).is_in(wanted)).collect().to_dicts()


LakeTable = tuple[str, str, Callable[[Row], str]]
TABELLEN: dict[str, LakeTable] = {
    "dor": ("dor", "registratienummer", _dor),
    "nachtregister": ("nachtregister", "registratie_id", _nacht),
    "damocles": ("damocles", "zaaknummer", _damocles),
}


def _bibob(settings: Settings, ids: list[str]) -> dict[str, str]:
    partijen: dict[str, list[str]] = defaultdict(list)
    for r in _read(settings, "bibob_betrokkenen", "dossiernummer", ids):
        partijen[str(r["dossiernummer"])].append(_partij(r))
    return {
        str(r["dossiernummer"]): f"besluit {_v(r.get('besluit'))}, mate van gevaar "
        f"{_v(r.get('mate_van_gevaar'))}; betrokkenen: "
        f"{'; '.join(partijen.get(str(r['dossiernummer']), [])) or '-'}"
        for r in _read(settings, "bibob_dossiers", "dossiernummer", ids)
    }


def _quarantaine(settings: Settings, ids: list[str]) -> dict[str, str]:
    files = sorted((settings.quarantine / "nachtregister").glob("*.parquet"))
    frames = [pl.read_parquet(f) for f in files]
    frames = [f for f in frames if "record_id" in f.columns]
    if not ids or not frames:
        return {}
    q = pl.concat(frames, how="diagonal_relaxed").filter(pl.col("record_id").is_in(ids))
    return {str(r["record_id"]): f"in quarantaine ({r.get('file')}, regel {r.get('line')}): "
            f"{r.get('reason')}" for r in q.to_dicts()}


def evidence_rows(settings: Settings, evidence: Iterable[str]) -> dict[str, str]:
    """`register:record_id` -> a short description of the row (where it can be found)."""
    per: dict[str, list[str]] = defaultdict(list)
    for ev in evidence:
        register, _, rid = ev.partition(":")
        per[register].append(rid)
    out: dict[str, str] = {}
    for register, ids in per.items():
        if register == "bibob":
            found = _bibob(settings, ids)
        elif register in TABELLEN:
            table, key, fmt = TABELLEN[register]
            found = {str(r[key]): fmt(r) for r in _read(settings, table, key, ids)}
            if register == "nachtregister":
                rest = [i for i in ids if i not in found]
                found |= _quarantaine(settings, rest)
        else:
            continue
        out |= {f"{register}:{rid}": text for rid, text in found.items()}
    return out


def find_signal(path: Path, signal_id: str) -> Row:
    if not path.is_file():
        raise InputError(f"geen signalen in {path.parent}: draai eerst `iob run`")
    signals = pl.read_parquet(path)
    exact = signals.filter(pl.col("signal_id") == signal_id)
    hits = exact if exact.height else signals.filter(
        pl.col("signal_id").str.starts_with(signal_id))
    if hits.height == 0:
        raise InputError(f"onbekend signaal {signal_id!r} (zie {path})")
    if hits.select("signal_id").n_unique() > 1:
        raise InputError(f"signaal-id {signal_id!r} is niet eenduidig: "
                         f"{', '.join(sorted(set(hits['signal_id'].to_list()))[:5])}, …")
    rows = hits.to_dicts()
    return next((r for r in rows if r.get("status") != "vervallen"), rows[0])


@click.command(name="explain")
@click.argument("signal_id")
@data_option
def command(signal_id: str, data: str | None) -> None:
    """Leg een signaal uit: de regel, de drempels en de onderliggende registraties.

    SIGNAL_ID zoals in signals/signals.parquet (een eenduidig begin volstaat).
    """
    from graph.explain import format_explanation
    from iob.config import signal_config

    settings = load_settings(data)
    signal = find_signal(settings.data / "signals" / "signals.parquet", signal_id.strip())
    rows = evidence_rows(settings, signal.get("evidence") or [])
    click.echo(format_explanation(signal, signal_config(settings), rows))
