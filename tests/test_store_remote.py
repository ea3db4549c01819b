"""The remote store end to end over HTTP, against real servers on 127.0.0.1.

The tests that compare a server with the embedded store run once per server kind (the
``server_kind`` fixture): ``oxigraph serve``, and a SPARQL server on Apache Jena ARQ and TDB2
(``tests/jenaserver.py``, the engine under Fuseki, configured as the README's Fuseki snippet);
the Jena runs skip with the reason when Java or Jena is not installed (``make jena``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph
import pytest
from jenaserver import jena_missing, jena_server
from oxserver import SparqlServer, free_port, oxigraph_server
from rdflib import Literal, URIRef
from rdflib.compare import to_isomorphic

from kg import api
from kg.config import PROJECT_ROOT, load_settings
from kg.errors import QueryError, StoreError
from kg.store import open_oxigraph, open_remote
from kg.store.remote import PROBE_GRAPH, hoist_prefixes, inline_bindings
from kg.store.sparql_text import insert_data
from kg.store.table import Table

pytestmark = pytest.mark.server

ARTICLES = PROJECT_ROOT / "data" / "articles"
KG = [str(Path(sys.executable).parent / "kg")]
G = URIRef("https://example.org/g/1")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
PARTIES = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
CONSTRUCT { ?agreement kg:party ?company } WHERE { ?agreement kg:party ?company }"""


def kg(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=timeout, env=_env())


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("KG_")}


def rows(csv_text: str) -> tuple[list[str], list[list[str]]]:
    table = list(csv.reader(io.StringIO(csv_text)))
    return table[0], sorted(table[1:])


SERVERS = {"oxigraph": oxigraph_server, "jena": jena_server}


@pytest.fixture(scope="module", params=list(SERVERS))
def server_kind(request: pytest.FixtureRequest) -> str:
    """Each server kind in turn (module scope: the tests of one kind share its ``both``)."""
    kind: str = request.param
    missing = jena_missing() if kind == "jena" else None
    if missing:
        pytest.skip(missing)
    return kind


@contextlib.contextmanager
def sparql_server(kind: str, location: Path | None = None, union_default_graph: bool = True) -> Iterator[SparqlServer]:
    """A running server of ``kind`` (in memory unless ``location``)."""
    with SERVERS[kind](location, union_default_graph) as server:
        yield server


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, server_kind: str) -> Iterator[tuple[Path, SparqlServer]]:
    """data/articles ingested with the CLI into an embedded store and into a server."""
    root = tmp_path_factory.mktemp(f"remote-{server_kind}")
    with sparql_server(server_kind, root / "server") as server:
        remote = kg("--endpoint", server.query_url, "--update-endpoint", server.update_url, "ingest", str(ARTICLES))
        assert remote.returncode == 0, remote.stderr
        local = kg("--store", str(root / "store"), "ingest", str(ARTICLES))
        assert local.returncode == 0, local.stderr
        yield root / "store", server


def test_remote_ingest_then_events_gives_the_same_rows_as_the_embedded_store(both: tuple[Path, SparqlServer]) -> None:
    store, server = both
    remote = kg("--endpoint", server.query_url, "query", "events", "--format", "csv")
    local = kg("--store", str(store), "query", "events", "--format", "csv")
    assert remote.returncode == 0 and local.returncode == 0, remote.stderr + local.stderr
    header, remote_rows = rows(remote.stdout)
    assert header == ["source", "agreement", "type", "status", "date", "parties", "amount"]
    assert len(remote_rows) >= 10
    assert (header, remote_rows) == rows(local.stdout)


