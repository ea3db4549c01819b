"""Records → quads. Pure: no I/O; the store writes what these functions return.

The layout is documented in ``docs/design.md``: one named graph per article with the
article and one ``kg:StatusAssertion`` per claim (its parties as IRIs and as the names the
article used); the companies live once, in ``graph/companies`` (``company_quads``);
agreements are derived from all claims into ``graph/agreements`` (see ``agreements_quads``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import OWL, PROV, RDF, RDFS, SDO, XSD, Literal, URIRef
from rdflib.term import Node

from kg.ontology.terms import (
    AGREEMENTS_GRAPH,
    COMPANIES_GRAPH,
    KG,
    KIND_CLASS,
    META_GRAPH,
    OA,
    W3ORG,
    status_iri,
)
from kg.records import AGENT_ROLES, DIRECTED_ROLES, Article, Company, EventCandidate, PartialDate
from kg.resolve import iris
from kg.resolve.agreements import Agreement

Quad = tuple[Node, Node, Node, URIRef]

#: For each directed kind: (agent role property, counterpart role property).
ROLE_PROPERTIES: dict[str, tuple[URIRef, URIRef]] = {
    kind.value: (KG[agent.value], KG[counterpart.value]) for kind, (agent, counterpart) in DIRECTED_ROLES.items()
}
QUOTE_CONTEXT = 32


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` in its canonical form ("0.87", "1"): the form Oxigraph keeps, so
    every store (Jena keeps what it is given) answers with the same text."""
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def date_literal(date: PartialDate) -> Literal:
    """The ``kg:statusDate`` literal: the datatype carries the precision."""
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision]
    return Literal(date.iso(), datatype=datatype)


def article_quads(article: Article, published_at: dt.datetime | None = None) -> Iterator[Quad]:
    """The article node (in its own graph) and its bundle description (in ``graph/meta``)."""
    g = iris.article_graph_iri(article.key)
    art = iris.article_iri(article.key)
    yield art, RDF.type, KG.Article, g
    if article.url:
        yield art, SDO.url, URIRef(article.url), g
    else:
        yield art, KG.sourcePath, Literal(article.path), g
    if article.title:
        yield art, SDO.headline, Literal(article.title), g
    if article.published:
        yield art, SDO.datePublished, Literal(article.published.isoformat(), datatype=XSD.date), g
    yield art, SDO.identifier, Literal(f"sha256:{article.sha256}"), g
    yield g, RDF.type, PROV.Bundle, META_GRAPH
    yield g, PROV.wasDerivedFrom, art, META_GRAPH
    if published_at is not None:
        stamp = published_at.astimezone(dt.UTC).replace(microsecond=0)
        yield g, PROV.generatedAtTime, Literal(stamp.isoformat(), datatype=XSD.dateTime), META_GRAPH


def company_quads(
    name: str, company: Company | None, unit: str | None = None, graph: URIRef = COMPANIES_GRAPH
) -> Iterator[Quad]:
    """A company under a name claims use, with what the gazetteer knows about it; ``unit``
    is the business unit the text used (AWS). One copy per store, in ``graph/companies``."""
    org = iris.org_iri(name)
    yield org, RDF.type, KG.Company, graph
    yield org, RDFS.label, Literal(name), graph
    if company is not None:
        if company.qid:
            yield org, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{company.qid}"), graph
        if company.sector:
            yield org, KG.sector, Literal(company.sector), graph
        if company.country:
            yield org, KG.country, Literal(company.country), graph
    if unit and unit != name:
        sub = iris.org_iri(unit)
        yield sub, RDF.type, W3ORG.OrganizationalUnit, graph
        yield sub, RDFS.label, Literal(unit), graph
        yield sub, W3ORG.subOrganizationOf, org, graph


