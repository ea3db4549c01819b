"""Run a query and turn its result into rows of text, or Turtle for graph results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.ontology.terms import PREFIXES
from kg.query.runner import NamedQuery, bind
from kg.store.base import Store

FORMATS = ("table", "csv", "json", "tsv")


@dataclass(frozen=True, slots=True)
class Table:
    """A SELECT result: column names and rows of plain strings ('' for unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def term_text(term: Node | None) -> str:
    """The plain text of a term: a literal's lexical form, an IRI's string, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def run_query(store: Store, query: NamedQuery, params: Mapping[str, str] | None = None) -> Table | Graph | bool:
    """Execute a named or inline query with its parameters bound as RDF terms."""
    if query.compute:
        from kg.query.computed import run_computed

        bind(query, params or {})
        return run_computed(store, query, params or {})
    result = store.query(query.text, bind(query, params or {}))
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
        for triple in result:
            graph.add(triple)  # type: ignore[arg-type]
        return graph
    # Oxigraph binds a parameter only when the query projects its variable, so named
    # queries project their parameters; they are dropped from the output here.
    hidden = set(params or {}) if query.params else set()
    columns = tuple(str(v) for v in result.vars or ())
    keep = [i for i, c in enumerate(columns) if c not in hidden]
    rows = tuple(tuple(term_text(row[i]) for i in keep) for row in result if isinstance(row, ResultRow))
    return Table(tuple(columns[i] for i in keep), rows)


def format_table(table: Table, fmt: str) -> str:
    """``csv``/``tsv`` with a header row, ``json`` as a list of objects, ``table`` for reading."""
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(table.records(), indent=2, ensure_ascii=False) + "\n"
    return _plain_table(table)


def _plain_table(table: Table, width: int = 60) -> str:
    def cut(text: str) -> str:
        text = text.replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [list(table.columns)] + [[cut(c) for c in row] for row in table.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(table.columns))] if table.columns else []
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    if lines:
        lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
