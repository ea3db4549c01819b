"""Helpers the notebooks call: stores to DataFrames, an inline network, charts, small files.

Everything here is a thin layer over ``kg.api`` (whose verbs keep their names and
signatures here: :func:`evaluate` is ``kg.api.evaluate``) and ``kg.analyze`` that returns
pandas objects or displayable HTML, so a notebook cell is one call; the network is the
site's own drawing (``kg.render``). Heavy imports (pandas, matplotlib, IPython) happen inside
the functions.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.api import evaluate as evaluate  # the same verb as kg.api's
from kg.config import PROJECT_ROOT, Settings, load_settings
from kg.errors import QueryError, StoreError
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from IPython.display import HTML
    from matplotlib.axes import Axes

    from kg.api import IngestReport
    from kg.evaluate import EvalReport


def notebook_settings(store: str | Path | None = None) -> Settings:
    """Settings for a notebook: ``store`` if given, else ``$KG_STORE``/``$KG_ENDPOINT``, else the
    ``kg-store`` folder that ``make demo`` builds (in the working directory or the project root)."""
    env = dict(os.environ)
    if store is not None:
        return load_settings(env=env, store=Path(store))
    if env.get("KG_STORE") or env.get("KG_ENDPOINT"):
        return load_settings(env=env)
    for candidate in (Path.cwd() / "kg-store", PROJECT_ROOT / "kg-store"):
        if candidate.is_dir():
            return load_settings(env=env, store=candidate)
    raise StoreError(
        f"no store found: run `make demo` in {PROJECT_ROOT} (it builds kg-store), "
        "or set KG_STORE to a store folder (or KG_ENDPOINT to a SPARQL endpoint)"
    )


def open_store(store: str | Path | None = None) -> Store:
    """Open the store a notebook works on (see :func:`notebook_settings`)."""
    from kg import api

    settings = notebook_settings(store)
    if settings.endpoint is None and not settings.store.is_dir():
        raise StoreError(f"{settings.store}: no store here; build one with `make demo` or `kg ingest`")
    return api.open_store(settings)


def query_df(store: Store, spec: str, **params: str) -> pd.DataFrame:
    """A named query, a ``.rq`` file or SPARQL text as a DataFrame (parameters bound as RDF terms).

    SELECT → one column per variable ('' for unbound); ASK → one row, column ``answer``;
    CONSTRUCT/DESCRIBE → columns ``subject``, ``predicate``, ``object``.
    """
    import pandas as pd

    from kg import api
    from kg.store.table import Table

    result = api.query(store, spec, params)
    if isinstance(result, bool):
        return pd.DataFrame({"answer": [result]})
    if isinstance(result, Table):
        return pd.DataFrame(list(result.rows), columns=list(result.columns))
    triples = sorted((str(s), str(p), str(o)) for s, p, o in result)
    return pd.DataFrame(triples, columns=["subject", "predicate", "object"])


def named_queries() -> pd.DataFrame:
    """The named query library: name, parameters and what each query answers."""
    import pandas as pd

    from kg.query.runner import library

    rows = [
        {
            "name": q.name,
            "params": ", ".join(f"{p.name}: {p.value_type}" for p in q.params),
            "description": q.description,
        }
        for q in library().values()
    ]
    return pd.DataFrame(rows, columns=["name", "params", "description"])


def partners(store: Store, company: str) -> pd.DataFrame:
    """One company's counterparties (named query ``partners``), one row per partner and agreement."""
    return query_df(store, "partners", company=company).drop_duplicates(ignore_index=True)


def timeline(store: Store, company: str) -> pd.DataFrame:
    """One company's status changes in date order (named query ``timeline``)."""
    return query_df(store, "timeline", company=company).drop_duplicates(ignore_index=True)


def deal_history(store: Store, agreement: str) -> pd.DataFrame:
    """One agreement's status history with its evidence sentences (named query ``history``)."""
    return query_df(store, "history", agreement=agreement).drop_duplicates(ignore_index=True)


def busiest_agreement(store: Store) -> str:
    """The IRI of the agreement with the most status assertions (a good one to look at)."""
    frame = query_df(store, "events")
    if frame.empty:
        raise QueryError("the store has no events yet; ingest some articles first")
    counts = frame.groupby("agreement")["status"].agg(["count", "nunique"])
    return str(counts.sort_values(["nunique", "count"], ascending=False).index[0])


