"""A remote SPARQL 1.1 Query/Update server as an rdflib store, with errors that say what happened.

rdflib's ``SPARQLUpdateStore`` does the protocol work (result parsing, ``VALUES`` for bound
parameters), but its HTTP layer hides the server's answer (a GET that fails becomes
"You did something wrong formulating either the URI or your SPARQL query") and, given a
``Dataset``, it wraps updates in an extra ``GRAPH`` block. :class:`EndpointStore` keeps the
rest and replaces the HTTP calls:

* queries are POSTed as ``application/sparql-query`` (no URL length limit), updates as
  ``application/sparql-update``; one ``update`` call is one request (one transaction on
  Oxigraph, Fuseki and GraphDB);
* update text is sent exactly as given (it already names its graphs);
* a refused connection, a timeout or an HTTP error becomes one-line
  :class:`~kg.errors.StoreError` (or :class:`~kg.errors.QueryError` for a 400 answer, with
  the server's own message).
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from kg.errors import QueryError, StoreError

#: Seconds to wait for an answer; large ingests are single big update requests.
DEFAULT_TIMEOUT = 600.0
ACCEPT_QUERY = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"
)
#: Media type of the response → rdflib result/graph parser format.
RESULT_PARSERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


class EndpointStore(SPARQLUpdateStore):
    """``SPARQLUpdateStore`` with a plain, well-reported HTTP layer (see the module docs)."""

    def __init__(self, query_endpoint: str, update_endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(
            query_endpoint=query_endpoint,
            update_endpoint=update_endpoint,
            method="POST",
            returnFormat="json",
            autocommit=True,
            context_aware=True,
        )
        self.request_timeout = timeout
        self.requests = {"query": 0, "update": 0}

    # -- queries -----------------------------------------------------------------------------
    def query(self, query: Any, initNs: Any = None, initBindings: Any = None, queryGraph: Any = None, DEBUG: bool = False) -> Result:  # type: ignore[override]  # noqa: N803
        """rdflib's query, adding only the graph's prefixes the text uses and does not declare
        (so the server's error positions match the query as written)."""
        return super().query(query, used_prefixes(str(query), initNs or {}), initBindings, queryGraph, DEBUG)

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
        params = {"default-graph-uri": default_graph} if default_graph and not default_graph.startswith("_:") else {}
        url = self.query_endpoint + ("?" + urlencode(params) if params else "")
        self.requests["query"] += 1
        body, content_type = http_post(
            url, query, "application/sparql-query", ACCEPT_QUERY, self.request_timeout, "query"
        )
        media = content_type.split(";")[0].strip().lower()
        try:
            if media in RESULT_PARSERS:
                return Result.parse(BytesIO(body), format=RESULT_PARSERS[media])
            return Result.parse(BytesIO(body), content_type=media)
        except Exception as e:
            raise StoreError(
                f"SPARQL endpoint {self.query_endpoint} answered with {media or 'no content type'} "
                f"that cannot be read as query results ({type(e).__name__}: {_first_line(e)})"
            ) from e

    # -- updates -----------------------------------------------------------------------------
    def update(  # type: ignore[override]
        self,
        query: Any,
        initNs: dict[str, Any] | None = None,  # noqa: N803  (rdflib's signature)
        initBindings: dict[str, Any] | None = None,  # noqa: N803
        queryGraph: Any = None,  # noqa: N803
        DEBUG: bool = False,  # noqa: N803
    ) -> None:
        """Send the update text as is: one call, one request. kg's updates declare their own
        prefixes and graphs, so rdflib's ``initNs`` (the graph's namespace bindings) is not added."""
        if initBindings:
            raise StoreError("EndpointStore.update takes complete SPARQL Update text (no initBindings)")
        self._update(str(query))

    def _update(self, update: str) -> None:
        self._updates += 1
        self.requests["update"] += 1
        http_post(
            self.update_endpoint, update, "application/sparql-update; charset=UTF-8", "*/*", self.request_timeout, "update"
        )

    def commit(self) -> None:  # every update is sent at once; nothing is queued
        return None

    def rollback(self) -> None:
        return None


def http_post(url: str, text: str, content_type: str, accept: str, timeout: float, what: str) -> tuple[bytes, str]:
    """POST ``text``; return the body and its content type, or raise a one-line KgError."""
    request = urllib.request.Request(
        url, data=text.encode("utf-8"), headers={"Content-Type": content_type, "Accept": accept}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        raise http_error(url, e, what) from e
    except (urllib.error.URLError, OSError) as e:
        raise StoreError(f"cannot reach SPARQL endpoint {url}: {reason(e)}; start the server or check --endpoint") from e


def http_error(url: str, e: urllib.error.HTTPError, what: str) -> Exception:
    """The server's own message for an HTTP error answer, as QueryError (400) or StoreError."""
    try:
        message = e.read().decode("utf-8", errors="replace").strip()
    except Exception:  # a body that cannot be read: fall back to the status line
        message = ""
    message = " ".join(message.split())[:500] or str(e.reason)
    if e.code == 400:
        return QueryError(f"SPARQL endpoint {url} rejected the {what} (HTTP 400, the SPARQL does not parse or run): {message}")
    if e.code == 404:
        return StoreError(
            f"no SPARQL {what} service at {url} (HTTP 404); check --endpoint/--update-endpoint "
            "(Oxigraph: http://HOST:7878/query and /update; Fuseki: http://HOST:3030/DATASET/query and /update)"
        )
    if e.code in (401, 403):
        return StoreError(f"SPARQL endpoint {url} refused the {what} (HTTP {e.code}): {message}; check that it accepts {what}s from you")
    return StoreError(f"SPARQL endpoint {url} failed on the {what} (HTTP {e.code}): {message}")


def reason(e: BaseException) -> str:
    """'connection refused', 'timed out', ... for a network error."""
    cause: object = getattr(e, "reason", e)
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, (socket.timeout, TimeoutError)):
        return "no answer in time (timed out)"
    if isinstance(cause, socket.gaierror):
        return f"unknown host ({cause.strerror or cause})"
    if isinstance(cause, BaseException):
        return _first_line(cause)
    return str(cause)


def check_union_default_graph(store: EndpointStore) -> None:
    """Fail when the server keeps data only in named graphs but answers queries without
    ``GRAPH`` from an empty default graph: kg's queries need the union default graph."""
    in_named = _ask(store, "ASK { GRAPH ?g { ?s ?p ?o } }")
    if in_named and not _ask(store, "ASK { ?s ?p ?o }"):
        raise StoreError(
            f"SPARQL endpoint {store.query_endpoint} does not query the union of its named graphs by default; "
            "start Oxigraph with --union-default-graph (Fuseki: tdb2:unionDefaultGraph true)"
        )


def used_prefixes(text: str, namespaces: Mapping[str, Any]) -> dict[str, Any]:
    """The ``namespaces`` whose prefix the SPARQL text uses but does not declare."""
    declared = set(re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text))
    return {
        prefix: ns
        for prefix, ns in namespaces.items()
        if prefix not in declared and re.search(rf"(?<![\w<]){re.escape(prefix)}:", text)
    }


def _ask(store: EndpointStore, sparql: str) -> bool:
    return bool(store._query(sparql).askAnswer)


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
