"""Streaming, resumable ingest and extraction on a Dask cluster (issue 12, items 3 and 4).

Real spaCy, real Oxigraph stores, real ``dask scheduler`` / ``dask worker`` processes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg import api
from kg.config import PROJECT_ROOT, load_settings
from kg.errors import InputError
from kg.ingest.jsonl import read_jsonl
from kg.process import ServerProcess, free_port, start_server
from kg.records import Article, EventCandidate
from kg.store import open_oxigraph

ARTICLES = PROJECT_ROOT / "data" / "articles"
BIN = Path(sys.executable).parent
SAMPLE = [
    "01-microsoft-openai-first-investment.md",
    "02-nvidia-agrees-to-buy-arm.md",
    "04-nvidia-arm-deal-collapses.md",
]


def sample_dir(tmp_path: Path, names: Iterable[str] = SAMPLE) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(ARTICLES / name, folder / name)
    return folder


def events_csv(store_path: Path) -> list[str]:
    with open_oxigraph(store_path, create=False) as store:
        table = api.query(store, "events")
        return sorted(",".join(row) for row in table.rows)  # type: ignore[union-attr]


@pytest.mark.model
def test_a_second_ingest_skips_stored_articles_unless_forced(tmp_path: Path) -> None:
    folder = sample_dir(tmp_path)
    settings = load_settings(env={}, store=tmp_path / "store")
    first = api.ingest([str(folder)], settings)
    assert (first.articles, first.skipped) == (3, 0) and first.events
    again = api.ingest([str(folder)], settings)
    assert (again.articles, again.skipped, again.triples_after) == (0, 3, first.triples_after)
    changed = folder / SAMPLE[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    third = api.ingest([str(folder)], settings)
    assert (third.articles, third.skipped) == (1, 2)
    forced = api.ingest([str(folder)], settings, force=True)
    assert (forced.articles, forced.skipped) == (3, 0)
    assert forced.triples_after == third.triples_after


@pytest.mark.model
def test_the_cli_counts_the_store_only_when_asked(tmp_path: Path) -> None:
    """Counting is a full scan (~5 s each at 12 M triples), so a daily one-article ingest
    skips it unless --count asks."""
    folder = sample_dir(tmp_path, SAMPLE[:1])
    plain = _kg("--store", str(tmp_path / "s"), "ingest", str(folder))
    assert plain.returncode == 0, plain.stderr
    assert "ingested 1 article(s)" in plain.stderr and "triples" not in plain.stderr
    with open_oxigraph(tmp_path / "s", create=False) as store:
        before = store.count()
    (tmp_path / "more").mkdir()
    folder2 = sample_dir(tmp_path / "more", SAMPLE[1:2])
    counted = _kg("--store", str(tmp_path / "s"), "ingest", "--count", str(folder2))
    assert counted.returncode == 0, counted.stderr
    with open_oxigraph(tmp_path / "s", create=False) as store:
        after = store.count()
    assert after > before
    assert f"store has {after} triples (+{after - before})" in counted.stderr


@pytest.mark.model
def test_an_interrupted_ingest_keeps_the_written_batches_and_resumes(tmp_path: Path) -> None:
    folder = sample_dir(tmp_path)
    settings = load_settings(env={}, store=tmp_path / "store")

    def dies_after_two(articles: Iterable[Article]) -> Iterator[tuple[Article, list[EventCandidate]]]:
        for n, pair in enumerate(api.extract(articles, settings)):
            if n == 2:
                raise KeyboardInterrupt
            yield pair

    with pytest.raises(KeyboardInterrupt):
        api.ingest([str(folder)], settings, chunk=1, extractor=dies_after_two)
    resumed = api.ingest([str(folder)], settings, chunk=1)
    assert (resumed.articles, resumed.skipped) == (1, 2)
    serial = tmp_path / "serial"
    api.ingest([str(folder)], load_settings(env={}, store=serial))
    assert events_csv(tmp_path / "store") == events_csv(serial)


@pytest.mark.model
def test_a_failed_write_in_the_writer_thread_stops_the_ingest(tmp_path: Path) -> None:
    """Batches are written in a thread of their own (kg.api._BatchWriter): a write that fails
    there (a bad curation file) still reaches the caller as its own error, and the store keeps
    what it held."""
    head = "kind,parties,set_kind,set_parties,set_agents,set_status,set_date,source,note\n"
    curation = tmp_path / "curation"
    curation.mkdir()
    (curation / "agreements.csv").write_text(head + "supply,Arm | Nvidia,takeover,,,,,,\n", encoding="utf-8")
    store = tmp_path / "store"
    api.ingest([str(sample_dir(tmp_path, SAMPLE[:1]))], load_settings(env={}, store=store))
    before = events_csv(store)
    bad = load_settings(env={}, store=store, curation_dir=curation)
    with pytest.raises(InputError, match=r"agreements\.csv: line 2: set_kind 'takeover'"):
        api.ingest([str(sample_dir(tmp_path))], bad, chunk=1, force=True)
    assert events_csv(store) == before


def test_batches_end_at_a_count_or_a_length_of_text() -> None:
    """The tasks sent to Dask workers: 64 short articles or a few long ones, about the same work."""

    def art(n: int, chars: int) -> Article:
        return Article(key=f"k{n}", text="x" * chars, path=f"a{n}.txt")

    lengths = [3, 3, 3, 10, 2, 2, 2, 2, 2]
    got = [[len(a.text) for a in b] for b in api.batches([art(i, n) for i, n in enumerate(lengths)], 4, chars=9)]
    assert got == [[3, 3, 3], [10], [2, 2, 2, 2], [2]]
    assert [len(b) for b in api.batches([art(i, 1) for i in range(5)], 2)] == [2, 2, 1]
    # the parse batches of kg.extract.events are cut by the same rule, on (text, context) pairs
    from kg.extract.events import char_batches

    pairs = [("x" * n, i) for i, n in enumerate(lengths)]
    assert [[len(t) for t, _ in b] for b in char_batches(pairs, 4, 9)] == got


@pytest.mark.model
def test_progress_reports_every_article_against_an_estimate(tmp_path: Path) -> None:
    folder = sample_dir(tmp_path)
    seen: list[tuple[int, int]] = []
    api.ingest([str(folder)], load_settings(env={}, store=tmp_path / "s"), on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def _jsonl(path: Path, n: int, bad_last: bool = False) -> Path:
    text = "Microsoft said it would invest in OpenAI. " * 20
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"url": f"https://example.org/{i}", "title": f"t{i}", "text": text}) + "\n")
        if bad_last:
            f.write('{"url": "https://example.org/x"}\n')
    return path


def _peak_streaming(path: Path) -> int:
    tracemalloc.start()
    try:
        count = sum(1 for item in read_jsonl(str(path), 2_000_000) if isinstance(item, Article))
        assert count > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_a_big_jsonl_file_keeps_memory_flat(tmp_path: Path) -> None:
    small = _peak_streaming(_jsonl(tmp_path / "small.jsonl", 200))
    big = _peak_streaming(_jsonl(tmp_path / "big.jsonl", 4000))
    assert big < 2 * small, (small, big)


def test_a_bad_jsonl_line_is_one_error_and_the_other_lines_are_read(tmp_path: Path) -> None:
    errors: list[InputError] = []
    good = list(api.stream_articles([str(_jsonl(tmp_path / "good.jsonl", 5))], errors))
    assert [a.path.rsplit("#", 1)[1] for a in good] == ["1", "2", "3", "4", "5"] and not errors
    mixed = list(api.stream_articles([str(_jsonl(tmp_path / "bad.jsonl", 5, bad_last=True))], errors))
    assert [a.url for a in mixed] == [f"https://example.org/{i}" for i in range(5)]
    assert len(errors) == 1 and errors[0].path.endswith("/bad.jsonl")
    assert "line 6" in errors[0].problem and "the other lines are read" in errors[0].problem


def test_an_over_long_jsonl_line_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "long.jsonl", 2)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"text": "y" * 10_000_000}) + "\n")
        f.write(json.dumps({"url": "https://example.org/after", "text": "Acme bought Widget."}) + "\n")
    tracemalloc.start()
    try:
        items = list(read_jsonl(str(path), max_chars=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError", "Article"]
    assert "line 3: over 665,536 bytes" in items[2].problem  # type: ignore[union-attr]
    assert items[3].path.endswith("#4")  # type: ignore[union-attr]
    assert peak < 3_000_000, peak  # the 10 MB line never sits in memory


def _kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "kg"), *args], capture_output=True, text=True, timeout=900, env=env or _env())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


#: What the README tells users to set for ``dask worker`` (see kg.distributed.LOCAL_WORKER_CONFIG).
WORKER_ENV = {
    "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON": '{"MALLOC_TRIM_THRESHOLD_": None}',
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
}


#: Run on a worker: its malloc trim threshold and whether Dask's profiler samples it. A lambda,
#: so that Dask sends it by value: a ``dask worker`` process cannot import this test module.
_worker_settings = lambda: (  # noqa: E731
    os.environ.get("MALLOC_TRIM_THRESHOLD_"),
    __import__("dask").config.get("distributed.worker.profile.enabled"),
)


def _worker_malloc_settings(address: str) -> list[tuple[str | None, bool]]:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        return list(client.run(_worker_settings).values())


@contextmanager
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A real ``dask scheduler`` and one ``dask worker`` process on 127.0.0.1."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler_cmd = [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    worker_cmd = [str(BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    worker_env = {**_env(), **WORKER_ENV}
    with start_server(scheduler_cmd, address, timeout=60, env=_env(), cwd=tmp_path) as scheduler:
        worker = ServerProcess(worker_cmd, env=worker_env, cwd=tmp_path)
        try:
            yield address
        finally:
            worker.stop(timeout=30)
            scheduler.stop(timeout=30)


@pytest.mark.model
@pytest.mark.server
def test_extraction_on_a_dask_scheduler_and_worker_gives_the_serial_events(tmp_path: Path) -> None:
    folder = sample_dir(tmp_path)
    serial = _kg("--store", str(tmp_path / "serial"), "ingest", str(folder))
    assert serial.returncode == 0, serial.stderr
    with dask_cluster(tmp_path) as address:
        done = _kg("--store", str(tmp_path / "dask"), "ingest", "--scheduler", address, str(folder))
        malloc = _worker_malloc_settings(address)
    assert done.returncode == 0, done.stderr
    assert malloc == [(None, False)], "the README's worker environment: glibc's adaptive malloc, no profiler"
    assert "ingested 3 article(s)" in done.stderr
    assert events_csv(tmp_path / "dask") == events_csv(tmp_path / "serial")


@pytest.mark.model
@pytest.mark.server
def test_extraction_on_a_local_cluster_gives_the_serial_events(tmp_path: Path) -> None:
    folder = sample_dir(tmp_path)
    serial = tmp_path / "serial"
    api.ingest([str(folder)], load_settings(env={}, store=serial))
    done = _kg("--store", str(tmp_path / "local"), "ingest", "--workers", "2", "--batch", "2", str(folder))
    assert done.returncode == 0, done.stderr
    assert events_csv(tmp_path / "local") == events_csv(serial)
    assert "INFO" not in done.stderr, "Dask's own INFO lines reach the terminal without --verbose"


@pytest.mark.server
def test_local_cluster_workers_keep_the_adaptive_malloc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask's nannies set MALLOC_TRIM_THRESHOLD_, which makes every large spaCy array an
    mmap/munmap pair (4x the system time of a worker); our LocalCluster unsets it. Dask's
    profiler grew each worker by ~190 MiB over a long ingest; it is off."""
    from distributed import get_client

    from kg.distributed import cluster_extractor

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with cluster_extractor(load_settings(env={}, store=tmp_path / "s"), workers=1):
        seen = get_client().run(_worker_settings)
    assert list(seen.values()) == [(None, False)]


