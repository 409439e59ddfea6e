"""Ingest + validation throughput: rows/s and peak memory at demo scale 1 and 10.

Usage: uv run python bench/ingest.py [--scales 1 10] [--docs] [--cold] [--demo DIR]

Each scale runs in its own process (so peak memory is per scale); the demo is generated in a
child process. Demo generation, interpreter start and imports (polars, great-expectations)
are excluded from the timing and from "peak MB before ingest"; the timed part
is `flows.ingest.ingest`: scan, read, normalise, pseudonymise, validate, write lake/quarantine.

GX runs in a worker process (`expectations.worker`); its start (spawn, importing GX and
registering the suites) is an import too and happens before the timing, unless `--cold`:
then ingest starts the worker itself when the night is big enough and its start-up counts.
"CPU s" is the CPU time of the ingest process (all its threads) plus the worker's: on a
shared machine it is steadier than the wall-clock seconds; "load" is the 1-minute load
average when the scale finished (the machine has 2 cores).
"peak MB" is the ingest process; "worker MB" the GX worker's own peak (both are resident at
the same time, so their sum bounds the total). "together MB" is the measured peak of the sum:
a thread samples the resident memory (VmRSS) of the ingest process and of all its child
processes (the GX worker, multiprocessing's resource tracker) at the same moment, every
`SAMPLE_S` seconds, from just before the timing to its end (a spike shorter than that
interval can slip between two samples; the sum of the two peaks above cannot be exceeded).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: seconds between two samples of the processes' resident memory
SAMPLE_S = 0.02


def _rss_mb(pid: int | str) -> float:
    """The resident memory (VmRSS) of a process in MB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _descendants(pid: int | str) -> list[str]:
    """The ids of the child processes of `pid` (of all its threads), and theirs."""
    out: list[str] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                children = f.read().split()
        except OSError:
            continue
        for child in children:
            out += [child, *_descendants(child)]
    return out


class RssSampler:
    """Samples, every `SAMPLE_S`, the resident memory of this process and of its child
    processes at the same moment; `together_mb` is the highest sum seen, `own_mb` and
    `children_mb` the highest of each part."""

    def __init__(self) -> None:
        self.together_mb = self.own_mb = self.children_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        own = _rss_mb("self")
        children = sum(_rss_mb(pid) for pid in _descendants(os.getpid()))
        self.own_mb = max(self.own_mb, own)
        self.children_mb = max(self.children_mb, children)
        self.together_mb = max(self.together_mb, own + children)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def __enter__(self) -> RssSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def _one(scale: float, docs: bool, cold: bool, demo: str | None) -> dict[str, float]:
    import great_expectations  # noqa: F401 - import cost excluded on purpose

    from expectations.worker import start
    from flows.ingest import ingest
    from flows.progress import LogReporter
    from iob.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="iob-bench-") as tmp:
        data = Path(tmp) / "data"
        os.environ["IOB_PSEUDONYM_KEY"] = "bench-sleutel-0123456789abcdef"
        t0 = time.perf_counter()
        if demo is not None:  # a demo generated before: its landing/ copied
            shutil.copytree(Path(demo) / _scale_name(scale) / "landing", data / "landing")
        else:  # in a child process, so its memory does not count towards the ingest's peak
            _generate(data, scale)
        gen_s = time.perf_counter() - t0
        if not cold:
            start().ready()  # spawn + GX import in the worker: excluded like our own imports
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with RssSampler() as rss:
            t0, cpu0 = time.perf_counter(), time.process_time()
            result = ingest(load_settings(data), "bench", LogReporter(lambda _: None),
                            docs=docs)
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - cpu0 + result.worker_cpu_s
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "scale": scale, "files": len(result.files), "rows_in": result.rows_in,
            "rows_accepted": sum(f.accepted for f in result.files),
            "rows_quarantined": sum(f.quarantined for f in result.files),
            "seconds": round(seconds, 2), "rows_per_s": round(result.rows_in / seconds),
            "cpu_s": round(cpu, 2),
            "peak_mb": round(peak), "peak_mb_before_ingest": round(rss_before),
            "worker_peak_mb": round(result.worker_peak_mb),
            "together_peak_mb": round(rss.together_mb),
            "sampled_peak_mb": round(rss.own_mb), "sampled_children_mb": round(rss.children_mb),
            "demo_generation_s": round(gen_s, 2),
        }


def _scale_name(scale: float) -> str:
    return f"scale-{scale:g}"


def _generate(data: Path, scale: float) -> None:
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from iob.demo import generate; "
                    "generate(Path(sys.argv[1]), seed=7, scale=float(sys.argv[2]))",
                    str(data), str(scale)], check=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    parser.add_argument("--docs", action="store_true", help="also build GX Data Docs")
    parser.add_argument("--cold", action="store_true",
                        help="do not start the GX worker before the timing")
    parser.add_argument("--demo", help="a folder for the generated demo data: generated "
                        "there once per scale (scale-<X>/), then reused (only copied per run)")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one, args.docs, args.cold, args.demo)))
        return
    if args.demo is not None:
        for scale in args.scales:
            if not (Path(args.demo) / _scale_name(scale) / "landing").is_dir():
                _generate(Path(args.demo) / _scale_name(scale), scale)
    print(f"{'scale':>6} {'rows in':>10} {'accepted':>10} {'quarant.':>9} {'seconds':>8} "
          f"{'rows/s':>9} {'CPU s':>6} {'peak MB':>8} {'worker MB':>9} {'together MB':>11}  load")
    for scale in args.scales:
        cmd = ([sys.executable, __file__, "--one", str(scale)] + (["--docs"] if args.docs else [])
               + (["--cold"] if args.cold else [])
               + (["--demo", args.demo] if args.demo is not None else []))
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['scale']:>6} {r['rows_in']:>10,} {r['rows_accepted']:>10,} "
              f"{r['rows_quarantined']:>9,} {r['seconds']:>8} {r['rows_per_s']:>9,} "
              f"{r['cpu_s']:>6} "
              f"{r['peak_mb']:>8,} {r['worker_peak_mb']:>9,} {r['together_peak_mb']:>11,}  "
              f"{os.getloadavg()[0]:.1f}  "
              f"(before ingest {r['peak_mb_before_ingest']} MB; "
              f"demo generation {r['demo_generation_s']} s, not timed)")


if __name__ == "__main__":
    main()
