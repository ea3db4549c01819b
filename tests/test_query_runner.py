"""The named query library and parameter binding."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal, URIRef

from kg.errors import QueryError
from kg.query.results import format_table
from kg.query.runner import bind, library, query_form, resolve
from kg.store.table import Table

REQUIRED = {
    "events",
    "companies",
    "partners",
    "timeline",
    "history",
    "by-status",
    "under-review",
    "terminated",
    "largest",
    "most-connected",
    "co-investors",
    "since",
}


def test_the_library_has_the_documented_queries() -> None:
    queries = library()
    assert REQUIRED <= set(queries)
    for q in queries.values():
        assert q.description, f"{q.name} has no description"
        assert q.examples, f"{q.name} has no example"
    assert [p.name for p in queries["partners"].params] == ["company"]
    assert [(p.name, p.type) for p in queries["since"].params] == [("date", "date")]


def test_parameters_become_rdf_terms() -> None:
    q = library()
    assert bind(q["partners"], {"company": "Microsoft"}) == {"company": Literal("Microsoft")}
    assert bind(q["since"], {"date": "2025-01-01"}) == {"date": Literal("2025-01-01", datatype=XSD.date)}
    assert bind(q["history"], {"agreement": "https://w3id.org/x"}) == {"agreement": URIRef("https://w3id.org/x")}


def test_a_hostile_value_stays_one_literal() -> None:
    value = '"} ; DROP ALL ; SELECT * WHERE {?s ?p ?o} #'
    assert bind(library()["partners"], {"company": value}) == {"company": Literal(value)}


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("partners", {}, "needs --param company"),
        ("partners", {"company": "x", "other": "y"}, "no parameter other"),
        ("since", {"date": "last year"}, "not a date"),
        ("history", {"agreement": "not an iri"}, "not an IRI"),
        ("events", {"x": "1"}, "takes no parameters"),
    ],
)
def test_bad_parameters_say_what_is_wrong(name: str, values: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        bind(library()[name], values)


def test_resolve_named_file_and_inline(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert resolve("events").name == "events"
    path = tmp_path / "mine.rq"
    path.write_text("# description: mine\nSELECT ?s WHERE { ?s ?p ?o }\n")
    assert resolve(str(path)).description == "mine"
    assert resolve("SELECT * WHERE { ?s ?p ?o }").name == "inline"
    with pytest.raises(QueryError, match="not a named query"):
        resolve("no-such-query")
    with pytest.raises(QueryError, match="no such query file"):
        resolve(str(tmp_path / "missing.rq"))


def test_query_form() -> None:
    assert query_form("PREFIX a: <http://select.org/>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("# SELECT in a comment\nASK { ?s ?p ?o }") == "ASK"


def test_formats() -> None:
    table = Table(("a", "b"), (("1", "x, y"), ("2", "")))
    assert format_table(table, "csv") == 'a,b\n1,"x, y"\n2,\n'
    assert format_table(table, "tsv") == "a\tb\n1\tx, y\n2\t\n"
    assert format_table(table, "json").startswith('[\n  {\n    "a": "1"')
    assert "(2 rows)" in format_table(table, "table")