def test_counts_bound_parameters_and_construct_agree(both: tuple[Path, SparqlServer]) -> None:
    store, server = both
    with open_oxigraph(store) as local, open_remote(server.query_url) as remote:
        # Per graph the same number of quads, graph/derived included (both sides run the
        # writer's updates on a SPARQL engine of their own: embedded Oxigraph, the server's).
        by_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        assert sorted(map(tuple, local.query(by_graph))) == sorted(map(tuple, remote.query(by_graph)))
        assert remote.count() > 1000
        events = api.query(remote, "events")
        assert isinstance(events, Table)
        agreement = events.records()[0]["agreement"]
        cases = [
            (QUADS, {}),
            ("timeline", {"company": "openai"}),  # string parameter used in a FILTER
            ("history", {"agreement": agreement}),  # IRI parameter
            ("since", {"date": "2024-01-01"}),  # xsd:date parameter
        ]
        for spec, params in cases:
            a, b = api.query(local, spec, params), api.query(remote, spec, params)
            assert isinstance(a, Table) and isinstance(b, Table)
            assert a.columns == b.columns and sorted(a.rows) == sorted(b.rows)
            assert a.rows, f"{spec} {params} found nothing"
        timeline = api.query(remote, "timeline", {"company": "OpenAI"})
        assert isinstance(timeline, Table) and any("Microsoft" in r["parties"] for r in timeline.records())
        assert to_isomorphic(api.query(local, PARTIES)) == to_isomorphic(api.query(remote, PARTIES))  # type: ignore[arg-type]


def test_validate_and_export_work_against_the_endpoint(both: tuple[Path, SparqlServer], tmp_path: Path) -> None:
    store, server = both
    remote = kg("--endpoint", server.query_url, "validate")
    local = kg("--store", str(store), "validate")
    assert remote.returncode == local.returncode
    assert remote.stdout.count("\n") == local.stdout.count("\n")
    out = tmp_path / "graph.nq"
    exported = kg("--endpoint", server.query_url, "export", "--format", "nq", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    loaded = pyoxigraph.Store()
    loaded.bulk_load(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS)
    n = next(iter(loaded.query(QUADS)))[0].value
    with open_remote(server.query_url) as remote_store:
        assert int(n) == remote_store.count()


def test_reingest_is_one_update_request_per_batch_and_replaces_the_graph(tmp_path: Path, server_kind: str) -> None:
    files = sorted(str(p) for p in ARTICLES.glob("0[1-3]-*.md"))
    settings = load_settings(env={})
    with sparql_server(server_kind, tmp_path / "db") as server:
        store = open_remote(server.query_url)
        endpoint = store.dataset.store
        api.ingest(files, settings, store=store)
        assert endpoint.requests["update"] == 1  # three articles, one request (not one per triple)
        first = store.count()
        api.ingest(files[:1], settings, store=store)
        assert endpoint.requests["update"] == 2
        assert store.count() == first  # the article's graph was replaced, nothing added


def test_a_server_that_is_down_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db") as server:
        with open_remote(server.query_url) as store:
            store.update(insert_data([(S, P, Literal("kept"), G)]))
        url = server.query_url
    for args in (["query", "events"], ["ingest", str(ARTICLES / "01-microsoft-openai-first-investment.md")]):
        result = kg("--endpoint", url, *args)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"error: cannot reach SPARQL endpoint {url}: connection refused")
    with oxigraph_server(tmp_path / "db") as again, open_remote(again.query_url) as store:
        assert [str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["kept"]


class Failing(BaseHTTPRequestHandler):
    """A SPARQL endpoint that always fails with HTTP 500 and a message."""

    def do_POST(self) -> None:  # noqa: N802
        body = b"storage is full\nsecond line"
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


def test_a_server_error_answer_is_a_clear_store_error() -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Failing)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/query"
        with pytest.raises(StoreError, match=r"failed on the query \(HTTP 500\): storage is full second line"):
            open_remote(url)
        store = open_remote(url, check=False)
        with pytest.raises(StoreError, match=r"/update failed on the update \(HTTP 500\)"):
            store.update(insert_data([(S, P, Literal("x"), G)]))
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_a_malformed_query_reports_the_servers_parser_message(tmp_path: Path) -> None:
    with oxigraph_server() as server, open_remote(server.query_url) as store:
        with pytest.raises(QueryError, match=r"HTTP 400.*error at 1:1"):
            store.query("SELEC ?x WHERE {")
        assert store.count() == 0  # still answering


def test_a_server_without_union_default_graph_is_refused(server_kind: str) -> None:
    with sparql_server(server_kind, union_default_graph=False) as server:
        with open_remote(server.query_url, check=False) as store:
            store.update(insert_data([(S, P, Literal("a"), G)]))
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_remote(server.query_url)


