"""IRIs of the ontology and of minted instances. One place, so nothing drifts.

Base: ``https://w3id.org/alliance-kg/``; ontology terms ``…/ont#``, status
concepts ``…/status/{code}``, instances ``…/id/{org,agreement,assertion,article,
evidence,graph,run}/…``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/alliance-kg/"
KG = Namespace(BASE + "ont#")
KGS = Namespace(BASE + "status/")
KGSH = Namespace(BASE + "shapes#")
ID = Namespace(BASE + "id/")
ORG_NS = Namespace(BASE + "id/org/")
AGR = Namespace(BASE + "id/agreement/")
SA = Namespace(BASE + "id/assertion/")
ART = Namespace(BASE + "id/article/")
EV = Namespace(BASE + "id/evidence/")
GRAPH = Namespace(BASE + "id/graph/")
RUN = Namespace(BASE + "id/run/")

OA = Namespace("http://www.w3.org/ns/oa#")
W3ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

#: Named graphs that are not per-article.
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
COMPANIES_GRAPH = URIRef(GRAPH + "companies")
META_GRAPH = URIRef(GRAPH + "meta")
DERIVED_GRAPH = URIRef(GRAPH + "derived")
CURATION_GRAPH = URIRef(GRAPH + "curation")
AGREEMENTS_GRAPH = URIRef(GRAPH + "agreements")
RATES_GRAPH = URIRef(GRAPH + "rates")

#: Agreement class per kind code.
KIND_CLASS = {
    "partnership": KG.Partnership,
    "investment": KG.Investment,
    "acquisition": KG.Acquisition,
    "merger": KG.Merger,
    "joint_venture": KG.JointVenture,
    "licensing": KG.LicensingAgreement,
    "supply": KG.SupplyAgreement,
    "mou": KG.MemorandumOfUnderstanding,
}

PREFIXES = {
    "kg": KG,
    "kgs": KGS,
    "kgsh": KGSH,
    "org": ORG_NS,
    "agr": AGR,
    "sa": SA,
    "art": ART,
    "ev": EV,
    "graph": GRAPH,
    "run": RUN,
    "oa": OA,
    "w3org": W3ORG,
    "sem": SEM,
}


def status_iri(code: str) -> URIRef:
    """The SKOS concept of a status code, e.g. ``non_binding`` → ``…/status/non_binding``."""
    return KGS[code]
