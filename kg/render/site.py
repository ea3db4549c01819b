"""Write the static site: ``index.html``, ``summary.html``, ``company/<slug>.html``, ``assets/``.

The only I/O of the render stage. Pages work opened from disk with no network: the
vis-network script and stylesheet (from pyvis's package files) and our own script and
stylesheet are written to ``assets/`` beside the pages; no CDN is referenced.
:func:`network_drawing` and :func:`standalone_network` draw one network as the site does in a
page of its own, with those files inlined (the notebook's network, ``kg.notebook``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kg.analyze import agreements_per_quarter, counts_by_kind_status
from kg.analyze.agreements import AgreementView
from kg.analyze.flows import COMMITTED, Flow, Goods, counted, find_loops, read_flows, read_goods
from kg.analyze.flows import as_of as as_of_flows
from kg.analyze.network import company_graph_views, metrics, simple_graph
from kg.analyze.sparql import Source
from kg.errors import KgError
from kg.render import layout
from kg.render.flows import company_money_html, flows_table, goods_table, loops_payload, loops_table
from kg.render.pages import company_page, flows_page, index_page, network_document, summary_page
from kg.render.payload import network_payload, slugs

VIS_VERSION = "9.1.2"
OWN_ASSETS = ("kg-dom.js", "kg-network.js", "kg-flows.js", "kg.css")
#: Our scripts a network page loads after vis-network, in order.
NETWORK_SCRIPTS = ("kg-dom.js", "kg-network.js")


class RenderError(KgError):
    """The site cannot be written (missing vis-network files, unwritable folder)."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What every page is made from: the graph, its metrics and page urls."""

    graph: nx.MultiGraph
    simple: nx.Graph
    table: pd.DataFrame
    slugs: dict[str, str]
    rank: dict[str, int]
    #: ``table`` as plain dicts by IRI, built once (a pandas row look-up costs far more per page).
    rows: dict[str, dict[str, Any]]
    #: Every agreement read for the graph (as of ``as_of``), with or without an edge.
    views: tuple[AgreementView, ...]
    #: Value flows (every status; as of ``as_of`` when given) and the day the site shows.
    flows: tuple[Flow, ...] = ()
    as_of: str | None = None
    #: Goods flows (supply deals that state a quantity), as of ``as_of`` when given.
    goods: tuple[Goods, ...] = ()


@dataclass(frozen=True, slots=True)
class Links:
    """Look-ups the company pages share, built once per site instead of once per page."""

    #: Company IRI → its page, relative to ``company/``.
    pages: dict[str, str]
    #: Company name → its page, relative to ``company/``.
    by_name: dict[str, str]
    #: Company name → the value flows it pays or receives, in site order.
    flows: dict[str, list[Flow]]
    #: Edge records by (agreement, end, end), made for the index and reused by company pages.
    records: dict[tuple[str, str, str], dict[str, object]] = field(default_factory=dict)


def links(analysis: Analysis) -> Links:
    """The :class:`Links` of a site."""
    flows: dict[str, list[Flow]] = {}
    for flow in analysis.flows:
        for name in dict.fromkeys((flow.payer, flow.payee)):
            flows.setdefault(name, []).append(flow)
    pages = {n: f"{s}.html" for n, s in analysis.slugs.items()}
    return Links(pages, _name_urls(analysis, ""), flows)


def vis_files() -> tuple[Path, Path]:
    """vis-network's minified script and stylesheet as shipped inside the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    js, css = lib / "vis-network.min.js", lib / "vis-network.css"
    if not js.is_file() or not css.is_file():
        raise RenderError(
            f"vis-network {VIS_VERSION} not found in {lib}; reinstall pyvis==0.3.2 (pip install --force-reinstall pyvis==0.3.2)"
        )
    return js, css


def write_assets(out_dir: Path) -> list[Path]:
    """Copy vis-network and our script/stylesheet into ``out_dir/assets``."""
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    js, css = vis_files()
    written = [
        Path(shutil.copyfile(js, assets / "vis-network.min.js")),
        Path(shutil.copyfile(css, assets / "vis-network.min.css")),
    ]
    for name in OWN_ASSETS:
        target = assets / name
        target.write_bytes(resources.files("kg.render").joinpath("assets", name).read_bytes())
        written.append(target)
    return written


@cache
def _inline_assets() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scripts and stylesheets a network page loads, as text, in page order."""
    js, css = vis_files()
    own = resources.files("kg.render").joinpath("assets")
    scripts = (js.read_text(encoding="utf-8"), *(own.joinpath(n).read_text(encoding="utf-8") for n in NETWORK_SCRIPTS))
    return scripts, (css.read_text(encoding="utf-8"), own.joinpath("kg.css").read_text(encoding="utf-8"))


