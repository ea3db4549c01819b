"""The rendered site in real headless Chromium (Debian ``chromium`` driven by Playwright).

Install the browser with ``scripts/install-browser.sh``. Every page must load from disk
with no console error and no request leaving the machine; the drawn network must match
SPARQL; filters, search and node clicks must work; hostile article text must stay text.
The README's screenshots come from ``tests/test_pages_e2e.py`` (the demo articles through the
whole pipeline).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.analyze.sparql import select
from kg.render import render_site

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "graph" / "alliances.trig"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    data = Dataset(default_union=True)
    data.parse(FIXTURE, format="trig")
    return data


@pytest.fixture(scope="module")
def site(ds: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    render_site(ds, out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run scripts/install-browser.sh"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


class Watch:
    """A page with every non-file request refused and recorded, and console errors kept."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in {"error", "warning"} else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    def open(self, path: Path, ready: bool = True) -> object:
        self.page.goto(path.as_uri())
        if ready:
            self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
        return self.page

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside
        assert self.dialogs == [], self.dialogs

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser: object) -> Iterator[Watch]:
    w = Watch(browser)
    yield w
    w.close()


def test_every_page_loads_offline_without_errors(site: Path, watch: Watch) -> None:
    pages = [site / "index.html", site / "summary.html", *sorted((site / "company").glob("*.html"))]
    assert len(pages) == 11
    for path in pages:
        page = watch.open(path, ready=path.name != "summary.html")
        if path.name != "summary.html":
            assert page.evaluate("network.body.data.nodes.length") > 0  # type: ignore[attr-defined]
            assert page.evaluate("document.querySelector('#network canvas') !== null")  # type: ignore[attr-defined]
        else:
            assert page.locator("svg rect").count() > 5  # type: ignore[attr-defined]
        assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    watch.clean()


def test_drawn_nodes_match_sparql(site: Path, ds: Dataset, watch: Watch) -> None:
    companies = {str(r["company"]) for r in ds.query(
        "PREFIX kg: <https://w3id.org/alliance-kg/ont#> SELECT DISTINCT ?company WHERE { ?a kg:party ?company }"
    )}  # fmt: skip
    assert len(companies) == len(select(ds, "graph-companies").rows) == 9
    page = watch.open(site / "index.html")
    assert page.evaluate("nodes.length") == len(companies)  # type: ignore[attr-defined]
    assert page.evaluate("network.body.data.nodes.length") == len(companies)  # type: ignore[attr-defined]
    assert set(page.evaluate("network.body.data.nodes.getIds()")) == companies  # type: ignore[attr-defined]
    assert page.evaluate("network.body.data.edges.length") == 11  # type: ignore[attr-defined]
    watch.clean()


def test_filters_change_what_is_drawn(site: Path, watch: Watch) -> None:
    page = watch.open(site / "index.html")
    drawn = "[network.body.data.nodes.length, network.body.data.edges.length]"
    assert page.evaluate(drawn) == [9, 11]  # type: ignore[attr-defined]
    page.uncheck("input.kg-kind[value=investment]")  # type: ignore[attr-defined]
    assert page.evaluate(drawn) == [7, 7]  # type: ignore[attr-defined]  # 4 investments go; Amazon, Google drop
    page.check("input.kg-kind[value=investment]")  # type: ignore[attr-defined]
    page.uncheck("input.kg-status[value=terminated]")  # type: ignore[attr-defined]
    assert page.evaluate(drawn) == [9, 10]  # type: ignore[attr-defined]
    page.check("input.kg-status[value=terminated]")  # type: ignore[attr-defined]
    page.fill("#min-sources", "2")  # type: ignore[attr-defined]
    assert page.evaluate(drawn) == [4, 2]  # type: ignore[attr-defined]
    assert page.text_content("#shown") == "4 companies, 2 agreement edges shown"  # type: ignore[attr-defined]
    page.fill("#min-sources", "1")  # type: ignore[attr-defined]
    page.fill("#year-from", "2024")  # type: ignore[attr-defined]
    page.uncheck("#undated")  # type: ignore[attr-defined]
    # 2024+: Amazon–Anthropic (to 2024), Nvidia–Mistral, Nvidia–OpenAI, the 3-party partnership (3 edges), the MOU
    assert page.evaluate(drawn) == [8, 7]  # type: ignore[attr-defined]
    watch.clean()


