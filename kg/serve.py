"""``kg serve``: the store over the SPARQL 1.1 Protocol, plus the rendered site.

The SPARQL work is done by Oxigraph's own server (``oxigraph serve-read-only``, or
``oxigraph serve`` with ``allow_update``), started on a private port over the same store
folder with ``--union-default-graph`` (kg's queries read the union of all graphs). It
answers GET and POST queries with JSON, XML, CSV or TSV results chosen by ``Accept`` and
a 400 with the parser's message for a malformed query.

In front of it a small threaded HTTP server (standard library) on ``HOST:PORT``:

* ``/query`` → forwarded to Oxigraph's ``/query`` (method, query string, body, ``Accept``
  and ``Content-Type`` kept; status and body passed back unchanged);
* ``/update`` → forwarded only with ``allow_update``, else ``403`` with a hint; an update
  needs ``Authorization: Bearer <token>`` (else ``401``), and one with an ``Origin`` other
  than the server's own or ``Sec-Fetch-Site: cross-site`` is a ``403`` (no cross-site form
  POST runs an update);
* a connection silent for ``REQUEST_TIMEOUT`` seconds is closed; a non-numeric
  ``Content-Length`` is a ``400``; at most ``Limits.max_connections`` connections are open
  at once (one thread each), and one more is answered ``503`` and closed at once;
* before forwarding, a query or update nested deeper than ``MAX_DEPTH`` is a ``400``, and
  one using ``SERVICE`` or ``LOAD`` a ``403`` unless ``allow_federation``;
* anything else → a file of the site folder (``/`` → ``index.html``).

With a remote store (``--endpoint``) no Oxigraph process is started: the front server
forwards to that endpoint instead.
"""

from __future__ import annotations

import contextlib
import hmac
import html
import logging
import shutil
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from kg.errors import StoreError
from kg.process import START_TIMEOUT, STOP_TIMEOUT, ServerProcess, free_port, start_server
from kg.store.sparql_scan import code_positions, nesting_depth, word_start

log = logging.getLogger(__name__)

#: Seconds a client connection may stay silent before it is closed.
REQUEST_TIMEOUT = 30.0
#: Request headers passed to the SPARQL server (everything else is dropped).
FORWARD_HEADERS = ("Accept", "Content-Type", "Content-Encoding")
#: Response headers passed back to the client.
RETURN_HEADERS = ("Content-Type", "Content-Disposition")
#: Deepest nesting of ``{``/``(`` accepted in a query or update (deeper ones crash parsers).
MAX_DEPTH = 64
#: Read size when relaying a response (the result-size limit is checked per chunk).
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """What one request may cost: seconds of query evaluation (Oxigraph stops the query),
    bytes of result relayed, requests evaluated at once, seconds a request waits for a
    free slot before a ``503``, and connections open at once."""

    timeout_s: int = 30
    max_result_bytes: int = 100 * 1024 * 1024
    max_concurrent: int = 4
    queue_wait_s: float = 10.0
    #: Client connections open at once (each holds a thread until it is answered or times out).
    max_connections: int = 64


#: Keywords that make the SPARQL server fetch from other URLs; refused without ``allow_federation``.
FEDERATION_KEYWORDS = {"SERVICE": "SERVICE (federated query)", "LOAD": "LOAD"}


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server binary: beside this Python (the venv's ``bin``), else on ``$PATH``."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise StoreError(
        "the oxigraph server binary was not found; install it with `pip install oxigraph` (PyPI package `oxigraph`)"
    )