def flows_df(store: Store, company: str | None = None) -> pd.DataFrame:
    """Value flows (named query ``flows``), with ``amount_usd`` as numbers; with ``company``,
    only its flows, and a ``direction`` column (``in``: it is paid, ``out``: it pays)."""
    import pandas as pd

    frame = query_df(store, "flows")
    frame["amount_usd"] = pd.to_numeric(frame["amount_usd"].replace("", None), errors="coerce")
    if company is None:
        return frame
    wanted = company.casefold()
    payer, payee = frame["payer"].str.casefold() == wanted, frame["payee"].str.casefold() == wanted
    mine = frame[payer | payee].copy()
    mine.insert(0, "direction", ["out" if p else "in" for p in payer[payer | payee]])
    return mine.reset_index(drop=True)


def busiest_payer(store: Store) -> str:
    """The company with the most value flows in or out (ties: by name); '' when there are none."""
    frame = query_df(store, "flows")
    counts = _by_frequency(list(frame["payer"]) + list(frame["payee"]))
    return counts[0] if counts else ""


def _by_frequency(names: list[str]) -> list[str]:
    """Names by how often they occur, most frequent first (ties: by name)."""
    tally: dict[str, int] = {}
    for name in names:
        tally[name] = tally.get(name, 0) + 1
    return sorted(tally, key=lambda n: (-tally[n], n))


def loops_df(store: Store, statuses: str | None = None, date: str | None = None) -> pd.DataFrame:
    """Loops of value flows (computed query ``circular-flows``), one row per step."""
    params = {k: v for k, v in {"statuses": statuses, "date": date}.items() if v}
    return query_df(store, "circular-flows", **params)


def exposure_df(store: Store, company: str, statuses: str | None = None) -> pd.DataFrame:
    """One company's inflows and outflows by counterparty and kind (computed query ``exposure``)."""
    params = {"company": company, **({"statuses": statuses} if statuses else {})}
    return query_df(store, "exposure", **params)


def company_network(store: Store) -> nx.MultiGraph:
    """The company graph (one edge per agreement and pair of parties), from SPARQL."""
    from kg.analyze import company_graph

    return company_graph(store)


def network_metrics(store_or_graph: Store | nx.MultiGraph) -> pd.DataFrame:
    """Degree, betweenness, PageRank and Louvain community per company."""
    from kg.analyze import metrics

    return metrics(_graph(store_or_graph))


def communities(store_or_graph: Store | nx.MultiGraph) -> pd.DataFrame:
    """The communities as a table: community number, size and member names (largest first)."""
    import pandas as pd

    table = network_metrics(store_or_graph)
    if table.empty:
        return pd.DataFrame(columns=["community", "size", "members"])
    groups = table.groupby("community")["label"].apply(lambda s: ", ".join(sorted(map(str, s))))
    sizes = table.groupby("community").size()
    frame = pd.DataFrame({"size": sizes, "members": groups}).reset_index()
    return frame.sort_values(["size", "community"], ascending=[False, True], ignore_index=True)


def _graph(store_or_graph: Store | nx.MultiGraph) -> nx.MultiGraph:
    return company_network(store_or_graph) if isinstance(store_or_graph, Store) else store_or_graph


def _node_of(G: nx.MultiGraph, company: str) -> str:
    """The node labelled ``company`` (case-insensitive)."""
    wanted = company.casefold()
    nodes = [n for n, d in G.nodes(data=True) if str(d.get("label", n)).casefold() == wanted]
    if not nodes:
        raise QueryError(f"no company labelled {company!r} in the graph; see query_df(store, 'companies')")
    return str(nodes[0])


def ego_network(G: nx.MultiGraph, company: str, radius: int = 1) -> nx.MultiGraph:
    """The companies within ``radius`` agreements of ``company`` (by label, case-insensitive)."""
    import networkx as nx

    return nx.ego_graph(G, _node_of(G, company), radius=radius)


