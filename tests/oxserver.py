"""Start and stop a real ``oxigraph serve`` on 127.0.0.1 for tests.

Use :func:`oxigraph_server` as a context manager (or through the fixtures in the test
modules): it picks a free port, waits until the server answers, and always stops the
process, killing it if it does not exit within a few seconds.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.serve import oxigraph_binary

START_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0


@dataclass(frozen=True)
class SparqlServer:
    """A running server: its base URL, query and update endpoints (``BASE/query``,
    ``BASE/update``), and its process."""

    base: str
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], timeout: float = START_TIMEOUT, name: str = "oxigraph"
) -> None:
    """Poll ``url`` until it answers any HTTP status; fail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = ""
            if process.stderr:
                process.stderr.seek(0)
                err = process.stderr.read().decode(errors="replace")
            raise RuntimeError(f"{name} exited with {process.returncode}: {err.strip()}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers: the server is up
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer at {url} within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process; kill it when it does not exit in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
    if process.stderr:
        process.stderr.close()


@contextlib.contextmanager
def oxigraph_server(location: Path | None = None, union_default_graph: bool = True) -> Iterator[SparqlServer]:
    """``oxigraph serve`` on 127.0.0.1 and a free port (in memory unless ``location``)."""
    port = free_port()
    cmd = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        cmd += ["--location", str(location)]
    if union_default_graph:
        cmd.append("--union-default-graph")
    with serving(cmd, f"http://127.0.0.1:{port}") as server:
        yield server


@contextlib.contextmanager
def serving(
    cmd: list[str], base: str, timeout: float = START_TIMEOUT, name: str = "oxigraph"
) -> Iterator[SparqlServer]:
    """Run ``cmd``, a SPARQL server answering at ``base``/query, for the ``with`` block: wait
    until it answers, and always stop it."""
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server can never block on it
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    process.stderr = log  # type: ignore[assignment]  (read back on failure, closed by stop)
    try:
        server = SparqlServer(base, process)
        wait_until_up(server.query_url + "?query=ASK%7B%7D", process, timeout, name=name)
        yield server
    finally:
        stop(process)


if __name__ == "__main__":  # manual use: python tests/oxserver.py
    with oxigraph_server() as srv:
        print(srv.query_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    sys.exit(0)