@dataclass
class Upstream:
    """Where SPARQL requests go; ``server`` is the Oxigraph process we started, if any, and
    ``lock`` the serve lock we hold on its store folder."""

    query_url: str
    update_url: str
    server: ServerProcess | None = None
    lock: IO[str] | None = None
    restarting: threading.Lock = field(default_factory=threading.Lock)

    def restart(self) -> None:
        """Kill the Oxigraph process and start it again on the same port: the only way to stop
        a query it is still evaluating (its own timeout does not interrupt a long join). Other
        requests in flight at that moment get a 502 and can be retried."""
        if self.server is None:
            return
        with self.restarting:
            log.warning("a query overran the timeout; restarting the SPARQL server")
            self.server.restart()

    def stop(self) -> None:
        """Stop the Oxigraph process we started and release the store."""
        if self.server is not None:
            self.server.stop()
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def start_oxigraph(
    location: Path, allow_update: bool = False, timeout_s: int | None = None, avoid: frozenset[int] = frozenset()
) -> Upstream:
    """Oxigraph's server over ``location`` on a private 127.0.0.1 port (none of ``avoid``: the
    front server's own port, bound only after this starts), ready to answer."""
    if not location.is_dir():
        raise StoreError(f"{location}: no store here; build one with `kg ingest` or `kg demo`, or pass --store")
    from kg.store.lock import hold_serve_lock

    base = f"http://127.0.0.1:{free_port(avoid=avoid)}"
    cmd = [str(oxigraph_binary()), "serve" if allow_update else "serve-read-only"]
    cmd += ["--location", str(location), "--bind", base.removeprefix("http://"), "--union-default-graph"]
    if timeout_s:
        cmd += ["--timeout-s", str(timeout_s)]
    lock = hold_serve_lock(location, base)
    try:
        server = start_server(cmd, f"{base}/query?query=ASK%7B%7D", START_TIMEOUT)
    except BaseException:
        lock.close()
        raise
    return Upstream(f"{base}/query", f"{base}/update", server, lock)


# -- request checks ------------------------------------------------------------------------


def keywords_in(text: str, words: Iterable[str]) -> list[str]:
    """Which of ``words`` occur as keyword tokens (any case) outside strings, IRIs and comments."""
    wanted = {w.upper() for w in words}
    found: list[str] = []
    for i, _ in code_positions(text):
        if not text[i].isalpha() or not word_start(text, i):
            continue
        end = i
        while end < len(text) and (text[end].isalnum() or text[end] in "_-:"):
            end += 1
        word = text[i:end].upper()
        if word in wanted and word not in found:
            found.append(word)
    return found