def network_html(G: nx.MultiGraph, company: str | None = None) -> str:
    """The site's drawing of the company graph ``G`` (:func:`company_network`), or with
    ``company`` of that company's partners as its page draws them, as a page with no other
    file: the same payload, layout, scripts and colours (``kg.render.site.network_drawing``
    and ``standalone_network``), metrics of the whole graph, all text escaped."""
    from kg.analyze import metrics
    from kg.render.site import metric_rows, network_drawing, standalone_network

    if any("view" not in d for _, _, d in G.edges(data=True)):
        raise QueryError("network_html draws a graph from company_network(store) (its edges carry agreement views)")
    focus = _node_of(G, company) if company is not None else None
    payload = network_drawing(G, metric_rows(metrics(G)), {}, focus=focus)
    title = f"{G.nodes[focus].get('label', focus)} and its partners" if focus is not None else "Company network"
    return standalone_network(payload, title)


def show_network(store_or_graph: Store | nx.MultiGraph, company: str | None = None, height: int = 560) -> HTML:
    """The interactive network to display inline, drawn as on the site: the whole company
    graph, or one company's ego network. Rendered in an ``<iframe srcdoc>`` so its scripts run
    in any notebook front end."""
    from IPython.display import HTML

    page = network_html(_graph(store_or_graph), company)
    frame = (
        f'<div class="kg-network"><iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0" '
        'sandbox="allow-scripts" title="company network"></iframe></div>'
    )
    return HTML(frame)


def deals_per_quarter(store: Store) -> pd.DataFrame:
    """Agreements per quarter of their first claimed date (rows) by kind (columns)."""
    from kg.analyze import agreements_per_quarter

    return agreements_per_quarter(store)


def plot_deals_per_quarter(store: Store, ax: Axes | None = None) -> Axes:
    """A stacked bar chart of :func:`deals_per_quarter`, coloured by kind like the network."""
    import matplotlib.pyplot as plt

    from kg.render.style import KIND_COLORS, OTHER_COLOR

    table = deals_per_quarter(store)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4))
    if table.empty:
        ax.text(0.5, 0.5, "no dated agreements", ha="center", va="center", transform=ax.transAxes)
        return ax
    table.plot.bar(stacked=True, ax=ax, color=[KIND_COLORS.get(str(k), OTHER_COLOR) for k in table.columns], width=0.8)
    ax.set_xlabel("quarter of the first claim")
    ax.set_ylabel("agreements")
    ax.set_title("Deals per quarter by kind")
    ax.legend(title="kind", fontsize="small")
    return ax


def counts_by_kind_status(store: Store) -> pd.DataFrame:
    """Agreements by kind (rows) and current status (columns), with totals."""
    from kg.analyze import counts_by_kind_status as counts

    return counts(store)


# -- build your own ------------------------------------------------------------------------------


def write_article(
    folder: str | Path, name: str, text: str, title: str, url: str | None = None, published: str | None = None
) -> Path:
    """Write ``folder/name`` as a Markdown article with YAML front matter (DESIGN §8.2)."""
    import yaml

    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in {"title": title, "url": url, "published": published}.items() if v}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip()
    path.write_text(f"---\n{front}\n---\n\n{text.strip()}\n", encoding="utf-8")
    return path


def write_gold(path: str | Path, articles: Mapping[str, Iterable[Mapping[str, Any]]]) -> Path:
    """Write gold annotations (DESIGN §8.4): one JSON line per article file with its events."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"file": name, "events": [dict(e) for e in events]}, ensure_ascii=False)
        for name, events in articles.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(paths: Iterable[str | Path], store: str | Path) -> IngestReport:
    """Ingest files, folders or globs into the on-disk store at ``store`` (created if needed):
    ``kg.api.ingest`` with a store folder instead of settings."""
    from dataclasses import replace

    from kg import api

    settings = replace(load_settings(store=Path(store)), endpoint=None, update_endpoint=None)
    return api.ingest([str(p) for p in paths], settings)


def scores_df(report: EvalReport) -> pd.DataFrame:
    """Precision, recall and F1 per matching level (pair, typed, full) as a DataFrame."""
    import pandas as pd

    data = report.to_dict()
    rows = {level: data[level] for level in ("pair", "typed", "full")}
    return pd.DataFrame.from_dict(rows, orient="index")[["precision", "recall", "f1", "tp", "fp", "fn"]]
