"""Records → RDF, compared as graphs (rdflib.compare.isomorphic) with a hand-written file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.config import Settings
from kg.graphwrite import Extracted, article_graph_quads, run_iri
from kg.ontology.terms import ID
from kg.records import Article, EventCandidate, Evidence, Kind, Money, PartialDate, Party, Role, Status
from kg.resolve import iris
from kg.resolve.gazetteer import load_gazetteer

GOLDEN = Path(__file__).parent / "golden" / "article-graph.ttl"
TEXT = "On Monday, Microsoft said it would invest $10 billion in OpenAI. The deal extends a partnership."
MINTED = tuple(str(ID[x]) for x in ("article/", "assertion/", "evidence/", "run/"))


def sample() -> Extracted:
    article = Article(
        key="https://news.example.com/2023/01/23/msft-openai",
        text=TEXT,
        path="/tmp/x.md",
        url="https://news.example.com/2023/01/23/msft-openai",
        title="Microsoft invests in OpenAI",
        published=dt.date(2023, 1, 24),
        sha256="0f0f",
    )
    event = EventCandidate(
        kind=Kind.INVESTMENT,
        status=Status.ANNOUNCED,
        parties=(Party("Microsoft", Role.INVESTOR), Party("OpenAI", Role.INVESTEE)),
        evidence=Evidence(0, 64, TEXT[:64]),
        date=PartialDate(2023, 1, 23),
        amount=Money(10_000_000_000, "USD"),
        confidence=0.9,
    )
    return Extracted(article, (event,))


def blank_minted(graph: Graph) -> Graph:
    """Replace minted hash IRIs by blank nodes (one per IRI)."""
    nodes: dict[URIRef, BNode] = {}

    def swap(term):  # type: ignore[no-untyped-def]
        if isinstance(term, URIRef) and str(term).startswith(MINTED):
            return nodes.setdefault(term, BNode())
        return term

    out = Graph()
    for s, p, o in graph:
        out.add((swap(s), p, swap(o)))
    return out


def test_an_article_graph_matches_the_golden_file(settings: Settings) -> None:
    item = sample()
    gaz = load_gazetteer(settings.companies_csv)
    quads = article_graph_quads(item, gaz, run_iri(settings), settings)
    graph_name = iris.article_graph_iri(item.article.key)
    produced = Graph()
    for s, p, o, g in quads:
        if g == graph_name:
            produced.add((s, p, o))
    got, want = blank_minted(produced), Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError(
            "article graph differs from the golden file\nonly produced:\n"
            + only_got.serialize(format="nt")
            + "\nonly expected:\n"
            + only_want.serialize(format="nt")
        )


def test_no_blank_nodes_are_produced(settings: Settings) -> None:
    gaz = load_gazetteer(settings.companies_csv)
    quads = article_graph_quads(sample(), gaz, run_iri(settings), settings)
    assert not [q for q in quads if any(isinstance(t, BNode) for t in q)]


def test_the_same_record_gives_the_same_quads(settings: Settings) -> None:
    gaz = load_gazetteer(settings.companies_csv)
    run = run_iri(settings)
    first = {q for q in article_graph_quads(sample(), gaz, run, settings) if "generatedAtTime" not in str(q[1])}
    second = {q for q in article_graph_quads(sample(), gaz, run, settings) if "generatedAtTime" not in str(q[1])}
    assert first == second
