"""Extraction on a Dask ``distributed`` cluster: workers extract, this process writes.

``cluster_extractor`` opens a client, to a ``LocalCluster`` of N worker processes or to an
existing scheduler (``tcp://HOST:8786``), and gives back an ``Extractor`` for
``kg.api.ingest``: articles go to the workers in batches, each worker builds the spaCy
pipeline once and keeps it, and sends back only the events (this process still holds the
articles in flight), paired with their articles in input order, so the single writer stores
exactly what a serial run stores. At most a few batches per
worker are in flight, so memory stays bounded whatever the size of the input.

Workers need the ``kg`` package and the spaCy model importable (same environment, or the
same project checkout on ``PYTHONPATH``) and read the gazetteer and the patterns from the
paths in the settings, so on other machines those paths must exist too.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from kg.config import Settings
from kg.errors import StoreError
from kg.records import Article, EventCandidate

#: Articles per task sent to a worker: at most ``BATCH`` and ``TASK_CHARS`` characters of text
#: (16 articles of real news, 64 short ones), so each task is about the same work.
BATCH = 64
TASK_CHARS = 32_000
#: Tasks in flight per worker: enough that the workers keep extracting while this process
#: writes a batch (--batch, 200 articles by default).
IN_FLIGHT = 8
#: Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which switches off
#: glibc's adaptive mmap threshold: every spaCy array above 128 KiB then becomes a fresh
#: mmap and munmap, and its pages fault in again. Measured on 660 articles: 3.3 s of system
#: time per worker instead of 0.8 s, 1.42x instead of 1.63x with two workers (the same
#: variable costs a serial run 6 s). ``None`` unsets it (Dask's documented override).
#: Dask's statistical profiler samples every worker's stack each 10 ms and keeps the last
#: 1,000 one-second profiles: through spaCy's call trees that grew each worker by ~190 MiB in
#: its first 15 minutes (100,000-article ingest, eleventh session). Nothing here reads them.
LOCAL_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
#: Every Dask comm keeps its last ``low-level-log-length`` (1,000) messages for debugging; the
#: messages that send a task carry its 16 articles, so this process held ~2,000 batches of
#: articles it had long written (+36 MiB per 18,000 articles, 9,700 ``Article`` objects
#: alive). A short log keeps the debugging aid and bounds what it holds.
CLIENT_CONFIG = {"distributed.admin.low-level-log-length": 50}

_PIPELINES: dict[Settings, tuple[Any, Any]] = {}


def _pipeline(settings: Settings) -> tuple[Any, Any]:
    """The worker's spaCy pipeline and gazetteer, built on first use and kept."""
    if settings not in _PIPELINES:
        from kg.extract.pipeline import build_nlp
        from kg.resolve.gazetteer import load_gazetteer

        gaz = load_gazetteer(settings.companies_csv)
        _PIPELINES[settings] = (build_nlp(settings, gaz), gaz)
    return _PIPELINES[settings]


def extract_batch(articles: list[Article], settings: Settings) -> list[list[EventCandidate]]:
    """Run on a worker: the events of each article, in order."""
    from kg.extract.events import extract_articles

    nlp, gaz = _pipeline(settings)
    return [events for _, events in extract_articles(articles, nlp, gaz, batch_size=settings.batch_size, n_process=1)]


def _ordered(client: Any, settings: Settings, articles: Iterable[Article], window: int) -> Iterator[Any]:
    """Submit batches with at most ``window`` in flight; yield their results in order."""
    from kg.api import batches

    queue: deque[Any] = deque()
    for batch in batches(articles, BATCH, TASK_CHARS):
        queue.append((batch, client.submit(extract_batch, batch, settings, pure=False)))
        if len(queue) >= window:
            batch, future = queue.popleft()
            yield from zip(batch, future.result(), strict=True)
    while queue:
        batch, future = queue.popleft()
        yield from zip(batch, future.result(), strict=True)


@contextmanager
def cluster_extractor(settings: Settings, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """An extractor on a Dask cluster: an existing ``scheduler`` address, else a
    ``LocalCluster`` of ``workers`` processes (one thread each). ``CLIENT_CONFIG`` holds for
    as long as the cluster is used (a worker that reconnects gets a new comm)."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(CLIENT_CONFIG):
        cluster = None
        try:
            if scheduler:
                client = Client(scheduler, timeout="30s")
            else:
                with dask.config.set(LOCAL_WORKER_CONFIG):
                    cluster = LocalCluster(
                        n_workers=workers or 1,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.WARNING,
                    )
                client = Client(cluster)
        except OSError as e:
            raise StoreError(
                f"cannot reach the Dask scheduler {scheduler or 'LocalCluster'} ({e}); "
                "start one with 'dask scheduler' and 'dask worker ADDRESS', or check the address"
            ) from e
        plain = replace(settings, endpoint=None, update_endpoint=None, endpoint_token=None)  # workers never write
        try:
            size = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))

            def run(articles: Iterable[Article]) -> Iterator[tuple[Article, list[EventCandidate]]]:
                yield from _ordered(client, plain, articles, size * IN_FLIGHT)

            yield run
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
