"""The whole pipeline to the browser: articles → `kg ingest` → `kg render` → headless Chromium.

Unlike ``test_pages_browser.py`` (a hand-made graph), the graph here is extracted by the
real model from the sample articles plus one hostile article, so the page is checked
against the ``companies`` and ``events`` queries of the same store. Writes the README's
screenshots to ``docs/screenshots/``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_pages_browser import Watch, browser, watch  # noqa: F401, F811  (fixtures)

from kg import api
from kg.config import PROJECT_ROOT, load_settings

pytestmark = [pytest.mark.browser]

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
HOSTILE = """---
title: "<img src=x onerror=\\"window.__pwned=1\\"><script>window.__pwned=2</script>"
url: https://news.example.org/hostile
published: 2025-03-04
---
Microsoft said on Monday it will invest $2 billion in Anthropic <script>window.__pwned=3</script> <b onmouseover="window.__pwned=4">now</b>.
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("e2e")
    (work / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    store, site = work / "store", work / "site"
    kg = [sys.executable, "-m", "kg", "--store", str(store)]
    for args in (
        ["ingest", str(PROJECT_ROOT / "data" / "articles"), str(work / "hostile.md")],
        ["render", "--out", str(site)],
    ):
        done = subprocess.run(kg + args, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return store, site


def rows(store: Path, name: str) -> list[dict[str, str]]:
    with api.open_store(load_settings(env={}, store=store)) as s:
        return api.query(s, name).records()  # type: ignore[union-attr]


def test_one_node_per_company_and_evidence_in_tooltips(demo: tuple[Path, Path], watch: Watch) -> None:
    store, site = demo
    companies = rows(store, "companies")
    page = watch.open(site / "index.html")
    assert page.evaluate("network.body.data.nodes.length") == len(companies) > 10  # type: ignore[attr-defined]
    assert set(page.evaluate("nodes.getIds()")) == {c["company"] for c in companies}  # type: ignore[attr-defined]
    tooltips = page.evaluate("edges.get().map(e => e.title.textContent)")  # type: ignore[attr-defined]
    # every agreement's evidence sentence (its latest claim's) is in some edge tooltip
    with api.open_store(load_settings(env={}, store=store)) as s:
        agreements = [r["agreement"] for r in api.query(s, "agreements").records()]  # type: ignore[union-attr]
        for agreement in agreements[:15]:
            history = api.query(s, "history", {"agreement": agreement}).records()  # type: ignore[union-attr]
            assert any(h["evidence"].strip()[:60] in " ".join(tooltips) for h in history), agreement
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "index.png"))  # type: ignore[attr-defined]
    watch.clean()


def test_the_hostile_article_stays_text(demo: tuple[Path, Path], watch: Watch) -> None:
    _, site = demo
    for path in [site / "index.html", site / "summary.html", site / "company" / "anthropic.html"]:
        page = watch.open(path, ready=path.name != "summary.html")
        if path.name != "summary.html":
            for tip in page.evaluate("edges.getIds()"):  # type: ignore[attr-defined]
                page.evaluate(f"document.body.appendChild(edges.get({tip!r}).title)")  # type: ignore[attr-defined]
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
        assert page.evaluate("document.querySelectorAll('img, b[onmouseover]').length") == 0  # type: ignore[attr-defined]
    page = watch.open(site / "company" / "anthropic.html")
    assert "window.__pwned=3" in page.text_content("body")  # type: ignore[attr-defined]  # shown, as text
    page.screenshot(path=str(SCREENSHOTS / "company.png"), full_page=True)  # type: ignore[attr-defined]
    watch.clean()
