"""Ingest throughput against bare ``nlp.pipe`` of the same model on the same texts.

Run on demand (``make bench`` or ``.venv/bin/python bench/bench_ingest.py``). Both sides
process the same articles in the same process: first the bare spaCy pipeline
(``spacy.load(model)``, ``nlp.pipe``), then the full ``kg`` ingest (read files, our pipeline
with the gazetteer ruler and event components, RDF, one-transaction writes into a fresh
on-disk Oxigraph store). The two runs alternate ``--repeat`` times and the best time of
each counts, so a busy moment of the machine does not decide the ratio. Prints words/s for
both and their ratio (bare time ÷ ingest time), and the same ratio by CPU time (the process's, all
threads), which a busy virtual machine moves less than wall time.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import tempfile
import time
from pathlib import Path

import spacy

from kg import api
from kg.config import PROJECT_ROOT, load_settings

CORPORA = [PROJECT_ROOT / "data" / "articles", PROJECT_ROOT / "data" / "eval" / "articles"]


def corpus(copies: int, workdir: Path) -> tuple[list[str], Path]:
    """Copies of the bundled articles (distinct urls, so each is a separate article)."""
    folder = workdir / "articles"
    folder.mkdir()
    articles, _ = api.read_articles([str(p) for p in CORPORA if p.exists()])
    texts = []
    for n in range(copies):
        for i, article in enumerate(articles):
            path = folder / f"{n:03d}-{i:03d}.md"
            path.write_text(f"---\nurl: https://bench.example.org/{n}/{i}\n---\n{article.text}", encoding="utf-8")
            texts.append(article.text)
    return texts, folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=5, help="copies of the bundled corpus (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each side (default 3)")
    args = parser.parse_args()
    settings = load_settings()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        texts, folder = corpus(args.copies, work)
        words = sum(len(t.split()) for t in texts)
        nlp = spacy.load(settings.model)
        list(nlp.pipe(texts[:2]))  # warm up, as the ingest side's pipeline is warmed up below
        run_settings = settings.with_(store=work / "store")
        list(api.extract([], run_settings))  # load the pipeline outside the timed part
        bare_times, full_times, bare_cpu, full_cpu = [], [], [], []
        for n in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            bare_times.append(time.perf_counter() - start)
            bare_cpu.append(time.process_time() - cpu)
            store = work / f"store-{n}"
            start, cpu = time.perf_counter(), time.process_time()
            report = api.ingest([str(folder)], run_settings.with_(store=store))
            full_times.append(time.perf_counter() - start)
            full_cpu.append(time.process_time() - cpu)  # all threads: the writer's too
            shutil.rmtree(store, ignore_errors=True)
        bare, full = min(bare_times), min(full_times)
        print(
            f"machine: {platform.processor() or platform.machine()}, {platform.system()} {platform.release()}, python {platform.python_version()}"
        )
        print(f"articles: {len(texts)}  words: {words}")
        print(f"bare nlp.pipe ({settings.model}): {bare:.2f} s  {words / bare:,.0f} words/s")
        print(
            f"kg ingest (read+extract+RDF+store): {full:.2f} s  {words / full:,.0f} words/s  ({report.events} claims)"
        )
        print(
            f"runs (s): bare {', '.join(f'{t:.2f}' for t in bare_times)}; ingest {', '.join(f'{t:.2f}' for t in full_times)}"
        )
        print(
            f"CPU s (all threads): bare {', '.join(f'{t:.2f}' for t in bare_cpu)}; ingest {', '.join(f'{t:.2f}' for t in full_cpu)}"
        )
        print(f"ratio ingest/bare (best of {args.repeat}): {bare / full:.2f}")
        print(f"ratio by CPU time (best of {args.repeat}): {min(bare_cpu) / min(full_cpu):.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
