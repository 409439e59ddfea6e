"""The nightly run as users run it (`iob run`, Prefect with a temporary local API): a full run
at scale 1 and 10, then on the scale-10 history the nights that follow it, each on its own
calendar day as `iob run` runs them (its peildatum defaults to today, so the rules' time
windows move every night): a night without news, a night with one small delivery (the
incremental night), the same night run again, and a night without news the day after.

Usage: uv run python bench/nightly.py [--scales 1 10] [--keep DIR]

Per run it prints the wall-clock time of the `iob run` process, the pipeline time (the sum of
the stage timings in the run's manifest) and the difference: Prefect's own start-up of its
temporary server, interpreter start, imports and task bookkeeping. The scale-10 history is
the demo minus one small DOR delivery, which the incremental night then delivers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEY = "bench-sleutel-0123456789abcdef-nacht"
AS_OF = "2026-11-28"  # the full run's peildatum; night n after it runs on AS_OF + n days
HELD = "dor_GM1729_20261001.csv"
PACKAGES = ("iob", "flows", "transforms", "expectations", "graph", "outputs")
CODE = ROOT  # replaced by a snapshot in main(): others may edit the working tree meanwhile


def snapshot_code(target: Path) -> Path:
    """A copy of the program as it is now: a run's stage keys include the program files, so
    a change in the working tree during the benchmark would make every night a full run."""
    if target.exists():
        shutil.rmtree(target)
    for name in PACKAGES:
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


STAGES = ("inlezen", "koppelen", "signalen", "rapporten", "exports", "publiceren")


def _day(night: int) -> str:
    """The peildatum of the `night`-th night after the full run."""
    return (date.fromisoformat(AS_OF) + timedelta(days=night)).isoformat()


def _env(prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "IOB_"))}
    env |= {"IOB_PSEUDONYM_KEY": KEY, "PREFECT_HOME": str(prefect_home),
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
            "PREFECT_LOGGING_TO_API_ENABLED": "false"}
    return env


def _demo(data: Path, scale: float) -> None:
    cli = [sys.executable, "-c", "from iob.cli import main; main()"]
    subprocess.run([*cli, "demo", str(data), "--scale", str(scale)], check=True,
                   env=_env(data.parent / "prefect"), cwd=CODE, stdout=subprocess.DEVNULL)


def _run(data: Path, as_of: str = AS_OF) -> dict[str, Any]:
    """One `iob run` on `as_of`; wall time, and the stage timings of the manifest it wrote."""
    before = set((data / "runs").glob("*/manifest.json")) if (data / "runs").is_dir() else set()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from iob.cli import main; main()", "run", "--data", str(data),
         "--as-of", as_of, "--geen-docs"],
        env=_env(data.parent / "prefect"), cwd=CODE, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"iob run mislukt:\n{done.stderr[-2000:]}")
    (manifest,) = set((data / "runs").glob("*/manifest.json")) - before
    stages = json.loads(manifest.read_text())["stages"]
    seconds = {name: float(stages.get(name, {}).get("seconds") or 0.0) for name in STAGES}
    pipeline = sum(seconds.values())
    counts = {name: stages.get(name, {}).get("counts", {}) for name in STAGES}
    return {"wall": wall, "pipeline": pipeline, "prefect": wall - pipeline, "stages": seconds,
            "counts": counts}


def _line(label: str, r: dict[str, Any]) -> str:
    parts = " ".join(f"{r['stages'][s]:7.1f}" for s in STAGES)
    reused = [s for s in STAGES if r["counts"][s].get("hergebruikt")]
    extra = f"  hergebruikt: {', '.join(reused)}" if reused else ""
    rep, exp = r["counts"]["rapporten"], r["counts"].get("exports", {})
    if "gemaakt" in rep:
        extra += (f"  gemaakt/hergebruikt: rapporten {rep['gemaakt']}/"
                  f"{rep['overgenomen']}, exports {exp.get('gemaakt')}/"
                  f"{exp.get('overgenomen')}")
    return (f"{label:<50} {r['wall']:7.1f} {r['prefect']:7.1f} {r['pipeline']:8.1f} "
            f"{parts}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    parser.add_argument("--keep", type=Path, default=None,
                        help="map om de datamappen te bewaren (standaard tijdelijk)")
    parser.add_argument("--resume", action="store_true",
                        help="begin bij de grootste schaal met de geschiedenis in --keep "
                             "(volledige run al gedaan)")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="iob-bench-nightly-"))
    root.mkdir(parents=True, exist_ok=True)
    global CODE
    CODE = snapshot_code(root / "code")
    header = (f"{'run':<50} {'wand':>7} {'prefect':>7} {'pijplijn':>8} "
              + " ".join(f"{s[:7]:>7}" for s in STAGES))
    print("seconden; prefect = wandtijd - pijplijn (start tijdelijke server, imports, taken)")
    print(header)
    results: dict[str, dict[str, Any]] = {}
    for scale in args.scales:
        data = root / f"schaal-{scale:g}" / "data"
        incremental = scale == max(args.scales)
        held = data.parent / HELD
        label = f"volledig, schaal {scale:g}" + (" (zonder 1 levering)" if incremental else "")
        if args.resume and incremental and held.is_file():
            (data / "landing" / "dor" / HELD).unlink(missing_ok=True)
            results[label] = full = _run(data)  # program changed since: all but ingest again
            label += ", hervat"
        else:
            if data.parent.exists():
                shutil.rmtree(data.parent)
            data.parent.mkdir(parents=True)
            _demo(data, scale)
            if incremental:
                shutil.move(data / "landing" / "dor" / HELD, held)
            results[label] = full = _run(data)
        print(_line(label, full), flush=True)
        if not incremental:
            continue
        # the nights after the full run, one calendar day apart: a quiet night first, so that
        # the signals of the history are `bestaand` as on any ordinary night; then the night
        # with one small delivery, that night run again (nothing new: nothing changes), and a
        # quiet night the day after
        rows = sum(1 for _ in held.open(encoding="utf-8", errors="replace")) - 1
        inc: dict[str, Any] = {}
        for label, night, deliver in (
                ("nacht zonder nieuws", 1, False),
                (f"incrementeel: +1 levering ({rows} rijen)", 2, True),
                ("zelfde nacht opnieuw", 2, False),
                ("nacht zonder nieuws", 3, False)):
            if deliver:
                shutil.copy2(held, data / "landing" / "dor" / HELD)
            as_of = _day(night)
            label = f"{label}, {as_of}"
            results[label] = r = _run(data, as_of)
            print(_line(label, r), flush=True)
            inc = r if deliver else inc
        print(f"\nincrementeel / volledig (pijplijn): {inc['pipeline'] / full['pipeline']:.2f} "
              f"(doel < 0,25 en < 30 s: {inc['pipeline']:.1f} s)")
    (root / "bench-nightly.json").write_text(json.dumps(results, indent=2))
    print(f"\ncijfers: {root / 'bench-nightly.json'}")


if __name__ == "__main__":
    main()
