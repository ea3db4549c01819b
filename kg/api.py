"""The small public API: what the CLI and the notebooks call.

Each function is a thin composition of the stages; heavy imports (spaCy, pyvis) happen
inside the functions that need them, so importing ``kg.api`` is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Settings, load_settings
from kg.errors import ConfigError, InputError
from kg.records import Article, EventCandidate
from kg.store import Store, open_store

#: Maps articles to (article, events) pairs in input order (``extract``, or a cluster's).
Extractor = Callable[[Iterable[Article]], Iterable[tuple[Article, list[EventCandidate]]]]

if TYPE_CHECKING:
    from concurrent.futures import Future

    from rdflib import Graph

    from kg.evaluate import EvalReport
    from kg.graphwrite import Extracted
    from kg.query.runner import NamedQuery
    from kg.resolve.gazetteer import Gazetteer
    from kg.serve import Limits, Running
    from kg.store.table import Table
    from kg.validate.shacl import ValidationReport

__all__ = [
    "IngestReport",
    "DemoReport",
    "load_settings",
    "open_store",
    "read_articles",
    "extract",
    "ingest",
    "rebuild",
    "query",
    "count",
    "export",
    "validate",
    "render",
    "evaluate",
    "demo",
    "serve",
]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ``ingest`` did."""

    articles: int
    events: int
    errors: tuple[InputError, ...] = field(default=())
    triples_before: int | None = None  # None: not counted (see ``ingest(count=...)``)
    triples_after: int | None = None
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


def batches(items: Iterable[Article], size: int, chars: int | None = None) -> Iterator[list[Article]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily; with ``chars``, a
    list also ends before its texts pass ``chars`` characters (an article longer alone)."""
    from kg.batching import bounded_batches

    yield from bounded_batches(items, size, chars, lambda article: len(article.text))


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
    count: bool = True,
) -> IngestReport:
    """Read, extract and write articles into the store, streaming: each ``chunk`` of
    articles is one transaction, and memory does not grow with the number of articles.

    An article whose key and text are already stored is skipped unless ``force``.
    ``on_progress(done, total)`` is called after each article (``total`` is an estimate
    from the files). ``extractor`` maps articles to (article, events) pairs in order
    (default: ``extract`` in this process; see ``kg.distributed`` for a Dask cluster).
    With ``count`` the report holds the store's triple count before and after (two full
    scans: ~5 s each on a 12-million-triple store); without, both are ``None``.
    """
    from kg.ingest.paths import estimate_articles

    settings = settings or load_settings()
    specs = list(specs)
    errors: list[InputError] = []
    total = estimate_articles(specs)
    counts = {"articles": 0, "events": 0, "skipped": 0, "done": 0}

    def tick(n: int = 1) -> None:
        counts["done"] += n
        if on_progress:
            on_progress(counts["done"], max(total, counts["done"]))

    def skip(_: Article) -> None:
        counts["skipped"] += 1
        tick()

    with _store_for(settings, store, create=True) as target:
        before = target.count() if count else None
        gaz = gazetteer(settings)
        articles: Iterable[Article] = stream_articles(specs, errors, settings.max_chars)
        if not force:
            articles = _new_only(articles, target, chunk, skip)
        run = extractor or (lambda items: extract(items, settings))
        pending: list[tuple[Article, list[EventCandidate]]] = []
        with _BatchWriter(target, gaz, settings, background=extractor is None) as writer:
            for article, events in run(articles):
                pending.append((article, events))
                counts["articles"] += 1
                counts["events"] += len(events)
                tick()
                if len(pending) >= chunk:
                    writer.write(pending)
                    pending = []
            if pending or not writer.wrote:
                writer.write(pending)
        after = target.count() if count else None
    return IngestReport(counts["articles"], counts["events"], tuple(errors), before, after, counts["skipped"])


class _BatchWriter:
    """Writes batches of extracted articles, with ``background`` in a thread of its own, one at
    a time, while the next batch is extracted: Oxigraph releases the GIL while it writes, so on
    two cores the write mostly hides behind extraction in this process (bench_ingest: 17.2 s
    against 16.0 s for 275 articles). At most one batch is in flight (a write waits for the one
    before it), each is still one transaction, and leaving the block waits for the last one and
    raises its error, if any. With Dask workers extracting elsewhere the writer stays in the
    main thread: a second thread there cost CPU and made 1,000 articles 1 s slower."""

    def __init__(self, target: Store, gaz: Gazetteer, settings: Settings, background: bool) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._target, self._gaz, self._settings = target, gaz, settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer") if background else None
        self._inflight: Future[None] | None = None
        self.wrote = False

    def write(self, batch: list[tuple[Article, list[EventCandidate]]]) -> None:
        from kg.graphwrite import group_by_article

        self._wait()
        items = group_by_article(batch)
        if self._pool is None:
            self._store(items)
        else:
            self._inflight = self._pool.submit(self._store, items)
        self.wrote = True

    def _store(self, items: list[Extracted]) -> None:
        from kg.graphwrite import write_articles

        write_articles(self._target, items, self._gaz, self._settings)
        self._target.release_memory()  # else the embedded store's memory grows with the store

    def _wait(self) -> None:
        if self._inflight is not None:
            inflight, self._inflight = self._inflight, None
            inflight.result()

    def __enter__(self) -> _BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)


@contextmanager
def _store_for(settings: Settings | None, store: Store | None, create: bool = False) -> Iterator[Store]:
    """``store`` as given (left open), else the one ``settings`` name, opened and closed here;
    without ``create`` a store folder that does not exist is a ``StoreError``."""
    if store is not None:
        yield store
        return
    with open_store(settings or load_settings(), create=create) as own:
        yield own


def rebuild(settings: Settings | None = None, store: Store | None = None) -> None:
    """Re-derive agreements and the derived graph from the stored claims."""
    from kg.graphwrite import rebuild as _rebuild

    settings = settings or load_settings()
    with _store_for(settings, store) as target:
        _rebuild(target, settings)


def query(store: Store, spec: str | NamedQuery, params: Mapping[str, str] | None = None) -> Table[str] | Graph | bool:
    """Run a named query, a ``.rq`` file or inline SPARQL (or a query already resolved with
    ``kg.query.runner.resolve``); parameters are bound as RDF terms."""
    from kg.query.results import run_query
    from kg.query.runner import resolve

    return run_query(store, resolve(spec) if isinstance(spec, str) else spec, params)


def count(store: Store) -> int:
    return store.count()


def export(
    fmt: str = "trig", out: Path | None = None, settings: Settings | None = None, store: Store | None = None
) -> str:
    """The whole graph as ``ttl``, ``nt``, ``nq``, ``trig`` or ``jsonld`` text (``nq``,
    ``trig`` and ``jsonld`` keep the named graphs); with ``out``, also written to that file
    (checked before the store is read, replaced at once)."""
    from kg.store.export import EXPORT_FORMATS, check_out, write_out
    from kg.store.export import export as serialize

    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if out is not None:
        check_out(out)
    with _store_for(settings, store) as source:
        text = serialize(source, fmt)
    if out is not None:
        write_out(text, out)
    return text


def validate(settings: Settings | None = None, store: Store | None = None) -> ValidationReport:
    """Check the graph against the SHACL shapes (``ontologies/shapes.ttl``)."""
    from kg.store.export import snapshot
    from kg.validate.shacl import validate_graph

    with _store_for(settings, store) as source:
        data = snapshot(source)
    return validate_graph(data)


def render(
    out: Path, as_of: str | None = None, settings: Settings | None = None, store: Store | None = None
) -> list[Path]:
    """Write the static site into ``out`` (as of ``as_of``, YYYY-MM-DD, when given); returns
    the files written. The pages read graph/derived, so a store whose derived graphs are
    missing or were made under another configuration is rebuilt first."""
    from kg.graphwrite import ensure_derived
    from kg.render import render_site

    settings = settings or load_settings()
    with _store_for(settings, store) as source:
        ensure_derived(source, settings)
        return render_site(source, out, as_of)


def evaluate(
    gold: str | Path | None,
    articles_dir: str | Path | None,
    settings: Settings | None = None,
    cv: int = 0,
) -> EvalReport:
    """Score extraction against gold annotations (DESIGN §8.4). With ``cv`` folds, the
    learned decisions are cross-validated by article over the given gold set (or, with
    ``gold`` and ``articles_dir`` both None, over every gold set ``kg train`` uses)."""
    settings = settings or load_settings()
    if (gold is None) != (articles_dir is None):
        raise InputError(str(gold or articles_dir), "give both the gold file and the articles folder, or neither")
    if cv:
        from kg.evaluate.learn import cross_validated_report

        given = [("given", Path(gold), Path(articles_dir))] if gold is not None and articles_dir is not None else None
        return cross_validated_report(settings, cv, given)
    if gold is None or articles_dir is None:
        raise InputError("evaluate", "the gold file and the articles folder are required without cross-validation")
    from kg.evaluate import evaluate as score

    return score(Path(gold), Path(articles_dir), settings)


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What ``demo`` did: the ingest of the sample articles and the pages rendered."""

    ingest: IngestReport
    pages: tuple[Path, ...]


