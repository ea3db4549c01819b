"""analyze stage: SPARQL rows → networkx company graph, metrics, timelines.

Every function takes a store (``kg.store.Store``) or an rdflib ``Graph``/``Dataset``
(queried over the union of its graphs).

The names below are imported when first used: ``kg.analyze.network`` brings in pandas and
networkx (1.3 s of a cold start), which ``kg query circular-flows`` (``kg.analyze.flows``)
does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.analyze.agreements import AgreementView, agreement_views, company_names
    from kg.analyze.network import company_graph, metrics, simple_graph
    from kg.analyze.timeline import agreements_per_quarter, counts_by_kind_status

_MODULES = {
    "AgreementView": "kg.analyze.agreements",
    "agreement_views": "kg.analyze.agreements",
    "company_names": "kg.analyze.agreements",
    "company_graph": "kg.analyze.network",
    "metrics": "kg.analyze.network",
    "simple_graph": "kg.analyze.network",
    "agreements_per_quarter": "kg.analyze.timeline",
    "counts_by_kind_status": "kg.analyze.timeline",
}

__all__ = [
    "AgreementView",
    "agreement_views",
    "agreements_per_quarter",
    "company_graph",
    "company_names",
    "counts_by_kind_status",
    "metrics",
    "simple_graph",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name]), name)
