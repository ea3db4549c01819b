"""Counts over time and by kind/status, straight from SPARQL rows."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kg.analyze.agreements import AgreementView, current_statuses
from kg.analyze.sparql import Source, select, text
from kg.records import Kind, Status

KIND_ORDER = [k.value for k in Kind]
STATUS_ORDER = [s.value for s in Status]


def views_frame(views: Iterable[AgreementView]) -> pd.DataFrame:
    """Agreement, kind, first date and status of agreement views (e.g. as of a day)."""
    rows = [{"agreement": v.iri, "kind": v.kind, "first": v.first, "status": v.status or "unknown"} for v in views]
    return pd.DataFrame(rows, columns=["agreement", "kind", "first", "status"])


def _current(ds: Source, views: Iterable[AgreementView] | None = None) -> pd.DataFrame:
    if views is not None:
        return views_frame(views)
    kinds = {
        str(r["agreement"]): (str(r["kind"]), text(r.get("first"))) for r in select(ds, "graph-agreements").records()
    }
    status = current_statuses(ds, kinds)
    rows = [{"agreement": a, "kind": k, "first": f, "status": status[a]} for a, (k, f) in kinds.items()]
    return pd.DataFrame(rows, columns=["agreement", "kind", "first", "status"])


def counts_by_kind_status(ds: Source, views: Iterable[AgreementView] | None = None) -> pd.DataFrame:
    """Agreements per kind (rows) and current status (columns), zeros included.

    Rows and columns follow the order of the ontology; only kinds and statuses that occur
    are kept. A ``total`` column and row are added. With ``views``, those agreements (as of a
    day) instead of the store's current statuses.
    """
    frame = _current(ds, views)
    if frame.empty:
        return pd.DataFrame()
    table = pd.crosstab(frame["kind"], frame["status"])
    rows = [k for k in KIND_ORDER if k in table.index] + [k for k in table.index if k not in KIND_ORDER]
    cols = [s for s in STATUS_ORDER if s in table.columns] + [s for s in table.columns if s not in STATUS_ORDER]
    table = table.loc[rows, cols]
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name, table.columns.name = "kind", "status"
    return table.astype(int)


def quarter(iso_date: str) -> str:
    """``"2024-05-17"`` → ``"2024Q2"``."""
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    return f"{year}Q{(month - 1) // 3 + 1}"


def agreements_per_quarter(ds: Source, views: Iterable[AgreementView] | None = None) -> pd.DataFrame:
    """Agreements per quarter of their first claimed date (rows, every quarter in the span)
    by kind (columns). Agreements with no dated claim are left out. ``views`` as above."""
    frame = _current(ds, views).dropna(subset=["first"])
    if frame.empty:
        return pd.DataFrame()
    frame = frame.assign(quarter=frame["first"].map(quarter))
    table = pd.crosstab(frame["quarter"], frame["kind"])
    periods = pd.period_range(min(table.index), max(table.index), freq="Q")
    table = table.reindex([str(p) for p in periods], fill_value=0)
    cols = [k for k in KIND_ORDER if k in table.columns]
    table = table[cols]
    table.index.name, table.columns.name = "quarter", "kind"
    return table.astype(int)
