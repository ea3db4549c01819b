"""The flows page (``flows.html``: money, its loops, goods) and the money tables of company pages. Pure: records in,
HTML and payload out; every datum is escaped (text) or JSON-escaped (script data)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from functools import partial

import networkx as nx

from kg.analyze.flows import Flow, Goods, Loop, Traced
from kg.records import phase_of
from kg.render.safe import h, link, safe_href
from kg.render.style import KIND_COLORS, OTHER_COLOR, PHASE_LOOK


def usd_text(value: int | None) -> str:
    """``2000000000`` → ``$2.0 bn``; empty when unknown."""
    if value is None:
        return ""
    if value >= 1_000_000_000:
        return f"${value / 1e9:,.1f} bn"
    if value >= 1_000_000:
        return f"${value / 1e6:,.0f} m"
    return f"${value:,}"


def flow_record(flow: Flow, loop: int | None = None) -> dict[str, object]:
    """One drawn arrow (payer → payee)."""
    return {
        "id": f"{flow.flow}|{loop or 0}",
        "from": flow.payer,
        "to": flow.payee,
        "kind": flow.kind,
        "type": flow.type,
        "status": flow.status or "unknown",
        "phase": phase_of(flow.status),
        "amount": flow.amount,
        "usd": flow.amount_usd,
        "usdText": usd_text(flow.amount_usd),
        "conversion": flow.conversion,
        "date": flow.date,
        "evidence": flow.evidence,
        "sourceUrl": safe_href(flow.source),
        "source": flow.source,
        "color": KIND_COLORS.get(flow.type, OTHER_COLOR),
        "loop": loop,
    }


def _circle(names: list[str], radius: float) -> dict[str, tuple[float, float]]:
    n = max(len(names), 1)
    return {
        name: (round(radius * math.cos(2 * math.pi * i / n), 1), round(radius * math.sin(2 * math.pi * i / n), 1))
        for i, name in enumerate(names)
    }


def loops_payload(loops: list[Loop], urls: Mapping[str, str]) -> dict[str, object]:
    """The companies on loops placed on a circle (in loop order, so a loop reads around it)
    and one arrow per loop step."""
    order: list[str] = []
    for loop in loops:
        order.extend(c for c in loop.companies if c not in order)
    xy = _circle(order, 90.0 * math.sqrt(max(len(order), 2)))
    G = nx.DiGraph()
    edges = []
    for number, loop in enumerate(loops, start=1):
        for step in loop.steps:
            if G.has_edge(step.payer, step.payee) and G[step.payer][step.payee]["flow"] == step.flow:
                continue
            G.add_edge(step.payer, step.payee, flow=step.flow)
            edges.append(flow_record(step, number))
    nodes = [{"id": n, "label": n, "url": urls.get(n, ""), "x": xy[n][0], "y": xy[n][1]} for n in order]
    return {"nodes": nodes, "edges": edges, "phaseLooks": PHASE_LOOK}


def company_cell(name: str, urls: Mapping[str, str]) -> str:
    """A company's name, escaped, linked to its page when it has one."""
    return f'<a href="{h(urls[name])}">{h(name)}</a>' if name in urls else h(name)


def _told(flow: Traced) -> str:
    """A flow row's last cells: its date, and its evidence sentence with a link to the source."""
    quote = f'<div class="kg-evidence">{h(flow.evidence)}</div>' if flow.evidence else ""
    return f"<td>{h(flow.date)}</td><td>{quote}{link(flow.source, 'source') if flow.source else ''}</td>"


def flows_table(flows: list[Flow], urls: Mapping[str, str], show: tuple[str, ...] = ("payer", "payee")) -> str:
    """Flows as an escaped table; ``show`` picks the company columns."""
    if not flows:
        return '<p class="muted">No flows.</p>'

    company = partial(company_cell, urls=urls)
    head = (
        "<tr>"
        + "".join(f"<th>{h(c.capitalize())}</th>" for c in show)
        + "<th>Kind</th><th>Status</th><th>Amount</th><th class='num'>US dollars</th><th>Date</th><th>Evidence</th></tr>"
    )
    rows = []
    for f in sorted(flows, key=lambda f: (-(f.amount_usd or -1), f.payer, f.payee, f.flow)):
        cells = "".join(f"<td>{company(getattr(f, c))}</td>" for c in show)
        usd = h(usd_text(f.amount_usd)) if f.amount_usd is not None else f'<span class="muted">{h(f.conversion)}</span>'
        rows.append(
            f"<tr>{cells}<td>{h(f.kind.replace('_', ' '))}</td><td>{h(f.status or 'unknown')}</td>"
            f"<td>{h(f.amount)}</td><td class='num'>{usd}</td>{_told(f)}</tr>"
        )
    return "<table class='flows'>" + head + "".join(rows) + "</table>"


def goods_table(goods: list[Goods], urls: Mapping[str, str]) -> str:
    """Goods flows (supplier to customer, in the unit stated) as an escaped table."""
    if not goods:
        return '<p class="muted">No supply deal states a quantity of goods.</p>'

    company = partial(company_cell, urls=urls)
    head = "<tr><th>Supplier</th><th>Customer</th><th class='num'>Quantity</th><th>Status</th><th>Date</th><th>Evidence</th></tr>"
    rows = []
    for g in sorted(goods, key=lambda g: (g.unit, -Decimal(g.quantity or "0"), g.supplier, g.customer, g.flow)):
        rows.append(
            f"<tr><td>{company(g.supplier)}</td><td>{company(g.customer)}</td>"
            f"<td class='num'>{h(f'{Decimal(g.quantity):,}')} {h(g.unit)}</td><td>{h(g.status or 'unknown')}</td>"
            f"{_told(g)}</tr>"
        )
    return "<table class='flows goods'>" + head + "".join(rows) + "</table>"


def loops_table(loops: list[Loop], urls: Mapping[str, str]) -> str:
    """Each loop with its smallest step and its steps in order."""
    if not loops:
        return '<p class="muted">No loops among the counted flows.</p>'
    parts = []
    for number, loop in enumerate(loops, start=1):
        names = " → ".join(loop.companies + loop.companies[:1])
        smallest = usd_text(loop.smallest_usd) or "unknown (a step has no US dollar value)"
        parts.append(
            f"<h3>Loop {number}: {h(names)}</h3><p>Smallest step: <b>{h(smallest)}</b></p>"
            + flows_table(list(loop.steps), urls)
        )
    return "".join(parts)


def company_money_html(name: str, flows: list[Flow], urls: Mapping[str, str]) -> str:
    """A company page's section: money in (who pays it) and money out (whom it pays), every status."""
    inflows = [f for f in flows if f.payee == name and f.payer != name]
    outflows = [f for f in flows if f.payer == name and f.payee != name]
    if not inflows and not outflows:
        return ""
    return (
        "<h2>Money in</h2>"
        + flows_table(inflows, urls, ("payer",))
        + "<h2>Money out</h2>"
        + flows_table(outflows, urls, ("payee",))
    )
