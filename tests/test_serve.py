"""``kg serve``: real HTTP requests against the command started as a process on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxserver import oxigraph_server
from rdflib import Literal, URIRef

from kg.process import ServerProcess, free_port, start_server
from kg.store import open_oxigraph
from kg.store.sparql_text import insert_data

pytestmark = pytest.mark.server

G1 = URIRef("https://example.org/g/1")
G2 = URIRef("https://example.org/g/2")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")
KG = [str(Path(sys.executable).parent / "kg")]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
AUTH = {"Authorization": "Bearer s3cret"}
INSERT_C = b'INSERT DATA { GRAPH <https://example.org/g/3> { <https://example.org/s> <https://example.org/p> "c" } }'


@dataclass
class Served:
    url: str
    server: ServerProcess

    def output(self) -> str:
        return self.server.output()


def make_store(folder: Path) -> Path:
    with open_oxigraph(folder) as store:
        store.update(insert_data([(S, P, Literal("a"), G1), (S, P, Literal("b"), G2)]))
    return folder


def start_kg_serve(store: Path, *extra: str, env: dict[str, str] | None = None) -> Served:
    url = f"http://127.0.0.1:{free_port()}"
    cmd = [*KG, "--store", str(store), "serve", "--port", url.rsplit(":", 1)[1], *extra]
    server = start_server(cmd, url + "/query?query=ASK%7B%7D", timeout=60, env={**os.environ, **(env or {})})
    return Served(url, server)


@contextlib.contextmanager
def kg_serve(store: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``kg serve`` over ``store`` for the ``with`` block; stopped however the block ends."""
    served = start_kg_serve(store, *extra, env=env)
    try:
        yield served
    finally:
        stop_kg_serve(served)


def stop_kg_serve(served: Served) -> int:
    """SIGTERM (kg serve stops its Oxigraph child too), then kill after a timeout (generous:
    on 2 busy cores a writable Oxigraph took over 15 s to flush and exit)."""
    return served.server.stop(timeout=45)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return make_store(tmp_path / "store")


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>kg site</title><h1>alliances</h1>", encoding="utf-8")
    (site / "style.css").write_text("h1 { color: teal }", encoding="utf-8")
    return site


@pytest.fixture
def served(store_dir: Path, site_dir: Path) -> Iterator[Served]:
    s = start_kg_serve(store_dir, "--site", str(site_dir))
    yield s
    stop_kg_serve(s)


