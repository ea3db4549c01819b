"""The flows page, the money tables, the replay slider and ``render --as-of`` in real
headless Chromium, on the illustrative articles of tests/fixtures/flows (invented companies)
ingested through the real pipeline. Every page must load from disk with no console error
and no request leaving the machine. The flows page's screenshot in the README
(``docs/screenshots/flows.png``) comes from here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flowstore import ILLUSTRATIVE, flow_settings, ingest
from test_pages_browser import Watch, browser, watch  # noqa: F401, F811  (fixtures)

from kg.config import PROJECT_ROOT
from kg.render import render_site
from kg.store.base import open_oxigraph

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")]

HOSTILE = "<img src=x onerror=window.__pwned=1>"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("flow-pages")
    settings = flow_settings(folder)
    hostile = folder / "06-hostile.md"
    hostile.write_text(
        "---\ntitle: Illustrative hostile text\nurl: https://example.org/illustrative/hostile\npublished: 2025-05-20\n---\n"
        f"Lumen Labs agreed to buy $1 billion of chips from Corvex Semiconductor {HOSTILE}, the companies said.\n",
        encoding="utf-8",
    )
    ingest(settings, [*ILLUSTRATIVE, hostile])
    yield settings.store


@pytest.fixture(scope="module")
def site(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    with open_oxigraph(store_dir) as store:
        render_site(store.dataset, out)
    return out


def test_the_flows_page_draws_the_loop_with_evidence_on_hover(site: Path, watch: Watch) -> None:
    page = watch.open(site / "flows.html")
    arrows = page.evaluate(  # type: ignore[attr-defined]
        "edges.get().map(function (e) { return [e.raw.from, e.raw.to, e.raw.status, e.raw.amount, e.title.textContent]; })"
    )
    pairs = {(a, b) for a, b, *_ in arrows}
    assert {
        ("Corvex Semiconductor", "Lumen Labs"),
        ("Lumen Labs", "Nimbus Cloud"),
        ("Nimbus Cloud", "Corvex Semiconductor"),
    } <= pairs
    tips = {(a, b): tip for a, b, _, _, tip in arrows}
    cloud = tips[("Lumen Labs", "Nimbus Cloud")]
    assert "Status: signed" in cloud and "5000000000 USD" in cloud
    assert "Nimbus Cloud signed a $5 billion contract to supply Lumen Labs" in cloud
    assert ("Corvex Semiconductor", "Nimbus Cloud") not in pairs, "the called-off bid is not on a loop"
    box = page.locator("#network canvas").bounding_box()  # type: ignore[attr-defined]
    assert box and box["width"] > 200
    assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    assert page.locator("table.flows").count() >= 2  # type: ignore[attr-defined]
    goods = page.locator("table.goods").inner_text()  # type: ignore[attr-defined]
    assert "Corvex Semiconductor\tNimbus Cloud\t150,000 chips\tannounced" in goods  # supplier to customer
    watch.clean()
    page.screenshot(path=str(PROJECT_ROOT / "docs" / "screenshots" / "flows.png"))  # type: ignore[attr-defined]


def test_company_pages_list_money_in_and_out(site: Path, watch: Watch) -> None:
    page = watch.open(site / "company" / "nimbus-cloud.html")
    text = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "Money in" in text and "Money out" in text
    money_in = text.split("Money in", 1)[1].split("Money out", 1)[0]
    money_out = text.split("Money out", 1)[1].split("Agreements", 1)[0]
    assert "Lumen Labs" in money_in and "Corvex Semiconductor" in money_in  # the cloud contract, the bid
    assert "Corvex Semiconductor" in money_out and "Delta Robotics" in money_out
    assert "$324.5 m" in money_out or "$325 m" in money_out
    watch.clean()


def test_the_hostile_text_stays_text(site: Path, watch: Watch) -> None:
    for path in (site / "flows.html", site / "company" / "lumen-labs.html", site / "index.html"):
        page = watch.open(path)
        assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
        assert page.locator("img[src=x]").count() == 0  # type: ignore[attr-defined]
    assert HOSTILE.replace("<", "&lt;").replace(">", "&gt;") in (site / "company" / "lumen-labs.html").read_text()
    watch.clean()


def _shown(page: object) -> dict[str, tuple[str, object]]:
    rows = page.evaluate(  # type: ignore[attr-defined]
        "edgesView.get().map(function (e) { return [e.raw.kind + ' ' + e.raw.parties.map(function (p) { return p[0]; }).sort().join('|'), e.phaseShown || e.raw.phase, e.dashes]; })"
    )
    return {key: (phase, dashes) for key, phase, dashes in rows}


def test_the_slider_replays_the_network(site: Path, watch: Watch) -> None:
    page = watch.open(site / "index.html")
    slider = page.locator("#replay")  # type: ignore[attr-defined]
    lo = page.evaluate("JSON.parse(document.getElementById('kg-data').textContent).days[0]")  # type: ignore[attr-defined]
    assert lo == "2023-05-04"

    def move_to(day: str) -> dict[str, tuple[str, object]]:
        offset = page.evaluate(  # type: ignore[attr-defined]
            "(d) => Math.round((Date.parse(d + 'T00:00:00Z') - Date.parse('2023-05-04T00:00:00Z')) / 86400000)", day
        )
        slider.evaluate("(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input')); }", offset)
        assert page.locator("#replay-label").inner_text() == day  # type: ignore[attr-defined]
        return _shown(page)

    talks = move_to("2025-02-10")
    corvex_lumen = "investment Corvex Semiconductor|Lumen Labs"
    assert set(talks) == {corvex_lumen, "investment Delta Robotics|Nimbus Cloud"}
    assert talks[corvex_lumen][0] == "pre" and talks[corvex_lumen][1]  # dashed while in talks
    tip = (
        "([k, who]) => edgesView.get().filter(function (e) { return e.raw.kind === k &&"
        " e.raw.parties.some(function (p) { return p[0] === who; }); })[0].title.textContent"
    )
    on_day = page.evaluate(tip, ["investment", "Lumen Labs"])  # type: ignore[attr-defined]
    assert "Status on 2025-02-10: negotiating" in on_day and "Status today:" in on_day  # the tooltip replays too
    announced = move_to("2025-03-15")
    assert announced[corvex_lumen] == ("agreed", False)  # solid once announced
    later = move_to("2025-06-16")
    bid = "acquisition Corvex Semiconductor|Nimbus Cloud"
    assert later[bid][0] == "ended" and len(later) > len(announced)
    opacity = page.evaluate(  # type: ignore[attr-defined]
        "edgesView.get().filter(function (e) { return e.raw.kind === 'acquisition'; })[0].color.opacity"
    )
    assert opacity < 0.5  # faded once terminated
    slider.evaluate("(s) => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
    assert page.locator("#replay-label").inner_text().startswith("today")  # type: ignore[attr-defined]
    assert page.evaluate("edgesView.length") == len(later)  # type: ignore[attr-defined]
    assert "Status on" not in page.evaluate(tip, ["acquisition", "Nimbus Cloud"])  # type: ignore[attr-defined]
    watch.clean()


def test_render_as_of_shows_the_site_of_that_day(store_dir: Path, tmp_path: Path, watch: Watch) -> None:
    with open_oxigraph(store_dir) as store:
        render_site(store.dataset, tmp_path, as_of="2025-03-15")
    page = watch.open(tmp_path / "index.html")
    statuses = page.evaluate("edges.get().map(function (e) { return e.raw.status; })")  # type: ignore[attr-defined]
    assert sorted(statuses) == ["announced", "completed"]
    flows = watch.open(tmp_path / "flows.html")
    assert flows.evaluate("edges.length") == 0  # type: ignore[attr-defined]
    assert "as of 2025-03-15" in flows.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "called off" not in (tmp_path / "company" / "corvex-semiconductor.html").read_text()
    summary = watch.open(tmp_path / "summary.html", ready=False)
    counts = summary.locator("table").first.inner_text()  # type: ignore[attr-defined]
    assert "terminated" not in counts and "announced" in counts
    watch.clean()
