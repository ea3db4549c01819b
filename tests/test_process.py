"""``kg.process``: real child processes (Python's own ``http.server`` and small scripts)."""

from __future__ import annotations

import socket
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.errors import KgError, ProcessError
from kg.process import ServerProcess, answers, describe, free_port, start_server

pytestmark = pytest.mark.server

PY = sys.executable


def http_server(port: int, folder: Path) -> list[str]:
    return [PY, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]


def test_start_server_waits_until_the_url_answers_and_stop_ends_the_process(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hello", encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with start_server(http_server(port, tmp_path), url + "/hello.txt", timeout=30) as server:
        assert server.returncode is None
        with urllib.request.urlopen(url + "/hello.txt", timeout=5) as response:
            assert response.read() == b"hello"
        assert "GET /hello.txt" in server.output()
    assert server.returncode is not None
    assert not answers(url + "/hello.txt")


def test_any_http_status_means_up_and_a_closed_port_does_not_answer(tmp_path: Path) -> None:
    port = free_port()
    assert not answers(f"http://127.0.0.1:{port}/missing")
    assert not answers(f"127.0.0.1:{port}")
    with start_server(http_server(port, tmp_path), f"http://127.0.0.1:{port}/missing", timeout=30):
        assert answers(f"http://127.0.0.1:{port}/missing")  # a 404 is an answer
        assert answers(f"tcp://127.0.0.1:{port}")
        assert answers(f"127.0.0.1:{port}")


def test_a_process_that_exits_at_once_is_an_error_naming_the_command_and_its_stderr() -> None:
    script = "import sys; print('warming up'); sys.stderr.write('fatal: no such store\\n'); sys.exit(3)"
    with pytest.raises(ProcessError) as failure:
        start_server([PY, "-c", script], f"http://127.0.0.1:{free_port()}/", timeout=30)
    message = str(failure.value)
    assert isinstance(failure.value, KgError)
    assert f"`{PY} -c " in message and "exited with code 3" in message
    assert message.splitlines()[-2:] == ["warming up", "fatal: no such store"]


def test_a_process_that_never_answers_is_stopped_after_the_timeout() -> None:
    script = "import sys, time; sys.stderr.write('listening nowhere\\n'); sys.stderr.flush(); time.sleep(60)"
    started = time.monotonic()
    with pytest.raises(ProcessError, match=r"did not answer at 127\.0\.0\.1:\d+ within 1 s") as failure:
        start_server([PY, "-c", script], f"127.0.0.1:{free_port()}", timeout=1)
    assert time.monotonic() - started < 15
    assert str(failure.value).endswith("listening nowhere")


def test_a_command_that_cannot_run_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-server"
    with pytest.raises(ProcessError, match=r"cannot start `\S*/no-such-server --port 1`: No such file"):
        start_server([str(missing), "--port", "1"], "127.0.0.1:1")


def test_stop_kills_a_process_that_ignores_sigterm() -> None:
    script = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    server = ServerProcess([PY, "-c", script])
    deadline = time.monotonic() + 30
    while "ready" not in server.output() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.stop(timeout=0.5) == -9
    assert server.stop() == -9  # stopping twice is harmless


def test_restart_starts_the_same_command_again_on_the_same_port(tmp_path: Path) -> None:
    port = free_port()
    with start_server(http_server(port, tmp_path), f"127.0.0.1:{port}", timeout=30) as server:
        first = server.pid
        server.restart(timeout=30)
        assert server.pid != first and server.returncode is None
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass


def test_describe_cuts_long_arguments_short() -> None:
    classpath = ":".join(f"/opt/jena/lib/jar{i}.jar" for i in range(200))
    line = describe(["java", "-cp", classpath, "Main"])
    assert line.startswith("java -cp /opt/jena/lib/jar0.jar") and line.endswith(" Main")
    assert len(line) < 120 and "..." in line


def test_a_free_port_is_none_of_the_ports_to_avoid(monkeypatch: pytest.MonkeyPatch) -> None:
    """``kg serve`` starts Oxigraph before it binds its own port, which is free until then: the
    port Oxigraph gets must not be that one (else the front server cannot listen and requests
    reach Oxigraph unguarded)."""
    import kg.process as process

    offered = iter([8123, 8123, 8124])
    monkeypatch.setattr(process, "_any_port", lambda host: next(offered))
    assert process.free_port(avoid=frozenset({8123})) == 8124
