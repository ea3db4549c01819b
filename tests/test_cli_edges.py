"""Small edges of the command line (issue #13): one `error:` line, exit 1, no traceback,
nothing left behind. Each test runs the real CLI in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT

ARTICLE = PROJECT_ROOT / "data" / "articles" / "01-microsoft-openai-first-investment.md"


def kg(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``kg`` in ``cwd`` with no ``$KG_*`` setting but those in ``env``."""
    cmd = [sys.executable, "-m", "kg", *args]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    clean |= {"PYTHONPATH": str(PROJECT_ROOT), **env}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=cwd, env=clean)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    return lines[0]


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("edges")
    result = kg("--store", str(home / "store"), "ingest", str(ARTICLE), cwd=home)
    assert result.returncode == 0, result.stderr
    return home / "store"


@pytest.mark.model
def test_export_into_a_missing_folder_names_it_and_writes_nothing(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "graph.ttl"
    result = kg("--store", str(store), "export", "--format", "ttl", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert str(out) in line and "does not exist" in line and "mkdir -p" in line
    assert listing(tmp_path) == []


@pytest.mark.model
def test_export_onto_a_folder_says_it_is_a_folder_and_leaves_no_part_file(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    result = kg("--store", str(store), "export", "--out", str(folder), cwd=tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert str(folder) in line and "is a folder" in line
    assert listing(tmp_path) == ["existing"]


@pytest.mark.model
def test_export_to_a_file_still_works(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    result = kg("--store", str(store), "export", "--format", "ttl", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert listing(tmp_path) == ["graph.ttl"] and out.stat().st_size > 0


@pytest.mark.model
@pytest.mark.parametrize(
    "args",
    [["query", "events"], ["export"], ["validate"], ["render", "--out", "site"], ["rebuild"]],
    ids=lambda a: a[0],
)
def test_a_read_command_on_a_missing_store_fails_and_creates_nothing(args: list[str], tmp_path: Path) -> None:
    result = kg("--store", "nosuchdir", *args, cwd=tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert line == "error: no store at nosuchdir (run kg ingest first, or check --store / $KG_STORE)"
    assert result.stdout == ""
    assert listing(tmp_path) == []


@pytest.mark.model
def test_kg_store_from_the_environment_is_checked_too(tmp_path: Path) -> None:
    result = kg("query", "events", cwd=tmp_path, KG_STORE="typo")
    assert result.returncode == 1
    assert one_error_line(result).startswith("error: no store at typo ")
    assert listing(tmp_path) == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1:9/query", "malformed URL"),
        ("http://:7878/query", "the URL names no host"),
        ("http://127.0.0.1:99999/query", "malformed URL"),
        ("ftp://127.0.0.1/query", "not an http(s) URL"),
    ],
)
def test_a_malformed_endpoint_is_one_line(url: str, problem: str, tmp_path: Path) -> None:
    result = kg("--endpoint", url, "query", "events", cwd=tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert line.startswith(f"error: --endpoint {url!r}: {problem}")
    assert "cannot reach" not in line


@pytest.mark.model
def test_a_malformed_update_endpoint_is_one_line(tmp_path: Path) -> None:
    bad = "http://[oops/update"
    result = kg("--endpoint", "http://127.0.0.1:9/query", "--update-endpoint", bad, "query", "events", cwd=tmp_path)
    assert result.returncode == 1
    assert one_error_line(result).startswith(f"error: --update-endpoint {bad!r}: malformed URL")


@pytest.fixture
def hangs_up() -> Iterator[str]:
    """A server that accepts each connection, reads the request and closes without answering."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/query"
    stop.set()
    thread.join()
    server.close()


@pytest.mark.model
def test_a_server_that_hangs_up_mid_request_is_not_called_unreachable(hangs_up: str, tmp_path: Path) -> None:
    result = kg("--endpoint", hangs_up, "query", "events", cwd=tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert "cannot reach" not in line
    assert line.startswith(f"error: SPARQL endpoint {hangs_up} was reached but the query failed: ")
    assert "closed the connection" in line


@pytest.mark.model
def test_a_refused_connection_still_says_cannot_reach(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/query"
    result = kg("--endpoint", url, "query", "events", cwd=tmp_path)
    assert result.returncode == 1
    assert one_error_line(result).startswith(f"error: cannot reach SPARQL endpoint {url}: connection refused")


def test_a_failed_export_write_leaves_no_part_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.errors import OutputError
    from kg.store.export import write_out

    def refuse(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OutputError, match=r"graph\.ttl: cannot write \(No space left on device\)"):
        write_out("data", tmp_path / "graph.ttl")
    assert listing(tmp_path) == []


def test_a_timeout_is_no_answer_in_time_not_unreachable() -> None:
    import urllib.error

    from kg.store.remote import network_error

    for e in (urllib.error.URLError(TimeoutError("timed out")), TimeoutError("timed out")):
        message = str(network_error("http://h/query", e, "update"))
        assert message.startswith("no answer from SPARQL endpoint http://h/query to the update in time"), message
