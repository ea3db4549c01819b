"""Stores of invented articles, written by the real writer, for tests and benchmarks.

A few plain specs (companies, articles, agreements with their claims) become the records
extraction hands to the writer: an :class:`~kg.records.Article` per article, whose text
is its claims' evidence sentences, and an :class:`~kg.records.EventCandidate` per claim,
with its parties and roles, date, amount and evidence span. ``kg.graphwrite.write_articles``
writes them as ``kg ingest`` does (article graphs, companies described from a gazetteer made
of the company specs, claims clustered into agreements, graph/derived), so a synthetic store
has exactly the pipeline's layout and IRIs. An agreement spec is the claims extraction
would find about one deal; clustering decides which agreement they form.
``synthetic_specs`` makes a random but seeded alliance network of any size.

Importable as ``synthetic`` from the tests (pytest puts ``tests/`` on ``sys.path``) and
from the benchmarks, which put ``tests/`` there themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Dataset
from rdflib.term import Node

from kg import graphwrite
from kg.config import Settings
from kg.ontology.terms import AGREEMENTS_GRAPH, KG
from kg.records import (
    DIRECTED_ROLES,
    Article,
    Company,
    EventCandidate,
    Evidence,
    Kind,
    Money,
    PartialDate,
    Party,
    Status,
)
from kg.resolve import iris
from kg.resolve.gazetteer import Gazetteer
from kg.store import Store, open_memory


@dataclass(frozen=True, slots=True)
class CompanySpec:
    name: str
    sector: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    key: str
    url: str | None = None
    path: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date


@dataclass(frozen=True, slots=True)
class ClaimSpec:
    article: str  # ArticleSpec.key
    status: Status
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    evidence: str = ""
    amount: tuple[int, str] | None = None
    background: bool = False


@dataclass(frozen=True, slots=True)
class AgreementSpec:
    kind: Kind
    parties: tuple[str, ...]
    agents: tuple[str, ...] = ()
    claims: tuple[ClaimSpec, ...] = field(default_factory=tuple)


def _parties(spec: AgreementSpec) -> tuple[Party, ...]:
    roles = DIRECTED_ROLES.get(spec.kind) if spec.agents else None
    if roles is None:
        return tuple(Party(name) for name in spec.parties)
    return tuple(Party(name, roles[0] if name in spec.agents else roles[1]) for name in spec.parties)


def _event(spec: AgreementSpec, claim: ClaimSpec, start: int, sentence: str) -> EventCandidate:
    return EventCandidate(
        kind=spec.kind,
        status=claim.status,
        parties=_parties(spec),
        evidence=Evidence(start, start + len(sentence), sentence),
        date=PartialDate.parse(claim.date) if claim.date else None,
        amount=Money(*claim.amount) if claim.amount else None,
        confidence=0.8,
        background=claim.background,
    )


def _events(
    articles: Sequence[ArticleSpec], agreements: Sequence[AgreementSpec]
) -> tuple[dict[str, list[str]], list[list[tuple[str, EventCandidate]]]]:
    """Each article's lines (its claims' sentences, in the order of the specs) and each
    agreement spec's events with the key of the article stating them."""
    lines: dict[str, list[str]] = {a.key: [] for a in articles}
    events: list[list[tuple[str, EventCandidate]]] = []
    for spec in agreements:
        events.append([])
        for claim in spec.claims:
            text = lines[claim.article]
            start = sum(len(line) + 1 for line in text)
            sentence = claim.evidence or f"{' and '.join(spec.parties)}: {spec.kind.value}, {claim.status.value}."
            text.append(sentence)
            events[-1].append((claim.article, _event(spec, claim, start, sentence)))
    return lines, events


