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

    @property
    def ok(self) -> bool:
        return not self.errors


def gazetteer(settings: Settings) -> Gazetteer:
    from kg.resolve.gazetteer import load_gazetteer

    return load_gazetteer(settings.companies_csv)


def read_articles(specs: Iterable[str], max_chars: int | None = None) -> tuple[list[Article], list[InputError]]:
    """Read files, folders and globs; bad files come back as errors, good ones as articles.

    With ``max_chars``, an article with a longer text is an error too.
    """
    from kg.ingest import read_articles as _read

    articles: list[Article] = []
    errors: list[InputError] = []
    for item in _read(list(specs), max_chars):
        if isinstance(item, InputError):
            errors.append(item)
        elif max_chars is not None and len(item.text) > max_chars:
            errors.append(
                InputError(
                    item.path,
                    f"article has {len(item.text):,} characters, over the limit of {max_chars:,}; "
                    "raise it with 'kg ingest --max-chars N' or $KG_MAX_CHARS",
                )
            )
        else:
            articles.append(item)
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


def ingest(
    specs: Iterable[str],
    settings: Settings | None = None,
    store: Store | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int = 200,
) -> IngestReport:
    """Read, extract and write articles into the store; each chunk of articles is one transaction."""
    from kg.graphwrite import group_by_article, write_articles

    settings = settings or load_settings()
    articles, errors = read_articles(specs, settings.max_chars)
    own = store is None
    store = store or open_store(settings)
    try:
        before = store.count()
        gaz = gazetteer(settings)
        n_events = 0
        done = 0
        pending: list[tuple[Article, list[EventCandidate]]] = []
        for article, events in extract(articles, settings):
            pending.append((article, events))
            n_events += len(events)
            done += 1
            if on_progress:
                on_progress(done, len(articles))
            if len(pending) >= chunk:
                write_articles(store, group_by_article(pending), gaz, settings)
                pending = []
        if pending or not articles:
            write_articles(store, group_by_article(pending), gaz, settings)
        after = store.count()
    finally:
        if own:
            store.close()
    return IngestReport(len(articles), n_events, tuple(errors), before, after)


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
