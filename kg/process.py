"""Start a server process, wait until it answers, stop it: the one helper ``kg serve`` and
the test servers (``oxigraph serve``, the Jena server, ``kg serve`` itself, Dask) share.

>>> with start_server(["python", "-m", "http.server", "8123"], "http://127.0.0.1:8123/") as server:  # doctest: +SKIP
...     server.output()

The process's stdout and stderr go to one temporary file (a file, not a pipe: a chatty
server never blocks on it); a process that exits before it answers, or does not answer in
time, is a :class:`ProcessError` naming the command and the tail of that output.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from kg.errors import ProcessError

#: Seconds a server may take to answer after it is started.
START_TIMEOUT = 30.0
#: Seconds a server may take to exit after SIGTERM before it is killed.
STOP_TIMEOUT = 5.0
#: Lines of the process's output quoted in an error.
TAIL_LINES = 20


def free_port(host: str = "127.0.0.1", avoid: frozenset[int] = frozenset()) -> int:
    """A TCP port on ``host`` that nothing listens on right now and is none of ``avoid`` (a
    port the caller is about to bind itself, which is also free until it does)."""
    while True:
        port = _any_port(host)
        if port not in avoid:
            return port


def _any_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def answers(probe: str, timeout: float = 2.0) -> bool:
    """Whether ``probe`` answers now: an ``http(s)://`` URL with any HTTP status, or a TCP
    address (``tcp://HOST:PORT`` or ``HOST:PORT``) that accepts a connection."""
    if probe.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(probe, timeout=timeout):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False
    address = urllib.parse.urlsplit(probe if "://" in probe else f"tcp://{probe}")
    if address.hostname is None or address.port is None:
        raise ValueError(f"{probe!r}: not an http(s) URL or a HOST:PORT address")
    try:
        with socket.create_connection((address.hostname, address.port), timeout=timeout):
            return True
    except OSError:
        return False


def describe(command: Sequence[str], width: int = 100) -> str:
    """The command as a shell line, with each very long argument (a Java classpath) cut short."""
    half = width // 2 - 2
    return shlex.join(arg if len(arg) <= width else f"{arg[:half]}...{arg[-half:]}" for arg in command)


class ServerProcess:
    """A started server process: its command, the URL or address that tells it is up, and
    its output. A context manager: leaving the ``with`` block stops it."""

    def __init__(
        self,
        command: Sequence[str],
        probe: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
    ) -> None:
        self.command = [str(arg) for arg in command]
        self.probe = probe
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self._log: IO[bytes] = tempfile.TemporaryFile(prefix="kg-process-")
        self.process = self._popen()

    def _popen(self) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                self.command, stdout=self._log, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd
            )
        except OSError as e:
            self._log.close()
            raise ProcessError(f"cannot start `{describe(self.command)}`: {e.strerror or e}") from e

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    def output(self) -> str:
        """Everything the process wrote to stdout and stderr so far."""
        if self._log.closed:
            return ""
        size = os.fstat(self._log.fileno()).st_size
        return os.pread(self._log.fileno(), size, 0).decode("utf-8", errors="replace")

    def tail(self, lines: int = TAIL_LINES) -> str:
        """The last ``lines`` non-blank lines of :meth:`output`, or ``(no output)``."""
        kept = [line for line in self.output().splitlines() if line.strip()][-lines:]
        return "\n".join(kept) if kept else "(no output)"

    def wait_until_up(self, timeout: float = START_TIMEOUT) -> None:
        """Poll the probe until it answers (return at once without one); a process that exits
        first, or a timeout, is a :class:`ProcessError` with the command and its output's tail."""
        if self.probe is None:
            return
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise ProcessError(
                    f"`{describe(self.command)}` exited with code {self.process.returncode} "
                    f"before answering at {self.probe}; its output ends:\n{self.tail()}"
                )
            if answers(self.probe):
                return
            if time.monotonic() >= deadline:
                raise ProcessError(
                    f"`{describe(self.command)}` did not answer at {self.probe} within {timeout:g} s; "
                    f"its output ends:\n{self.tail()}"
                )
            time.sleep(0.1)

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM, wait ``timeout`` seconds, then SIGKILL; close the output file. Returns the
        exit code (negative: the signal that ended it). Stopping twice is harmless."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self._log.close()
        return int(self.process.returncode)

    def restart(self, timeout: float = START_TIMEOUT) -> None:
        """Kill the process and start the same command again (its output file continues),
        then wait until it answers."""
        self.process.kill()
        self.process.wait(timeout=STOP_TIMEOUT)
        self.process = self._popen()
        self.wait_until_up(timeout)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_server(
    command: Sequence[str],
    probe: str | None = None,
    timeout: float = START_TIMEOUT,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
) -> ServerProcess:
    """Start ``command`` and wait until ``probe`` (an http(s) URL: any HTTP status counts, or
    ``HOST:PORT``) answers; a failed start stops the process and raises :class:`ProcessError`.

    Use the result in a ``with`` block, or call its ``stop()``."""
    server = ServerProcess(command, probe, env=env, cwd=cwd)
    try:
        server.wait_until_up(timeout)
    except BaseException:
        server.stop()
        raise
    return server