def standalone_network(payload: dict[str, object], title: str) -> str:
    """A page that draws ``payload`` (:func:`network_drawing`) with the site's scripts and
    stylesheets inlined: it needs no other file, so it works as an ``<iframe srcdoc>``."""
    scripts, styles = _inline_assets()
    return network_document(payload, title, scripts, styles)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _agreements_of(G: nx.MultiGraph, node: str) -> list[AgreementView]:
    seen: dict[str, AgreementView] = {}
    for _, _, data in G.edges(node, data=True):
        seen.setdefault(data["agreement"], data["view"])
    return list(seen.values())


def company_figures(analysis: Analysis, node: str, views: list[AgreementView]) -> list[tuple[str, object]]:
    G = analysis.graph
    row = analysis.rows[node]
    rank = analysis.rank[node]
    active = sum(1 for v in views if v.phase != "ended")
    return [
        ("agreements", len(views)),
        ("active (not ended)", active),
        ("partners", int(row["degree"])),
        ("PageRank rank", f"{rank} of {len(analysis.rows)}"),
        ("community", int(row["community"])),
        ("sector", G.nodes[node].get("sector") or "unknown"),
        ("country", G.nodes[node].get("country") or "unknown"),
    ]


def ego_graph(G: nx.MultiGraph, node: str) -> nx.MultiGraph:
    """``node``, its partners and every agreement edge among them, as a graph of its own
    (walking a subgraph view of the whole graph costs several times more)."""
    members = {node, *G.adj[node]}
    ego = nx.MultiGraph()
    ego.add_nodes_from((n, G.nodes[n]) for n in sorted(members))
    for a in sorted(members):
        for b, keyed in G.adj[a].items():
            if b in members and a < b:
                ego.add_edges_from((a, b, key, data) for key, data in keyed.items())
    return ego


