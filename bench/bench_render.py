"""Render benchmark: time to build the site for synthetic stores of 100, 1,000 and 5,000
companies, and time until the index network has settled and drawn in headless Chromium.

Run: ``.venv/bin/python bench/bench_render.py [SIZES...] [--markdown]``. Needs
``/usr/bin/chromium`` (``scripts/install-browser.sh``). Stores are embedded Oxigraph
(oxrdflib), as in production. Results are written by hand to bench/RESULTS.md ("Render").
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

from rdflib import Dataset

from kg.analyze import company_graph, metrics
from kg.analyze.synthetic import graph_quads, synthetic_specs
from kg.render import render_site

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def build_store(n: int) -> tuple[Dataset, int, float]:
    companies, articles, agreements = synthetic_specs(n, seed=1)
    quads = list(graph_quads(companies, articles, agreements))
    start = time.perf_counter()
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.addN(quads)
    return ds, len(agreements), time.perf_counter() - start


def browser_ready(path: Path, timeout_s: float = 600) -> tuple[float, float]:
    """(ms from navigation start to the first draw after settling, wall seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_s * 1000)
        wall = time.perf_counter() - start
        ready_at = float(page.evaluate("window.kgReadyAt"))
        browser.close()
    return ready_at, wall


def run(n: int) -> dict[str, object]:
    ds, n_agreements, load_s = build_store(n)
    t0 = time.perf_counter()
    G = company_graph(ds)
    t1 = time.perf_counter()
    metrics(G)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t3 = time.perf_counter()
        files = render_site(ds, out)
        t4 = time.perf_counter()
        index_kb = (out / "index.html").stat().st_size / 1024
        ready_ms, wall = browser_ready(out / "index.html")
    return {
        "companies": G.number_of_nodes(),
        "agreements": n_agreements,
        "store load s": round(load_s, 2),
        "SPARQL→networkx s": round(t1 - t0, 2),
        "metrics s": round(t2 - t1, 2),
        "render_site s (all)": round(t4 - t3, 2),
        "files": len(files),
        "index KB": round(index_kb),
        "Chromium settled+drawn ms": round(ready_ms),
        "Chromium wall s": round(wall, 2),
        "layout": "networkx spring (precomputed)"
        if G.number_of_nodes() <= 1200
        else "vis physics, 150 iterations, then off",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    print(
        f"# {platform.node()} {platform.machine()} {platform.python_version()} {time.strftime('%Y-%m-%d')}",
        file=sys.stderr,
    )
    for i, n in enumerate(args.sizes):
        row = run(n)
        if i == 0:
            print("| " + " | ".join(row) + " |")
            print("|" + "---|" * len(row))
        print("| " + " | ".join(str(v) for v in row.values()) + " |", flush=True)


if __name__ == "__main__":
    main()
