"""Scale (issue 12): companies described once, writes that re-derive only what they touch.

Corpora come from ``scale_corpus`` (hub companies in most articles) and go through the real
writer into real Oxigraph stores.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scale_corpus import HUBS, corpus

from kg import api
from kg.config import Settings, load_settings
from kg.graphwrite import Extracted, rebuild, write_articles
from kg.ontology.terms import COMPANIES_GRAPH, META_GRAPH, ONTOLOGY_GRAPH
from kg.query.runner import library
from kg.resolve.gazetteer import load_gazetteer
from kg.store import Store, open_memory, open_oxigraph
from kg.store.table import Table

pytestmark = pytest.mark.slow  # corpora of hundreds of articles

ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
STAMP = "http://www.w3.org/ns/prov#generatedAtTime"


def quads(store: Store) -> set[tuple[str, ...]]:
    """Every quad but the write timestamps of graph/meta."""
    return {tuple(str(t) for t in q) for q in store.query(ALL_QUADS) if not (q[3] == META_GRAPH and str(q[1]) == STAMP)}


def write_in(store: Store, batches: list[list[Extracted]], settings: Settings) -> None:
    gaz = load_gazetteer(settings.companies_csv)
    for batch in batches:
        write_articles(store, batch, gaz, settings)


@pytest.fixture(scope="module")
def hub_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("hubs")
    settings = load_settings(env={}, store=root / "store")
    items = corpus(400, seed=3)
    store = open_oxigraph(root / "store")
    write_in(store, [items[i : i + 50] for i in range(0, len(items), 50)], settings)
    yield store
    store.close()


def test_hub_companies_are_in_hundreds_of_articles(hub_store: Store) -> None:
    q = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
    SELECT ?c (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?sa kg:claimedParty ?c } } GROUP BY ?c"""
    articles = {str(c).rsplit("/", 1)[-1]: int(n) for c, n in hub_store.query(q)}
    assert all(articles[h.lower()] >= 100 for h in HUBS), articles


def test_company_triples_live_once_in_the_companies_graph(hub_store: Store) -> None:
    q = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?c ?p ?o (COUNT(?g) AS ?copies) WHERE {
      GRAPH ?x { ?c a kg:Company } GRAPH ?g { ?c ?p ?o } } GROUP BY ?c ?p ?o"""
    rows = list(hub_store.query(q))
    assert rows and all(int(n) == 1 for *_, n in rows)
    graphs = {str(g) for (g,) in hub_store.query("PREFIX kg: <https://w3id.org/alliance-kg/ont#> "
                                                  "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a kg:Company } }")}  # fmt: skip
    assert graphs == {str(COMPANIES_GRAPH)}
    sectors = {str(r[0]): str(r[1]) for r in hub_store.query(
        "PREFIX kg: <https://w3id.org/alliance-kg/ont#> SELECT ?c ?s WHERE { ?c kg:sector ?s }")}  # fmt: skip
    assert sectors["https://w3id.org/alliance-kg/id/org/openai"] == "ai_lab"


PARAMS = {
    "company": "OpenAI",
    "status": "completed",
    "date": "2024-06-30",
    "statuses": "all",
    "max_length": "3",
    "limit": "0",
}


def test_every_named_query_answers_at_a_store_with_hubs(hub_store: Store) -> None:
    agreement = api.query(hub_store, "agreements").records()[0]["agreement"]  # type: ignore[union-attr]
    answered = {}
    for name, named in library().items():
        params = {p.name: PARAMS.get(p.name, agreement) for p in named.params}
        result = api.query(hub_store, name, params)
        answered[name] = len(result.rows) if isinstance(result, Table) else len(result)  # type: ignore[arg-type]
    empty = {n for n, k in answered.items() if not k}
    assert not empty, answered
    companies = {r["name"]: int(r["agreements"]) for r in api.query(hub_store, "companies").records()}  # type: ignore[union-attr]
    count = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
    SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a kg:party <https://w3id.org/alliance-kg/id/org/openai> }"""
    assert companies["OpenAI"] == int(next(iter(hub_store.query(count)))[0])


def test_the_ontology_graph_is_written_only_when_it_changes(tmp_path: Path) -> None:
    settings = load_settings(env={}, store=tmp_path / "s")
    items = corpus(6, seed=11)
    with open_memory() as store:
        write_in(store, [items[:3]], settings)
        stamp = "PREFIX kg: <https://w3id.org/alliance-kg/ont#> INSERT DATA { GRAPH <%s> { kg:x kg:y kg:z } }"
        store.update(stamp % ONTOLOGY_GRAPH)  # a marker a rewrite of graph/ontology would drop
        write_in(store, [items[3:]], settings)
        ask = f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <https://w3id.org/alliance-kg/ont#x> ?p ?o }} }}"
        assert store.query(ask) is True
        rebuild(store, settings)
        assert store.query(ask) is False


