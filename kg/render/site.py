"""Write the static site: ``index.html``, ``summary.html``, ``company/<slug>.html``, ``assets/``.

The only I/O of the render stage. Pages work opened from disk with no network: the
vis-network script and stylesheet (from pyvis's package files) and our own script and
stylesheet are written to ``assets/`` beside the pages; no CDN is referenced.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd

from kg.analyze import agreements_per_quarter, counts_by_kind_status
from kg.analyze.agreements import AgreementView
from kg.analyze.network import company_graph, metrics, simple_graph
from kg.analyze.sparql import Source
from kg.errors import KgError
from kg.render import layout
from kg.render.pages import company_page, index_page, summary_page
from kg.render.payload import network_payload, slugs

VIS_VERSION = "9.1.2"
OWN_ASSETS = ("kg-network.js", "kg.css")


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
    G, table = analysis.graph, analysis.table
    row = table.loc[node]
    rank = analysis.rank[node]
    active = sum(1 for v in views if v.phase != "ended")
    return [
        ("agreements", len(views)),
        ("active (not ended)", active),
        ("partners", int(row["degree"])),
        ("PageRank rank", f"{rank} of {len(table)}"),
        ("community", int(row["community"])),
        ("sector", G.nodes[node].get("sector") or "unknown"),
        ("country", G.nodes[node].get("country") or "unknown"),
    ]


def render_company(analysis: Analysis, node: str, out_dir: Path) -> Path:
    """``company/<slug>.html``: key figures, ego network (radius 1), agreements table."""
    G, table = analysis.graph, analysis.table
    ego = G.subgraph(nx.ego_graph(analysis.simple, node, radius=1).nodes)
    urls = {n: f"{analysis.slugs[n]}.html" for n in ego.nodes}
    xy = layout.positions(simple_graph(ego))
    payload = network_payload(ego, table.loc[list(ego.nodes)], urls, xy, focus=node)
    views = _agreements_of(G, node)
    page_urls = {n: f"{s}.html" for n, s in analysis.slugs.items()}
    html = company_page(
        str(G.nodes[node].get("label", node)), payload, views, page_urls, company_figures(analysis, node, views)
    )
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
    html = summary_page(figures, agreements_per_quarter(ds), counts_by_kind_status(ds), top, groups)
    return _write(out_dir / "summary.html", html)


def analyse(ds: Source) -> Analysis:
    G = company_graph(ds)
    table = metrics(G)
    rank = {node: i + 1 for i, node in enumerate(table.index)}
    return Analysis(G, simple_graph(G), table, slugs(G.nodes), rank)


def render_site(ds: Source, out_dir: Path) -> list[Path]:
    """Write the whole site for the store ``ds`` into ``out_dir``; returns the files written.

    ``index.html`` (the whole network with filters and search), ``summary.html``,
    one ``company/<slug>.html`` per company with agreements, and ``assets/``.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RenderError(f"cannot create output folder {out_dir}: {e}; choose a writable --out") from e
    analysis = analyse(ds)
    written = write_assets(out_dir)
    G = analysis.graph
    urls = {n: f"company/{s}.html" for n, s in analysis.slugs.items()}
    xy = layout.positions(analysis.simple)
    written.append(_write(out_dir / "index.html", index_page(network_payload(G, analysis.table, urls, xy))))
    written.append(render_summary(ds, analysis, out_dir))
    written.extend(render_company(analysis, node, out_dir) for node in sorted(G.nodes))
    return written
