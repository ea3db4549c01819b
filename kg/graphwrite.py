"""Write extracted articles into a store: article graphs + re-derived agreements, atomically.

``write_articles`` builds one SPARQL Update request per batch that (1) replaces each
article's named graph, (2) re-clusters all claims of the store into ``graph/agreements``,
(3) rebuilds ``graph/derived`` and (4) refreshes ``graph/ontology``. Oxigraph runs one
request as one transaction, so a failure leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef

from kg import __version__
from kg.config import Settings
from kg.ontology.terms import AGREEMENTS_GRAPH, KIND_CLASS, META_GRAPH, ONTOLOGY_GRAPH
from kg.rdf import build
from kg.records import Article, EventCandidate
from kg.resolve import iris
from kg.resolve.agreements import Claim, cluster_claims
from kg.resolve.gazetteer import Gazetteer
from kg.store.base import Store
from kg.store.sparql_text import Quad, drop_graph, insert_data, join_updates

CLASS_KIND = {str(cls): kind for kind, cls in KIND_CLASS.items()}

CLAIMS_QUERY = """
PREFIX kg: <https://w3id.org/alliance-kg/ont#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?sa ?cls ?earliest ?status ?name ?agent WHERE {
  GRAPH ?g {
    ?sa a kg:StatusAssertion ; kg:claimedKind ?cls ; kg:claimedParty ?p ; kg:status ?status .
    ?p rdfs:label ?name .
    OPTIONAL { ?sa kg:statusDateEarliest ?earliest }
    BIND (EXISTS { ?sa kg:claimedAgent ?p } AS ?agent)
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
    quads: list[Quad] = list(build.article_quads(article, dt.datetime.now(dt.timezone.utc)))
    names = sorted({p.name for e in item.events for p in e.parties})
    for name in names:
        quads.extend(build.company_quads(name, gazetteer.get(name), None, g))
    if item.events:
        quads.extend(build.run_quads(run, __version__, settings.model, g))
    for event in item.events:
        quads.extend(build.event_quads(article, event, run))
    return quads


def stored_claims(store: Store, exclude_graphs: set[str]) -> list[Claim]:
    """Claims already in the store, except those in graphs about to be replaced."""
    rows: dict[str, dict[str, object]] = {}
    for g, sa, cls, earliest, status, name, agent in store.query(CLAIMS_QUERY):
        if str(g) in exclude_graphs:
            continue
        entry = rows.setdefault(
            str(sa),
            {
                "kind": CLASS_KIND.get(str(cls)),
                "earliest": earliest,
                "status": str(status).rsplit("/", 1)[-1],
                "parties": set(),
                "agents": set(),
            },
        )
        entry["parties"].add(str(name))  # type: ignore[union-attr]
        if agent is not None and agent.toPython() is True:
            entry["agents"].add(str(name))  # type: ignore[union-attr]
    return [
        Claim(
            assertion=sa,
            kind=str(e["kind"]),
            parties=frozenset(e["parties"]),  # type: ignore[arg-type]
            agents=frozenset(e["agents"]),  # type: ignore[arg-type]
            earliest=e["earliest"].toPython() if e["earliest"] is not None else None,  # type: ignore[union-attr]
            status=str(e["status"]),
        )
        for sa, e in rows.items()
        if e["kind"]
    ]


def claims_of(item: Extracted) -> list[Claim]:
    art = item.article
    return [
        Claim(
            assertion=str(iris.assertion_iri(art.key, e.kind, e.party_names, e.status, e.evidence.start, e.evidence.end)),
            kind=str(e.kind),
            parties=frozenset(e.party_names),
            agents=frozenset(p.name for p in e.parties if p.role in build.AGENT_ROLES),
            earliest=e.date.earliest() if e.date else None,
            status=str(e.status),
        )
        for e in item.events
    ]


def ontology_quads(settings: Settings) -> list[Quad]:
    graph = Graph()
    for name in ("kg.ttl", "status.ttl"):
        path = settings.ontologies_dir / name
        if path.exists():
            graph.parse(path, format="turtle")
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in graph]


def derive_update() -> str:
    return resources.files("kg.query").joinpath("updates/derive.ru").read_text(encoding="utf-8")


def rebuild_update(claims: Iterable[Claim], settings: Settings) -> str:
    """Re-derive graph/agreements and graph/derived from the given claims."""
    agreements = cluster_claims(claims, settings.merge_window_days, settings.lifecycle_window_days)
    return join_updates(
        [
            drop_graph(ONTOLOGY_GRAPH),
            insert_data(ontology_quads(settings)),
            drop_graph(AGREEMENTS_GRAPH),
            insert_data(build.agreements_quads(agreements)),
            derive_update(),
        ]
    )


def write_articles(
    store: Store, items: Sequence[Extracted], gazetteer: Gazetteer, settings: Settings
) -> None:
    """Replace the articles' graphs and re-derive agreements, in one transaction."""
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
    parts.append(rebuild_update(claims, settings))
    store.update(join_updates(parts))


def rebuild(store: Store, settings: Settings) -> None:
    """Re-derive agreements and derived views from what is stored (``kg rebuild``)."""
    store.update(rebuild_update(stored_claims(store, set()), settings))


def group_by_article(pairs: Iterable[tuple[Article, list[EventCandidate]]]) -> list[Extracted]:
    """Last one wins when the same article key appears twice in one run."""
    by_key: dict[str, Extracted] = {}
    for article, events in pairs:
        by_key[article.key] = Extracted(article, tuple(events))
    return list(by_key.values())


