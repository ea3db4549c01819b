"""The data a page's script draws: nodes, edges, legend. Pure; no HTML here.

Visual choices that depend only on codes (colours per kind, line style per status phase)
come from ``kg.render.style``, so the legend, the drawing and the notebooks cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.analyze.agreements import AgreementView
from kg.records import Status, phase_of
from kg.render.safe import safe_href
from kg.render.style import KIND_COLORS, OTHER_COLOR, PALETTE, PHASE_LOOK, community_colors

_SLUG_BAD = re.compile(r"[^a-z0-9]+")


def slugs(iris: Iterable[str]) -> dict[str, str]:
    """A unique, file-name-safe slug per company IRI (its last path segment, lowercased).

    Collisions get ``-2``, ``-3``… in IRI order, so the mapping is deterministic.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for iri in sorted(set(iris)):
        base = _SLUG_BAD.sub("-", iri.rstrip("/").rsplit("/", 1)[-1].lower()).strip("-")[:80] or "company"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[iri] = candidate
    return out


def color_map(values: Iterable[object]) -> dict[str, str]:
    """Palette colour per distinct value (sorted; ``None`` becomes ``"unknown"``)."""
    keys = sorted({"unknown" if v is None else str(v) for v in values})
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def edge_record(view: AgreementView, a: str, b: str) -> dict[str, object]:
    """One drawn edge (between parties ``a`` and ``b`` of the agreement)."""
    ev_source = view.evidence_source
    return {
        "id": f"{view.iri}|{a}|{b}",
        "from": a,
        "to": b,
        "agreement": view.iri,
        "kind": view.kind,
        "label": view.label,
        "status": view.status or "unknown",
        "statusDate": view.status_date,
        "phase": view.phase,
        "first": view.first,
        "last": view.last,
        "firstYear": _year(view.first),
        "lastYear": _year(view.last) or _year(view.first),
        "amount": view.amount,
        "currency": view.currency,
        "nSources": len(view.sources),
        "sources": [{"url": safe_href(s.url), "text": s.title or s.key} for s in view.sources],
        "evidence": view.evidence,
        "evidenceUrl": safe_href(ev_source.url) if ev_source else None,
        "evidenceSource": (ev_source.title or ev_source.key) if ev_source else None,
        "parties": [[p.name, p.role] for p in view.parties],
        "color": KIND_COLORS.get(view.kind, OTHER_COLOR),
        "timeline": [[c.earliest, c.status, phase_of(c.status)] for c in view.history if c.earliest],
    }


def node_record(
    node: str, attrs: Mapping[str, object], row: Mapping[str, Any] | None, url: str, xy: tuple[float, float]
) -> dict[str, object]:
    """One drawn company: label, page url, size value, community, sector, position."""
    return {
        "id": node,
        "label": str(attrs.get("label") or node),
        "url": url,
        "sector": attrs.get("sector") or "unknown",
        "country": attrs.get("country"),
        "community": int(row["community"]) if row is not None else 0,
        "degree": int(row["degree"]) if row is not None else 0,
        "pagerank": round(float(row["pagerank"]), 6) if row is not None else 0.0,
        "x": xy[0],
        "y": xy[1],
    }


def network_payload(
    G: nx.MultiGraph,
    rows: Mapping[str, Mapping[str, Any]],
    urls: Mapping[str, str],
    xy: Mapping[str, tuple[float, float]],
    focus: str | None = None,
    records: dict[tuple[str, str, str], dict[str, object]] | None = None,
) -> dict[str, object]:
    """Everything ``kg-network.js`` needs to draw ``G`` (the whole network or an ego graph).

    ``rows`` holds each company's metrics (a row of :func:`kg.analyze.metrics`, by IRI; it
    may hold more companies than ``G``), ``xy`` every node's position (:mod:`kg.render.layout`).
    ``records`` may be shared by the payloads of one site: each edge record is made once,
    then reused by every page that draws the edge.
    """
    nodes = [node_record(n, G.nodes[n], rows.get(n), urls.get(n, ""), xy[n]) for n in sorted(G.nodes)]
    # Each edge from its smaller IRI: a subgraph view reports ends in the order of a set.
    ends = sorted(((d["agreement"], *sorted((a, b)), d["view"]) for a, b, d in G.edges(data=True)), key=lambda e: e[:3])
    records = {} if records is None else records
    edges = []
    for agreement, a, b, view in ends:
        if (agreement, a, b) not in records:
            records[agreement, a, b] = edge_record(view, a, b)
        edges.append(records[agreement, a, b])
    years = [y for e in edges for y in (e["firstYear"], e["lastYear"]) if isinstance(y, int)]
    days = sorted(str(t[0]) for e in edges for t in e["timeline"])  # type: ignore[attr-defined]
    return {
        "nodes": nodes,
        "edges": edges,
        "focus": focus,
        "kindColors": KIND_COLORS,
        "otherColor": OTHER_COLOR,
        "phaseLooks": PHASE_LOOK,
        "communityColors": community_colors(int(n["community"]) for n in nodes),  # type: ignore[call-overload]
        "sectorColors": color_map(n["sector"] for n in nodes),
        "years": [min(years), max(years)] if years else None,
        "days": [days[0], days[-1]] if days else None,
        "maxSources": max((int(e["nSources"]) for e in edges), default=1),  # type: ignore[call-overload]
        "statuses": [s.value for s in Status] + (["unknown"] if any(e["status"] == "unknown" for e in edges) else []),
    }
