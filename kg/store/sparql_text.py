"""SPARQL Update text for writing quads: one request, one transaction.

Terms are written with rdflib's ``n3()``, which escapes literals, so article text can
never become part of the update's syntax.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import URIRef
from rdflib.term import Node

Quad = tuple[Node, Node, Node, URIRef]


def insert_data(quads: Iterable[Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { … } … }`` for the quads (empty string when none)."""
    by_graph: dict[URIRef, list[str]] = defaultdict(list)
    written: dict[Node, str] = {}  # each term once: a claim's IRI is the subject of twenty quads

    def n3(term: Node) -> str:
        text = written.get(term)
        if text is None:
            text = written[term] = term.n3()
        return text

    for s, p, o, g in quads:
        by_graph[g].append(f"{n3(s)} {n3(p)} {n3(o)} .")
    if not by_graph:
        return ""
    body = "\n".join(
        f"GRAPH {g.n3()} {{\n" + "\n".join(sorted(set(lines))) + "\n}" for g, lines in sorted(by_graph.items())
    )
    return f"INSERT DATA {{\n{body}\n}}"


def drop_graph(graph: URIRef) -> str:
    return f"DROP SILENT GRAPH {graph.n3()}"


def join_updates(parts: Iterable[str]) -> str:
    """Operations separated by ``;`` so that they run as one request."""
    return " ;\n".join(p for p in parts if p)