def test_an_empty_server_without_union_default_graph_is_refused_before_the_first_write(server_kind: str) -> None:
    with sparql_server(server_kind, union_default_graph=False) as server:
        store = open_remote(server.query_url)  # nothing to tell from yet: accepted
        for _ in range(2):  # refused, and refused again: the probe is not spent by failing
            with pytest.raises(StoreError, match="does not query the union.*--union-default-graph"):
                store.update(insert_data([(S, P, Literal("a"), G)]))
        assert store.dataset.store.requests["update"] == 0
        with open_remote(server.query_url, check=False) as raw:
            assert raw.count() == 0  # neither the write nor the probe's graph is left


def test_the_union_probe_runs_once_and_leaves_only_the_data(server_kind: str) -> None:
    probes = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), {json.dumps(PROBE_GRAPH)})) }}"
    with sparql_server(server_kind) as server, open_remote(server.query_url) as store:
        endpoint = store.dataset.store
        assert endpoint.probe_before_write
        store.update(insert_data([(S, P, Literal("a"), G)]))
        assert not endpoint.probe_before_write
        store.update(insert_data([(S, P, Literal("b"), G)]))
        assert endpoint.requests["update"] == 2 and store.count() == 2
        assert store.query(probes) is False
        assert not open_remote(server.query_url).dataset.store.probe_before_write  # it has data now


def test_first_ingest_into_an_empty_server_without_union_default_graph_fails_cleanly(tmp_path: Path) -> None:
    with oxigraph_server(union_default_graph=False) as server:
        result = kg("--endpoint", server.query_url, "ingest", str(sorted(ARTICLES.glob("01-*.md"))[0]))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and "--union-default-graph" in errors[0], result.stderr
        with open_remote(server.query_url, check=False) as raw:
            assert raw.count() == 0


def test_not_an_http_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="not an http"):
        open_remote("127.0.0.1:7878/query")


# -- the two rewrites the remote store applies, checked against Oxigraph's own parser -----------


def test_prefixes_after_the_first_operation_are_hoisted_and_literals_untouched() -> None:
    hostile = 'x } ;\nPREFIX no: <x:>\n" . DROP ALL'
    update = "\n".join(
        [
            "DROP SILENT GRAPH <https://example.org/g/1> ;",
            insert_data([(S, P, Literal(hostile), G)]) + " ;",
            "# PREFIX c: <c:> in a comment",
            "PREFIX ex: <https://example.org/>",
            "INSERT { GRAPH ex:g2 { ?s ex:copy ?o } } WHERE { GRAPH ?g { ?s ex:p ?o } }",
        ]
    )
    with pytest.raises(SyntaxError):
        pyoxigraph.Store().update(update)
    fixed = hoist_prefixes(update)
    assert fixed.count("\n") == update.count("\n")
    assert fixed.startswith("PREFIX ex: <https://example.org/> ")
    store = pyoxigraph.Store()
    store.update(fixed)
    got = {q.object.value for q in store}
    assert got == {hostile}
    assert len(store) == 2


def test_a_prefix_bound_twice_is_left_alone() -> None:
    update = "PREFIX a: <x:> DROP SILENT GRAPH a:g ; PREFIX a: <y:> DROP SILENT GRAPH a:g"
    assert hoist_prefixes(update) == update


def test_bindings_go_to_the_start_of_the_where_group() -> None:
    query = "SELECT ?name ?s WHERE { ?s <x:l> ?l FILTER (LCASE(?l) = LCASE(?name)) } # { not here"
    inlined = inline_bindings(query, {"name": Literal('A"b')})
    assert (
        inlined
        == 'SELECT ?name ?s WHERE { VALUES (?name) { ("A\\"b") }  ?s <x:l> ?l FILTER (LCASE(?l) = LCASE(?name)) } # { not here'
    )
    store = pyoxigraph.Store()
    store.update('INSERT DATA { <x:a> <x:l> "a\\"B" . <x:b> <x:l> "c" }')
    assert [s["s"].value for s in store.query(inlined)] == ["x:a"]
    construct = inline_bindings("CONSTRUCT { ?s <x:p> ?o } WHERE { ?s <x:l> ?o }", {"s": URIRef("x:b")})
    assert construct is not None and construct.index("VALUES") > construct.index("WHERE")
    assert inline_bindings("DESCRIBE <x:a>", {"s": URIRef("x:b")}) is None


