"""Benchmark: graph build + all signal rules on demo data (default scale 10).

    uv run python bench/signals.py [--scale 10] [--seed 42] [--dir DIR] [--as-of 2026-11-28]
                                   [--per-regel]

Writes the demo (`iob.demo.generate`) into DIR (default a folder under /tmp named after scale
and seed) unless it is there, runs ingest (no Data Docs) and entity resolution once in a child
process — outside the timing, cached in DIR for the next run — and then times the rules'
inputs (`graph.signals.rule_inputs`: the register frames and the entity graph as frames) and
every rule (`run_rules`) on the lake tables (with the quarantined nachtregister rows) and the
resolved mentions; `--per-regel` adds each rule's seconds. Prints seconds (wall clock, and
the CPU time of all threads: on a busy shared machine the wall clock says little), peak
memory (MB, resident set of this process: loading the tables, the graph and the rules),
signals per 1,000 register rows (per rule too) and the
planted cases found / decoys flagged (iob/demo/evaluate.py).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl

BENCH_KEY = "iob-bench-signals-sleutel"  # only when no key is configured
MENTIONS = "bench/mentions.parquet"  # cached resolution, inside the demo folder


def _prepare(data: Path, seed: int, scale: float) -> None:
    """Demo, ingest and resolution (child process: its time and memory are not measured)."""
    from flows import stages
    from flows.ingest import ingest
    from flows.progress import LogReporter
    from iob.demo import generate
    from iob.settings import load_settings

    if not (data / "truth" / "cases.json").is_file():
        t0 = time.perf_counter()
        generate(data, seed=seed, scale=scale)
        print(f"demo (schaal {scale:g}, seed {seed}) geschreven in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    settings = load_settings(data)
    t0 = time.perf_counter()
    ingest(settings, "bench", LogReporter(lambda _: None), docs=False)
    tables = stages.load_tables(settings)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as staging:
        mentions, _ = stages.resolve_stage(settings, tables, Path(staging), None)
    (data / MENTIONS).parent.mkdir(exist_ok=True)
    mentions.write_parquet(data / MENTIONS)
    print(f"inlezen {t1 - t0:.0f} s, koppelen {time.perf_counter() - t1:.0f} s "
          "(niet in de meting)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--scale", type=float, default=10)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 28))
    ap.add_argument("--per-regel", action="store_true", help="seconds per rule")
    args = ap.parse_args()
    data = args.dir or Path(tempfile.gettempdir()) / f"iob-bench-signals-{args.scale:g}-{args.seed}"
    from iob.settings import default_key_file, load_settings

    if not (os.environ.get("IOB_PSEUDONYM_KEY") or os.environ.get("IOB_PSEUDONYM_KEY_FILE")
            or default_key_file().is_file()):
        os.environ["IOB_PSEUDONYM_KEY"] = BENCH_KEY
    if not (data / MENTIONS).is_file():
        child = mp.get_context("spawn").Process(target=_prepare,
                                                args=(data, args.seed, args.scale))
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"voorbereiden mislukt (exit {child.exitcode})")

    from flows import stages
    from graph.rules import RULES
    from graph.rules._common import Context
    from graph.signals import rule_inputs, run_rule
    from iob.config import signal_config
    from iob.demo.evaluate import load_cases, score_cases

    settings = load_settings(data)
    tables = stages.load_tables(settings)
    mentions = pl.read_parquet(data / MENTIONS)
    config = signal_config(settings)
    rows = sum(df.height for name, df in tables.items() if name != "nachtregister_quarantaine")
    c1, t1 = time.process_time(), time.perf_counter()
    frames, net = rule_inputs(tables, mentions, args.as_of)
    t2 = time.perf_counter()
    # as graph.signals.run_rules, with each rule timed
    ctx = Context(frames=frames, net=net, as_of=args.as_of)
    per_regel: dict[str, float] = {}
    for code in RULES:
        t = time.perf_counter()
        ctx.done[code] = run_rule(code, ctx, config)
        per_regel[code] = time.perf_counter() - t
    signals = pl.concat([ctx.done[c] for c in RULES]).sort(
        ["rule", "score", "signal_id"], descending=[False, True, False])
    c3, t3 = time.process_time(), time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    score = score_cases(signals, load_cases(data))

    print(f"demo schaal {args.scale:g} ({data}): {rows} registerrijen, "
          f"{mentions.height} vermeldingen; peildatum {args.as_of}")
    print(f"invoer en graaf: {net.number_of_nodes()} knopen, {net.number_of_edges()} "
          f"verbindingen in {t2 - t1:.1f} s")
    print(f"regels: {signals.height} signalen in {t3 - t2:.1f} s "
          f"({1000 * signals.height / max(rows, 1):.2f} per 1.000 registerrijen)")
    print(f"graaf + alle regels: {t3 - t1:.1f} s ({c3 - c1:.1f} s processortijd, alle draden; "
          f"belasting machine {os.getloadavg()[0]:.1f}); piekgeheugen {peak:.0f} MB")
    print(f"geplante gevallen gevonden: {len(score.found)} van "
          f"{len(score.found) + len(score.missed)}; lokkers gemarkeerd: "
          f"{len(score.decoys_flagged)} van {len(score.decoys_flagged) + len(score.decoys_clean)}")
    for naam in score.missed:
        print(f"  gemist: {naam}")
    for naam in score.decoys_flagged:
        print(f"  lokker gemarkeerd: {naam}")
    for rule, n in signals.group_by("rule").len().sort("rule").iter_rows():
        tijd = f"  {per_regel[rule]:5.2f} s" if args.per_regel else ""
        print(f"  {rule:34s} {n:6d}  ({1000 * n / max(rows, 1):.2f} per 1.000){tijd}")


if __name__ == "__main__":
    main()
