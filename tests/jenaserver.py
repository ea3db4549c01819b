"""Start and stop a SPARQL server on Apache Jena (ARQ + TDB2, the engine under Fuseki) for tests.

``scripts/install-jena.sh`` (``make jena``) installs Jena and compiles
``tests/jena/JenaSparqlServer.java`` into ``.cache/jena/``. The server reads the Fuseki
configuration that the README gives (a TDB2 dataset with ``tdb2:unionDefaultGraph``, query
and update services; :func:`fuseki_config` takes it from README.md) and serves
``/kg/query`` and ``/kg/update``. Use :func:`jena_server` as a context manager: it picks a
free port, waits until the server answers, and always stops it. :func:`jena_missing` says
why it cannot run (no Java, not installed), for a skip.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from oxserver import SparqlServer, sparql_server

from kg.config import PROJECT_ROOT
from kg.process import free_port

CACHE = PROJECT_ROOT / ".cache" / "jena"
#: The JVM's start, Jena's initialisation and the dataset's assembly take a few seconds.
START_TIMEOUT = 60.0
#: A small heap (the machine is shared) and the quick compiler only: it starts about 2 s sooner.
JVM_OPTIONS = ["-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def fuseki_config(location: str, union_default_graph: bool) -> str:
    """The README's Fuseki configuration (the ``turtle`` block that starts with ``# kg.ttl``),
    with the TDB2 location and the union-default-graph flag replaced: the tests run what the
    README tells users to run."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```turtle\n(# kg\.ttl.*?)```", readme, re.DOTALL)
    if block is None:
        raise RuntimeError("README.md has no ```turtle block starting with '# kg.ttl' (the Fuseki configuration)")
    config, n = re.subn(r'tdb2:location "[^"]*"', f'tdb2:location "{location}"', block.group(1))
    config, m = re.subn(
        r"tdb2:unionDefaultGraph \w+", f"tdb2:unionDefaultGraph {str(union_default_graph).lower()}", config
    )
    if (n, m) != (1, 1):
        raise RuntimeError("the README's Fuseki configuration must set tdb2:location and tdb2:unionDefaultGraph once")
    return config


def jena_missing() -> str | None:
    """Why :func:`jena_server` cannot start here, or None when it can."""
    if shutil.which("java") is None:
        return "needs Java 17 (java) for the Jena SPARQL server tests"
    if not (CACHE / "classes" / "JenaSparqlServer.class").is_file() or not (CACHE / "classpath").is_file():
        return f"needs Jena: run `make jena` (scripts/install-jena.sh) to install it into {CACHE}"
    return None


@contextlib.contextmanager
def jena_server(location: Path | None = None, union_default_graph: bool = True) -> Iterator[SparqlServer]:
    """The Jena server on 127.0.0.1 and a free port, over an in-memory TDB2 dataset unless
    ``location`` (a TDB2 folder); endpoints ``/kg/query`` and ``/kg/update``."""
    missing = jena_missing()
    if missing:
        raise RuntimeError(missing)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kg-jena-") as tmp:
        config = Path(tmp) / "kg.ttl"
        tdb2 = "--mem--" if location is None else location.resolve().as_posix()
        config.write_text(fuseki_config(tdb2, union_default_graph), encoding="utf-8")
        classpath = f"{CACHE / 'classes'}:{(CACHE / 'classpath').read_text().strip()}"
        cmd = ["java", *JVM_OPTIONS, "-cp", classpath, "JenaSparqlServer", "--port", str(port), "--config", str(config)]
        with sparql_server(cmd, f"http://127.0.0.1:{port}/kg", START_TIMEOUT) as server:
            yield server


if __name__ == "__main__":  # manual use: python tests/jenaserver.py
    with jena_server() as srv:
        print(srv.query_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    sys.exit(0)