def test_a_request_whose_later_operations_declare_no_prefix_is_left_as_is() -> None:
    # "; PREFIX" inside a literal only sends the request through the full scan, which leaves it alone
    update = 'PREFIX ex: <https://example.org/> INSERT DATA { GRAPH ex:g { ex:s ex:p "a ; PREFIX b: <c:>" } } ; DROP SILENT GRAPH ex:h'
    assert hoist_prefixes(update) == update
    assert hoist_prefixes("DROP SILENT GRAPH <x:g> ;\n# a comment\n prefix a: <x:> DROP SILENT GRAPH a:h").startswith(
        "PREFIX a: <x:>"
    )


def test_the_company_query_gives_the_same_graph_through_a_server(both: tuple[Path, SparqlServer]) -> None:
    """The bound name reaches the comparison on a server too (it gets it as VALUES)."""
    store, server = both
    with open_oxigraph(store) as local, open_remote(server.query_url) as remote:
        embedded = _plain(api.query(local, "company", {"company": "nvidia"}))
        served = _plain(api.query(remote, "company", {"company": "nvidia"}))
    assert len(embedded) > 5
    assert served == embedded, {"only served": served - embedded, "only embedded": embedded - served}


def _plain(graph: object) -> set[tuple[object, ...]]:
    """Triples with xsd:string literals written plain (RDF 1.1: the same literal; one engine
    says the datatype, the other does not)."""
    return {tuple(_plain_term(t) for t in triple) for triple in graph}  # type: ignore[attr-defined]


def _plain_term(term: object) -> object:
    xsd_string = URIRef("http://www.w3.org/2001/XMLSchema#string")
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == xsd_string else term


SAMPLE_PARAMS = {
    "company": "Microsoft",
    "status": "completed",
    "date": "2023-01-01",
    "statuses": "all",
    "max_length": "3",
    "limit": "0",
}


def _every_named_select(store: object, agreement: str) -> dict[str, list[tuple[str, ...]]]:
    from kg.query.runner import library

    rows: dict[str, list[tuple[str, ...]]] = {}
    for name, named in library().items():
        params = {p.name: SAMPLE_PARAMS.get(p.name, agreement) for p in named.params}
        result = api.query(store, name, params)  # type: ignore[arg-type]
        if isinstance(result, Table):
            rows[name] = sorted(result.rows)
    return rows


def test_every_named_select_gives_the_same_rows_through_a_server(both: tuple[Path, SparqlServer]) -> None:
    """The sample articles, embedded and on a real server: every named SELECT query
    (parameters bound as VALUES on the server) returns the same rows."""
    store, server = both
    with open_oxigraph(store) as local, open_remote(server.query_url) as remote:
        agreements = api.query(local, "agreements")
        assert isinstance(agreements, Table) and agreements.rows
        agreement = agreements.records()[0]["agreement"]
        embedded = _every_named_select(local, agreement)
        served = _every_named_select(remote, agreement)
    assert len(embedded) >= 14
    assert all(embedded[name] for name in ("events", "agreements", "companies", "partners", "history", "as-of"))
    differ = {n: (set(embedded[n]) ^ set(served.get(n, []))) for n in embedded if embedded[n] != served.get(n)}
    assert differ == {}


def test_every_graph_query_gives_the_same_rows_through_a_server(both: tuple[Path, SparqlServer]) -> None:
    """The graph-*.rq queries behind ``kg render`` and the analytics, likewise."""
    from kg.analyze.sparql import select

    names = sorted(p.stem for p in (PROJECT_ROOT / "kg" / "query" / "queries").glob("graph-*.rq"))
    store, server = both
    with open_oxigraph(store) as local, open_remote(server.query_url) as remote:
        embedded = {name: _row_set(select(local, name).records()) for name in names}
        served = {name: _row_set(select(remote, name).records()) for name in names}
    # graph-agreements, -assertions, -companies, -parties, -flow-values; graph-flow-evidence
    # answers for a bound flow only (none here)
    assert len(names) >= 4 and all(embedded[n] for n in names if n != "graph-flow-evidence")
    assert {n: embedded[n] ^ served[n] for n in names if embedded[n] != served[n]} == {}


def _row_set(rows: list[dict[str, object]]) -> set[tuple[tuple[str, object], ...]]:
    """The rows as a set, each a sorted tuple of (variable, term) with terms as ``_plain`` writes them."""
    return {tuple(sorted((k, _plain_term(v)) for k, v in row.items())) for row in rows}
