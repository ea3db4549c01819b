"""kg.analyze over the fixture store (tests/fixtures/graph/alliances.trig), on rdflib's
memory store and on embedded Oxigraph (oxrdflib), and over synthetic graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset
from synthetic import dataset, synthetic_specs

from kg.analyze import agreements_per_quarter, company_graph, counts_by_kind_status, metrics
from kg.analyze.network import betweenness
from kg.analyze.sparql import select
from kg.analyze.timeline import quarter
from kg.errors import QueryError, StoreError
from kg.ontology.terms import ORG_NS
from kg.store import open_memory

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "alliances.trig"
EVIL = '<img src=x onerror="window.__pwned=5">Evil & Co'


def load(store: str) -> Dataset:
    ds = Dataset(store=store, default_union=True)
    ds.parse(FIXTURE, format="trig")
    return ds


@pytest.fixture(scope="module", params=["default", "Oxigraph"])
def ds(request: pytest.FixtureRequest) -> Dataset:
    return load(request.param)


@pytest.fixture(scope="module")
def G(ds: Dataset) -> nx.MultiGraph:
    return company_graph(ds)


def edges_of(G: nx.MultiGraph, a: str, b: str) -> list[dict]:
    return list(G.get_edge_data(str(ORG_NS[a]), str(ORG_NS[b]), default={}).values())


def test_nodes_are_companies_with_agreements(G: nx.MultiGraph) -> None:
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert labels == {"Microsoft", "OpenAI", "Amazon", "Anthropic", "Nvidia", "Mistral AI", "Google", "Oracle", EVIL}
    assert "Apple" not in labels  # named in an article, but in no agreement
    assert G.nodes[str(ORG_NS["mistral-ai"])]["sector"] == "ai"
    assert G.nodes[str(ORG_NS["mistral-ai"])]["country"] == "FR"


def test_repeat_deals_stay_apart(G: nx.MultiGraph) -> None:
    deals = sorted(edges_of(G, "microsoft", "openai"), key=lambda d: d["first"] or "")
    investments = [d for d in deals if d["kind"] == "investment"]
    assert [(d["first"], d["amount"]) for d in investments] == [
        ("2019-07-22", 1_000_000_000),
        ("2023-01-01", 10_000_000_000),
    ]
    assert len({d["agreement"] for d in deals}) == 3  # two investments + the three-party partnership


def test_current_status_comes_from_claims_not_derived_graph(G: nx.MultiGraph) -> None:
    (deal,) = edges_of(G, "amazon", "anthropic")
    assert (deal["status"], deal["status_date"], deal["phase"]) == ("completed", "2024-03-27", "agreed")
    assert deal["n_sources"] == 2
    assert deal["evidence"] == "Amazon completed its $4 billion investment in Anthropic."
    assert deal["evidence_url"] == "https://news.example.com/2024/03/amazon-anthropic-done"
    assert ("Amazon", "investor") in deal["parties"] and ("Anthropic", "investee") in deal["parties"]
    history = [(c.date, c.status) for c in deal["view"].history]
    assert history == [("2023-09-25", "announced"), ("2024-03-27", "completed")]


def test_latest_claim_wins_and_phases(G: nx.MultiGraph) -> None:
    (acq,) = edges_of(G, "nvidia", "img-src-x-onerror-window-pwned-5-evil")
    assert (acq["status"], acq["phase"], acq["first"], acq["last"]) == (
        "terminated",
        "ended",
        "2020-09-13",
        "2022-02-08",
    )
    assert acq["evidence_url"] == "/data/articles/local-note.md"  # no url: the local path
    (talks,) = edges_of(G, "mistral-ai", "nvidia")
    assert (talks["status"], talks["status_date"], talks["phase"]) == ("negotiating", "2024-05", "pre")
    (undated,) = edges_of(G, "anthropic", "google")
    assert undated["status"] == "completed" and undated["first"] is None


def test_multi_party_agreement_is_a_clique(G: nx.MultiGraph) -> None:
    partnership = {
        d["agreement"]
        for a, b in [("microsoft", "oracle"), ("openai", "oracle"), ("microsoft", "openai")]
        for d in edges_of(G, a, b)
        if d["kind"] == "partnership"
    }
    assert len(partnership) == 1


def test_metrics(G: nx.MultiGraph) -> None:
    table = metrics(G)
    assert set(table.columns) >= {"degree", "weighted_degree", "betweenness", "pagerank", "community"}
    assert len(table) == G.number_of_nodes()
    assert table.loc[str(ORG_NS["openai"]), "degree"] == 3  # Microsoft, Oracle, Nvidia
    assert table.loc[str(ORG_NS["openai"]), "weighted_degree"] == 5
    assert table["pagerank"].sum() == pytest.approx(1.0)
    assert table.loc[str(ORG_NS["nvidia"]), "betweenness"] > table.loc[str(ORG_NS["mistral-ai"]), "betweenness"] == 0
    same = table.loc[[str(ORG_NS["amazon"]), str(ORG_NS["anthropic"]), str(ORG_NS["google"])], "community"]
    assert same.nunique() == 1
    assert table.equals(metrics(G))  # seeded: same result twice


@pytest.mark.slow
def test_metrics_sample_betweenness_on_large_graphs() -> None:
    H = nx.MultiGraph(nx.barabasi_albert_graph(700, 2, seed=3))
    nx.set_node_attributes(H, "x", "label")
    table = metrics(H)
    assert len(table) == 700 and table["betweenness"].max() > 0
    assert table["betweenness"].equals(metrics(H)["betweenness"])


@pytest.mark.parametrize(("n", "k"), [(2, None), (3, None), (60, None), (700, 200)])
def test_betweenness_is_networkx_in_c(n: int, k: int | None) -> None:
    H = nx.relabel_nodes(nx.barabasi_albert_graph(n, 1 if n < 4 else 2, seed=3), lambda i: f"c{(i * 37) % n}")
    H.add_node("alone")
    expected = nx.betweenness_centrality(H, k=k, seed=42, normalized=True)
    got = betweenness(H, k, seed=42)
    assert list(got) == list(expected)
    assert all(got[v] == pytest.approx(expected[v], abs=1e-12) for v in H)


def test_metrics_of_empty_graph() -> None:
    assert metrics(nx.MultiGraph()).empty


def test_counts_by_kind_status(ds: Dataset) -> None:
    table = counts_by_kind_status(ds)
    assert table.loc["investment", "completed"] == 2
    assert table.loc["investment", "announced"] == 2
    assert table.loc["acquisition", "terminated"] == 1
    assert table.loc["total", "total"] == 9


def test_agreements_per_quarter(ds: Dataset) -> None:
    table = agreements_per_quarter(ds)
    assert table.index[0] == "2019Q3" and table.index[-1] == "2025Q1"
    assert table.loc["2024Q2", "partnership"] == 2
    assert table.loc["2020Q3", "acquisition"] == 1
    assert int(table.to_numpy().sum()) == 8  # the undated Google investment is left out
    assert quarter("2024-12-31") == "2024Q4"


def test_a_graph_and_a_store_give_the_same_table(ds: Dataset) -> None:
    from_graph = select(ds, "graph-companies")
    with open_memory() as store:
        store.dataset.addN((s, p, o, store.dataset.graph(g)) for s, p, o, g in ds.quads())
        from_store = select(store, "graph-companies")
    assert len(from_graph.rows) == 9 and "company" in from_graph.columns
    assert from_store.columns == from_graph.columns and set(from_store.rows) == set(from_graph.rows)
    with pytest.raises(QueryError, match="graph-nope"):
        select(ds, "graph-nope")
    with pytest.raises(StoreError, match="cannot query int"):
        select(3, "graph-companies")  # type: ignore[arg-type]


@pytest.mark.slow
def test_synthetic_graph_round_trips() -> None:
    companies, articles, agreements = synthetic_specs(60, seed=5)
    G = company_graph(dataset(companies, articles, agreements))
    assert G.number_of_edges() == len(agreements)
    assert G.number_of_nodes() == 60
