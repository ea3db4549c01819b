"""Write extracted articles into a store: article graphs + re-derived agreements, atomically.

``write_articles`` builds one SPARQL Update request per batch that (1) replaces each
article's named graph, (2) applies the curation files to all claims of the store and
records what they did in ``graph/curation``, (3) re-clusters the claims into
``graph/agreements``, (4) rewrites ``graph/rates`` from the exchange-rate table and rebuilds ``graph/derived`` and (5) refreshes ``graph/ontology``. Oxigraph runs one
request as one transaction, so a failure leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from rdflib import URIRef

from kg import __version__
from kg.config import Settings
from kg.ontology.files import load_ontology
from kg.ontology.terms import AGREEMENTS_GRAPH, CURATION_GRAPH, KIND_CLASS, META_GRAPH, ONTOLOGY_GRAPH, RATES_GRAPH
from kg.rdf import build
from kg.rdf.curation import curation_quads
from kg.rdf.rates import rates_quads
from kg.records import Article, EventCandidate
from kg.resolve import iris
from kg.resolve.agreements import Claim, cluster_claims
from kg.resolve.curation import Curation, SourcedClaim, apply_curation, load_curation
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.rates import load_rates
from kg.store.base import Store
from kg.store.sparql_text import Quad, drop_graph, insert_data, join_updates

CLASS_KIND = {str(cls): kind for kind, cls in KIND_CLASS.items()}

CLAIMS_QUERY = """
PREFIX kg: <https://w3id.org/alliance-kg/ont#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?g ?sa ?cls ?earliest ?status ?name ?agent ?source WHERE {
  GRAPH ?g {
    ?sa a kg:StatusAssertion ; kg:claimedKind ?cls ; kg:claimedParty ?p ; kg:status ?status .
    ?p rdfs:label ?name .
    OPTIONAL { ?sa kg:statusDateEarliest ?earliest }
    OPTIONAL { ?sa prov:wasDerivedFrom ?art . OPTIONAL { ?art schema:url ?url } OPTIONAL { ?art kg:sourcePath ?path } }
    BIND (EXISTS { ?sa kg:claimedAgent ?p } AS ?agent)
    BIND (COALESCE(STR(?url), STR(?path), "") AS ?source)
  }
}
"""


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article with the events extracted from it."""

    article: Article
    events: tuple[EventCandidate, ...]


def run_iri(settings: Settings) -> URIRef:
    """The extraction run: package version + a hash of the configuration that shapes output."""
    digest = hashlib.sha256()
    digest.update(settings.model.encode())
    if settings.companies_csv.exists():
        digest.update(settings.companies_csv.read_bytes())
    return iris.run_iri(__version__, digest.hexdigest())


def article_graph_quads(item: Extracted, gazetteer: Gazetteer, run: URIRef, settings: Settings) -> list[Quad]:
    """Everything one article says, in its own named graph (plus its line in graph/meta)."""
    article = item.article
    g = iris.article_graph_iri(article.key)
    quads: list[Quad] = list(build.article_quads(article, dt.datetime.now(dt.UTC)))
    names = sorted({p.name for e in item.events for p in e.parties})
    for name in names:
        quads.extend(build.company_quads(name, gazetteer.get(name), None, g))
    if item.events:
        quads.extend(build.run_quads(run, __version__, settings.model, g))
    for event in item.events:
        quads.extend(build.event_quads(article, event, run))
    return quads


def stored_claims(store: Store, exclude_graphs: set[str]) -> list[SourcedClaim]:
    """Claims already in the store with their sources, except those in graphs about to be
    replaced and the curated ones (``graph/curation`` is re-made from the curation files)."""
    rows: dict[str, dict[str, object]] = {}
    for g, sa, cls, earliest, status, name, agent, source in store.query(CLAIMS_QUERY):
        if str(g) in exclude_graphs or g == CURATION_GRAPH:
            continue
        entry = rows.setdefault(
            str(sa),
            {
                "kind": CLASS_KIND.get(str(cls)),
                "earliest": earliest,
                "status": str(status).rsplit("/", 1)[-1],
                "parties": set(),
                "agents": set(),
                "source": str(source or ""),
            },
        )
        entry["parties"].add(str(name))  # type: ignore[union-attr]
        if agent is not None and agent.toPython() is True:
            entry["agents"].add(str(name))  # type: ignore[union-attr]
    return [
        SourcedClaim(
            Claim(
                assertion=sa,
                kind=str(e["kind"]),
                parties=frozenset(e["parties"]),  # type: ignore[arg-type]
                agents=frozenset(e["agents"]),  # type: ignore[arg-type]
                earliest=e["earliest"].toPython() if e["earliest"] is not None else None,  # type: ignore[union-attr]
                status=str(e["status"]),
            ),
            str(e["source"]),
        )
        for sa, e in rows.items()
        if e["kind"]
    ]


