"""Small graphs in the store layout of ``docs/design.md``, for tests, benchmarks and demos.

``graph_quads`` turns a few plain specs (companies, articles, agreements with their claims)
into the quads the pipeline would write: article graphs with the article and one
``kg:StatusAssertion`` per claim (with evidence and amount), ``…/id/graph/companies``, and the
``…/id/graph/agreements`` graph with the agreements, their parties, roles and claims.
``synthetic_specs`` makes a random but seeded alliance network of any size.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import PROV, RDF, RDFS, SDO, XSD, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.ontology.terms import (
    AGR,
    AGREEMENTS_GRAPH,
    ART,
    COMPANIES_GRAPH,
    EV,
    GRAPH,
    KG,
    KIND_CLASS,
    OA,
    ORG_NS,
    RUN,
    SA,
    status_iri,
)
from kg.records import DIRECTED_ROLES, Kind, PartialDate, Role, Status
from kg.resolve.iris import party_key

Quad = tuple[Node, Node, Node, URIRef]

ROLE_PROPERTY = {role: KG[role.value] for role in Role}
_SLUG_BAD = re.compile(r"[^a-z0-9]+")
_RUN = RUN["kg-0.1.0_cfg-fixture"]


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
    anchor: str = ""


def slug(name: str) -> str:
    """A lowercase ASCII slug of a company name (``"Mistral AI"`` → ``"mistral-ai"``)."""
    text = _SLUG_BAD.sub("-", name.lower()).strip("-")
    return text or "x" + hashlib.sha256(name.encode()).hexdigest()[:12]


def _h(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def org_iri(name: str) -> URIRef:
    return ORG_NS[slug(name)]


def agreement_iri(spec: AgreementSpec) -> URIRef:
    key = "|".join([spec.kind.value, *sorted(spec.parties), spec.anchor])
    return AGR[f"{spec.kind.value}-{uuid.uuid5(uuid.NAMESPACE_URL, key)}"]


def _date_quads(sa: URIRef, text: str, g: URIRef) -> Iterator[Quad]:
    date = PartialDate.parse(text)
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision]
    yield sa, KG.statusDate, Literal(date.iso(), datatype=datatype), g
    yield sa, KG.statusDateEarliest, Literal(date.earliest().isoformat(), datatype=XSD.date), g
    yield sa, KG.statusDateLatest, Literal(date.latest().isoformat(), datatype=XSD.date), g


def _article_quads(article: ArticleSpec) -> Iterator[Quad]:
    h = _h(article.key)
    g, art = GRAPH[f"article/{h}"], ART[h]
    yield art, RDF.type, KG.Article, g
    if article.url:
        yield art, SDO.url, URIRef(article.url), g
    else:
        yield art, KG.sourcePath, Literal(article.path or article.key), g
    if article.title:
        yield art, SDO.headline, Literal(article.title), g
    if article.published:
        yield art, SDO.datePublished, Literal(article.published, datatype=XSD.date), g
    yield art, SDO.identifier, Literal("sha256:" + hashlib.sha256(article.key.encode()).hexdigest()), g


def _company_quads(company: CompanySpec, g: URIRef) -> Iterator[Quad]:
    org = org_iri(company.name)
    yield org, RDF.type, KG.Company, g
    yield org, RDFS.label, Literal(company.name), g
    if company.sector:
        yield org, KG.sector, Literal(company.sector), g
    if company.country:
        yield org, KG.country, Literal(company.country), g


def _claim_quads(spec: AgreementSpec, claim: ClaimSpec, index: int) -> Iterator[Quad]:
    h = _h(claim.article)
    g, art = GRAPH[f"article/{h}"], ART[h]
    sah = _h(claim.article, spec.kind.value, *sorted(spec.parties), claim.status.value, str(index))
    sa = SA[sah]
    yield sa, RDF.type, KG.StatusAssertion, g
    yield sa, KG.claimedKind, KIND_CLASS[spec.kind.value], g
    for name in sorted(set(spec.parties)):
        yield sa, KG.claimedParty, org_iri(name), g
        yield sa, KG.claimedPartyName, Literal(name), g
    yield sa, KG.partyKey, Literal(party_key(spec.parties)), g
    for name in sorted(set(spec.agents)):
        yield sa, KG.claimedAgent, org_iri(name), g
    yield sa, KG.status, status_iri(claim.status.value), g
    if claim.date:
        yield from _date_quads(sa, claim.date, g)
    yield sa, KG.confidence, Literal(Decimal("0.800"), datatype=XSD.decimal), g
    if claim.background:
        yield sa, KG.background, Literal(True), g
    yield sa, PROV.wasDerivedFrom, art, g
    yield sa, PROV.wasGeneratedBy, _RUN, g
    if claim.amount:
        money = SA[f"{sah}-amount"]
        yield sa, KG.reportedAmount, money, g
        yield money, RDF.type, SDO.MonetaryAmount, g
        yield money, SDO.value, Literal(Decimal(claim.amount[0]), datatype=XSD.decimal), g
        yield money, SDO.currency, Literal(claim.amount[1]), g
    ev, quote, pos = EV[sah], EV[f"{sah}-q"], EV[f"{sah}-p"]
    yield sa, KG.evidence, ev, g
    yield ev, RDF.type, OA.SpecificResource, g
    yield ev, OA.hasSource, art, g
    yield ev, OA.hasSelector, quote, g
    yield ev, OA.hasSelector, pos, g
    yield quote, RDF.type, OA.TextQuoteSelector, g
    yield quote, OA.exact, Literal(claim.evidence), g
    yield pos, RDF.type, OA.TextPositionSelector, g
    yield pos, OA.start, Literal(0), g
    yield pos, OA.end, Literal(len(claim.evidence)), g


def _agreement_quads(spec: AgreementSpec) -> Iterator[Quad]:
    g, agr = AGREEMENTS_GRAPH, agreement_iri(spec)
    yield agr, RDF.type, KIND_CLASS[spec.kind.value], g
    yield agr, RDFS.label, Literal(f"{spec.kind.value}: {' – '.join(sorted(spec.parties))}"), g
    for name in spec.parties:
        yield agr, KG.party, org_iri(name), g
    roles = DIRECTED_ROLES.get(spec.kind)
    if roles and spec.agents:
        for name in spec.parties:
            role = roles[0] if name in spec.agents else roles[1]
            yield agr, ROLE_PROPERTY[role], org_iri(name), g
    for index, claim in enumerate(spec.claims):
        sah = _h(claim.article, spec.kind.value, *sorted(spec.parties), claim.status.value, str(index))
        yield agr, KG.hasStatusAssertion, SA[sah], g


def graph_quads(
    companies: Sequence[CompanySpec],
    articles: Sequence[ArticleSpec],
    agreements: Sequence[AgreementSpec],
    mentions: dict[str, Sequence[str]] | None = None,
) -> Iterator[Quad]:
    """All quads of a store holding these articles and agreements.

    Each company is described in the graph of every article that claims something about
    it; ``mentions`` (article key → company names) adds companies an article only names.
    """
    by_name = {c.name: c for c in companies}
    named: dict[str, set[str]] = {a.key: set((mentions or {}).get(a.key, ())) for a in articles}
    for article in articles:
        yield from _article_quads(article)
    for spec in agreements:
        for index, claim in enumerate(spec.claims):
            named.setdefault(claim.article, set()).update(spec.parties)
            yield from _claim_quads(spec, claim, index)
        yield from _agreement_quads(spec)
    for name in sorted({n for names in named.values() for n in names}):
        yield from _company_quads(by_name.get(name, CompanySpec(name)), COMPANIES_GRAPH)


def dataset(quads: Iterator[Quad] | Sequence[Quad], store: str = "default") -> Dataset:
    """An rdflib ``Dataset`` (union default graph) holding the quads."""
    ds = Dataset(store=store, default_union=True)
    graph = functools.cache(ds.get_context)  # addN takes contexts as Graphs: one per graph IRI
    ds.addN((s, p, o, graph(g)) for s, p, o, g in quads)
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