def test_search_focuses_company(site: Path, watch: Watch) -> None:
    page = watch.open(site / "index.html")
    page.fill("#search", "mistral")  # type: ignore[attr-defined]
    page.press("#search", "Enter")  # type: ignore[attr-defined]
    target = "https://w3id.org/alliance-kg/id/org/mistral-ai"
    assert page.evaluate("network.getSelectedNodes()") == [target]  # type: ignore[attr-defined]
    view = page.evaluate("network.getViewPosition()")  # type: ignore[attr-defined]
    pos = page.evaluate(f"network.getPositions(['{target}'])['{target}']")  # type: ignore[attr-defined]
    assert abs(view["x"] - pos["x"]) < 1 and abs(view["y"] - pos["y"]) < 1
    assert page.evaluate("network.getScale()") == pytest.approx(1.4)  # type: ignore[attr-defined]
    assert "Mistral AI" in page.text_content("#details")  # type: ignore[attr-defined]
    page.fill("#search", "no such company")  # type: ignore[attr-defined]
    page.press("#search", "Enter")  # type: ignore[attr-defined]
    assert page.text_content("#search-status") == "No company matches."  # type: ignore[attr-defined]
    watch.clean()


def test_node_click_opens_company_page(site: Path, watch: Watch) -> None:
    page = watch.open(site / "index.html")
    target = "https://w3id.org/alliance-kg/id/org/anthropic"
    dom = page.evaluate(f"network.canvasToDOM(network.getPositions(['{target}'])['{target}'])")  # type: ignore[attr-defined]
    box = page.locator("#network canvas").bounding_box()  # type: ignore[attr-defined]
    page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])  # type: ignore[attr-defined]
    page.wait_for_url("**/company/anthropic.html")  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-ready=true]", state="attached")  # type: ignore[attr-defined]
    assert page.evaluate("network.getSelectedNodes()") == [target]  # type: ignore[attr-defined]
    assert page.locator("table.agreements tr").count() == 4  # type: ignore[attr-defined]  # header + 3 deals
    watch.clean()


def test_edge_tooltip_and_details(site: Path, watch: Watch) -> None:
    page = watch.open(site / "index.html")
    edge = page.evaluate(  # type: ignore[attr-defined]
        "edges.get({filter: e => e.kind === 'investment' && e.raw.statusDate === '2024-03-27'})[0].id"
    )
    title = page.evaluate(f"edges.get({edge!r}).title.textContent")  # type: ignore[attr-defined]
    for text in [
        "investment",
        "Status: completed (2024-03-27)",
        "Amazon (investor)",
        "Anthropic (investee)",
        "4 billion USD",
        "Amazon completed",
    ]:
        assert text in title
    page.evaluate(
        f"network.body.emitter.emit('click', {{nodes: [], edges: [{edge!r}], pointer: {{DOM: {{x: 0, y: 0}}}}}})"
    )  # type: ignore[attr-defined]
    links = page.eval_on_selector_all("#details a", "as => as.map(a => a.href)")  # type: ignore[attr-defined]
    assert "https://news.example.com/2024/03/amazon-anthropic-done" in links
    watch.clean()


