"""Run the ``graph-*.rq`` queries on a store (or an rdflib ``Graph``/``Dataset``, queried
over its union default graph) and return their answers as a :class:`~kg.store.table.Table`."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.ontology.terms import with_prefixes
from kg.store.base import Store
from kg.store.table import Table, Term, table_of

Row = dict[str, Term]
Source = Store | Graph


def query_text(name: str) -> str:
    """The text of ``kg/query/queries/{name}.rq``, with its ``PREFIX`` lines."""
    path = resources.files("kg.query").joinpath("queries", f"{name}.rq")
    try:
        return with_prefixes(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise QueryError(f"named query {name!r} not found at {path}; the analytics need the graph-*.rq files") from e


def select(source: Source, name: str) -> Table[Term]:
    """The answer of the named query on ``source``."""
    sparql = query_text(name)
    if isinstance(source, Store):
        return source.select(sparql)
    if not isinstance(source, Graph):
        raise StoreError(f"cannot query {type(source).__name__}: pass a kg Store or an rdflib Graph/Dataset")
    try:
        return table_of(source.query(sparql))
    except QueryError:
        raise
    except Exception as e:  # engines raise their own types; say which query failed
        raise QueryError(f"query {name!r} failed on {type(source).__name__}: {e}") from e


def text(term: Node | None) -> str | None:
    """The lexical form of a term, or None when unbound."""
    return None if term is None else str(term)