def claims_of(item: Extracted) -> list[SourcedClaim]:
    """The claims of an article about to be written, with the article's source (url, else path)."""
    art = item.article
    return [
        SourcedClaim(
            Claim(
                assertion=str(
                    iris.assertion_iri(art.key, e.kind, e.party_names, e.status, e.evidence.start, e.evidence.end)
                ),
                kind=str(e.kind),
                parties=frozenset(e.party_names),
                agents=frozenset(p.name for p in e.parties if p.role in build.AGENT_ROLES),
                earliest=e.date.earliest() if e.date else None,
                status=str(e.status),
            ),
            art.source,
        )
        for e in item.events
    ]


def ontology_quads(settings: Settings) -> list[Quad]:
    """kg.ttl + status.ttl for graph/ontology (queries and SHACL need the stage orders)."""
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in load_ontology(settings)]


def derive_update() -> str:
    return resources.files("kg.query").joinpath("updates/derive.ru").read_text(encoding="utf-8")


@functools.cache
def _derive_parts() -> tuple[str, str]:
    """derive.ru as (its PREFIX lines, the rest): the prefixes open the whole request, so the
    store need not move them there (Oxigraph accepts a prologue only at the start). Read once:
    the file is package data."""
    prologue: list[str] = []
    body: list[str] = []
    for line in derive_update().splitlines():
        (prologue if line.lstrip().upper().startswith("PREFIX ") else body).append(line)
    return "\n".join(prologue), "\n".join(body)


def rebuild_update(claims: Iterable[SourcedClaim], settings: Settings, curation: Curation | None = None) -> str:
    """Re-derive graph/curation, graph/agreements and graph/derived from the given claims.

    Curation (``settings.curation_dir`` unless given) is applied to the claims before they
    are clustered; what it did is written to graph/curation (``kg.resolve.curation``).
    """
    return _request(_rebuild_parts(claims, settings, curation))


def _rebuild_parts(claims: Iterable[SourcedClaim], settings: Settings, curation: Curation | None) -> list[str]:
    if curation is None:
        curation = load_curation(settings.curation_dir)
    applied = apply_curation(claims, curation)
    agreements = cluster_claims(applied.claims, settings.merge_window_days, settings.lifecycle_window_days)
    return [
        drop_graph(ONTOLOGY_GRAPH),
        insert_data(ontology_quads(settings)),
        drop_graph(CURATION_GRAPH),
        insert_data(curation_quads(curation, applied, agreements)),
        drop_graph(AGREEMENTS_GRAPH),
        insert_data(build.agreements_quads(agreements)),
        drop_graph(RATES_GRAPH),
        insert_data(rates_quads(load_rates(settings.rates_csv))),
        _derive_parts()[1],
    ]


def _request(parts: list[str]) -> str:
    """One request (one transaction) of the operations, derive.ru's prefixes first."""
    return _derive_parts()[0] + "\n" + join_updates(parts)


def write_articles(store: Store, items: Sequence[Extracted], gazetteer: Gazetteer, settings: Settings) -> None:
    """Replace the articles' graphs and re-derive agreements, in one transaction.

    The curation files are read first, so a bad one stops the write before the store changes.
    """
    curation = load_curation(settings.curation_dir)
    run = run_iri(settings)
    graphs = {str(iris.article_graph_iri(i.article.key)) for i in items}
    claims = stored_claims(store, graphs)
    parts: list[str] = []
    for g in sorted(graphs):
        parts.append(drop_graph(URIRef(g)))
        parts.append(f"DELETE WHERE {{ GRAPH {META_GRAPH.n3()} {{ {URIRef(g).n3()} ?p ?o }} }}")
    quads: list[Quad] = []
    for item in items:
        quads.extend(article_graph_quads(item, gazetteer, run, settings))
        claims.extend(claims_of(item))
    parts.append(insert_data(quads))
    parts.extend(_rebuild_parts(claims, settings, curation))
    store.update(_request(parts))


def rebuild(store: Store, settings: Settings) -> None:
    """Re-derive agreements and derived views from what is stored, re-applying the
    curation files (``kg rebuild``)."""
    curation = load_curation(settings.curation_dir)
    store.update(rebuild_update(stored_claims(store, set()), settings, curation))


def group_by_article(pairs: Iterable[tuple[Article, list[EventCandidate]]]) -> list[Extracted]:
    """Last one wins when the same article key appears twice in one run."""
    by_key: dict[str, Extracted] = {}
    for article, events in pairs:
        by_key[article.key] = Extracted(article, tuple(events))
    return list(by_key.values())