def test_hostile_article_never_executes(site: Path, watch: Watch) -> None:
    pages = [
        site / "index.html",
        site / "company" / "anthropic.html",
        site / "company" / "img-src-x-onerror-window-pwned-5-evil.html",
    ]
    for path in pages:
        page = watch.open(path)
        hostile = page.evaluate("edges.get({filter: e => e.kind === 'mou'})[0].id")  # type: ignore[attr-defined]
        # Show the hostile tooltip and the details panel: their text must arrive as text.
        page.evaluate(f"document.body.appendChild(edges.get({hostile!r}).title)")  # type: ignore[attr-defined]
        page.evaluate(
            f"network.body.emitter.emit('click', {{nodes: [], edges: [{hostile!r}], pointer: {{DOM: {{x: 0, y: 0}}}}}})"
        )  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
        assert page.evaluate("document.querySelectorAll('img, b[onmouseover], #details script').length") == 0  # type: ignore[attr-defined]
        assert "window.__pwned=3" in page.text_content("#details")  # type: ignore[attr-defined]
        assert page.eval_on_selector_all("a[href^='javascript' i]", "as => as.length") == 0  # type: ignore[attr-defined]
    page.hover("h1")  # type: ignore[attr-defined]
    assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    assert "<img src=x" in page.text_content("h1")  # type: ignore[attr-defined]  # the hostile name, shown as text
    watch.clean()


def test_layout_precomputed_and_drawn_with_physics_off(tmp_path: Path, watch: Watch) -> None:
    from synthetic import dataset, synthetic_specs

    companies, articles, agreements = synthetic_specs(60, seed=2)
    render_site(dataset(companies, articles, agreements), tmp_path)
    pages = [tmp_path / "index.html", *sorted((tmp_path / "company").glob("*.html"))[:3]]
    for path in pages:
        page = watch.open(path)
        data = page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")  # type: ignore[attr-defined]
        assert "physics" not in data
        assert page.evaluate("network.physics.physicsEnabled") is False  # type: ignore[attr-defined]
        drawn = page.evaluate("network.getPositions()")  # type: ignore[attr-defined]
        assert len(drawn) == len(data["nodes"])
        for n in data["nodes"]:  # where Python put them (vis rounds to whole px)
            assert drawn[n["id"]] == {"x": pytest.approx(n["x"], abs=1), "y": pytest.approx(n["y"], abs=1)}
    page = watch.open(tmp_path / "index.html")
    assert page.evaluate("network.body.data.nodes.length") == 60  # type: ignore[attr-defined]
    assert page.evaluate("network.body.data.edges.length") == len(agreements)  # type: ignore[attr-defined]
    watch.clean()


@pytest.mark.parametrize("company", [None, "Anthropic"])
def test_the_notebook_network_draws_in_its_iframe(
    ds: Dataset, tmp_path: Path, watch: Watch, company: str | None
) -> None:
    """``kg.notebook.show_network`` as a notebook shows it: the site's scripts run inside the
    sandboxed ``<iframe srcdoc>`` (its CSP allows them by hash), draw the payload at its
    precomputed positions with physics off, and log no error."""
    from kg import notebook as nb
    from kg.analyze import company_graph

    outer = tmp_path / "notebook.html"
    outer.write_text(f"<!DOCTYPE html><html><body>{nb.show_network(company_graph(ds), company).data}</body></html>")
    watch.page.goto(outer.as_uri())  # type: ignore[attr-defined]
    frame = watch.page.wait_for_selector("iframe").content_frame()  # type: ignore[attr-defined]
    frame.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
    assert frame.evaluate("typeof window.kgReadyAt") == "number"
    data = frame.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")
    assert frame.evaluate("network.physics.physicsEnabled") is False
    drawn = frame.evaluate("network.getPositions()")
    assert set(drawn) == {n["id"] for n in data["nodes"]} and len(drawn) == (9 if company is None else 4)
    for n in data["nodes"]:
        assert drawn[n["id"]] == {"x": pytest.approx(n["x"], abs=1), "y": pytest.approx(n["y"], abs=1)}
    assert frame.evaluate("network.body.data.edges.length") == len(data["edges"])
    assert frame.evaluate("document.querySelector('#network canvas') !== null")
    assert frame.evaluate("window.__pwned") is None
    watch.clean()
