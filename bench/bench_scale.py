"""Scale benchmark: ingest generated corpora, then time every named query and one more article.

Run on demand: ``.venv/bin/python bench/bench_scale.py --sizes 1000 10000``. For each size a
corpus is generated from the article templates below (written for this benchmark): companies
drawn from ``data/companies.csv`` with a few hubs (OpenAI, Microsoft, Nvidia) in about half
of the articles, every kind of deal, dates over seven years, varied amounts. Each corpus is
one JSON Lines file, ingested by ``kg ingest`` in a child process into a fresh on-disk store
(its wall time and peak RSS measured), then, in this process: the store's size and triple
count, the time of every named query (parameters as in ``PARAMS``), and the time of
``write_articles`` of one extra article (extracted beforehand) into the store and into an
empty store. Also the cold start of ``kg query`` with a one-line COUNT on the smallest store.
Prints a Markdown section for ``bench/RESULTS.md``.

For the 100,000-article run: ``--ingest-only`` skips everything but the ingest (and loads no
spaCy model in this process), ``--trace FILE`` samples the child's RSS, its own peak (``VmHWM``
from ``/proc``) and the store's size on disk every ``--every`` seconds, and ``--deadline S``
interrupts the ingest after S seconds (SIGINT: the batch in flight is lost, the written ones
stay) and counts the articles the store holds. ``--ingest-workers N`` makes the stores with
``kg ingest --workers N`` (the peak RSS reported is then the writer's; the trace's last
column sums the whole process tree).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg import api
from kg.config import PROJECT_ROOT, load_settings
from kg.graphwrite import group_by_article, write_articles
from kg.query.results import Table
from kg.query.runner import library
from kg.resolve.gazetteer import load_gazetteer
from kg.store import open_oxigraph

HUBS = ("OpenAI", "Microsoft", "Nvidia")
PARAMS = {"company": "OpenAI", "status": "completed", "date": "2024-06-30"}
KG = [sys.executable, "-m", "kg"]

TEMPLATES = (
    "{a} will invest {amount} in {b}, the two companies said on {day}. The funding round values {b} "
    "at several times its previous valuation, and {a} will get a seat on its board.",
    "{a} has agreed to acquire {b} for {amount}, the companies announced on {day}. The deal is "
    "expected to close later this year, subject to regulatory approval.",
    "{a} and {b} announced a strategic partnership on {day} to build AI infrastructure together. "
    "Financial terms were not disclosed.",
    "{a} signed a multiyear agreement on {day} to supply {b} with chips worth {amount}. Deliveries start next quarter.",
    "{a} completed its acquisition of {b} on {day}, months after the deal was first announced.",
    "{a} and {b} are in talks about a partnership, people familiar with the matter said on {day}. "
    "No agreement has been reached.",
    "Regulators opened an in-depth review of {a}'s planned purchase of {b} on {day}.",
    "{a} and {b} called off their planned merger on {day}, citing regulatory opposition.",
    "{a} licensed its models to {b} in a deal announced on {day}. The agreement runs for five years.",
)


def companies() -> list[str]:
    with (PROJECT_ROOT / "data" / "companies.csv").open(encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f) if row.get("kind", "company") == "company"]


def generate(n: int, path: Path, seed: int = 12) -> None:
    """``n`` articles as JSON Lines, each two or three template sentences."""
    rng = random.Random(seed)
    names = [c for c in companies() if c not in HUBS]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
            sentences = []
            for _ in range(rng.randint(2, 3)):
                a = rng.choice(HUBS) if rng.random() < 0.5 else rng.choice(names)
                b = rng.choice([x for x in names if x != a])
                if rng.random() < 0.5:
                    a, b = b, a
                amount = f"${rng.choice([1, 2, 5, 10, 40, 100, 250, 500])} {rng.choice(['million', 'billion'])}"
                sentences.append(
                    rng.choice(TEMPLATES).format(a=a, b=b, amount=amount, day=f"{day:%B} {day.day}, {day.year}")
                )
            row = {
                "url": f"https://bench.example.org/scale/{i}",
                "title": f"Deal news {i}",
                "published": day.isoformat(),
                "text": "\n\n".join(sentences),
            }
            f.write(json.dumps(row) + "\n")


def proc_memory(pid: int) -> tuple[int, int]:
    """A live process's RSS and peak RSS (``VmHWM``: its own, not carried over from a parent
    at the fork as ``ru_maxrss`` can be), in bytes; zeros once it is gone."""
    values = {"VmRSS:": 0, "VmHWM:": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, *rest = line.split()
            if key in values:
                values[key] = int(rest[0]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return values["VmRSS:"], values["VmHWM:"]


def tree_rss(pid: int) -> int:
    """The RSS of a process and all its descendants (the Dask workers), in bytes."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def ingest(
    corpus: Path,
    store: Path,
    *extra: str,
    trace: Path | None = None,
    every: float = 30.0,
    deadline: float | None = None,
) -> tuple[float, int, int, str]:
    """``kg ingest`` in a child process: wall seconds, its ``ru_maxrss`` and its last sampled
    ``VmHWM`` in bytes, its last stderr line. With ``trace``, a line every ``every`` seconds:
    seconds, RSS MiB, peak (VmHWM) MiB, store MiB on disk. With ``deadline``, the child gets
    SIGINT after that many seconds. The trace's last column is the RSS of the whole process
    tree (with ``--workers``, the Dask workers too)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        child = subprocess.Popen(
            [*KG, "--store", str(store), "ingest", *extra, str(corpus)],
            stdout=err,
            stderr=err,
            # A shell without job control starts background jobs with SIGINT ignored, and a
            # Python started so never raises KeyboardInterrupt: give the child the default.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        hwm, stopped, sampled = 0, False, -every
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                child.returncode = os.waitstatus_to_exitcode(status)
                break
            elapsed = time.perf_counter() - start
            if elapsed - sampled >= every:
                sampled = elapsed
                rss, hwm = proc_memory(child.pid)
                if trace:
                    with trace.open("a", encoding="utf-8") as out:
                        out.write(
                            f"{elapsed:.0f}\t{rss / 2**20:.0f}\t{hwm / 2**20:.0f}\t{size_of(store) / 2**20:.0f}"
                            f"\t{tree_rss(child.pid) / 2**20:.0f}\n"
                        )
            if deadline is not None and elapsed > deadline and not stopped:
                child.send_signal(signal.SIGINT)
                stopped = True
            elif stopped and deadline is not None and elapsed > deadline + 600:
                child.terminate()  # still writing after 10 minutes: stop it
            time.sleep(min(1.0, every))
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().strip()
    line = text.splitlines()[-1] if text else ""
    return wall, usage.ru_maxrss * 1024, hwm, ("interrupted: " if stopped else "") + line


def events_csv(store: Path) -> list[str]:
    """The ``events`` named query as sorted CSV lines, to compare two stores."""
    out = subprocess.run(
        [*KG, "--store", str(store), "query", "events", "--format", "csv"], check=True, capture_output=True, text=True
    ).stdout
    return sorted(out.splitlines())


def size_of(folder: Path) -> int:
    total = 0
    for p in folder.rglob("*"):
        try:
            total += p.stat().st_size if p.is_file() else 0
        except FileNotFoundError:  # a table file compacted away while we walk
            pass
    return total


def stored_articles(store_path: Path) -> int:
    with open_oxigraph(store_path, create=False) as store:
        answer = store.query_texts(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/alliance-kg/ont#Article> } }"
        )
    assert isinstance(answer, Table)
    return int(answer.rows[0][0])


def time_queries(store_path: Path) -> dict[str, tuple[float, int]]:
    out = {}
    with open_oxigraph(store_path, create=False) as store:
        first = api.query(store, "agreements")
        agreement = first.records()[0]["agreement"] if isinstance(first, Table) and first.rows else ""
        for name, named in library().items():
            params = {p.name: PARAMS.get(p.name, agreement) for p in named.params if p.required}
            start = time.perf_counter()
            result = api.query(store, name, params)
            rows = len(result.rows) if isinstance(result, Table) else len(result)  # type: ignore[arg-type]
            out[name] = (time.perf_counter() - start, rows)
    return out


def one_article(store_path: Path, item: list, settings) -> float:  # type: ignore[no-untyped-def, type-arg]
    gaz = load_gazetteer(settings.companies_csv)
    with open_oxigraph(store_path) as store:
        start = time.perf_counter()
        write_articles(store, item, gaz, settings)
        return time.perf_counter() - start


def cold_query(store: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*KG, "--store", str(store), "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=0, help="also ingest with --workers N (0: skip)")
    parser.add_argument(
        "--ingest-workers", type=int, default=0, help="make the stores with --workers N (0: one process)"
    )
    parser.add_argument(
        "--keep", type=Path, help="keep corpora and stores in this new folder (default: a temporary one)"
    )
    parser.add_argument("--ingest-only", action="store_true", help="only generate and ingest (no queries, no writes)")
    parser.add_argument("--trace", type=Path, help="append RSS and store-size samples of each ingest to this file")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples (default 30)")
    parser.add_argument("--deadline", type=float, help="interrupt each ingest after this many seconds")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    settings = load_settings(env={})
    try:
        print(f"## Scale ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n")
        print(f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}.\n")
        if not args.ingest_only:
            extra = work / "extra.jsonl"
            generate(1, extra, seed=999)
            extra_item = group_by_article(api.extract(api.read_articles([str(extra)])[0], settings))
            print(f"One-article write into an empty store: {one_article(work / 'empty', extra_item, settings):.3f} s\n")
        for n in args.sizes:
            corpus = work / f"corpus-{n}.jsonl"
            generate(n, corpus)
            store = work / f"store-{n}"
            extra_args = ("--workers", str(args.ingest_workers)) if args.ingest_workers else ()
            wall, rss, hwm, line = ingest(
                corpus, store, *extra_args, trace=args.trace, every=args.every, deadline=args.deadline
            )
            done = stored_articles(store) if line.startswith("interrupted") else n
            print(f"### {n:,} articles\n")
            print(
                f"- `{' '.join(('kg ingest', *extra_args))}`: {done:,} articles in {wall:.1f} s, "
                f"{done / wall:.1f} articles/s, peak RSS "
                f"{max(rss, hwm) / 2**20:.0f} MiB (ru_maxrss {rss / 2**20:.0f}, last VmHWM sampled {hwm / 2**20:.0f}) "
                f"({line})"
            )
            if args.workers:
                w_store = work / f"store-{n}-w"
                w_wall, w_rss, w_hwm, _ = ingest(corpus, w_store, "--workers", str(args.workers))
                same = events_csv(store) == events_csv(w_store)
                print(
                    f"- `kg ingest --workers {args.workers}`: {w_wall:.1f} s ({wall / w_wall:.2f}× one process), "
                    f"peak RSS of the client {max(w_rss, w_hwm) / 2**20:.0f} MiB, "
                    f"events {'the same as' if same else 'DIFFERENT from'} the serial run's"
                )
            print(f"- store: {size_of(store) / 2**20:.1f} MiB on disk")
            if args.ingest_only:
                print()
                continue
            print(f"- one-article write into this store: {one_article(store, extra_item, settings):.3f} s")
            print("\n| query | s | rows |\n|---|---|---|")
            for name, (seconds, rows) in time_queries(store).items():
                print(f"| {name} | {seconds:.2f} | {rows} |")
            print()
        if not args.ingest_only:
            print(f"Cold `kg query` (one-line COUNT) on the {args.sizes[0]:,}-article store: "
                  f"{cold_query(work / f'store-{args.sizes[0]}'):.2f} s")  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
