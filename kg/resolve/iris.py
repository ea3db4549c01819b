"""Deterministic IRIs for everything the pipeline mints. Pure; no blank nodes, no randomness.

Re-ingesting an article mints the same IRIs, so it adds zero triples. Company
names are folded (``kg.resolve.names.fold``) before they enter a key, so
"Microsoft Corp." and "Microsoft" give one IRI, and party order never matters.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from rdflib import URIRef

from kg.ontology.terms import AGR, ART, BASE, EV, GRAPH, ORG_NS, RUN, SA
from kg.resolve.names import fold, slug

#: The uuid5 namespace of agreement IRIs.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)

_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_tracking(param: str) -> bool:
    name = param.lower()
    return name.startswith("utm_") or name in _TRACKING


def _netloc(netloc: str, scheme: str) -> str:
    """Lowercase host, default port dropped; userinfo kept as written."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":") if not hostport.endswith("]") else (hostport, "", "")
    if not colon or not port.isdigit():
        host, port = hostport, ""
    if port and int(port) == _DEFAULT_PORTS.get(scheme):
        port = ""
    host = host.lower()
    if not host.startswith("["):
        host = host.rstrip(".")
    return f"{userinfo}{at}{host}" + (f":{int(port)}" if port else "")


def normalize_url(url: str) -> str:
    """One spelling per article url.

    Lowercases scheme and host, drops a default port, the fragment and tracking
    parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``mc_eid``), drops a
    trailing ``/`` of the path (the root stays ``/``), and sorts the remaining
    query parameters.

    >>> normalize_url("HTTPS://Example.COM/News/Story/?utm_source=x&b=2&a=1#top")
    'https://example.com/News/Story?a=1&b=2'
    >>> normalize_url("https://example.com")
    'https://example.com/'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = _netloc(parts.netloc, scheme)
    path = parts.path
    if netloc and not path:
        path = "/"
    while len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    params = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    query = urlencode(params, quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


def article_key(url: str | None, path: str) -> str:
    """An article's identity: its normalized url, else the absolute POSIX path of its file.

    >>> article_key("https://EXAMPLE.com/a/?utm_medium=rss", "ignored.md")
    'https://example.com/a'
    >>> article_key(None, "/data/x.md")
    '/data/x.md'
    """
    if url and url.strip():
        return normalize_url(url)
    return Path(path).expanduser().resolve().as_posix()


def article_hash(key: str) -> str:
    """The first 16 hex digits of sha256(key): the local name of an article's IRIs."""
    return _sha(key)[:16]


def article_iri(key: str) -> URIRef:
    """``…/id/article/{hash}``."""
    return ART[article_hash(key)]


def article_graph_iri(key: str) -> URIRef:
    """The article's named graph, ``…/id/graph/article/{hash}``."""
    return GRAPH["article/" + article_hash(key)]


def org_iri(name: str) -> URIRef:
    """``…/id/org/{slug}``; case, punctuation and legal-suffix variants give one IRI.

    >>> org_iri("Microsoft Corp.") == org_iri("microsoft")
    True
    >>> str(org_iri("Mistral AI"))
    'https://w3id.org/alliance-kg/id/org/mistral-ai'
    """
    return ORG_NS[slug(name)]


def _names_key(names: Iterable[str]) -> str:
    """Folded, deduplicated, sorted names; fold never leaves a ``,`` or ``|`` in a name."""
    return ",".join(sorted({fold(n) for n in names}))


def party_key(names: Iterable[str]) -> str:
    """A claim's party set as one string (``kg:partyKey``): folded names, sorted, comma-joined.

    >>> party_key(["OpenAI, Inc.", "Microsoft Corp."])
    'microsoft,openai'
    """
    return _names_key(names)


def assertion_iri(
    article_key: str,
    kind: str,
    party_names: Iterable[str],
    status: str,
    start: int,
    end: int,
) -> URIRef:
    """``…/id/assertion/{h}``: one per (article, kind, parties, status, evidence span)."""
    key = "|".join([article_key, str(kind), _names_key(party_names), str(status), str(start), str(end)])
    return SA[_sha(key)[:16]]


def _local(iri: str, namespace: str) -> str:
    text = str(iri)
    if not text.startswith(namespace) or len(text) == len(namespace):
        raise ValueError(f"{text!r} is not an IRI under {namespace}; pass an IRI minted by assertion_iri")
    return text[len(namespace) :]


def _assertion_hash(assertion: str) -> str:
    return _local(assertion, str(SA))


def evidence_iri(assertion: str) -> URIRef:
    """``…/id/evidence/{h}``: the ``oa:SpecificResource`` of an assertion's evidence."""
    return EV[_assertion_hash(assertion)]


def quote_selector_iri(assertion: str) -> URIRef:
    """``…/id/evidence/{h}-q``: the ``oa:TextQuoteSelector``."""
    return EV[_assertion_hash(assertion) + "-q"]


def position_selector_iri(assertion: str) -> URIRef:
    """``…/id/evidence/{h}-p``: the ``oa:TextPositionSelector``."""
    return EV[_assertion_hash(assertion) + "-p"]


def amount_iri(assertion: str) -> URIRef:
    """``…/id/assertion/{h}-amount``: the reported ``schema:MonetaryAmount``."""
    return SA[_assertion_hash(assertion) + "-amount"]


def quantity_iri(assertion: str) -> URIRef:
    """``…/id/assertion/{h}-quantity``: the reported ``schema:QuantitativeValue`` of goods."""
    return SA[_assertion_hash(assertion) + "-quantity"]


def agreement_iri(
    kind: str,
    party_names: Iterable[str],
    agents: Iterable[str] = (),
    anchor: str = "",
) -> URIRef:
    """``…/id/agreement/{kind}-{uuid5}`` from kind, parties, agents and an anchor.

    The anchor (e.g. the earliest claim date of a cluster) keeps repeat deals
    between the same parties apart.

    >>> agreement_iri("investment", ["OpenAI", "Microsoft Corp."]) == agreement_iri(
    ...     "investment", ["microsoft", "OpenAI, Inc."])
    True
    >>> str(agreement_iri("mou", ["A", "B"])).startswith("https://w3id.org/alliance-kg/id/agreement/mou-")
    True
    """
    key = "|".join([str(kind), _names_key(party_names), _names_key(agents), anchor])
    return AGR[f"{kind}-{uuid.uuid5(NAMESPACE, key)}"]


def run_iri(version: str, config_hash: str) -> URIRef:
    """``…/id/run/kg-{version}_cfg-{config_hash[:12]}``: the extraction run (``prov:Activity``)."""
    return RUN[f"kg-{version}_cfg-{config_hash[:12]}"]
