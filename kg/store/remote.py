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
* before the first update to a server with no named-graph data yet, one probe checks
  that its default graph is the union of the named graphs (``probe_union_default_graph``);
* a refused connection, a timeout or an HTTP error becomes one-line
  :class:`~kg.errors.StoreError` (or :class:`~kg.errors.QueryError` for a 400 answer, with
  the server's own message).
"""

from __future__ import annotations

import errno
import http.client
import re
import socket
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from io import BytesIO
from typing import Any
from urllib.parse import urlencode, urlsplit

from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.sparql_scan import code_positions, word_start

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


def _required(endpoint: str | None, kind: str) -> str:
    if endpoint is None:
        raise StoreError(
            f"no SPARQL {kind} endpoint is set: give KG_ENDPOINT (and KG_UPDATE_ENDPOINT for updates) or --endpoint"
        )
    return endpoint


class EndpointStore(SPARQLUpdateStore):
    """``SPARQLUpdateStore`` with a plain, well-reported HTTP layer (see the module docs)."""

    def __init__(
        self, query_endpoint: str, update_endpoint: str, timeout: float = DEFAULT_TIMEOUT, token: str | None = None
    ) -> None:
        super().__init__(
            query_endpoint=query_endpoint,
            update_endpoint=update_endpoint,
            method="POST",
            returnFormat="json",
            autocommit=True,
            context_aware=True,
        )
        self.request_timeout = timeout
        self.token = token
        self.requests = {"query": 0, "update": 0}
        #: Set by :func:`check_union_default_graph` when the server holds no named-graph data yet.
        self.probe_before_write = False

    # -- queries -----------------------------------------------------------------------------
    def query(  # type: ignore[override]  # rdflib's Store.query takes no defaults
        self, query: Any, initNs: Any = None, initBindings: Any = None, queryGraph: Any = None, DEBUG: bool = False
    ) -> Result:  # noqa: N803
        """rdflib's query, with bound values inlined at the start of the WHERE group (see
        :func:`inline_bindings`), adding only the graph's prefixes the text uses and does not
        declare (so the server's error positions match the query as written)."""
        text = str(query)
        if initBindings:
            inlined = inline_bindings(text, initBindings)
            if inlined is not None:
                text, initBindings = inlined, None
        return super().query(text, used_prefixes(text, initNs or {}), initBindings, queryGraph, DEBUG)

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
        params = {"default-graph-uri": default_graph} if default_graph and not default_graph.startswith("_:") else {}
        url = _required(self.query_endpoint, "query") + ("?" + urlencode(params) if params else "")
        self.requests["query"] += 1
        body, content_type = http_post(
            url, query, "application/sparql-query", ACCEPT_QUERY, self.request_timeout, "query", self.token
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
        self._update(hoist_prefixes(str(query)))

    def _update(self, update: str) -> None:
        if self.probe_before_write:
            probe_union_default_graph(self)
            self.probe_before_write = False
        self._updates += 1
        self.requests["update"] += 1
        self.post_update(update)

    def post_update(self, update: str) -> None:
        """Send one update request as is (not counted in ``requests``, no probe first)."""
        http_post(
            _required(self.update_endpoint, "update"),
            update,
            "application/sparql-update; charset=UTF-8",
            "*/*",
            self.request_timeout,
            "update",
            self.token,
        )

    def commit(self) -> None:  # every update is sent at once; nothing is queued
        return None

    def rollback(self) -> None:
        return None


def http_post(
    url: str, text: str, content_type: str, accept: str, timeout: float, what: str, token: str | None = None
) -> tuple[bytes, str]:
    """POST ``text`` (with ``Authorization: Bearer token`` when given); return the body and its
    content type, or raise a one-line KgError."""
    headers = {"Content-Type": content_type, "Accept": accept}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=text.encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        raise http_error(url, e, what) from e
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        raise network_error(url, e, what) from e


def network_error(url: str, e: BaseException, what: str) -> StoreError:
    """'cannot reach' only when no connection was made (refused, unknown host, no route);
    a timeout (while connecting or waiting for the answer) says only that no answer came;
    a server that was reached but broke off the request is reported as such."""
    cause = getattr(e, "reason", e)
    if _unreachable(cause):
        return StoreError(f"cannot reach SPARQL endpoint {url}: {reason(e)}; start the server or check --endpoint")
    if isinstance(cause, (socket.timeout, TimeoutError)):
        return StoreError(
            f"no answer from SPARQL endpoint {url} to the {what} in time (timed out); "
            "check that the server is up and not overloaded"
        )
    return StoreError(
        f"SPARQL endpoint {url} was reached but the {what} failed: {reason(e)}; check the server's log and retry"
    )


def _unreachable(cause: object) -> bool:
    if isinstance(cause, (ConnectionRefusedError, socket.gaierror)):
        return True
    return isinstance(cause, OSError) and cause.errno in _NO_ROUTE


_NO_ROUTE = {errno.EHOSTUNREACH, errno.ENETUNREACH}


def check_endpoint_url(url: str, option: str = "--endpoint") -> str:
    """``url`` when it is an http(s) URL with a host (and a valid port), else a one-line StoreError."""
    example = "e.g. http://127.0.0.1:7878/query"
    if not url.startswith(("http://", "https://")):
        raise StoreError(f"{option} {url!r}: not an http(s) URL; {example}")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError as e:
        raise StoreError(f"{option} {url!r}: malformed URL ({_first_line(e)}); {example}") from e
    if not host:
        raise StoreError(f"{option} {url!r}: the URL names no host; {example}")
    return url


def http_error(url: str, e: urllib.error.HTTPError, what: str) -> Exception:
    """The server's own message for an HTTP error answer, as QueryError (400) or StoreError."""
    try:
        message = e.read().decode("utf-8", errors="replace").strip()
    except Exception:  # a body that cannot be read: fall back to the status line
        message = ""
    message = " ".join(message.split())[:500] or str(e.reason)
    if e.code == 400:
        return QueryError(
            f"SPARQL endpoint {url} rejected the {what} (HTTP 400, the SPARQL does not parse or run): {message}"
        )
    if e.code == 404:
        return StoreError(
            f"no SPARQL {what} service at {url} (HTTP 404); check --endpoint/--update-endpoint "
            "(Oxigraph: http://HOST:7878/query and /update; Fuseki: http://HOST:3030/DATASET/query and /update)"
        )
    if e.code in (401, 403):
        return StoreError(
            f"SPARQL endpoint {url} refused the {what} (HTTP {e.code}): {message}; check that it accepts {what}s from you"
        )
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
    if isinstance(cause, http.client.RemoteDisconnected):
        return "the server closed the connection without an answer"
    if isinstance(cause, http.client.IncompleteRead):
        return "the answer was cut off"
    if isinstance(cause, ConnectionResetError):
        return "the server reset the connection"
    if isinstance(cause, BaseException):
        return _first_line(cause)
    return str(cause)


_PREFIX_DECL = re.compile(r"(?i)PREFIX\s+([A-Za-z][\w.-]*)?:\s*(<[^<>\"{}|^`\\\s]*>)")


# A prologue that opens a later operation follows its ";" after only whitespace and comments
# (SPARQL 1.1: Update ::= Prologue ( Update1 ( ';' Update )? )?), so a request without this
# pattern anywhere, even inside literals, has none to hoist.
_LATE_PREFIX = re.compile(r";(?:\s|#[^\n]*(?:\n|$))*PREFIX\b", re.IGNORECASE)


def hoist_prefixes(update: str) -> str:
    """Move ``PREFIX`` declarations that open a later operation of a request to its start.

    SPARQL 1.1 allows a prologue before every operation (``… ; PREFIX kg: <…> INSERT …``),
    but Oxigraph's parser (server and embedded) accepts one only at the very start, and kg's
    requests join several operations (``derive.ru`` declares its own prefixes). The
    declarations are found by a small scanner that skips strings, IRIs and comments, so
    article text in literals is never touched; they are blanked in place (line numbers of
    server errors stay right) and written once on the first line. When a prefix is bound
    to two different IRIs the text is returned unchanged.
    """
    if _LATE_PREFIX.search(update) is None:
        return update  # no operation after the first opens with a prologue: nothing to move
    found: list[tuple[int, int, str, str]] = []
    for i, depth in code_positions(update):
        if depth == 0 and update[i] in "Pp" and word_start(update, i):
            m = _PREFIX_DECL.match(update, i)
            if m:
                found.append((m.start(), m.end(), m.group(1) or "", m.group(2)))
    first_operation = _first_operation_start(update, found)
    late = [d for d in found if d[0] > first_operation]
    if not late:
        return update
    bindings: dict[str, str] = {}
    for _, _, prefix, iri in found:
        if bindings.setdefault(prefix, iri) != iri:
            return update
    out, last = [], 0
    for start, end, _, _ in found:
        out.append(update[last:start])
        out.append(re.sub(r"[^\n]", " ", update[start:end]))
        last = end
    out.append(update[last:])
    head = " ".join(f"PREFIX {prefix}: {iri}" for prefix, iri in bindings.items())
    return head + " " + "".join(out)


def inline_bindings(query: str, bindings: Mapping[str, Node]) -> str | None:
    """The query with ``VALUES`` for ``bindings`` at the start of its WHERE group, or None
    when it has no group (e.g. ``DESCRIBE <iri>``).

    rdflib's SPARQLStore appends the VALUES after the query, where they join the results
    only after the WHERE group's FILTERs ran: ``FILTER (LCASE(?label) = LCASE(?company))``
    then sees ``?company`` unbound and matches nothing. At the start of the group they bind
    the variables first, as the embedded store's substitution does.
    """
    opens, wheres = [], []
    for i, depth in code_positions(query):
        if depth != 0:
            continue
        if query[i] == "{":
            opens.append(i)
        elif (
            query[i] in "Ww"
            and word_start(query, i)
            and query[i : i + 5].upper() == "WHERE"
            and not (query[i + 5 : i + 6].isalnum())
        ):
            wheres.append(i)
    candidates = [o for o in opens if not wheres or o > wheres[0]]
    if not candidates:
        return None
    names = list(bindings)
    values = " VALUES ({}) {{ ({}) }} ".format(
        " ".join("?" + n for n in names), " ".join(bindings[n].n3() for n in names)
    )
    at = candidates[0] + 1
    return query[:at] + values + query[at:]


def _first_operation_start(update: str, decls: list[tuple[int, int, str, str]]) -> int:
    """Offset of the first character after the leading prologue (declarations, blanks, comments)."""
    pos = 0
    leading = iter(decls)
    nxt = next(leading, None)
    while True:
        m = re.compile(r"(\s+|#[^\n]*)").match(update, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        if nxt is not None and nxt[0] == pos:
            pos = nxt[1]
            nxt = next(leading, None)
            continue
        return pos


def check_union_default_graph(store: EndpointStore) -> None:
    """Fail when the server keeps data only in named graphs but answers queries without
    ``GRAPH`` from an empty default graph: kg's queries need the union default graph.

    A server with no data in named graphs cannot show which it does, so the store is told
    to probe before its first write instead (:func:`probe_union_default_graph`).
    """
    if not _ask(store, "ASK { GRAPH ?g { ?s ?p ?o } }"):
        store.probe_before_write = True
    elif not _ask(store, "ASK { ?s ?p ?o }"):
        raise _no_union_default_graph(store)


def probe_union_default_graph(store: EndpointStore) -> None:
    """Write one triple into a temporary named graph, ask the default graph for it, drop the
    graph; raise the one-line ``StoreError`` when the default graph does not see it."""
    token = uuid.uuid4().hex
    graph = f"<{PROBE_GRAPH}{token}>"
    triple = f'{graph} <{PROBE_GRAPH}token> "{token}"'
    store.post_update(f"INSERT DATA {{ GRAPH {graph} {{ {triple} }} }}")
    try:
        seen = _ask(store, f"ASK {{ {triple} }}")
    finally:
        store.post_update(f"DROP SILENT GRAPH {graph}")
    if not seen:
        raise _no_union_default_graph(store)


#: Prefix of the temporary graph that :func:`probe_union_default_graph` writes and drops.
PROBE_GRAPH = "https://w3id.org/alliance-kg/id/graph/union-probe/"


def _no_union_default_graph(store: EndpointStore) -> StoreError:
    return StoreError(
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
