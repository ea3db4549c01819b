"""Run the ``graph-*.rq`` queries on a store and return plain rows.

The analytics take either an rdflib ``Graph``/``Dataset`` (queried over its union default
graph) or any ``query(sparql) -> rows`` callable, e.g. a remote endpoint wrapper.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.ontology.terms import with_prefixes

Row = dict[str, Node | None]
QueryFn = Callable[[str], list[Row]]
Source = Graph | QueryFn


def query_text(name: str) -> str:
    """The text of ``kg/query/queries/{name}.rq``, with its ``PREFIX`` lines."""
    path = resources.files("kg.query").joinpath("queries", f"{name}.rq")
    try:
        return with_prefixes(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise QueryError(f"named query {name!r} not found at {path}; the analytics need the graph-*.rq files") from e


def _graph_query(graph: Graph) -> QueryFn:
    def run(sparql: str) -> list[Row]:
        result = graph.query(sparql)
        names = [str(v) for v in (result.vars or [])]
        return [dict(zip(names, tuple(row), strict=True)) for row in result]  # type: ignore[arg-type]

    return run


def as_query(source: Source | Any) -> QueryFn:
    """A ``query(sparql) -> rows`` function for a Graph/Dataset or an existing callable."""
    if isinstance(source, Graph):
        return _graph_query(source)
    dataset = getattr(source, "dataset", None)
    if isinstance(dataset, Graph):  # kg.store.Store and similar wrappers
        return _graph_query(dataset)
    if callable(source):
        return source
    query = getattr(source, "query", None)
    if callable(query):  # a store wrapper exposing .query(sparql) -> rows
        return query
    raise StoreError(
        f"cannot query {type(source).__name__}: pass an rdflib Graph/Dataset "
        "or a callable that runs SPARQL and returns rows as dicts"
    )


def select(source: Source, name: str) -> list[Row]:
    """Run the named query on ``source``; each row maps variable name → term (or None)."""
    sparql = query_text(name)
    try:
        return as_query(source)(sparql)
    except (QueryError, StoreError):
        raise
    except Exception as e:  # engines raise their own types; say which query failed
        raise QueryError(f"query {name!r} failed on {type(source).__name__}: {e}") from e


def text(term: Node | None) -> str | None:
    """The lexical form of a term, or None when unbound."""
    return None if term is None else str(term)