@pytest.mark.server
def test_the_writer_keeps_no_long_log_of_the_articles_it_sent(tmp_path: Path) -> None:
    """Each Dask comm logs its last ``low-level-log-length`` messages, and a task's message
    carries its articles: with Dask's 1,000 the writer held ~2,000 batches of written articles
    (measured, kg.distributed.CLIENT_CONFIG). Checked on the comms themselves, after 40 tasks."""
    import dask
    from distributed import get_client

    from kg.distributed import cluster_extractor

    default = dask.config.get("distributed.admin.low-level-log-length")
    with cluster_extractor(load_settings(env={}, store=tmp_path / "s"), workers=1):
        client = get_client()
        scheduler = client.cluster.scheduler
        comms = [client.scheduler_comm, *scheduler.stream_comms.values(), *scheduler.client_comms.values()]
        client.gather([client.submit(len, "x" * i, pure=False) for i in range(40)])
        lengths = [comm.recent_message_log.maxlen for comm in comms]
    assert all(n is not None and n < default for n in lengths), lengths
    assert dask.config.get("distributed.admin.low-level-log-length") == default, "the setting leaked out"


@pytest.mark.model
def test_workers_and_scheduler_together_are_a_usage_error(tmp_path: Path) -> None:
    done = _kg("--store", str(tmp_path / "s"), "ingest", "--workers", "2", "--scheduler", "tcp://x:1", str(ARTICLES))
    assert done.returncode == 2 and "not both" in done.stderr
