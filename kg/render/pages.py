"""HTML of the three page types. Pure: strings in, strings out; every datum is escaped.

Templates are ``string.Template`` files in ``templates/``; the values substituted are
HTML fragments built here with :func:`kg.render.safe.h` / :func:`kg.render.safe.link`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from string import Template

import pandas as pd

from kg.analyze.agreements import AgreementView
from kg.render.chart import stacked_bars_svg
from kg.render.safe import h, link, script_json
from kg.render.style import KIND_COLORS, PHASE_LOOK, PHASE_STYLE


@cache
def template(name: str) -> Template:
    return Template(resources.files("kg.render").joinpath("templates", name).read_text(encoding="utf-8"))


#: What a page of the site may load: its own files beside it, nothing from elsewhere.
SITE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def document(title: str, kind: str, csp: str, styles: str, body: str) -> str:
    """The HTML document every page shares (head with ``csp`` and ``styles``, ``data-page``
    = ``kind``) around ``body``; ``title`` is text, the others are HTML."""
    return template("document.html").substitute(
        csp=csp, title=h(title), styles=styles, page=h(kind), body=body.rstrip("\n")
    )


def page(title: str, heading: str, body: str, root: str, kind: str) -> str:
    """A page of the site around ``body`` (``root`` = relative path to the site root)."""
    styles = "\n".join(
        f'<link rel="stylesheet" href="{root}assets/{name}">' for name in ("vis-network.min.css", "kg.css")
    )
    inner = template("page.html").substitute(heading=h(heading), body=body, root=root)
    return document(title, kind, SITE_CSP, styles, inner)


def _phase_css(phase: str) -> str:
    """The legend swatch of a phase, drawn as the edges are (``PHASE_LOOK``)."""
    look = PHASE_LOOK[phase]
    dashed = "border-top-style:dashed;" if look["dashes"] else ""
    return f"border-color:#555;{dashed}opacity:{look['opacity']}"


def legend_html(kinds: list[str] | None = None) -> str:
    """Edge colours per kind and line styles per status phase."""
    items = [
        f'<div><span class="swatch" style="border-color:{KIND_COLORS[k]}"></span>{h(k.replace("_", " "))}</div>'
        for k in (kinds or list(KIND_COLORS))
        if k in KIND_COLORS
    ]
    items += [
        f'<div><span class="swatch {p}" style="{_phase_css(p)}"></span>{h(text)}</div>'
        for p, text in PHASE_STYLE.items()
    ]
    items.append('<div class="muted">Node size: PageRank centrality.</div>')
    return '<div class="legend">' + "".join(items) + "</div>"


def _checkboxes(cls: str, values: list[str]) -> str:
    return "".join(
        f'<label><input type="checkbox" class="{cls}" value="{h(v)}" checked> {h(v.replace("_", " "))}</label>'
        for v in values
    )


def index_page(payload: dict[str, object], title: str = "AI alliances") -> str:
    """The whole network with filters, search and legend."""
    nodes: list[dict[str, object]] = payload["nodes"]  # type: ignore[assignment]
    edges: list[dict[str, object]] = payload["edges"]  # type: ignore[assignment]
    kinds = [k for k in KIND_COLORS if any(e["kind"] == k for e in edges)]
    statuses = [s for s in payload["statuses"] if any(e["status"] == s for e in edges)]  # type: ignore[attr-defined]
    years = payload["years"]
    if isinstance(years, list) and years:
        lo, hi = years
        year_html = (
            f'<label>from <input id="year-from" type="range" min="{lo}" max="{hi}" value="{lo}" step="1"></label>'
            f'<label>to <input id="year-to" type="range" min="{lo}" max="{hi}" value="{hi}" step="1"></label>'
            '<label><input id="undated" type="checkbox" checked> include undated</label>'
        )
        year_label = f"{lo} – {hi}"
    else:
        year_html, year_label = '<p class="muted">No dated agreements.</p>', ""
    days = payload.get("days")
    if isinstance(days, list) and days:
        first, last = days
        span = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1
        replay_html = (
            f'<input id="replay" type="range" min="0" max="{span}" value="{span}" step="1" '
            f'aria-label="Replay the network from {h(first)} to {h(last)}">'
            f'<div class="muted">{h(first)} … {h(last)}, then today</div>'
            '<button id="replay-play" type="button">Play</button>'
        )
    else:
        replay_html = '<p class="muted">No dated claims to replay.</p>'
    body = template("index-body.html").substitute(
        replay=replay_html,
        names="".join(
            f'<option value="{h(n["label"])}"></option>' for n in sorted(nodes, key=lambda n: str(n["label"]))
        ),
        kinds=_checkboxes("kg-kind", kinds),
        statuses=_checkboxes("kg-status", statuses),
        years=year_html,
        year_label=h(year_label),
        max_sources=h(payload["maxSources"]),
        legend=legend_html(kinds),
        data=script_json(payload),
        root="",
    )
    return page(title, title, body, "", "index")


#: What would end an inlined ``<script>``/``<style>`` early or change how its text is parsed.
_RAW_TEXT_BREAK = re.compile(r"</(script|style)|<!--", re.IGNORECASE)


def _raw_text(text: str, what: str) -> str:
    if _RAW_TEXT_BREAK.search(text):
        raise ValueError(f"{what} cannot be inlined: it contains '</script', '</style' or '<!--'")
    return text


def network_document(payload: dict[str, object], title: str, scripts: Sequence[str], styles: Sequence[str]) -> str:
    """One network drawn as on the site, in a page that needs no other file: ``scripts``
    (vis-network, ``kg-dom.js``, ``kg-network.js``) and ``styles`` are inlined, and the
    Content-Security-Policy allows exactly those scripts (by SHA-256), so the page can be an
    ``<iframe srcdoc>``. ``payload`` is a :func:`kg.render.payload.network_payload`; with a
    ``focus`` it is drawn as a company page draws its ego network, else as the index."""
    edges: list[dict[str, object]] = payload["edges"]  # type: ignore[assignment]
    kinds = [k for k in KIND_COLORS if any(e["kind"] == k for e in edges)]
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'" for s in scripts
    ]
    allowed = " ".join(hashes) or "'none'"
    csp = (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; img-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    body = template("standalone.html").substitute(
        legend=legend_html(kinds),
        data=script_json(payload),
        scripts="\n".join(f"<script>{_raw_text(s, 'a script')}</script>" for s in scripts),
    )
    styles_html = "\n".join(f"<style>{_raw_text(s, 'a stylesheet')}</style>" for s in styles)
    return document(title, "company" if payload.get("focus") else "index", csp, styles_html, body)


def _party_list(view: AgreementView, urls: dict[str, str]) -> str:
    items = []
    for p in view.parties:
        name = f'<a href="{h(urls[p.iri])}">{h(p.name)}</a>' if p.iri in urls else h(p.name)
        items.append(name + (f" <span class='muted'>({h(p.role)})</span>" if p.role else ""))
    return ", ".join(items)


def _history(view: AgreementView) -> str:
    rows = []
    for c in view.history:
        source = link(c.source.url, c.source.title or c.source.key) if c.source else ""
        extra = " <span class='muted'>(background)</span>" if c.background else ""
        quote = f'<div class="kg-evidence">{h(c.evidence)}</div>' if c.evidence else ""
        rows.append(f"<li>{h(c.date or 'undated')}: <b>{h(c.status)}</b>{extra} — {source}{quote}</li>")
    return '<ol class="history">' + "".join(rows) + "</ol>"


def amount_text(value: int | None, currency: str | None) -> str:
    """``4000000000, "USD"`` → ``"4,000,000,000 USD"``; empty when unknown."""
    return "" if value is None else f"{value:,} {currency or ''}".strip()


def agreements_table(views: list[AgreementView], urls: dict[str, str]) -> str:
    """Kind, parties with roles, current status, amount, status history with sources."""
    head = "<tr><th>Kind</th><th>Parties</th><th>Current status</th><th>Amount</th><th>First claim</th><th>Status history and sources</th></tr>"
    rows = [
        "<tr>"
        f"<td>{h(v.kind.replace('_', ' '))}</td><td>{_party_list(v, urls)}</td>"
        f"<td>{h(v.status or 'unknown')}{(' (' + h(v.status_date) + ')') if v.status_date else ''}</td>"
        f'<td class="num">{h(amount_text(v.amount, v.currency))}</td><td>{h(v.first or "")}</td><td>{_history(v)}</td>'
        "</tr>"
        for v in sorted(views, key=lambda v: (v.first or "", v.iri), reverse=True)
    ]
    return "<table class='agreements'>" + head + "".join(rows) + "</table>"


def figures_html(figures: Sequence[tuple[str, object]]) -> str:
    return "".join(f'<div class="figure"><b>{h(value)}</b>{h(name)}</div>' for name, value in figures)


def company_page(
    name: str,
    payload: dict[str, object],
    views: list[AgreementView],
    urls: dict[str, str],
    figures: list[tuple[str, object]],
    money: str = "",
) -> str:
    """One company: key figures, its ego network, its money in and out, its agreements."""
    kinds = sorted({v.kind for v in views}, key=list(KIND_COLORS).index)
    body = template("company-body.html").substitute(
        money=money,
        figures=figures_html(figures),
        legend=legend_html(kinds),
        table=agreements_table(views, urls),
        data=script_json(payload),
        root="../",
    )
    return page(name, name, body, "../", "company")


def table_html(frame: pd.DataFrame, index_name: str) -> str:
    """A plain escaped HTML table of a DataFrame (index as first column)."""
    if frame.empty:
        return '<p class="muted">Nothing yet.</p>'
    head = (
        f"<tr><th>{h(index_name)}</th>"
        + "".join(f'<th class="num">{h(str(c).replace("_", " "))}</th>' for c in frame.columns)
        + "</tr>"
    )
    body = "".join(
        f"<tr><th>{h(str(idx).replace('_', ' '))}</th>" + "".join(f'<td class="num">{h(v)}</td>' for v in row) + "</tr>"
        for idx, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    )
    return f"<table>{head}{body}</table>"


def summary_page(
    figures: list[tuple[str, object]],
    per_quarter: pd.DataFrame,
    by_status: pd.DataFrame,
    top: list[tuple[str, str, int, int, float]],
    groups: list[list[tuple[str, str]]],
) -> str:
    """Counts, the quarterly chart, the most connected companies and the communities.

    ``top`` rows: (name, page url, partners, agreement edges, pagerank);
    ``groups``: communities, each a list of (name, page url) by pagerank.
    """
    top_rows = "".join(
        f'<tr><td><a href="{h(url)}">{h(name)}</a></td><td class="num">{deg}</td><td class="num">{wdeg}</td><td class="num">{pr:.4f}</td></tr>'
        for name, url, deg, wdeg, pr in top
    )
    top_table = (
        '<table><tr><th>Company</th><th class="num">Partners</th><th class="num">Agreement edges</th><th class="num">PageRank</th></tr>'
        + top_rows
        + "</table>"
    )
    community_rows = "".join(
        f'<tr><td class="num">{i}</td><td class="num">{len(members)}</td><td>'
        + ", ".join(f'<a href="{h(url)}">{h(name)}</a>' for name, url in members[:25])
        + (" …" if len(members) > 25 else "")
        + "</td></tr>"
        for i, members in enumerate(groups)
    )
    communities = (
        '<table><tr><th class="num">#</th><th class="num">Size</th><th>Members (by PageRank)</th></tr>'
        + community_rows
        + "</table>"
    )
    body = template("summary-body.html").substitute(
        figures=figures_html(figures),
        chart=stacked_bars_svg(per_quarter),
        status_table=table_html(by_status, "kind"),
        top_table=top_table,
        communities=communities,
    )
    return page("AI alliances: summary", "Summary", body, "", "summary")


def flows_page(
    payload: dict[str, object], figures: Sequence[tuple[str, object]], loops: str, flows: str, intro: str
) -> str:
    """The loops of value flows drawn, each loop's steps, and every flow."""
    body = template("flows-body.html").substitute(
        intro=h(intro),
        figures=figures_html(figures),
        legend=legend_html(["investment", "supply", "licensing", "acquisition"]).replace(
            "Node size: PageRank centrality.", "Arrow colour: the agreement's kind; label: US dollars."
        ),
        loops=loops,
        flows=flows,
        data=script_json(payload),
        root="",
    )
    return page("Follow the money", "Follow the money: value flows and loops", body, "", "flows")
