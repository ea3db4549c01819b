"""Memory of a long ingest does not grow with the store (issue 12: peak RSS at 100,000 articles).

``kg.api.ingest`` with an extractor that hands back prepared events (no spaCy), in a child
process, so what is measured is the store side: reading, batching, the writer and the
embedded Oxigraph (RocksDB) store. Without the flush in ``Store.release_memory`` after every
batch the store's memtables (up to 128 MiB per column family before RocksDB switches them)
keep every write in memory: peak RSS grows ~26 MiB per 200 articles, and the growth this test
measures was 74 MiB (26 MiB with the flush).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT

pytestmark = pytest.mark.slow  # 800 articles through the real writer in a child process

TESTS = Path(__file__).parent
ARTICLES = 800
CHUNK = 200
#: Growth of peak RSS from the end of the first batch to the end of the run. Measured
#: 2026-12-03 (load average ~5): 26 MiB with the flush after every batch, 74 MiB without.
GROWTH_LIMIT_MIB = 50

CHILD = """
import json, os, sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import scale_corpus

from kg import api
from kg.config import load_settings
from kg.store import open_oxigraph

folder, n, chunk = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
scale_corpus.SMALL = tuple(f"Firm {i:05d}" for i in range(5000))  # writes stay the batch's size
items = scale_corpus.corpus(n, seed=7, hub_share=0.0)
events = {item.article.title: list(item.events) for item in items}
for name, part in (("first.jsonl", items[:chunk]), ("rest.jsonl", items[chunk:])):
    with (folder / name).open("w", encoding="utf-8") as f:
        for item in part:
            a = item.article
            f.write(json.dumps({"url": a.url, "title": a.title, "published": str(a.published), "text": a.text}) + "\\n")
del items


def extractor(articles):
    for article in articles:
        yield article, events[article.title]


def hwm_kib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


settings = load_settings(env={}, store=folder / "store")
with open_oxigraph(settings.store) as store:
    api.ingest([str(folder / "first.jsonl")], settings, store=store, chunk=chunk, extractor=extractor)
    first = hwm_kib()
    report = api.ingest([str(folder / "rest.jsonl")], settings, store=store, chunk=chunk, extractor=extractor)
print(json.dumps({"first_kib": first, "peak_kib": hwm_kib(), "articles": report.articles}))
"""


def test_peak_rss_of_a_long_ingest_does_not_grow_with_the_store(tmp_path: Path) -> None:
    """The child reads its own peak (``VmHWM``): ``wait4``'s ``ru_maxrss`` also counts the
    parent's RSS at the fork (Linux carries the pre-exec high-water mark over), which in a
    long pytest session was 360 MiB and failed this test with nothing wrong."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    cmd = [sys.executable, "-c", CHILD, str(TESTS), str(tmp_path), str(ARTICLES), str(CHUNK)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["articles"] == ARTICLES - CHUNK
    growth_mib = (result["peak_kib"] - result["first_kib"]) / 1024
    assert growth_mib <= GROWTH_LIMIT_MIB, (
        f"peak RSS grew {growth_mib:.0f} MiB over {ARTICLES - CHUNK} articles after the first batch "
        f"(limit {GROWTH_LIMIT_MIB} MiB; first batch peak {result['first_kib'] // 1024} MiB)"
    )
