"""IRIs of the ontology and of minted instances. One place, so nothing drifts.

Base: ``https://w3id.org/alliance-kg/``; ontology terms ``…/ont#``, status
concepts ``…/status/{code}``, instances ``…/id/{org,agreement,assertion,article,
evidence,graph,run}/…``.
"""

from __future__ import annotations

import functools
import re

from rdflib import Namespace, URIRef


class _Vocabulary(Namespace):
    """A namespace of a fixed vocabulary whose terms are made once each: rdflib makes and checks
    a new ``URIRef`` on every ``KG.party``, and a write asks for the same few terms tens of
    thousands of times. (Namespaces of minted IRIs stay plain: their terms do not repeat.)"""

    @functools.cache  # noqa: B019 - the vocabularies live as long as the module
    def term(self, name: str) -> URIRef:
        return super().term(name)


BASE = "https://w3id.org/alliance-kg/"
KG = _Vocabulary(BASE + "ont#")
KGS = _Vocabulary(BASE + "status/")
KGSH = _Vocabulary(BASE + "shapes#")
ID = Namespace(BASE + "id/")
ORG_NS = Namespace(BASE + "id/org/")
AGR = Namespace(BASE + "id/agreement/")
SA = Namespace(BASE + "id/assertion/")
ART = Namespace(BASE + "id/article/")
EV = Namespace(BASE + "id/evidence/")
GRAPH = Namespace(BASE + "id/graph/")
RUN = Namespace(BASE + "id/run/")

OA = _Vocabulary("http://www.w3.org/ns/oa#")
W3ORG = _Vocabulary("http://www.w3.org/ns/org#")
SEM = _Vocabulary("http://semanticweb.cs.vu.nl/2009/11/sem/")

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

#: Every prefix the project writes, ours and the vocabularies it uses. The SPARQL files get
#: their ``PREFIX`` lines from it (:func:`with_prefixes`); exports, query results, validation
#: reports and the ontology reference shorten IRIs with it.
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
    "rdf": Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "schema": Namespace("https://schema.org/"),
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "sh": Namespace("http://www.w3.org/ns/shacl#"),
    "wd": Namespace("http://www.wikidata.org/entity/"),
}
_PREFIXED_NAME = re.compile(r"(?<![\w.-])(" + "|".join(sorted(PREFIXES, key=len, reverse=True)) + r"):")
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([\w.-]*):")


def sparql_prologue(text: str | None = None) -> str:
    r"""``PREFIX`` lines for the prefixes ``text`` uses and does not declare itself, or for all
    of them without ``text``.

    >>> sparql_prologue("SELECT ?s WHERE { ?s a kg:Company }")
    'PREFIX kg: <https://w3id.org/alliance-kg/ont#>\n'
    """
    if text is None:
        used = set(PREFIXES)
    else:
        used = set(_PREFIXED_NAME.findall(text)) - set(_DECLARED.findall(text))
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items() if prefix in used)


def with_prefixes(text: str) -> str:
    """SPARQL text with the ``PREFIX`` lines of the table it needs before it."""
    return sparql_prologue(text) + text


def status_iri(code: str) -> URIRef:
    """The SKOS concept of a status code, e.g. ``non_binding`` → ``…/status/non_binding``."""
    return KGS[code]