def demo(out: Path = Path("site"), settings: Settings | None = None) -> DemoReport:
    """Ingest the bundled sample articles (``data/articles``) and render the site into ``out``."""
    from kg.config import PROJECT_ROOT

    settings = settings or load_settings()
    report = ingest([str(PROJECT_ROOT / "data" / "articles")], settings)
    with open_store(settings) as store:
        pages = render(out, store=store)
    return DemoReport(report, tuple(pages))


def serve(
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    site: Path | None = None,
    allow_update: bool = False,
    token: str | None = None,
    allow_federation: bool = False,
    limits: Limits | None = None,
    background: bool = True,
) -> Running:
    """Serve the store over the SPARQL 1.1 Protocol at ``http://HOST:PORT/query`` and the
    rendered ``site`` folder at ``/`` (see ``kg.serve``); ``port`` 0 picks a free one.

    With the settings' endpoint, requests go to that server; else Oxigraph's own server is
    started over the store folder (and stopped with the result's ``stop()``). In the
    background (a thread) by default; else call the result's ``serve_forever()``. The result
    is a context manager that stops everything."""
    from kg import serve as srv

    settings = settings or load_settings()
    limits = limits or srv.Limits()
    upstream = srv.upstream_for(  # Oxigraph must not take the port the front server binds next
        settings.store, settings.endpoint, settings.update_endpoint, allow_update, limits.timeout_s, frozenset({port})
    )
    return srv.start(
        upstream,
        host,
        port,
        site,
        allow_update,
        background=background,
        allow_federation=allow_federation,
        token=token,
        limits=limits,
    )