def _article(spec: ArticleSpec, text: str) -> Article:
    path = spec.path or spec.key
    return Article(
        key=iris.article_key(spec.url, path),
        text=text,
        path=path,
        url=spec.url,
        title=spec.title,
        published=dt.date.fromisoformat(spec.published) if spec.published else None,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def extracted(articles: Sequence[ArticleSpec], agreements: Sequence[AgreementSpec]) -> list[graphwrite.Extracted]:
    """Each article with the events of its claims, as extraction hands them to the writer."""
    lines, events = _events(articles, agreements)
    by_article: dict[str, list[EventCandidate]] = {a.key: [] for a in articles}
    for spec_events in events:
        for key, event in spec_events:
            by_article[key].append(event)
    return [graphwrite.Extracted(_article(a, "\n".join(lines[a.key])), tuple(by_article[a.key])) for a in articles]


def agreement_iris(
    source: Dataset | Store, articles: Sequence[ArticleSpec], agreements: Sequence[AgreementSpec]
) -> list[str]:
    """For each agreement spec, the agreement the writer put its first claim in."""
    _, events = _events(articles, agreements)
    keys = {a.key: _article(a, "").key for a in articles}
    firsts = []
    for spec_events in events:
        key, e = spec_events[0]
        firsts.append(iris.assertion_iri(keys[key], e.kind, e.party_names, e.status, e.evidence.start, e.evidence.end))
    rows = " ".join(sa.n3() for sa in firsts)
    sparql = (
        f"SELECT ?sa ?agr WHERE {{ VALUES ?sa {{ {rows} }} "
        f"GRAPH {AGREEMENTS_GRAPH.n3()} {{ ?agr {KG.hasStatusAssertion.n3()} ?sa }} }}"
    )
    dataset = source.dataset if isinstance(source, Store) else source
    found = {str(sa): str(agr) for sa, agr in dataset.query(sparql)}  # type: ignore[misc]
    return [found[str(sa)] for sa in firsts]


def gazetteer(companies: Iterable[CompanySpec]) -> Gazetteer:
    """The companies as gazetteer rows, so the writer describes them with sector and country."""
    return Gazetteer(tuple(Company(c.name, sector=c.sector, country=c.country) for c in companies))


def write(
    store: Store,
    companies: Sequence[CompanySpec],
    articles: Sequence[ArticleSpec],
    agreements: Sequence[AgreementSpec],
    settings: Settings | None = None,
) -> None:
    """Write the articles and their claims into ``store`` with ``kg.graphwrite.write_articles``."""
    graphwrite.write_articles(store, extracted(articles, agreements), gazetteer(companies), settings or Settings())


def written_store(
    companies: Sequence[CompanySpec],
    articles: Sequence[ArticleSpec],
    agreements: Sequence[AgreementSpec],
    settings: Settings | None = None,
) -> Store:
    """A new in-memory Oxigraph store holding what :func:`write` writes (close it when done)."""
    store = open_memory()
    write(store, companies, articles, agreements, settings)
    return store


def dataset(
    companies: Sequence[CompanySpec],
    articles: Sequence[ArticleSpec],
    agreements: Sequence[AgreementSpec],
    store: str = "default",
) -> Dataset:
    """An rdflib ``Dataset`` (union default graph, on the rdflib ``store`` plugin named)
    holding what :func:`write` writes."""
    with written_store(companies, articles, agreements) as written:
        return copy_dataset(written.dataset.quads(), store)


def copy_dataset(quads: Iterable[tuple[Node, Node, Node, object]], store: str = "default") -> Dataset:
    """A ``Dataset`` with these quads (each fourth item a graph or its IRI)."""
    ds = Dataset(store=store, default_union=True)
    graph = functools.cache(ds.get_context)  # addN takes contexts as Graphs: one per graph IRI
    ds.addN((s, p, o, graph(getattr(g, "identifier", g))) for s, p, o, g in quads)
    return ds


_SECTORS = ("ai", "cloud", "semiconductors", "software", "telecom", "finance")
_COUNTRIES = ("US", "FR", "DE", "GB", "CN", "JP", "KR", "CA", "IN")
_STATUS_PATHS = (
    (Status.ANNOUNCED,),
    (Status.RUMORED, Status.NEGOTIATING),
    (Status.ANNOUNCED, Status.COMPLETED),
    (Status.SIGNED,),
    (Status.ANNOUNCED, Status.UNDER_REVIEW, Status.BLOCKED),
    (Status.NEGOTIATING, Status.TERMINATED),
)


def synthetic_specs(
    n_companies: int, seed: int = 1, edges_per_company: int = 2
) -> tuple[list[CompanySpec], list[ArticleSpec], list[AgreementSpec]]:
    """A seeded preferential-attachment alliance network of ``n_companies`` companies.

    About ``edges_per_company`` agreements per company, 1–3 claims each, from
    ``n_companies`` synthetic articles dated 2018–2025.
    """
    import networkx as nx

    rng = random.Random(seed)
    topology = nx.barabasi_albert_graph(n_companies, edges_per_company, seed=seed)
    companies = [
        CompanySpec(f"Company {i:05d}", rng.choice(_SECTORS), rng.choice(_COUNTRIES)) for i in range(n_companies)
    ]
    articles = [
        ArticleSpec(
            key=f"https://news.example.org/{i}",
            url=f"https://news.example.org/{i}",
            title=f"Synthetic article {i}",
            published=f"{rng.randint(2018, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        )
        for i in range(max(1, n_companies))
    ]
    kinds = list(Kind)
    agreements: list[AgreementSpec] = []
    for a, b in sorted(topology.edges()):
        kind = rng.choice(kinds)
        parties = (companies[a].name, companies[b].name)
        agents = (parties[0],) if kind in DIRECTED_ROLES else ()
        path = rng.choice(_STATUS_PATHS)
        year, month = rng.randint(2018, 2025), rng.randint(1, 9)
        claims = tuple(
            ClaimSpec(
                article=rng.choice(articles).key,
                status=status,
                date=f"{year}-{month + step:02d}-{rng.randint(1, 28):02d}",
                evidence=f"{parties[0]} and {parties[1]} {status.value} a {kind.value} deal.",
                amount=(rng.randint(1, 500) * 10_000_000, "USD") if kind is Kind.INVESTMENT else None,
            )
            for step, status in enumerate(path)
        )
        agreements.append(AgreementSpec(kind, parties, agents, claims))
    return companies, articles, agreements
