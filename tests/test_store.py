"""The store contract, run against every embedded backend (on disk and in memory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.store import Store, open_memory, open_oxigraph
from kg.store.sparql_text import drop_graph, insert_data, join_updates
from kg.store.table import Table

G1 = URIRef("https://example.org/g/1")
G2 = URIRef("https://example.org/g/2")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


@pytest.fixture(params=["oxigraph", "memory", pytest.param("remote", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "remote":  # a real `oxigraph serve` on 127.0.0.1, stopped after the test
        from oxserver import oxigraph_server

        from kg.store import open_remote

        with oxigraph_server(tmp_path / "server-db") as server:
            s = open_remote(server.query_url)
            yield s
            s.close()
        return
    s = open_oxigraph(tmp_path / "db") if request.param == "oxigraph" else open_memory()
    yield s
    s.close()


def quads(graph: URIRef, *values: str) -> list[tuple[URIRef, URIRef, Literal, URIRef]]:
    return [(S, P, Literal(v), graph) for v in values]


def test_insert_count_and_replace_a_graph(store: Store) -> None:
    store.update(insert_data(quads(G1, "a", "b") + quads(G2, "c")))
    assert store.count() == 3
    store.update(join_updates([drop_graph(G1), insert_data(quads(G1, "z"))]))
    assert store.count() == 2
    values = sorted(str(r[0]) for r in store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert values == ["c", "z"]


def test_reinserting_the_same_quads_adds_nothing(store: Store) -> None:
    store.update(insert_data(quads(G1, "a", "b")))
    store.update(join_updates([drop_graph(G1), insert_data(quads(G1, "a", "b"))]))
    assert store.count() == 2


def test_a_failing_request_leaves_the_store_as_it_was(store: Store) -> None:
    store.update(insert_data(quads(G1, "keep")))
    broken = join_updates([drop_graph(G1), insert_data(quads(G1, "new")), "INSERT DATA { this is not sparql }"])
    with pytest.raises((QueryError, StoreError)):
        store.update(broken)
    assert [str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["keep"]


def test_text_full_of_sparql_syntax_is_stored_as_data(store: Store) -> None:
    hostile = 'x" } ; DROP ALL ; INSERT DATA { <a:b> <c:d> "e'
    store.update(insert_data(quads(G1, hostile, "line\nbreak \\ back")))
    got = {str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")}
    assert got == {hostile, "line\nbreak \\ back"}


def test_queries_see_the_union_of_graphs_and_take_bindings(store: Store) -> None:
    store.update(insert_data(quads(G1, "a") + quads(G2, "b")))
    rows = list(store.query("SELECT ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"o": Literal("b")}))
    assert [r[1] for r in rows] == [G2]
    assert len(list(store.query("SELECT ?o WHERE { ?s ?p ?o }"))) == 2


def test_every_query_form_has_one_answer_type(store: Store) -> None:
    store.update(insert_data(quads(G1, "a") + quads(G2, "b")))
    table = store.select("SELECT ?o ?x WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o")
    assert table.columns == ("o", "x") and [type(c) for row in table for c in row] == [Literal, type(None)] * 2
    assert [(str(r["o"]), r["x"]) for r in table.records()] == [("a", None), ("b", None)]
    assert table.texts() == Table(("o", "x"), (("a", ""), ("b", "")))
    assert table.without(["o"]).columns == ("x",)
    with pytest.raises(AttributeError):
        table.rows = ()  # type: ignore[misc]
    assert store.query("ASK { ?s ?p 'a' }") is True
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(graph, Graph) and len(graph) == 2 and graph.namespace_manager.store.namespace("kg")
    with pytest.raises(QueryError, match="SELECT"):
        store.select("ASK { ?s ?p ?o }")


def test_a_query_that_does_not_parse_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="parse"):
        store.query("SELEC ?x WHERE {")


def test_the_on_disk_store_persists(tmp_path: Path) -> None:
    with open_oxigraph(tmp_path / "db") as s:
        s.update(insert_data(quads(G1, "a")))
    with open_oxigraph(tmp_path / "db") as s:
        assert s.count() == 1


def test_a_request_failing_midway_at_run_time_is_rolled_back(store: Store) -> None:
    store.update(insert_data(quads(G1, "keep")))
    # the third operation fails only when it runs (the graph exists), after the first two ran
    failing = join_updates([drop_graph(G1), insert_data(quads(G1, "new")), f"CREATE GRAPH {G1.n3()}"])
    with pytest.raises(StoreError):
        store.update(failing)
    assert [str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["keep"]
