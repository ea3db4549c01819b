"""The one shape of a SELECT answer: column names and rows, immutable.

The store gives rows of RDF terms (``None`` where a variable is unbound); ``texts()`` turns
them into plain strings, the form ``kg query`` prints and ``kg.api.query`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from rdflib.query import Result, ResultRow
from rdflib.term import Node

from kg.errors import QueryError

Cell = TypeVar("Cell")
#: A cell of a SELECT answer from the store.
Term = Node | None


@dataclass(frozen=True, slots=True)
class Table(Generic[Cell]):
    """Column names and rows in the engine's order; iterating gives the rows."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __iter__(self) -> Iterator[tuple[Cell, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Cell]]:
        """One dict per row, column name → cell."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def texts(self) -> Table[str]:
        """The same table with each cell as plain text (see :func:`term_text`)."""
        return Table(self.columns, tuple(tuple(term_text(c) for c in row) for row in self.rows))

    def without(self, names: Iterable[str]) -> Table[Cell]:
        """The table without the columns ``names``."""
        drop = set(names)
        keep = [i for i, c in enumerate(self.columns) if c not in drop]
        if len(keep) == len(self.columns):
            return self
        return Table(tuple(self.columns[i] for i in keep), tuple(tuple(row[i] for i in keep) for row in self.rows))


def term_text(term: object) -> str:
    """The plain text of a cell: a literal's lexical form, an IRI's string, '' for unbound."""
    return "" if term is None else str(term)


def table_of(result: Result) -> Table[Term]:
    """The rows of an rdflib SELECT result (rdflib leaves out a row with no variable bound).
    Any other result is a ``QueryError``."""
    if result.type != "SELECT":
        raise QueryError(f"expected the rows of a SELECT query, got the answer of a {result.type} query")
    rows = []
    for row in result:
        if not isinstance(row, ResultRow):
            raise QueryError(f"expected the rows of a SELECT query, got a {type(row).__name__}")
        rows.append(tuple(row))
    return Table(tuple(str(v) for v in result.vars or ()), tuple(rows))
