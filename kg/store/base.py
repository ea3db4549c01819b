"""The store: an rdflib ``Dataset`` over embedded Oxigraph (default), memory, or a remote
SPARQL 1.1 endpoint, with the few operations the pipeline needs.

Writes are SPARQL Update requests built by ``kg.store.sparql_text``. One request is one
transaction in Oxigraph (embedded or server), so replacing an article's graph and
rebuilding the derived graphs either happens completely or not at all.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.query import Result
from rdflib.term import Identifier

from kg.errors import QueryError, StoreError
from kg.ontology.terms import PREFIXES
from kg.store.table import Table, Term, table_of

log = logging.getLogger(__name__)


@dataclass
class Store:
    """A dataset with its backend's name and location. Use ``open_store`` to get one."""

    dataset: Dataset
    backend: str
    location: str
    persistent: bool
    supports_named_graphs: bool = True
    #: The embedded Oxigraph store under the dataset: updates go to it directly, because
    #: rdflib would hand an update on a union-default-graph Dataset to its own (slow,
    #: non-transactional) engine instead of Oxigraph's.
    native: Any = None

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table[Term] | Graph | bool:
        """Run a SPARQL query over the union of all graphs; values in ``bindings`` are RDF terms.

        SELECT gives a :class:`~kg.store.table.Table` of terms, ASK a bool, CONSTRUCT and
        DESCRIBE a Graph with the project's prefixes bound. A query nested deeper than
        ``MAX_QUERY_DEPTH`` is refused unparsed: the engine's recursive parser would overflow
        its stack and kill the process.
        """
        check_depth(sparql)
        try:
            result = self.dataset.query(sparql, initBindings=dict(bindings or {}))
            return _answer(result)
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"SPARQL does not parse or run: {_first_line(e)}") from e
        except Exception as e:  # backends raise their own types (oxigraph, urllib)
            if "SELECT projection" in str(e):
                raise QueryError(
                    f"a bound parameter must be projected: {_first_line(e)}; add the variable to the SELECT clause"
                ) from e
            raise _translate(e, "query") from e

    def query_texts(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table[str] | Graph | bool:
        """As ``query``, with a SELECT answer as text (:meth:`Table.texts`). The embedded store
        gives the text straight from the engine, without building RDF terms (they took a third
        of the time of a 25,000-row answer); other stores and query forms go through ``query``."""
        from kg.query.runner import query_form

        if self.native is None or query_form(sparql) != "SELECT":
            answer = self.query(sparql, bindings)
            return answer.texts() if isinstance(answer, Table) else answer
        check_depth(sparql)
        try:
            solutions = self.native.query(
                sparql, use_default_graph_as_union=True, substitutions=_native_bindings(bindings or {})
            )
            columns = tuple(v.value for v in solutions.variables)
            rows = tuple(tuple("" if t is None else t.value for t in row) for row in solutions)
        except SyntaxError as e:
            raise QueryError(f"SPARQL does not parse or run: {_first_line(e)}") from e
        except Exception as e:  # noqa: BLE001 - the engine raises its own types; say what failed
            raise _translate(e, "query") from e
        return Table(columns, rows)

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table[Term]:
        """Run a SPARQL SELECT query (as ``query`` does); another query form is a ``QueryError``."""
        answer = self.query(sparql, bindings)
        if not isinstance(answer, Table):
            raise QueryError(f"expected the rows of a SELECT query, got a {type(answer).__name__}")
        return answer

    def select_texts(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Table[str]:
        """``select`` with every cell as text, as ``query_texts`` gives it ('' for unbound)."""
        answer = self.query_texts(sparql, bindings)
        if not isinstance(answer, Table):
            raise QueryError(f"expected the rows of a SELECT query, got a {type(answer).__name__}")
        return answer

    def update(self, sparql: str) -> None:
        """Run one SPARQL Update request (one transaction)."""
        if not sparql.strip():
            return
        from kg.store.remote import hoist_prefixes

        sparql = hoist_prefixes(sparql)
        try:
            if self.native is not None:
                self.native.update(sparql)
            else:
                self.dataset.update(sparql)
        except Exception as e:
            raise _translate(e, "update") from e

    def flush(self) -> None:
        """Write the embedded store's in-memory buffers to disk (frees their memory between
        batches of a long ingest); nothing to do for a remote store."""
        if self.native is not None:
            self.native.flush()

    def release_memory(self) -> None:
        """Between batches of a long write: ``flush``, then hand the memory the C allocator
        keeps free back to the operating system.

        RocksDB (under embedded Oxigraph) keeps every write in memtables of up to 128 MiB per
        column family (twelve of them) until it switches them on its own, so without the flush
        a long ingest grows with the store: +26 MiB of RSS per 200 articles written. What a
        write frees, glibc keeps in per-thread arenas (~180 MiB in a store of 100,000 articles'
        size); ``malloc_trim`` returns it, which lowers RSS between batches, not the peak. Block caches (160 MiB in all) and open table readers stay: they are bounded
        by the store's configuration (see bench/RESULTS.md, "Memory of a long ingest").
        """
        if self.native is None:
            return
        self.native.flush()
        trim_allocator()

    def count(self) -> int:
        """Number of quads in the store (all graphs; the default graph holds none): the
        embedded engine's own count (0.7 s at 1.4 million quads, half a SPARQL COUNT's time),
        else SPARQL."""
        if self.native is not None:
            return len(self.native)
        (n,) = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]
        return int(str(n))

    def close(self) -> None:
        """Release the store. The embedded store first writes what it holds in memory to its
        files: RocksDB would otherwise replay its log at the next open (35 s after a rebuild of
        a 10,000-article store)."""
        if self.native is not None and self.persistent:
            try:
                self.native.flush()
            except OSError:  # the store is still consistent: its log replays at the next open
                log.warning("could not flush the store at %s before closing", self.location, exc_info=True)
        self.native = None  # drop our reference so the database lock is released
        try:
            self.dataset.close()
        except Exception:  # closing twice or a remote store: nothing to release
            log.debug("store close failed", exc_info=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def trim_allocator() -> None:
    """glibc's ``malloc_trim(0)``: free pages of every malloc arena go back to the operating
    system. Nothing happens under another C library (musl, macOS, Windows)."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL("libc.so.6")
            _libc.malloc_trim.argtypes = [ctypes.c_size_t]
        except (OSError, AttributeError):
            _libc = False
    if _libc:
        _libc.malloc_trim(0)


_libc: Any = None


def _native_bindings(bindings: Mapping[str, Identifier]) -> dict[Any, Any]:
    """rdflib terms as the embedded engine's terms, by variable."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    out: dict[Any, Any] = {}
    for name, term in bindings.items():
        if isinstance(term, URIRef):
            value: Any = pyoxigraph.NamedNode(str(term))
        elif isinstance(term, BNode):
            value = pyoxigraph.BlankNode(str(term))
        elif isinstance(term, Literal) and term.language:
            value = pyoxigraph.Literal(str(term), language=term.language)
        elif isinstance(term, Literal) and term.datatype:
            value = pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        else:
            value = pyoxigraph.Literal(str(term))
        out[pyoxigraph.Variable(name)] = value
    return out


def _answer(result: Result) -> Table[Term] | Graph | bool:
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        # The result's own graph, not a copy (a copy took 0.5 s of 1.7 s for `company` with
        # 18,600 triples at 10,000 articles).
        graph = result.graph if result.graph is not None else Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
        return graph
    return table_of(result)


#: Deepest ``{``/``(`` nesting a query may have; Oxigraph's parser crashed at a few thousand.
MAX_QUERY_DEPTH = 256


def check_depth(sparql: str) -> None:
    """``QueryError`` when the query is nested deeper than ``MAX_QUERY_DEPTH``."""
    depth = _nesting_depth(sparql)
    if depth > MAX_QUERY_DEPTH:
        raise QueryError(
            f"query nested too deeply ({depth:,} levels of {{ or (, the limit is {MAX_QUERY_DEPTH}); "
            "flatten the groups or split the query"
        )


@functools.lru_cache(maxsize=64)
def _nesting_depth(sparql: str) -> int:
    """The scan of a query's text, once per text: it took 1.6 ms, as long as the query, for each
    of the hundred lookups of ``circular-flows`` (``graph-flow-evidence``)."""
    from kg.store.sparql_scan import nesting_depth

    return nesting_depth(sparql)


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]


def _translate(e: Exception, what: str) -> Exception:
    if isinstance(e, (StoreError, QueryError)):  # already says what and where (e.g. the remote store)
        return type(e)(str(e))
    name = type(e).__name__
    if "Syntax" in name or "Parse" in name or "syntax" in str(e).lower()[:200]:
        return QueryError(f"SPARQL does not parse: {_first_line(e)}")
    return StoreError(f"store {what} failed ({name}): {_first_line(e)}")


def open_oxigraph(path: Path, create: bool = True) -> Store:
    """The embedded on-disk Oxigraph store, through rdflib (oxrdflib). Without ``create`` a
    missing folder is a one-line StoreError and nothing is created (read-only commands)."""
    import pyoxigraph
    from oxrdflib.store import OxigraphStore

    from kg.store.lock import check_not_served

    if not create and not path.exists():
        raise StoreError(f"no store at {path} (run kg ingest first, or check --store / $KG_STORE)")
    check_not_served(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        native = pyoxigraph.Store(str(path))
    except OSError as e:
        raise StoreError(
            f"{path}: cannot open the store ({_first_line(e)}); check the path and that no other process holds it"
        ) from e
    ds = Dataset(store=OxigraphStore(store=native), default_union=True)
    return Store(ds, "oxigraph", str(path), persistent=True, native=native)


def open_memory() -> Store:
    """An in-memory Oxigraph store (for tests and one-off runs)."""
    import pyoxigraph
    from oxrdflib.store import OxigraphStore

    native = pyoxigraph.Store()
    ds = Dataset(store=OxigraphStore(store=native), default_union=True)
    return Store(ds, "memory", ":memory:", persistent=False, native=native)


def open_remote(
    endpoint: str, update_endpoint: str | None = None, check: bool = True, token: str | None = None
) -> Store:
    """Any SPARQL 1.1 Query/Update server (Oxigraph server, Fuseki, GraphDB, ...).

    ``endpoint`` is the query URL; updates go to ``update_endpoint``, else to the query URL
    with ``/query`` replaced by ``/update`` (Oxigraph, Fuseki), else to ``endpoint``. With
    ``check`` the server is asked one or two ASK queries now, so an unreachable server or one
    without a union default graph fails here with a one-line ``StoreError``; a server with no
    data in named graphs yet is probed before the first write instead.
    """
    from kg.store.remote import EndpointStore, check_endpoint_url, check_union_default_graph

    check_endpoint_url(endpoint)
    if update_endpoint:
        check_endpoint_url(update_endpoint, "--update-endpoint")
    store = EndpointStore(endpoint, update_endpoint or _guess_update(endpoint), token=token)
    if check:
        check_union_default_graph(store)
    ds = Dataset(store=store, default_union=True)
    return Store(ds, "remote", endpoint, persistent=True)


def _guess_update(endpoint: str) -> str:
    return endpoint[: -len("/query")] + "/update" if endpoint.endswith("/query") else endpoint