def sparql_texts(query_string: str, body: bytes | None, content_type: str) -> list[str]:
    """Every query/update text a request carries: ``query``/``update`` parameters of the
    query string or a form body, or the whole body of a ``sparql-query``/``sparql-update`` POST."""
    texts: list[str] = []
    params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    if body:
        ctype = content_type.split(";", 1)[0].strip().lower()
        decoded = body.decode("utf-8", errors="replace")
        if ctype == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(decoded, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            texts.append(decoded)
    for key in ("query", "update"):
        texts.extend(params.get(key, []))
    return texts


# -- the front server ----------------------------------------------------------------------


def fallback_index(allow_update: bool) -> bytes:
    """The page at ``/`` when there is no rendered site: how to query."""
    example = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
    mode = "read-write (updates at /update)" if allow_update else "read-only"
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>alliance-kg SPARQL</title></head>
<body><h1>alliance-kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/query</code> ({html.escape(mode)}). No rendered site: run
<code>kg render --out site</code> and restart with <code>--site site</code>.</p>
<form action="query" method="get"><textarea name="query" rows="6" cols="80">{html.escape(example)}</textarea><br>
<button type="submit">run (JSON)</button></form></body></html>"""
    return page.encode("utf-8")


class Handler(SimpleHTTPRequestHandler):
    """Forwards ``/query`` (and ``/update`` when allowed); serves the site for other paths."""

    server_version = "alliance-kg"
    timeout = REQUEST_TIMEOUT
    upstream: Upstream
    allow_update: bool
    allow_federation: bool
    has_site: bool

    def __init__(
        self,
        *args: Any,
        upstream: Upstream,
        allow_update: bool,
        site: Path | None,
        allow_federation: bool = False,
        token: str | None = None,
        limits: Limits = Limits(),
        slots: threading.BoundedSemaphore | None = None,
        **kwargs: Any,
    ) -> None:
        self.limits = limits
        self.slots = slots or threading.BoundedSemaphore(limits.max_concurrent)
        self.upstream = upstream
        self.allow_update = allow_update
        self.allow_federation = allow_federation
        self.token = token
        self.has_site = site is not None and (site / "index.html").is_file()
        directory = str(site) if site is not None else tempfile.gettempdir()
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (stdlib signature)
        log.info("%s %s", self.address_string(), format % args)

    def _route(self) -> str | None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/query", "/sparql"):
            return "query"
        if path == "/update":
            return "update"
        return None

    def do_GET(self) -> None:  # noqa: N802  (stdlib naming)
        route = self._route()
        if route == "query":
            self._forward(self.upstream.query_url, with_body=False)
        elif route == "update":
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "SPARQL updates are POST requests to /update")
        elif not self.has_site and self.path.split("?", 1)[0] in ("/", "/index.html"):
            self._send(HTTPStatus.OK, fallback_index(self.allow_update), "text/html; charset=utf-8")
        elif not self.has_site:
            self._plain(HTTPStatus.NOT_FOUND, f"{self.path}: no such page (no rendered site is served)")
        else:
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if self._route() is None and self.has_site:
            super().do_HEAD()
        else:
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "HEAD is answered for site pages only")

    def do_POST(self) -> None:  # noqa: N802
        route = self._route()
        if route == "query":
            self._forward(self.upstream.query_url, with_body=True)
        elif route == "update" and self.allow_update:
            refusal = self._update_refusal()
            if refusal is not None:
                self._plain(*refusal)
            else:
                self._forward(self.upstream.update_url, with_body=True)
        elif route == "update":
            self._plain(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only; start it with `kg serve --allow-update` to accept SPARQL updates",
            )
        else:
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, f"POST {self.path}: only /query and /update take POST")

    def _update_refusal(self) -> tuple[HTTPStatus, str] | None:
        """Why an update request must not run: a cross-site request (403) or no valid token (401)."""
        own = f"http://{self.headers.get('Host') or ''}"
        origin = self.headers.get("Origin")
        if origin is not None and origin.rstrip("/") != own:
            return HTTPStatus.FORBIDDEN, f"cross-site update refused (Origin {origin} is not {own})"
        if (self.headers.get("Sec-Fetch-Site") or "").strip().lower() == "cross-site":
            return HTTPStatus.FORBIDDEN, "cross-site update refused (Sec-Fetch-Site: cross-site)"
        given = self.headers.get("Authorization") or ""
        scheme, _, value = given.partition(" ")
        if (
            not self.token
            or scheme.lower() != "bearer"
            or not hmac.compare_digest(value.strip().encode(), self.token.encode())
        ):
            return (
                HTTPStatus.UNAUTHORIZED,
                "updates need the header `Authorization: Bearer TOKEN` with the token of kg serve "
                "(--token or $KG_SERVE_TOKEN, else the one it printed at start)",
            )
        return None

    def _refusal(self, texts: list[str]) -> tuple[HTTPStatus, str] | None:
        """Why the request must not reach the SPARQL server, or None."""
        for text in texts:
            depth = nesting_depth(text)
            if depth > MAX_DEPTH:
                return HTTPStatus.BAD_REQUEST, f"query nested too deeply ({depth} levels, limit {MAX_DEPTH})"
        if not self.allow_federation:
            for text in texts:
                found = keywords_in(text, FEDERATION_KEYWORDS)
                if found:
                    names = " and ".join(FEDERATION_KEYWORDS[w] for w in found)
                    return (
                        HTTPStatus.FORBIDDEN,
                        f"{names} refused: this endpoint does not fetch other URLs; "
                        "start it with `kg serve --allow-federation` to allow SERVICE and LOAD",
                    )
        return None

    def _forward(self, target: str, with_body: bool) -> None:
        query_string = self.path.split("?", 1)[1] if "?" in self.path else ""
        url = target + ("?" + query_string if query_string else "")
        data = None
        if with_body:
            declared = (self.headers.get("Content-Length") or "0").strip()
            if not declared.isdigit():
                self.close_connection = True
                self._plain(HTTPStatus.BAD_REQUEST, f"Content-Length must be a number of bytes, not {declared!r}")
                return
            length = int(declared)
            data = self.rfile.read(length) if length else b""
        refusal = self._refusal(sparql_texts(query_string, data, self.headers.get("Content-Type") or ""))
        if refusal is not None:
            self._plain(*refusal)
            return
        headers = {h: self.headers[h] for h in FORWARD_HEADERS if self.headers.get(h)}
        request = urllib.request.Request(url, data=data, headers=headers, method="POST" if with_body else "GET")
        if not self.slots.acquire(timeout=self.limits.queue_wait_s):
            self._plain(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"busy: {self.limits.max_concurrent} requests are being evaluated; retry in a few seconds",
            )
            return
        try:
            self._call(request, is_query=target == self.upstream.query_url)
        finally:
            self.slots.release()

    def _call(self, request: urllib.request.Request, is_query: bool) -> None:
        try:
            with urllib.request.urlopen(request, timeout=self.limits.timeout_s) as response:
                body = self._bounded(response)
                if body is None:
                    return
                self._relay(response.status, response.headers, body)
        except urllib.error.HTTPError as e:
            self._relay(e.code, e.headers, e.read(self.limits.max_result_bytes))
        except TimeoutError:
            if is_query:
                self.upstream.restart()
            self._plain(
                HTTPStatus.GATEWAY_TIMEOUT,
                f"the query did not finish within {self.limits.timeout_s} s; narrow it or add LIMIT",
            )
        except (urllib.error.URLError, OSError) as e:
            self._plain(HTTPStatus.BAD_GATEWAY, f"the SPARQL server behind kg serve does not answer: {e}")

    def _bounded(self, response: Any) -> bytes | None:
        """The whole response body, or None (after answering 507) when it exceeds the limit."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > self.limits.max_result_bytes:
                self._plain(
                    HTTPStatus.INSUFFICIENT_STORAGE,
                    f"the result is larger than {self.limits.max_result_bytes:,} bytes (--max-result-mb); "
                    "add LIMIT or select fewer columns",
                )
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def _relay(self, status: int, headers: Any, body: bytes) -> None:
        self.send_response(status)
        for name in RETURN_HEADERS:
            if headers.get(name):
                self.send_header(name, headers[name])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _plain(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        if status == HTTPStatus.UNAUTHORIZED:
            self.send_header("WWW-Authenticate", 'Bearer realm="kg serve"')
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


_BUSY_TEXT = b"too many open connections; retry in a moment\n"
#: The whole answer to a connection over the cap (sent without reading its request).
BUSY = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 5\r\n"
    b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(_BUSY_TEXT)
) + _BUSY_TEXT


class FrontServer(ThreadingHTTPServer):
    """A threading HTTP server with at most ``max_connections`` connections (threads) open;
    one more gets ``BUSY`` and is closed, so idle or slow clients cannot pile up threads."""

    daemon_threads = True
    #: Connections the kernel queues before they are accepted (a burst is answered, not dropped).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: Any, max_connections: int) -> None:
        self.connections = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.connections.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()


@dataclass
class Running:
    """A started ``kg serve``: the front server, its thread and the SPARQL upstream."""

    httpd: FrontServer
    upstream: Upstream
    thread: threading.Thread | None = None
    stopped: bool = field(default=False)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        if isinstance(host, bytes):
            host = host.decode()
        return f"http://{host}:{port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    def serve_forever(self) -> None:
        """Serve in this thread until the server is shut down (or Ctrl-C)."""
        self.httpd.serve_forever()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the front server and the Oxigraph process (idempotent)."""
        if self.stopped:
            return
        self.stopped = True
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread.join(timeout=STOP_TIMEOUT)
        self.httpd.server_close()
        self.upstream.stop()


def start(
    upstream: Upstream,
    host: str = "127.0.0.1",
    port: int = 8000,
    site: Path | None = None,
    allow_update: bool = False,
    background: bool = True,
    allow_federation: bool = False,
    token: str | None = None,
    limits: Limits = Limits(),
) -> Running:
    """Bind the front server on ``host:port`` (0 = a free port); serve in a thread when ``background``.

    With ``allow_update``, updates need ``Authorization: Bearer <token>``. ``limits`` bound
    what each request may cost (the query timeout itself is Oxigraph's, set when it starts)."""
    handler = partial(
        Handler,
        upstream=upstream,
        allow_update=allow_update,
        site=site,
        allow_federation=allow_federation,
        token=token,
        limits=limits,
        slots=threading.BoundedSemaphore(limits.max_concurrent),
    )
    try:
        httpd = FrontServer((host, port), handler, limits.max_connections)
    except OSError as e:
        upstream.stop()
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}; pick another --port") from e
    running = Running(httpd, upstream)
    if background:
        running.thread = threading.Thread(target=httpd.serve_forever, name="kg-serve", daemon=True)
        running.thread.start()
    return running


def upstream_for(
    store: Path,
    endpoint: str | None,
    update_endpoint: str | None,
    allow_update: bool,
    timeout_s: int | None = None,
    avoid: frozenset[int] = frozenset(),
) -> Upstream:
    """The remote endpoint when one is configured, else an Oxigraph server over ``store``
    that stops any query after ``timeout_s`` seconds, on a port none of ``avoid``."""
    if endpoint:
        from kg.store.base import _guess_update

        return Upstream(endpoint, update_endpoint or _guess_update(endpoint))
    return start_oxigraph(store, allow_update=allow_update, timeout_s=timeout_s, avoid=avoid)
