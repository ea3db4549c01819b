"""One-article ingest: the whole ``kg ingest FILE`` command (start, extract, write, exit) of one
new article into existing stores, against the same into an empty store.

Run on demand: ``.venv/bin/python bench/bench_one_ingest.py STORE... [--runs 3]``, for example
with the stores ``bench/bench_scale.py --keep DIR`` leaves. Each run writes a different article
(the same text under a new url), alternating between an empty store made here and each given
store, so a daily feed's one new article is what is timed. One untimed article goes into each
store first: it makes the empty store (writing a new store's ontology and indexes is not a
one-article ingest) and warms the file cache of the others. **The given stores keep the articles
written** (each run adds one). Prints a Markdown table: median and all runs, in seconds, and the
ratio of medians to the empty store's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KG = [sys.executable, "-m", "kg"]

TEXT = (
    "Anthropic and Samsung Electronics signed a multiyear agreement on December 4, 2026 to supply "
    "memory chips worth $2 billion, the companies said. (An illustrative article written for this "
    "benchmark.)"
)


def article(folder: Path, n: int) -> Path:
    """A one-article Markdown file with url number ``n``."""
    path = folder / f"one-{n}.md"
    path.write_text(
        f"---\ntitle: Illustrative deal note {n}\nurl: https://bench.example.org/one-ingest/{time.time_ns()}-{n}\n"
        f"published: 2026-12-05\n---\n{TEXT}\n",
        encoding="utf-8",
    )
    return path


def timed_ingest(store: Path, path: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([*KG, "--store", str(store), "ingest", str(path)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"error: kg ingest into {store} failed: {done.stderr.strip().splitlines()[-1:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", type=Path, help="existing store folders (each gains runs + 1 articles)")
    parser.add_argument("--runs", type=int, default=3, help="articles written into each store (default 3)")
    args = parser.parse_args()
    for store in args.stores:
        if not store.is_dir():
            raise SystemExit(f"error: {store}: no such store folder; make one with kg ingest or bench_scale.py --keep")
    with tempfile.TemporaryDirectory(prefix="kg-bench-one-") as tmp:
        work = Path(tmp)
        empty = work / "empty"
        times: dict[Path, list[float]] = {empty: [], **{s: [] for s in args.stores}}
        n = 0
        for store in times:  # untimed: make the empty store, warm the others
            n += 1
            timed_ingest(store, article(work, n))
        for _ in range(args.runs):
            for store in times:
                n += 1
                times[store].append(timed_ingest(store, article(work, n)))
        base = statistics.median(times[empty])
        print("| store | median s | runs s | × empty |\n|---|---|---|---|")
        for store, runs in times.items():
            label = "empty (one article)" if store == empty else str(store)
            med = statistics.median(runs)
            print(f"| {label} | {med:.2f} | {', '.join(f'{r:.2f}' for r in runs)} | {med / base:.2f} |")


if __name__ == "__main__":
    main()
