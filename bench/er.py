"""Entity-resolution benchmark: quality against truth, seconds and peak memory.

    uv run python bench/er.py                       # synthetic, 100k and 1M mentions
    uv run python bench/er.py --sizes 100000        # one size
    uv run python bench/er.py --demo DIR [DIR ...]  # demo folders (lake + truth/persons.parquet)
    uv run python bench/er.py --splink              # also Splink (needs `uv sync --all-groups`)

Pairwise: the pairs the scorer links (probability >= link threshold, no conflict) against
the true same-person pairs. Cluster-level: every pair of mentions put in one entity against
the true pairs. Each resolver runs in a child process so that peak memory (ru_maxrss) is its
own.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def pair_count(frame: pl.DataFrame, *keys: str) -> int:
    """Number of unordered pairs of rows sharing all ``keys``."""
    n = frame.group_by(*keys).len()["len"].cast(pl.Int64)
    return int((n * (n - 1) // 2).sum())


def cluster_scores(truth: pl.Series, predicted: pl.Series) -> dict[str, float]:
    """Cluster-level precision/recall/F1 over all within-entity pairs."""
    frame = pl.DataFrame({"t": truth, "p": predicted})
    tp = pair_count(frame, "t", "p")
    pred = pair_count(frame, "p")
    true = pair_count(frame, "t")
    return _prf(tp, pred, true)


def _prf(tp: int, pred: int, true: int) -> dict[str, float]:
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise_scores(truth: pl.Series, links: pl.DataFrame) -> dict[str, float]:
    """Precision/recall/F1 of the linked pairs (row indices ``a``, ``b``)."""
    t = truth.rename("t")
    tp = int((t.gather(links["a"]) == t.gather(links["b"])).sum())
    return _prf(tp, links.height, pair_count(pl.DataFrame({"t": t}), "t"))


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: reset at exec, unlike ru_maxrss which a
    spawned child inherits from its parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process (user + system, all threads): on a shared, loaded
    machine a fairer figure than wall-clock seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run_ours(path: str, queue: Any) -> None:
    from transforms.resolve.persons import resolve_persons

    mentions = pl.read_parquet(path)
    base = _peak_mb()
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    last = [t0]

    def on_stage(name: str) -> None:
        now = time.perf_counter()
        stages[name] = round(now - last[0], 2)
        last[0] = now

    cpu0 = _cpu_s()
    res = resolve_persons(mentions.drop("person_key"), on_stage=on_stage)
    secs = time.perf_counter() - t0
    cpu = _cpu_s() - cpu0
    truth = mentions["person_key"]
    queue.put(
        {
            "resolver": "iob",
            "seconds": secs,
            "cpu_s": cpu,
            "peak_mb": _peak_mb(),
            "base_mb": base,
            "pairwise": pairwise_scores(truth, res.links),
            "cluster": cluster_scores(truth, res.mentions["entity_id"]),
            "stats": {**res.stats, "stages_s": stages},
        }
    )


def _run_splink(path: str, queue: Any) -> None:
    from splink_baseline import run_splink

    mentions = pl.read_parquet(path)
    t0 = time.perf_counter()
    cpu0 = _cpu_s()
    entity, links = run_splink(mentions.drop("person_key"))
    secs = time.perf_counter() - t0
    cpu = _cpu_s() - cpu0
    truth = mentions["person_key"]
    queue.put(
        {
            "resolver": "splink",
            "seconds": secs,
            "cpu_s": cpu,
            "peak_mb": _peak_mb(),
            "base_mb": 0.0,
            "pairwise": pairwise_scores(truth, links),
            "cluster": cluster_scores(truth, entity),
            "stats": {},
        }
    )


def _child(target: Any, path: str) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(path, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def _print(label: str, r: dict[str, Any]) -> None:
    pw, cl = r["pairwise"], r["cluster"]
    print(
        f"{label:>12} {r['resolver']:>7}  {r['seconds']:7.1f} s ({r['cpu_s']:6.1f} s CPU)  "
        f"{r['peak_mb']:7.0f} MB  "
        f"pairwise P {pw['precision']:.4f} R {pw['recall']:.4f} F1 {pw['f1']:.4f}  "
        f"cluster P {cl['precision']:.4f} R {cl['recall']:.4f} F1 {cl['f1']:.4f}  {r['stats']}",
        flush=True,
    )


def demo_mentions(folder: Path) -> pl.DataFrame:
    """Person mentions of a demo folder's lake with the truth's person_key."""
    from transforms.mentions import extract_mentions
    from transforms.schema import TABLES

    tables = {
        name: pl.read_parquet(folder / "lake" / name / "current.parquet")
        for name in TABLES
        if (folder / "lake" / name / "current.parquet").exists()
    }
    mentions = extract_mentions(tables).filter(pl.col("entity_type") == "persoon")
    # truth numbers the persons of one role in one record in sheet order; the mention's n
    # counts organisations too, so join on the person's ordinal within (record, role)
    group = ["register", "record_id", "role"]
    ordinal = pl.int_range(1, pl.len() + 1).over(group).alias("_k")
    mentions = (
        mentions.with_columns(
            pl.col("mention_id").str.split(":").list.last().cast(pl.Int64).alias("_n")
        )
        .sort([*group, "_n"])
        .with_columns(ordinal)
    )
    truth = (
        pl.read_parquet(folder / "truth" / "persons.parquet")
        .with_columns(pl.col("record_id").cast(pl.String))
        .with_columns(ordinal)
    )
    # rows the pipeline quarantined have truth but no mention: the inner join drops them
    return mentions.join(truth, on=[*group, "_k"], how="inner").drop("_n", "_k")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--demo", type=Path, nargs="+")
    ap.add_argument("--splink", action="store_true")
    ap.add_argument("--tmp", type=Path, default=Path("/tmp/iob-bench-er"))
    args = ap.parse_args()
    args.tmp.mkdir(parents=True, exist_ok=True)
    from er_synth import synthetic_mentions

    paths: list[tuple[str, Path]] = []  # frames go to disk at once: the parent stays small
    if args.demo:
        for folder in args.demo:
            frame = demo_mentions(folder)
            label = f"{folder.name}:{frame.height // 1000}k"
            paths.append((label, _save(args.tmp, label, frame)))
            del frame
    else:
        for size in (int(s) for s in args.sizes.split(",")):
            label = f"{size:,}"
            paths.append((label, _save(args.tmp, label, synthetic_mentions(size))))
    for label, path in paths:
        _print(label, _child(_run_ours, str(path)))
        if args.splink:
            _print(label, _child(_run_splink, str(path)))


def _save(folder: Path, label: str, frame: pl.DataFrame) -> Path:
    path = folder / f"{label.replace(',', '').replace(':', '-')}.parquet"
    frame.write_parquet(path)
    return path


if __name__ == "__main__":
    main()