def _batches(items: list[Extracted], order: list[int], cuts: list[int]) -> list[list[Extracted]]:
    ordered = [items[i] for i in order]
    bounds = sorted({c % (len(ordered) + 1) for c in cuts} | {0, len(ordered)})
    return [ordered[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


ITEMS = corpus(24, seed=5, hub_share=0.95)


@pytest.fixture(scope="module")
def rebuilt() -> set[tuple[str, ...]]:
    settings = load_settings(env={})
    with open_memory() as store:
        write_in(store, [ITEMS], settings)
        rebuild(store, settings)
        return quads(store)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(list(range(len(ITEMS)))),
    cuts=st.lists(st.integers(min_value=0, max_value=len(ITEMS)), max_size=8),
    again=st.lists(st.integers(min_value=0, max_value=len(ITEMS) - 1), max_size=3),
)
def test_any_order_and_batching_gives_the_graph_of_a_rebuild(
    rebuilt: set[tuple[str, ...]], order: list[int], cuts: list[int], again: list[int]
) -> None:
    """Articles written in any order and batches (some written twice) give exactly the quads
    of one write of all of them followed by ``kg rebuild``."""
    config = load_settings(env={})
    with open_memory() as store:
        write_in(store, _batches(ITEMS, order, cuts), config)
        write_in(store, [[ITEMS[i]] for i in again], config)
        got = quads(store)
    assert got == rebuilt, (sorted(got - rebuilt)[:5], sorted(rebuilt - got)[:5])


def test_a_changed_article_replaces_its_claims_and_their_groups(rebuilt: set[tuple[str, ...]]) -> None:
    """Re-ingesting an article whose claims changed leaves no trace of the old claims."""
    config = load_settings(env={})
    other = corpus(24, seed=99, hub_share=0.95)
    changed = [Extracted(ITEMS[i].article, other[i].events) for i in range(len(ITEMS))]
    with open_memory() as store:
        write_in(store, [changed], config)
        rng = random.Random(1)
        for i in rng.sample(range(len(ITEMS)), len(ITEMS)):
            write_in(store, [[ITEMS[i]]], config)
        got = quads(store)
    assert got == rebuilt, (sorted(got - rebuilt)[:5], sorted(rebuilt - got)[:5])


def test_a_write_reads_back_only_the_groups_it_touches(hub_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """One more article into the hub store: every claim read-back is scoped (VALUES), and
    far fewer claims come back than the store holds."""
    sent: list[tuple[str, int]] = []

    def recording(real: Any) -> Any:
        def run(sparql: str, bindings: object = None) -> object:
            answer = real(sparql, bindings)
            sent.append((sparql, len(answer.rows) if isinstance(answer, Table) else 0))
            return answer

        return run

    for method in ("query", "query_texts"):  # every way a store answers a SELECT
        monkeypatch.setattr(hub_store, method, recording(getattr(hub_store, method)))
    item = corpus(1, seed=1234, prefix="https://scale.example.org/one-more/")
    write_in(hub_store, [item], load_settings(env={}))
    monkeypatch.undo()
    claims = [(q, n) for q, n in sent if "kg:claimedPartyName" in q]
    assert claims and all("VALUES" in q for q, _ in claims)
    total = int(next(iter(hub_store.query(
        "PREFIX kg: <https://w3id.org/alliance-kg/ont#> SELECT (COUNT(*) AS ?n) WHERE { ?s kg:claimedPartyName ?o }")))[0])  # fmt: skip
    assert sum(n for _, n in claims) < total / 10


@pytest.mark.server
def test_batched_writes_through_a_sparql_server_give_the_embedded_graph() -> None:
    from oxserver import oxigraph_server

    from kg.store import open_remote

    config = load_settings(env={})
    batches = _batches(ITEMS, list(range(len(ITEMS))), [5, 9, 17])
    with open_memory() as embedded:
        write_in(embedded, batches, config)
        want = quads(embedded)
    with oxigraph_server() as server, open_remote(server.query_url) as remote:
        write_in(remote, batches, config)
        got = quads(remote)
    assert got == want, (sorted(got - want)[:5], sorted(want - got)[:5])