def metric_rows(table: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """:func:`kg.analyze.metrics` as plain dicts by company IRI (what :func:`network_drawing` takes)."""
    return table.to_dict("index") if len(table) else {}


def network_drawing(
    G: nx.MultiGraph,
    rows: Mapping[str, Mapping[str, Any]],
    urls: Mapping[str, str],
    focus: str | None = None,
    records: dict[tuple[str, str, str], dict[str, object]] | None = None,
    simple: nx.Graph | None = None,
) -> dict[str, object]:
    """The payload of a network page: the whole company graph ``G`` as the index draws it, or
    with ``focus`` (a company IRI) that company's ego network as its page draws it; node
    positions from :mod:`kg.render.layout`. ``rows``: :func:`metric_rows` of the whole graph;
    ``simple``: ``simple_graph(G)`` if already made (the layout of the whole graph uses it)."""
    if focus is not None:
        G = ego_graph(G, focus)
        xy = layout.positions(G)
    else:
        xy = layout.positions(simple if simple is not None else simple_graph(G))
    return network_payload(G, rows, urls, xy, focus=focus, records=records)


def render_company(analysis: Analysis, shared: Links, node: str, out_dir: Path) -> Path:
    """``company/<slug>.html``: key figures, ego network (radius 1), agreements table."""
    G = analysis.graph
    payload = network_drawing(G, analysis.rows, shared.pages, focus=node, records=shared.records)
    views = _agreements_of(G, node)
    name = str(G.nodes[node].get("label", node))
    money = company_money_html(name, shared.flows.get(name, []), shared.by_name)
    html = company_page(name, payload, views, shared.pages, company_figures(analysis, node, views), money)
    return _write(out_dir / "company" / f"{analysis.slugs[node]}.html", html)


def render_summary(ds: Source, analysis: Analysis, out_dir: Path) -> Path:
    G, table = analysis.graph, analysis.table
    urls = {n: f"company/{s}.html" for n, s in analysis.slugs.items()}
    n_agreements = len({d["agreement"] for _, _, d in G.edges(data=True)})
    top = [
        (str(r["label"]), urls[n], int(r["degree"]), int(r["weighted_degree"]), float(r["pagerank"]))
        for n, r in table.sort_values(["degree", "pagerank"], ascending=False).head(20).iterrows()
    ]
    groups = (
        [
            [(str(r["label"]), urls[n]) for n, r in members.iterrows()]
            for _, members in sorted(table.groupby("community"), key=lambda item: item[0])
        ]
        if len(table)
        else []
    )
    figures = [("companies", G.number_of_nodes()), ("agreements", n_agreements), ("communities", len(groups))]
    # Counted from the views already read, not by querying the store again: every agreement
    # (one per IRI, the last row as the store's query gives it), or as of a day those drawn.
    if analysis.as_of:
        views = list({d["agreement"]: d["view"] for _, _, d in G.edges(data=True)}.values())
    else:
        views = list({v.iri: v for v in analysis.views}.values())
    html = summary_page(figures, agreements_per_quarter(ds, views), counts_by_kind_status(ds, views), top, groups)
    return _write(out_dir / "summary.html", html)


def _name_urls(analysis: Analysis, prefix: str) -> dict[str, str]:
    """Company name → its page (``prefix`` = path from the page to ``company/``)."""
    return {str(analysis.graph.nodes[n].get("label", n)): f"{prefix}{s}.html" for n, s in analysis.slugs.items()}


def site_flows(ds: Source, views_day: dict[str, tuple[str, str]] | None) -> tuple[Flow, ...]:
    """Every flow; with the agreements' statuses of a day when ``views_day`` is given."""
    flows = read_flows(ds)
    return tuple(as_of_flows(flows, views_day) if views_day is not None else flows)


def analyse(ds: Source, as_of: str | None = None) -> Analysis:
    G, views = company_graph_views(ds, as_of)
    table = metrics(G)
    rank = {node: i + 1 for i, node in enumerate(table.index)}
    on_day = None
    if as_of:
        on_day = {
            d["agreement"]: (d["view"].status or "", d["view"].status_date or "") for _, _, d in G.edges(data=True)
        }
    goods = read_goods(ds)
    if on_day is not None:
        goods = [replace(g, status=on_day[g.agreement][0]) for g in goods if g.agreement in on_day]
    rows = metric_rows(table)
    return Analysis(
        G, simple_graph(G), table, slugs(G.nodes), rank, rows, tuple(views), site_flows(ds, on_day), as_of, tuple(goods)
    )


#: Loops the flows page draws: the first of the ranking (a big store has millions).
PAGE_LOOPS = 200


def render_flows(analysis: Analysis, out_dir: Path) -> Path:
    """``flows.html``: the loops of committed flows drawn in a circle, each loop, every flow."""
    counted_flows = counted(analysis.flows, COMMITTED)
    loops = find_loops(counted_flows, limit=PAGE_LOOPS)
    urls = _name_urls(analysis, "company/")
    on_loops = {c for loop in loops for c in loop.companies}
    figures = [
        ("value flows", len(analysis.flows)),
        ("committed flows", len(counted_flows)),
        ("loops shown (largest smallest step first)" if len(loops) == PAGE_LOOPS else "loops", len(loops)),
        ("companies on loops", len(on_loops)),
    ]
    when = f" as of {analysis.as_of}" if analysis.as_of else ""
    intro = (
        f"Money owed or paid under agreements{when}: investment (investor to investee), supply (customer to "
        "supplier), licensing (licensee to licensor), acquisition (acquirer to target). Loops count flows "
        "announced or later and not terminated or blocked (kg query circular-flows); US dollar values use "
        "yearly average rates, and amounts without a rate are not converted."
    )
    html = flows_page(
        loops_payload(loops, urls),
        figures,
        loops_table(loops, urls),
        flows_table(list(analysis.flows), urls)
        + "<h2>Goods delivered</h2><p>What suppliers deliver under supply deals that state a quantity, in the "
        "unit stated (the payment for them is the supply row above, the other way).</p>"
        + goods_table(list(analysis.goods), urls),
        intro,
    )
    return _write(out_dir / "flows.html", html)


def render_site(ds: Source, out_dir: Path, as_of: str | None = None) -> list[Path]:
    """Write the whole site for the store ``ds`` into ``out_dir``; returns the files written.

    ``index.html`` (the whole network with filters, search and a replay slider),
    ``summary.html``, ``flows.html`` (value flows and their loops), one
    ``company/<slug>.html`` per company with agreements and money in and out, and
    ``assets/``. With ``as_of`` (YYYY-MM-DD) every page shows the agreements as known
    that day: only claims dated on or before it count (the ``as-of`` rule).
    """
    if as_of is not None:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError as e:
            raise RenderError(f"--as-of {as_of!r} is not a date; use YYYY-MM-DD") from e
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RenderError(f"cannot create output folder {out_dir}: {e}; choose a writable --out") from e
    analysis = analyse(ds, as_of)
    written = write_assets(out_dir)
    G = analysis.graph
    urls = {n: f"company/{s}.html" for n, s in analysis.slugs.items()}
    shared = links(analysis)
    payload = network_drawing(G, analysis.rows, urls, records=shared.records, simple=analysis.simple)
    written.append(_write(out_dir / "index.html", index_page(payload)))
    written.append(render_summary(ds, analysis, out_dir))
    written.append(render_flows(analysis, out_dir))
    written.extend(render_company(analysis, shared, node, out_dir) for node in sorted(G.nodes))
    return written
