"""`iob explain`: signal, rule, thresholds and evidence rows from a small published folder."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from graph.rules._common import signal_id
from iob.cli import main
from tests.graph.graph_factory import dor, dossier, nacht, partij, run, tables


def _publish(data: Path) -> pl.DataFrame:
    """Lake tables, a quarantined row and the signals of a few register rows."""
    verkopen = [dor(categorie="telefoon", datum_verkrijging=date(2024, 6, 3) + timedelta(days=i),
                    verkoper_id_nummer="a1b2c3d4e5f6a7b8c9") for i in range(6)]
    gasten = [nacht(logies_kvk="27182818", gast_achternaam=f"Gast{i}") for i in range(4)]
    dossiers = [dossier(dossiernummer="B-OUD", besluit="geweigerd",
                        mate_van_gevaar="ernstige_mate", besluitdatum=date(2024, 4, 1)),
                dossier(dossiernummer="B-NIEUW", aanvraagdatum=date(2024, 9, 1),
                        besluitdatum=date(2024, 10, 1), locatie_huisnummer=99)]
    partijen = [partij("B-OUD", "aanvrager", kvk="12345678", naam_rechtspersoon="Oud B.V."),
                partij("B-NIEUW", "aanvrager", kvk="12345678",
                       naam_rechtspersoon="Oud B.V.")]
    t = tables(verkopen, gasten, dossiers, partijen)
    quar = pl.DataFrame({"file": ["nachtregister_GM1729_20240701.csv"] * 4, "sheet": [""] * 4,
                         "line": [2, 3, 4, 5], "register": ["nachtregister"] * 4,
                         "column": ["gast_woonplaats"] * 4, "value": [None] * 4,
                         "reason": ["gast_woonplaats is verplicht maar leeg"] * 4,
                         "record_id": ["Q1", "Q2", "Q3", "Q4"], "gemeentecode": ["GM1729"] * 4,
                         "logies_kvk": ["27182818"] * 4}, schema_overrides={"value": pl.String})
    t["nachtregister_quarantaine"] = quar
    signals = run(t)[0].with_columns(pl.lit("nieuw").alias("status"))
    for name, frame in t.items():
        if name == "nachtregister_quarantaine":
            continue
        (data / "lake" / name).mkdir(parents=True)
        frame.write_parquet(data / "lake" / name / "current.parquet")
    (data / "quarantine" / "nachtregister").mkdir(parents=True)
    quar.write_parquet(data / "quarantine" / "nachtregister" / "abc.parquet")
    (data / "signals").mkdir(parents=True)
    signals.write_parquet(data / "signals" / "signals.parquet")
    return signals


def _explain(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["explain", *args, "--data", str(data)])
    return result.exit_code, result.output


def _id(signals: pl.DataFrame, rule: str) -> str:
    return str(signals.filter(pl.col("rule") == rule)["signal_id"][0])


def test_explain_dor_signal_with_rule_thresholds_and_rows(tmp_path: Path) -> None:
    signals = _publish(tmp_path)
    code, out = _explain(tmp_path, _id(signals, "heling.veelaanbieder"))
    assert code == 0, out
    assert "Regel: heling.veelaanbieder (dor)" in out
    assert "Wanneer deze regel afgaat: Eén persoon verkoopt binnen 30 dagen" in out
    assert "min_goederen = 5" in out and "venster_dagen = 30" in out
    assert out.count("Goud en Zo; telefoon") == 6  # every evidence row, with key fields
    assert "a1b2c3d4e5…" in out and "a1b2c3d4e5f6a7b8c9" not in out  # hash shortened


def test_explain_thresholds_as_configured_and_id_prefix(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    signals = _publish(tmp_path)
    config = tmp_path / "iob.toml"
    config.write_text('[signalen.GM0981."heling.veelaanbieder"]\nmin_goederen = 4\n')
    monkeypatch.setenv("IOB_CONFIG", str(config))
    code, out = _explain(tmp_path, _id(signals, "heling.veelaanbieder")[:8])
    assert code == 0, out
    assert "min_goederen = 4" in out


def test_explain_bibob_rows_show_outcome_and_relations_only(tmp_path: Path) -> None:
    signals = _publish(tmp_path)
    code, out = _explain(tmp_path, _id(signals, "bibob.doorwerking"))
    assert code == 0, out
    assert "bibob:B-OUD: besluit geweigerd, mate van gevaar ernstige_mate; betrokkenen: " \
           "aanvrager Oud B.V. (KvK 12345678)" in out
    assert "exploitatievergunning" not in out and "2024-03-01" not in out.split("Bewijs:")[1]


def test_explain_quarantined_rows_of_registratiekwaliteit(tmp_path: Path) -> None:
    signals = _publish(tmp_path)
    code, out = _explain(tmp_path, _id(signals, "verblijf.registratiekwaliteit"))
    assert code == 0, out
    assert "nachtregister:Q1: in quarantaine (nachtregister_GM1729_20240701.csv, regel 2): " \
           "gast_woonplaats is verplicht maar leeg" in out


def test_explain_unknown_or_ambiguous_id_is_one_line_error(tmp_path: Path) -> None:
    _publish(tmp_path)
    code, out = _explain(tmp_path, "ffffffffffffffff")
    assert code == 1 and "onbekend signaal 'ffffffffffffffff'" in out
    assert len(out.strip().splitlines()) == 1
    code, out = _explain(tmp_path, "")
    assert code == 1 and "niet eenduidig" in out


def test_explain_without_a_run(tmp_path: Path) -> None:
    code, out = _explain(tmp_path, signal_id("heling.prijs", ["x"]))
    assert code == 1 and "draai eerst `iob run`" in out