def get(url: str, accept: str | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    return _open(request)


def post(
    url: str, body: bytes, content_type: str, accept: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    headers = {"Content-Type": content_type} | ({"Accept": accept} if accept else {}) | (headers or {})
    return _open(urllib.request.Request(url, data=body, headers=headers, method="POST"))


def _open(request: urllib.request.Request) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def q(sparql: str) -> str:
    return "?" + urllib.parse.urlencode({"query": sparql})


def test_get_query_answers_json_over_the_union_of_graphs(served: Served) -> None:
    status, ctype, body = get(served.url + "/query" + q(COUNT), "application/sparql-results+json")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2"


def test_post_query_with_csv_tsv_and_xml_by_accept(served: Served) -> None:
    text = b"SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    status, ctype, body = post(served.url + "/query", text, "application/sparql-query", "text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    assert body.splitlines() == ["o", "a", "b"]
    status, ctype, body = post(served.url + "/query", text, "application/sparql-query", "text/tab-separated-values")
    assert status == 200 and body.splitlines() == ["?o", '"a"', '"b"']
    form = urllib.parse.urlencode({"query": text.decode()}).encode()
    status, ctype, body = post(
        served.url + "/query", form, "application/x-www-form-urlencoded", "application/sparql-results+xml"
    )
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    assert "<literal>a</literal>" in body and "<literal>b</literal>" in body


def test_a_malformed_query_is_a_400_with_the_parser_message_and_the_server_stays_up(served: Served) -> None:
    status, _, body = get(served.url + "/query" + q("SELEC ?x WHERE {"))
    assert status == 400
    assert "error at 1:1" in body and "expected" in body
    status, _, body = get(served.url + "/query" + q(COUNT), "application/sparql-results+json")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2"
    assert served.server.returncode is None


def test_read_only_refuses_updates_and_leaves_the_store_unchanged(served: Served) -> None:
    status, _, body = post(served.url + "/update", b'INSERT DATA { <a:x> <a:y> "z" }', "application/sparql-update")
    assert status == 403 and "--allow-update" in body
    status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
    assert body.splitlines() == ["n", "2"]


def test_the_site_is_served_beside_the_endpoint(served: Served) -> None:
    status, ctype, body = get(served.url + "/")
    assert status == 200 and ctype.startswith("text/html") and "<h1>alliances</h1>" in body
    status, ctype, body = get(served.url + "/style.css")
    assert status == 200 and "teal" in body
    status, _, _ = get(served.url + "/missing.html")
    assert status == 404


def test_allow_update_accepts_sparql_update_and_releases_the_store_on_stop(store_dir: Path) -> None:
    served = start_kg_serve(store_dir, "--no-site", "--allow-update", "--token", "s3cret")
    try:
        update = (
            b'INSERT DATA { GRAPH <https://example.org/g/3> { <https://example.org/s> <https://example.org/p> "c" } }'
        )
        status, _, body = post(served.url + "/update", update, "application/sparql-update", headers=AUTH)
        assert status == 204, body
        status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
        assert body.splitlines() == ["n", "3"]
        status, ctype, body = get(served.url + "/")
        assert status == 200 and "/query" in body  # the query form when no site is served
    finally:
        assert stop_kg_serve(served) == 0
    with open_oxigraph(store_dir) as store:  # the Oxigraph child is gone: the store opens read-write
        assert store.count() == 3


def test_serve_in_front_of_a_remote_endpoint(tmp_path: Path) -> None:
    with oxigraph_server() as upstream:
        urllib.request.urlopen(
            urllib.request.Request(
                upstream.update_url,
                data=b'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> "r" } }',
                headers={"Content-Type": "application/sparql-update"},
                method="POST",
            ),
            timeout=10,
        ).close()
        served = start_kg_serve(tmp_path / "unused", "--no-site", env={"KG_ENDPOINT": upstream.query_url})
        try:
            status, _, body = get(served.url + "/query" + q("SELECT ?o WHERE { ?s ?p ?o }"), "text/csv")
            assert status == 200 and body.splitlines() == ["o", "r"]
        finally:
            stop_kg_serve(served)


def test_a_store_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [*KG, "--store", str(tmp_path / "nope"), "serve", "--no-site", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "no store here" in result.stderr


AGREEMENTS_BY_CLASS = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
SELECT ?a { ?a a kg:Agreement }"""
CLAIMED_AGREEMENTS = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
SELECT DISTINCT ?a { ?a kg:hasStatusAssertion ?sa }"""
AGREEMENTS_BY_CLAIMS = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a kg:hasStatusAssertion ?sa }"""


def test_a_sparql_client_finds_every_agreement_by_its_superclass(tmp_path: Path) -> None:
    """Agreements are typed by kind (kg:Investment, ...); the derived graph materializes
    kg:Agreement, so a plain `?a a kg:Agreement` over the endpoint finds them all."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    from kg.config import PROJECT_ROOT

    store = tmp_path / "store"
    articles = sorted((PROJECT_ROOT / "data" / "articles").glob("0[1-5]-*.md"))
    done = subprocess.run([*KG, "--store", str(store), "ingest", *map(str, articles)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with kg_serve(store) as served:
        client = SPARQLStore(served.url + "/query")
        by_class = [row[0] for row in client.query(AGREEMENTS_BY_CLASS)]  # type: ignore[index]
        by_claims = {row[0] for row in client.query(CLAIMED_AGREEMENTS)}  # type: ignore[index]
    assert len(by_claims) >= 5
    assert sorted(by_class) == sorted(by_claims)  # each agreement once, none missing


def test_a_deeply_nested_query_is_refused_and_the_server_stays_up(served: Served) -> None:
    deep = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
    status, _, body = get(served.url + "/query" + q(deep))
    assert status == 400 and "query nested too deeply (3000 levels, limit 64)" in body
    status, _, body = post(served.url + "/query", deep.encode(), "application/sparql-query")
    assert status == 400 and "nested too deeply" in body
    form = urllib.parse.urlencode({"query": "ASK { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"}).encode()
    status, _, body = post(served.url + "/query", form, "application/x-www-form-urlencoded")
    assert status == 400 and "(102 levels, limit 64)" in body
    braces_in_string = 'ASK { FILTER("' + "{" * 200 + '" != "") }'
    status, _, body = get(served.url + "/query" + q(braces_in_string), "text/csv")
    assert status == 200, body
    status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
    assert status == 200 and body.splitlines() == ["n", "2"]
    assert served.server.returncode is None


FEDERATED = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"


def test_service_and_load_are_refused_without_allow_federation(store_dir: Path) -> None:
    with kg_serve(store_dir, "--no-site", "--allow-update", "--token", "s3cret") as served:
        status, _, body = get(served.url + "/query" + q(FEDERATED))
        assert status == 403 and "SERVICE" in body and "--allow-federation" in body
        lower = "select * where { service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
        status, _, body = post(served.url + "/query", lower.encode(), "application/sparql-query")
        assert status == 403 and "--allow-federation" in body
        status, _, body = post(
            served.url + "/update", b"load <http://127.0.0.1:1/x.ttl>", "application/sparql-update", headers=AUTH
        )
        assert status == 403 and "LOAD" in body and "--allow-federation" in body
        # the words as a variable, a prefixed name, in a string, an IRI or a comment are fine
        harmless = (
            'PREFIX ex: <http://e/service> SELECT ?service WHERE { ?service ex:load "SERVICE LOAD"@service } # SERVICE'
        )
        status, _, body = get(served.url + "/query" + q(harmless), "text/csv")
        assert status == 200, body
        status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
        assert status == 200 and body.splitlines() == ["n", "2"]


def test_allow_federation_forwards_service(store_dir: Path) -> None:
    with kg_serve(store_dir, "--no-site", "--allow-federation") as served:
        status, _, body = get(served.url + "/query" + q(FEDERATED))
        assert status != 403 and "--allow-federation" not in body
        status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
        assert status == 200 and body.splitlines() == ["n", "2"]


def test_updates_need_the_token_and_cross_site_updates_are_refused(store_dir: Path) -> None:
    with kg_serve(store_dir, "--no-site", "--allow-update", env={"KG_SERVE_TOKEN": "s3cret"}) as served:
        url, ctype = served.url + "/update", "application/sparql-update"
        status, _, body = post(url, INSERT_C, ctype)
        assert status == 401 and "Authorization: Bearer" in body
        status, _, body = post(url, INSERT_C, ctype, headers={"Authorization": "Bearer wrong"})
        assert status == 401 and "Authorization: Bearer" in body
        form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
        status, _, body = post(
            url, form, "application/x-www-form-urlencoded", headers=AUTH | {"Origin": "http://evil.example"}
        )
        assert status == 403 and "cross-site" in body
        status, _, body = post(
            url, form, "application/x-www-form-urlencoded", headers=AUTH | {"Sec-Fetch-Site": "cross-site"}
        )
        assert status == 403 and "cross-site" in body
        status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
        assert status == 200 and body.splitlines() == ["n", "2"]  # nothing ran
        own = {"Origin": served.url, "Sec-Fetch-Site": "same-origin"}
        status, _, body = post(url, INSERT_C, ctype, headers=AUTH | own)
        assert status == 204, body
        status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
        assert status == 200 and body.splitlines() == ["n", "3"]


def test_allow_update_without_a_token_generates_one_and_prints_it_once(store_dir: Path) -> None:
    with kg_serve(store_dir, "--no-site", "--allow-update", env={"KG_SERVE_TOKEN": ""}) as served:
        lines = [line for line in served.output().splitlines() if "update token" in line]
        assert len(lines) == 1
        token = lines[0].rsplit(" ", 1)[1]
        assert len(token) >= 20
        status, _, body = post(served.url + "/update", INSERT_C, "application/sparql-update")
        assert status == 401
        headers = {"Authorization": f"Bearer {token}"}
        status, _, body = post(served.url + "/update", INSERT_C, "application/sparql-update", headers=headers)
        assert status == 204, body
        status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
        assert status == 200 and body.splitlines() == ["n", "3"]


def test_a_non_numeric_content_length_is_a_400(served: Served) -> None:
    import socket

    host, port = served.url.removeprefix("http://").split(":")
    for length in ("abc", "-5"):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                + f"Content-Length: {length}\r\n\r\nASK {{}}".encode()
            )
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 400") or answer.startswith(b"HTTP/1.1 400"), answer
        assert b"Content-Length must be a number of bytes" in answer
    status, _, body = get(served.url + "/query" + q(COUNT), "text/csv")
    assert status == 200 and body.splitlines() == ["n", "2"]


def test_kg_ingests_through_kg_serve_with_the_endpoint_token(store_dir: Path) -> None:
    """`kg --endpoint` sends $KG_ENDPOINT_TOKEN as a bearer token; without it the server says 401."""
    from kg.config import PROJECT_ROOT

    article = str(PROJECT_ROOT / "data" / "articles" / "01-microsoft-openai-first-investment.md")
    with kg_serve(store_dir, "--no-site", "--allow-update", "--token", "t0ken") as served:
        base = [*KG, "--endpoint", served.url + "/query", "--update-endpoint", served.url + "/update", "ingest"]
        env = {k: v for k, v in os.environ.items() if k != "KG_ENDPOINT_TOKEN"}
        refused = subprocess.run([*base, article], capture_output=True, text=True, env=env)
        accepted = subprocess.run(
            [*base, article], capture_output=True, text=True, env={**env, "KG_ENDPOINT_TOKEN": "t0ken"}
        )
        _, _, body = get(served.url + "/query" + q(AGREEMENTS_BY_CLAIMS), "application/sparql-results+json")
    assert refused.returncode == 1 and "401" in refused.stderr and "Traceback" not in refused.stderr
    assert accepted.returncode == 0, accepted.stderr
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) >= 1


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"


def make_big_store(folder: Path, n: int = 2000) -> Path:
    with open_oxigraph(folder) as store:
        quads = [(URIRef(f"https://example.org/s{i}"), P, Literal(i), G1) for i in range(n)]
        store.update(insert_data(quads))
    return folder


def test_a_query_past_the_timeout_is_stopped_and_the_server_answers_the_next(tmp_path: Path) -> None:
    store = make_big_store(tmp_path / "store")
    with kg_serve(store, "--no-site", "--timeout", "2") as s:
        status, _, body = get(s.url + "/query?" + urllib.parse.urlencode({"query": SLOW}))
        assert status == 504 and "did not finish within 2 s" in body
        status, _, body = get(s.url + "/query?" + urllib.parse.urlencode({"query": COUNT}), "text/csv")
        assert status == 200 and body.splitlines()[1].strip() == "2000"


def test_a_result_over_the_size_limit_is_a_507_and_small_ones_pass(tmp_path: Path) -> None:
    store = make_big_store(tmp_path / "store")
    with kg_serve(store, "--no-site", "--max-result-mb", "0.01") as s:
        everything = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
        status, _, body = get(s.url + "/query?" + everything, "text/csv")
        assert status == 507 and "LIMIT" in body
        status, _, body = get(s.url + "/query?" + urllib.parse.urlencode({"query": COUNT}), "text/csv")
        assert status == 200


def test_requests_beyond_the_concurrency_cap_wait_then_get_a_503(tmp_path: Path) -> None:
    import threading
    import time

    store = make_big_store(tmp_path / "store")
    with kg_serve(store, "--no-site", "--timeout", "20", "--max-concurrent", "1") as s:
        slow = threading.Thread(target=get, args=(s.url + "/query?" + urllib.parse.urlencode({"query": SLOW}),))
        slow.start()
        time.sleep(2)  # let the slow query take the slot (it runs 20 s; ordering only, nothing is timed)
        try:
            # the one slot is taken by the 20 s query; this request waits 10 s, then is refused
            status, _, body = get(s.url + "/query?" + urllib.parse.urlencode({"query": COUNT}))
            assert status == 503 and "busy" in body
        finally:
            slow.join(timeout=40)


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


def test_idle_connections_beyond_the_cap_get_a_503_and_hold_no_thread(store_dir: Path) -> None:
    import socket
    import time

    with kg_serve(store_dir, "--no-site", "--max-connections", "8") as s:
        host, port = s.url.removeprefix("http://").split(":")
        before = _threads(s.server.pid)
        idle = [socket.create_connection((host, int(port)), timeout=60) for _ in range(100)]
        try:
            time.sleep(1)  # let the server accept them all (ordering only, nothing is timed)
            assert _threads(s.server.pid) <= before + 8
            refused = [sock for sock in idle[8:] if sock.recv(4096).startswith(b"HTTP/1.0 503")]
            assert len(refused) == 92
        finally:
            for sock in idle:
                sock.close()
        time.sleep(1)
        status, _, body = get(s.url + "/query?" + urllib.parse.urlencode({"query": COUNT}), "text/csv")
        assert status == 200 and body.splitlines() == ["n", "2"]


def test_the_served_store_is_locked_against_ingest(store_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Microsoft invested $1 billion in OpenAI on Monday.\n", encoding="utf-8")
    with kg_serve(store_dir, "--no-site") as s:
        out = subprocess.run([*KG, "--store", str(store_dir), "ingest", str(article)], capture_output=True, text=True)
        assert out.returncode == 1
        assert "being served by kg serve" in out.stderr and "Traceback" not in out.stderr
        status, _, body = get(s.url + "/query?" + urllib.parse.urlencode({"query": COUNT}), "text/csv")
        assert status == 200 and body.splitlines()[1].strip() == "2"
    out = subprocess.run([*KG, "--store", str(store_dir), "ingest", str(article)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr  # released when the server stops