def event_quads(article: Article, event: EventCandidate, run: URIRef) -> Iterator[Quad]:
    """One claim: the status assertion with its evidence, amount, quantity and claimed agreement."""
    g = iris.article_graph_iri(article.key)
    art = iris.article_iri(article.key)
    ev = event.evidence
    sa = iris.assertion_iri(article.key, event.kind, event.party_names, event.status, ev.start, ev.end)
    yield sa, RDF.type, KG.StatusAssertion, g
    yield sa, KG.claimedKind, KIND_CLASS[event.kind], g
    for party in sorted({p.name for p in event.parties}):
        yield sa, KG.claimedParty, iris.org_iri(party), g
        yield sa, KG.claimedPartyName, Literal(party), g
    yield sa, KG.partyKey, Literal(iris.party_key(p.name for p in event.parties)), g
    for party in sorted({p.name for p in event.parties if p.role in AGENT_ROLES}):
        yield sa, KG.claimedAgent, iris.org_iri(party), g
    yield sa, KG.status, status_iri(event.status), g
    if event.date is not None:
        yield sa, KG.statusDate, date_literal(event.date), g
        yield sa, KG.statusDateEarliest, Literal(event.date.earliest().isoformat(), datatype=XSD.date), g
        yield sa, KG.statusDateLatest, Literal(event.date.latest().isoformat(), datatype=XSD.date), g
    yield sa, KG.confidence, decimal_literal(Decimal(f"{event.confidence:.3f}")), g
    if event.background:
        yield sa, KG.background, Literal(True), g
    yield sa, PROV.wasDerivedFrom, art, g
    yield sa, PROV.wasGeneratedBy, run, g
    if event.amount is not None:
        yield from _measure(sa, KG.reportedAmount, iris.amount_iri(sa), SDO.MonetaryAmount, g)
        yield iris.amount_iri(sa), SDO.value, Literal(Decimal(event.amount.value), datatype=XSD.decimal), g
        yield iris.amount_iri(sa), SDO.currency, Literal(event.amount.currency), g
    if event.quantity is not None:
        yield from _measure(sa, KG.reportedQuantity, iris.quantity_iri(sa), SDO.QuantitativeValue, g)
        yield iris.quantity_iri(sa), SDO.value, Literal(Decimal(event.quantity.value), datatype=XSD.decimal), g
        yield iris.quantity_iri(sa), SDO.unitText, Literal(event.quantity.unit), g
    yield from evidence_quads(article, event, sa, g)


def _measure(sa: URIRef, prop: URIRef, node: URIRef, cls: URIRef, g: URIRef) -> Iterator[Quad]:
    """The claim's link to a reported amount or quantity node and that node's type."""
    yield sa, prop, node, g
    yield node, RDF.type, cls, g


def evidence_quads(article: Article, event: EventCandidate, sa: URIRef, g: URIRef) -> Iterator[Quad]:
    """The evidence of an extracted claim: its sentence in the article, with context."""
    ev = event.evidence
    prefix = article.text[max(0, ev.start - QUOTE_CONTEXT) : ev.start]
    suffix = article.text[ev.end : ev.end + QUOTE_CONTEXT]
    yield from selector_quads(sa, iris.article_iri(article.key), ev.text, ev.start, ev.end, g, prefix, suffix)


def selector_quads(
    sa: URIRef,
    source: URIRef,
    exact: str,
    start: int,
    end: int,
    g: URIRef,
    prefix: str | None = None,
    suffix: str | None = None,
) -> Iterator[Quad]:
    """Web Annotation evidence: a quote selector (survives edits) and a position selector."""
    node, quote, position = iris.evidence_iri(sa), iris.quote_selector_iri(sa), iris.position_selector_iri(sa)
    yield sa, KG.evidence, node, g
    yield node, RDF.type, OA.SpecificResource, g
    yield node, OA.hasSource, source, g
    yield node, OA.hasSelector, quote, g
    yield node, OA.hasSelector, position, g
    yield quote, RDF.type, OA.TextQuoteSelector, g
    yield quote, OA.exact, Literal(exact), g
    if prefix is not None:
        yield quote, OA.prefix, Literal(prefix), g
    if suffix is not None:
        yield quote, OA.suffix, Literal(suffix), g
    yield position, RDF.type, OA.TextPositionSelector, g
    yield position, OA.start, Literal(start), g
    yield position, OA.end, Literal(end), g


def run_quads(run: URIRef, version: str, model: str, graph: URIRef) -> Iterator[Quad]:
    """The extraction run (software version + configuration) that produced the claims."""
    yield run, RDF.type, KG.ExtractionRun, graph
    yield run, RDFS.label, Literal(f"alliance-kg {version}, rules extractor kg.rules.v1, model {model}"), graph


def agreement_quads(agreement: Agreement) -> Iterator[Quad]:
    """One derived agreement in ``graph/agreements``: kind, parties, roles, its claims."""
    g = AGREEMENTS_GRAPH
    agr = URIRef(agreement.iri)
    yield agr, RDF.type, KIND_CLASS[agreement.kind], g
    yield agr, RDFS.label, Literal(agreement.label), g
    for name in agreement.parties:
        yield agr, KG.party, iris.org_iri(name), g
    roles = ROLE_PROPERTIES.get(agreement.kind)
    if roles and agreement.agents:
        agent_prop, counterpart_prop = roles
        for name in agreement.agents:
            yield agr, agent_prop, iris.org_iri(name), g
        for name in agreement.parties:
            if name not in agreement.agents:
                yield agr, counterpart_prop, iris.org_iri(name), g
    for sa in agreement.assertions:
        yield agr, KG.hasStatusAssertion, URIRef(sa), g


def agreements_quads(agreements: Iterable[Agreement]) -> Iterator[Quad]:
    for agreement in agreements:
        yield from agreement_quads(agreement)
