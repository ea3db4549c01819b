"""Start and stop a real ``oxigraph serve`` on 127.0.0.1 for tests.

Use :func:`oxigraph_server` as a context manager (or through the fixtures in the test
modules): it picks a free port, waits until the server answers, and always stops the
process, killing it if it does not exit within a few seconds (``kg.process``).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.process import ServerProcess, free_port, start_server
from kg.serve import oxigraph_binary

START_TIMEOUT = 20.0


@dataclass(frozen=True)
class SparqlServer:
    """A running server: its base URL, query and update endpoints (``BASE/query``,
    ``BASE/update``), and its process."""

    base: str
    process: ServerProcess

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"


@contextlib.contextmanager
def oxigraph_server(location: Path | None = None, union_default_graph: bool = True) -> Iterator[SparqlServer]:
    """``oxigraph serve`` on 127.0.0.1 and a free port (in memory unless ``location``)."""
    port = free_port()
    cmd = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        cmd += ["--location", str(location)]
    if union_default_graph:
        cmd.append("--union-default-graph")
    with sparql_server(cmd, f"http://127.0.0.1:{port}") as server:
        yield server


@contextlib.contextmanager
def sparql_server(cmd: list[str], base: str, timeout: float = START_TIMEOUT) -> Iterator[SparqlServer]:
    """Run ``cmd``, a SPARQL server answering at ``base``/query, for the ``with`` block: wait
    until it answers, and always stop it."""
    with start_server(cmd, f"{base}/query?query=ASK%7B%7D", timeout) as process:
        yield SparqlServer(base, process)


if __name__ == "__main__":  # manual use: python tests/oxserver.py
    with oxigraph_server() as srv:
        print(srv.query_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    sys.exit(0)
