"""The company graph (networkx) and its metrics.

Nodes are companies that take part in at least one agreement; each agreement adds one edge
per pair of its parties (keyed by the agreement IRI), so repeat deals stay apart.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

import networkx as nx
import pandas as pd

from kg.analyze.agreements import AgreementView, agreement_views, company_names, views_as_of
from kg.analyze.sparql import Source

#: Above this many nodes betweenness is estimated from a seeded sample of sources.
BETWEENNESS_EXACT_MAX = 500
BETWEENNESS_SAMPLE = 200
SEED = 42
METRIC_COLUMNS = ["label", "sector", "country", "degree", "weighted_degree", "betweenness", "pagerank", "community"]


def edge_attributes(view: AgreementView) -> dict[str, object]:
    """What an edge of the company graph carries about its agreement."""
    return {
        "agreement": view.iri,
        "kind": view.kind,
        "label": view.label,
        "status": view.status,
        "status_date": view.status_date,
        "phase": view.phase,
        "first": view.first,
        "last": view.last,
        "amount": view.amount,
        "currency": view.currency,
        "sources": [s.key for s in view.sources],
        "n_sources": len(view.sources),
        "evidence": view.evidence,
        "evidence_url": view.evidence_source.key if view.evidence_source else None,
        "parties": [(p.name, p.role) for p in view.parties],
        "view": view,
    }


def build_company_graph(companies: dict[str, dict[str, str | None]], views: list[AgreementView]) -> nx.MultiGraph:
    """Pure: companies (IRI → attributes) and agreements → the company multigraph."""
    G = nx.MultiGraph()
    G.add_nodes_from((iri, dict(attrs)) for iri, attrs in sorted(companies.items()))
    for view in views:
        attrs = edge_attributes(view)
        members = sorted({p.iri for p in view.parties})
        for a, b in combinations(members, 2):
            G.add_edge(a, b, key=view.iri, **attrs)
    return G


def company_graph(ds: Source, as_of: str | None = None) -> nx.MultiGraph:
    """The company graph of a store (or an rdflib Graph/Dataset).

    Nodes: company IRIs with ``label``, ``sector``, ``country``. Edges: one per agreement
    and pair of parties, key = agreement IRI, with ``kind``, current ``status`` and
    ``status_date``, ``first``/``last`` claimed dates, ``amount``/``currency``,
    ``sources``, ``evidence`` and ``evidence_url``, ``parties`` as (name, role) pairs,
    and the full ``view`` (:class:`~kg.analyze.agreements.AgreementView`).

    With ``as_of`` (YYYY-MM-DD), the agreements as known that day (``views_as_of``).
    """
    return company_graph_views(ds, as_of)[0]


def company_graph_views(ds: Source, as_of: str | None = None) -> tuple[nx.MultiGraph, list[AgreementView]]:
    """:func:`company_graph` and every agreement view read for it (as of ``as_of``), also
    those that draw no edge (fewer than two company parties), so callers need not query again."""
    companies = company_names(ds)
    views = agreement_views(ds, companies)
    if as_of:
        views = views_as_of(views, as_of)
    return build_company_graph(companies, views), views


def simple_graph(G: nx.MultiGraph) -> nx.Graph:
    """Collapse parallel edges; ``weight`` = number of agreements between the two."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for a, b in G.edges():
        if H.has_edge(a, b):
            H[a][b]["weight"] += 1
        else:
            H.add_edge(a, b, weight=1)
    return H


def communities(H: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (seeded), numbered by size (0 = largest)."""
    if H.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(H.nodes))}
    parts = nx.community.louvain_communities(H, weight="weight", seed=seed)
    parts = sorted(parts, key=lambda c: (-len(c), min(c)))
    return {node: i for i, part in enumerate(parts) for node in part}


def betweenness(H: nx.Graph, k: int | None = None, seed: int = SEED) -> dict[str, float]:
    """Normalized shortest-path betweenness per node, the values of networkx's
    ``betweenness_centrality(H, k=k, seed=seed, normalized=True)`` computed by igraph's C code.

    With ``k``, only ``k`` sources sampled as networkx samples them (``random.Random(seed)``
    over the nodes in ``H``'s order) count, and the sums are scaled as networkx scales them.
    """
    import igraph

    nodes = list(H.nodes)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    g = igraph.Graph(n=n, edges=[(index[a], index[b]) for a, b in H.edges if a != b])
    if k is None or k >= n:
        raw = g.betweenness(directed=False)  # unordered pairs: half of networkx's ordered sums
        return {node: 2 * raw[i] / ((n - 1) * (n - 2)) for i, node in enumerate(nodes)}
    sources = set(random.Random(seed).sample(nodes, k))
    raw = g.betweenness(directed=False, sources=sorted(index[s] for s in sources))
    per_source = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan  # a source is never its own target
    per_other = 2 / (k * (n - 2))
    return {node: raw[i] * (per_source if node in sources else per_other) for i, node in enumerate(nodes)}


def metrics(G: nx.MultiGraph, seed: int = SEED) -> pd.DataFrame:
    """Per company: ``degree`` (distinct partners), ``weighted_degree`` (agreement edges, parallel deals counted),
    ``betweenness`` (exact up to 500 nodes, else sampled with ``k=200`` and a seed; :func:`betweenness`),
    ``pagerank`` (weighted by agreements) and ``community`` (Louvain, seeded).

    Indexed by company IRI, sorted by pagerank then label.
    """
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=METRIC_COLUMNS).rename_axis("company")
    H = simple_graph(G)
    n = H.number_of_nodes()
    k = None if n <= BETWEENNESS_EXACT_MAX else min(BETWEENNESS_SAMPLE, n)
    between = betweenness(H, k, seed)
    pagerank = nx.pagerank(H, weight="weight") if H.number_of_edges() else {v: 1 / n for v in H}
    community = communities(H, seed)
    rows = [
        {
            "company": node,
            "label": G.nodes[node].get("label", node),
            "sector": G.nodes[node].get("sector"),
            "country": G.nodes[node].get("country"),
            "degree": H.degree(node),
            "weighted_degree": G.degree(node),
            "betweenness": between[node],
            "pagerank": pagerank[node],
            "community": community[node],
        }
        for node in H.nodes
    ]
    frame = pd.DataFrame(rows).set_index("company")
    return frame.sort_values(["pagerank", "label"], ascending=[False, True])
