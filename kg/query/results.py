"""Run a query and give its answer as text: rows of strings, a bool, or a graph."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from rdflib import Graph

from kg.query.runner import NamedQuery, bind, limited_text
from kg.store.base import Store
from kg.store.table import Table

__all__ = ["FORMATS", "Table", "format_table", "run_query"]

FORMATS = ("table", "csv", "json", "tsv")


def run_query(store: Store, query: NamedQuery, params: Mapping[str, str] | None = None) -> Table[str] | Graph | bool:
    """Execute a named or inline query with its parameters bound as RDF terms; a SELECT
    answer comes back as text (see :meth:`Table.texts`)."""
    if query.compute:
        from kg.query.computed import run_computed

        bind(query, params or {})
        return run_computed(store, query, params or {})
    bindings = bind(query, params or {})
    answer = store.query_texts(limited_text(query, params or {}), bindings)
    if not isinstance(answer, Table):
        return answer
    # Oxigraph binds a parameter only when the query projects its variable, so named
    # queries project their parameters; they are dropped from the output here.
    hidden = set(params or {}) if query.params else set()
    return answer.without(hidden)


def format_table(table: Table[str], fmt: str) -> str:
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


def _plain_table(table: Table[str], width: int = 60) -> str:
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
