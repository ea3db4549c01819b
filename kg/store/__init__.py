"""Stores: embedded Oxigraph on disk (default), memory, remote SPARQL endpoint."""

from __future__ import annotations

from kg.config import Settings
from kg.store.base import Store, open_memory, open_oxigraph, open_remote
from kg.store.table import Table


def open_store(settings: Settings, create: bool = True) -> Store:
    """The store the settings name: ``--endpoint`` when given, else Oxigraph at ``--store``.
    Without ``create`` a store folder that does not exist is an error (read-only commands)."""
    if settings.endpoint:
        return open_remote(settings.endpoint, settings.update_endpoint, token=settings.endpoint_token)
    return open_oxigraph(settings.store, create=create)


__all__ = ["Store", "Table", "open_store", "open_memory", "open_oxigraph", "open_remote"]
