"""The lock ``kg serve`` holds on a store folder while its SPARQL server reads it.

Oxigraph's read-only server does not lock the folder, and a write beside it is undefined
behaviour, so ``kg serve`` takes an exclusive ``flock`` on ``<store>/kg-serve.lock`` for its
lifetime and every embedded open of the store checks it first.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from kg.errors import StoreError

__all__ = ["LOCK_NAME", "hold_serve_lock", "check_not_served"]

LOCK_NAME = "kg-serve.lock"


def hold_serve_lock(store: Path, url: str) -> IO[str]:
    """Take the serve lock on ``store`` (kept until the returned file is closed)."""
    handle = open(store / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115  (held for the server's life)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(handle)
        handle.close()
        raise StoreError(f"{store}: already served by another kg serve ({holder}); stop it first") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} at {url}\n")
    handle.flush()
    return handle


def check_not_served(store: Path) -> None:
    """Raise a StoreError naming the server when a ``kg serve`` holds ``store``."""
    path = store / LOCK_NAME
    if not path.is_file():
        return
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            raise StoreError(
                f"{store} is being served by kg serve ({holder}); stop the server first, or go through it: "
                "kg --endpoint URL/query query ... (writes need kg serve --allow-update and --update-endpoint)"
            ) from None
        fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    text = handle.read().strip()
    return text or "another process"
