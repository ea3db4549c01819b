"""Memory of a long ingest's store side: extracted articles through the real writer, no spaCy.

Run on demand: ``.venv/bin/python bench/bench_store_rss.py --articles 4000 --mode flush``.
Articles come from ``tests/scale_corpus.py`` (with ``--small N``, N small companies instead
of its 46, so each write's scope stays proportional to the batch). They are written in
batches of ``--batch`` by ``write_articles`` into a fresh on-disk Oxigraph store, as
``kg ingest`` does, and after every batch the process's resident set (``VmRSS``) and its
peak so far (``VmHWM``) are printed in MiB. ``--mode`` says what happens between batches:

- ``none``: nothing (``kg ingest`` before ``Store.flush``)
- ``flush``: ``Store.flush`` (the store's memtables written to disk)
- ``trim``: ``flush``, then glibc's ``malloc_trim(0)`` (free memory handed back to the OS)
- ``reopen:K``: ``flush``, and every K batches the store closed and opened again (RocksDB's
  block caches and open table readers belong to the open instance)
- ``release``: ``Store.release_memory`` (what ``kg ingest`` does after every batch)
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's kg, and the test corpus

import scale_corpus  # noqa: E402

from kg.config import load_settings  # noqa: E402
from kg.graphwrite import write_articles  # noqa: E402
from kg.resolve.gazetteer import load_gazetteer  # noqa: E402
from kg.store import Store, open_oxigraph  # noqa: E402


def status_mib(key: str) -> int:
    """A ``/proc/self/status`` memory figure (``VmRSS``, ``VmHWM``) in MiB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    raise KeyError(key)


def between_batches(store: Store, mode: str, batch_no: int) -> Store:
    """What happens after batch ``batch_no`` (1-based); returns the store to write next."""
    if mode == "none":
        return store
    if mode == "release":
        store.release_memory()
        return store
    store.flush()
    if mode == "trim":
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    elif mode.startswith("reopen:") and batch_no % int(mode.split(":")[1]) == 0:
        location = Path(store.location)
        store.close()
        del store
        gc.collect()
        return open_oxigraph(location)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--mode", default="flush", help="none | flush | trim | reopen:K | release")
    parser.add_argument("--small", type=int, default=5000, help="small companies (0: the corpus' own 46)")
    args = parser.parse_args()
    if args.small:
        scale_corpus.SMALL = tuple(f"Firm {n:05d}" for n in range(args.small))
    items = scale_corpus.corpus(args.articles, seed=7, hub_share=0.0 if args.small else 0.9)
    with tempfile.TemporaryDirectory(prefix="kg-rss-") as tmp:
        settings = load_settings(env={}, store=Path(tmp) / "store")
        gaz = load_gazetteer(settings.companies_csv)
        store = open_oxigraph(settings.store)
        print(f"# mode={args.mode} batch={args.batch} load={os.getloadavg()[0]:.2f} rss={status_mib('VmRSS')} MiB")
        print("articles rss_mib hwm_mib seconds")
        start = time.perf_counter()
        for no, i in enumerate(range(0, len(items), args.batch), 1):
            write_articles(store, items[i : i + args.batch], gaz, settings)
            store = between_batches(store, args.mode, no)
            done = min(i + args.batch, len(items))
            print(f"{done} {status_mib('VmRSS')} {status_mib('VmHWM')} {time.perf_counter() - start:.1f}", flush=True)
        store.close()
        size = sum(p.stat().st_size for p in settings.store.rglob("*") if p.is_file())
        print(f"# store {size / 2**20:.0f} MiB on disk, load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
