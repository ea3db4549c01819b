"""``kg ingest --workers N`` against one process, on real and on generated articles.

Run on demand, on an otherwise idle machine: ``.venv/bin/python bench/bench_workers.py``.
Two corpora: copies of the bundled real articles (``bench_ingest.corpus``, distinct urls)
and the short generated articles of ``bench_scale.generate``, where the single writer is a
larger share of the work. For each, ``kg ingest`` runs in a child process into a fresh store,
one process and ``--workers N`` alternating ``--repeat`` times; the fastest of each counts.
Prints wall times, the child's user and system CPU (workers included), the ratio, and
whether both give the same ``events``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import corpus  # noqa: E402
from bench_scale import events_csv, generate  # noqa: E402

KG = [sys.executable, "-m", "kg"]


def timed_ingest(source: Path, store: Path, *extra: str) -> tuple[float, float, float]:
    """Wall, user and system seconds of one ``kg ingest`` (children included)."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([*KG, "--store", str(store), "ingest", *extra, str(source)], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, after.children_user - before.children_user, after.children_system - before.children_system


def compare(name: str, slug: str, source: Path, work: Path, workers: int, repeat: int) -> None:
    best: dict[str, tuple[float, float, float]] = {}
    for n in range(repeat):
        for label, extra in (("serial", ()), ("workers", ("--workers", str(workers)))):
            store = work / f"{slug}-{label}-{n}"
            run = timed_ingest(source, store, *extra)
            if label not in best or run[0] < best[label][0]:
                best[label] = run
            if n < repeat - 1:
                shutil.rmtree(store)
    same = events_csv(work / f"{slug}-serial-{repeat - 1}") == events_csv(work / f"{slug}-workers-{repeat - 1}")
    (s_wall, s_user, s_sys), (w_wall, w_user, w_sys) = best["serial"], best["workers"]
    print(
        f"| {name} | {s_wall:.1f} s ({s_user:.1f} / {s_sys:.1f}) | {w_wall:.1f} s ({w_user:.1f} / {w_sys:.1f}) "
        f"| **{s_wall / w_wall:.2f}×** | {'yes' if same else 'NO'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--copies", type=int, default=12, help="copies of the bundled real articles (default 12)")
    parser.add_argument("--generated", type=int, default=1000, help="generated articles (default 1000)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each side (default 2)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-workers-"))
    try:
        texts, real = corpus(args.copies, work)
        generated = work / "generated.jsonl"
        generate(args.generated, generated)
        print(f"## `--workers {args.workers}` ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n")
        print(f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"load before {os.getloadavg()[0]:.2f}.\n")  # fmt: skip
        print(f"| corpus | one process, wall (user / sys) | `--workers {args.workers}` | ratio | same events |")
        print("|---|---|---|---|---|")
        compare(f"{len(texts)} real articles", "real", real, work, args.workers, args.repeat)
        compare(f"{args.generated:,} generated articles", "generated", generated, work, args.workers, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
