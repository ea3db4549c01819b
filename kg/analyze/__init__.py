"""analyze stage: SPARQL rows → networkx company graph, metrics, timelines.

Every function takes a store (``kg.store.Store``) or an rdflib ``Graph``/``Dataset``
(queried over the union of its graphs).
"""

from __future__ import annotations

from kg.analyze.agreements import AgreementView, agreement_views, company_names
from kg.analyze.network import company_graph, metrics, simple_graph
from kg.analyze.timeline import agreements_per_quarter, counts_by_kind_status

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
