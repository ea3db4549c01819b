"""The small public API: what the CLI and the notebooks call.

Each function is a thin composition of the stages; heavy imports (spaCy, pyvis) happen
inside the functions that need them, so importing ``kg.api`` is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.config import Settings, load_settings
from kg.errors import InputError
from kg.records import Article, EventCandidate
from kg.store import Store, open_store

#: Maps articles to (article, events) pairs in input order (``extract``, or a cluster's).
Extractor = Callable[[Iterable[Article]], Iterable[tuple[Article, list[EventCandidate]]]]

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.query.results import Table
    from kg.resolve.gazetteer import Gazetteer

__all__ = [
    "IngestReport",
    "load_settings",
    "open_store",
    "read_articles",
    "extract",
    "ingest",
    "rebuild",
    "query",
    "count",
]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ``ingest`` did."""

    articles: int
    events: int
    errors: tuple[InputError, ...] = field(default=())
    triples_before: int = 0
    triples_after: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def gazetteer(settings: Settings) -> Gazetteer:
    from kg.resolve.gazetteer import load_gazetteer

    return load_gazetteer(settings.companies_csv)


def _too_long(article: Article, max_chars: int | None) -> InputError | None:
    if max_chars is None or len(article.text) <= max_chars:
        return None
    return InputError(
        article.path,
        f"article has {len(article.text):,} characters, over the limit of {max_chars:,}; "
        "raise it with 'kg ingest --max-chars N' or $KG_MAX_CHARS",
    )


def stream_articles(specs: Iterable[str], errors: list[InputError], max_chars: int | None = None) -> Iterator[Article]:
    """Read files, folders and globs one article at a time; bad files (and, with
    ``max_chars``, longer articles) are appended to ``errors`` instead."""
    from kg.ingest import read_articles as _read

    for item in _read(list(specs), max_chars):
        problem = item if isinstance(item, InputError) else _too_long(item, max_chars)
        if problem is not None:
            errors.append(problem)
        else:
            yield item  # type: ignore[misc]


def read_articles(specs: Iterable[str], max_chars: int | None = None) -> tuple[list[Article], list[InputError]]:
    """Read files, folders and globs; bad files come back as errors, good ones as articles.

    With ``max_chars``, an article with a longer text is an error too.
    """
    errors: list[InputError] = []
    articles = list(stream_articles(specs, errors, max_chars))
    return articles, errors


def extract(
    articles: Iterable[Article], settings: Settings | None = None
) -> Iterator[tuple[Article, list[EventCandidate]]]:
    """Run the extraction pipeline over articles, in order."""
    from kg.extract.events import extract_articles
    from kg.extract.pipeline import build_nlp

    settings = settings or load_settings()
    gaz = gazetteer(settings)
    nlp = build_nlp(settings, gaz)
    yield from extract_articles(articles, nlp, gaz, batch_size=settings.batch_size, n_process=settings.n_process)


def batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _new_only(
    articles: Iterable[Article], store: Store, size: int, skipped: Callable[[Article], None]
) -> Iterator[Article]:
    """The articles whose text the store does not hold yet under their key."""
    from kg.graphwrite import stored_hashes

    for batch in batches(articles, size):
        known = stored_hashes(store, batch)
        for article in batch:
            if known.get(article.key) == article.sha256:
                skipped(article)
            else:
                yield article


def ingest(
    specs: Iterable[str],
    settings: Settings | None = None,
    store: Store | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int = 200,
    force: bool = False,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Read, extract and write articles into the store, streaming: each ``chunk`` of
    articles is one transaction, and memory does not grow with the number of articles.

    An article whose key and text are already stored is skipped unless ``force``.
    ``on_progress(done, total)`` is called after each article (``total`` is an estimate
    from the files). ``extractor`` maps articles to (article, events) pairs in order
    (default: ``extract`` in this process; see ``kg.distributed`` for a Dask cluster).
    """
    from kg.graphwrite import group_by_article, write_articles
    from kg.ingest.paths import estimate_articles

    settings = settings or load_settings()
    specs = list(specs)
    errors: list[InputError] = []
    own = store is None
    store = store or open_store(settings)
    total = estimate_articles(specs)
    counts = {"articles": 0, "events": 0, "skipped": 0, "done": 0}

    def tick(n: int = 1) -> None:
        counts["done"] += n
        if on_progress:
            on_progress(counts["done"], max(total, counts["done"]))

    def skip(_: Article) -> None:
        counts["skipped"] += 1
        tick()

    try:
        before = store.count()
        gaz = gazetteer(settings)
        articles: Iterable[Article] = stream_articles(specs, errors, settings.max_chars)
        if not force:
            articles = _new_only(articles, store, chunk, skip)
        run = extractor or (lambda items: extract(items, settings))
        pending: list[tuple[Article, list[EventCandidate]]] = []
        wrote = False
        for article, events in run(articles):
            pending.append((article, events))
            counts["articles"] += 1
            counts["events"] += len(events)
            tick()
            if len(pending) >= chunk:
                write_articles(store, group_by_article(pending), gaz, settings)
                store.flush()
                pending, wrote = [], True
        if pending or not wrote:
            write_articles(store, group_by_article(pending), gaz, settings)
        after = store.count()
    finally:
        if own:
            store.close()
    return IngestReport(counts["articles"], counts["events"], tuple(errors), before, after, counts["skipped"])


def rebuild(settings: Settings | None = None, store: Store | None = None) -> None:
    """Re-derive agreements and the derived graph from the stored claims."""
    from kg.graphwrite import rebuild as _rebuild

    settings = settings or load_settings()
    own = store is None
    store = store or open_store(settings)
    try:
        _rebuild(store, settings)
    finally:
        if own:
            store.close()


def query(store: Store, spec: str, params: Mapping[str, str] | None = None) -> Table | Graph | bool:
    """Run a named query, a ``.rq`` file or inline SPARQL; parameters are bound as RDF terms."""
    from kg.query.results import run_query
    from kg.query.runner import resolve

    return run_query(store, resolve(spec), params)


def count(store: Store) -> int:
    return store.count()
