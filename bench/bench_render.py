"""Render benchmark: time to build the site for synthetic stores of 100, 1,000 and 5,000
companies, and time until headless Chromium draws the index network's first final frame
(positions come precomputed, physics is off: the first frame is the final one).

Run: ``.venv/bin/python bench/bench_render.py [SIZES...] [--runs N]``. Needs
``/usr/bin/chromium`` (``scripts/install-browser.sh``). Stores are in-memory Oxigraph
(oxrdflib), written from synthetic records by the real writer (``tests/synthetic.py``), so
they hold what ``kg ingest`` writes. Results are written by hand to bench/RESULTS.md ("Render").
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic stores
from synthetic import synthetic_specs, written_store  # noqa: E402

from kg.analyze import company_graph, metrics  # noqa: E402
from kg.render import layout, render_site  # noqa: E402
from kg.store import Store  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def build_store(n: int) -> tuple[Store, int, float]:
    """The synthetic store written by the real writer (claims clustered, graph/derived made),
    in an in-memory Oxigraph, and the seconds the write took."""
    companies, articles, agreements = synthetic_specs(n, seed=1)
    start = time.perf_counter()
    store = written_store(companies, articles, agreements)
    return store, len(agreements), time.perf_counter() - start


def browser_ready(path: Path, timeout_s: float = 600) -> tuple[float, float]:
    """(ms from navigation start to the page's first draw, wall seconds), in a fresh browser."""
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


def run(n: int, runs: int = 3) -> dict[str, object]:
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
        ready = [browser_ready(out / "index.html") for _ in range(runs)]
    first_frames = [ms for ms, _ in ready]
    return {
        "companies": G.number_of_nodes(),
        "agreements": n_agreements,
        "store write s": round(load_s, 2),
        "SPARQL→networkx s": round(t1 - t0, 2),
        "metrics s": round(t2 - t1, 2),
        "render_site s (all)": round(t4 - t3, 2),
        "files": len(files),
        "index KB": round(index_kb),
        f"Chromium first frame ms (median of {runs})": round(statistics.median(first_frames)),
        "Chromium runs ms": ", ".join(str(round(ms)) for ms in first_frames),
        "Chromium wall s (median)": round(statistics.median(wall for _, wall in ready), 2),
        "layout": "igraph Fruchterman–Reingold"
        + (" (grid)" if G.number_of_nodes() >= layout.GRID_MIN else "")
        + ", precomputed, physics off",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per size, each in a fresh browser")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    print(
        f"# {platform.node()} {platform.machine()} {platform.python_version()} {time.strftime('%Y-%m-%d')}",
        file=sys.stderr,
    )
    for i, n in enumerate(args.sizes):
        row = run(n, args.runs)
        if i == 0:
            print("| " + " | ".join(row) + " |")
            print("|" + "---|" * len(row))
        print("| " + " | ".join(str(v) for v in row.values()) + " |", flush=True)


if __name__ == "__main__":
    main()
