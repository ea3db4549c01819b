"""kg.render without a browser: files written, no external resources, everything escaped."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from kg import notebook as nb
from kg.analyze import company_graph
from kg.render import layout, render_site
from kg.render.payload import network_payload, slugs
from kg.render.safe import h, link, safe_href, script_json

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "alliances.trig"
PAYLOADS = ("window.__pwned", "onerror", "<script>")


class Tags(HTMLParser):
    """Collects start tags with attributes, and the text of <script type=application/json>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_json = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    out = tmp_path_factory.mktemp("site")
    written = render_site(ds, out)
    assert all(p.is_file() for p in written)
    return out


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def test_files_written(site: Path) -> None:
    assert (site / "index.html").is_file() and (site / "summary.html").is_file()
    assert {p.name for p in (site / "assets").iterdir()} == {
        "vis-network.min.js",
        "vis-network.min.css",
        "kg-dom.js",
        "kg-network.js",
        "kg-flows.js",
        "kg.css",
    }
    assert (site / "flows.html").is_file()
    pages = sorted(p.stem for p in (site / "company").glob("*.html"))
    assert len(pages) == 9 and "microsoft" in pages and "apple" not in pages


def test_every_resource_is_local(site: Path) -> None:
    for page in [site / "index.html", site / "summary.html", *(site / "company").glob("*.html")]:
        for tag, attrs in parse(page).tags:
            ref = (
                attrs.get("src") if tag in {"script", "img", "iframe"} else attrs.get("href") if tag == "link" else None
            )
            if ref is not None:
                assert "://" not in ref and not ref.startswith("//"), f"{page.name}: {tag} loads {ref}"
                assert (page.parent / ref).resolve().is_file(), f"{page.name}: {ref} missing"
        text = page.read_text(encoding="utf-8")
        assert "cdn" not in text.lower() and "bootstrap" not in text.lower()


def test_no_unescaped_payloads(site: Path) -> None:
    for page in [site / "index.html", site / "summary.html", *(site / "company").glob("*.html")]:
        tags = parse(page)
        for tag, attrs in tags.tags:
            assert not any(k.startswith("on") for k in attrs), f"{page.name}: event handler attribute on <{tag}>"
            assert tag != "img" and not (
                tag == "script" and attrs.get("src") is None and attrs.get("type") != "application/json"
            )
            href = attrs.get("href") or ""
            assert not href.lower().startswith("javascript:"), f"{page.name}: {href}"
        for block in tags.json_blocks:
            assert "<" not in block and ">" not in block and "\u2028" not in block
            json.loads(block)


def test_index_payload(site: Path) -> None:
    (block,) = parse(site / "index.html").json_blocks
    data = json.loads(block)
    assert len(data["nodes"]) == 9 and len(data["edges"]) == 11
    assert "physics" not in data and all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data["nodes"])
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["Microsoft"]["url"] == "company/microsoft.html"
    hostile = [e for e in data["edges"] if e["kind"] == "mou"][0]
    assert "window.__pwned=3" in hostile["evidence"]  # kept as data; escaped on the page
    assert hostile["evidenceUrl"] is None  # a javascript: url never becomes a link
    assert data["years"] == [2019, 2025] and data["maxSources"] == 2


def test_company_page_table(site: Path) -> None:
    text = (site / "company" / "amazon.html").read_text(encoding="utf-8")
    assert "completed (2024-03-27)" in text
    assert "4,000,000,000 USD" in text
    assert 'href="https://news.example.com/2024/03/amazon-anthropic-done"' in text
    evil = (site / "company" / "anthropic.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=&quot;window.__pwned=5&quot;&gt;Evil &amp; Co" in evil
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in evil  # hostile headline, as text
    assert "<script>window.__pwned" not in evil


def test_summary_chart_is_inline_svg(site: Path) -> None:
    text = (site / "summary.html").read_text(encoding="utf-8")
    assert text.count("<svg") == 1 and "<rect" in text and "2024Q2" in text
    assert "Most connected companies" in text


def test_script_json_escapes() -> None:
    raw = {"t": "</script><!-- & \u2028 \u2029"}
    text = script_json(raw)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == raw


def test_links_and_text() -> None:
    assert safe_href("https://a.example/x?y=1") == "https://a.example/x?y=1"
    for bad in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "/local/path.md",
        "data:text/html,x",
        "http://",
        None,
        "",
    ]:
        assert safe_href(bad) is None
    assert link("javascript:alert(1)", "<b>") == "&lt;b&gt;"
    assert link('https://a.example/?q="x"', "t").startswith('<a href="https://a.example/?q=&quot;x&quot;"')
    assert h(None) == "" and h("<&>\"'") == "&lt;&amp;&gt;&quot;&#x27;"


def test_slugs_unique_and_safe() -> None:
    out = slugs(["https://w3id.org/alliance-kg/id/org/a-b", "https://x.example/org/A_B", "https://y.example/<x>/"])
    assert len(set(out.values())) == 3
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in out.values())


def test_company_pages_carry_positions(site: Path) -> None:
    for path in (site / "company").glob("*.html"):
        (block,) = parse(path).json_blocks
        data = json.loads(block)
        assert data["focus"] in {n["id"] for n in data["nodes"]}
        assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data["nodes"]), path.name


def test_payload_does_not_depend_on_node_order() -> None:
    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    G = company_graph(ds)
    backwards = nx.MultiGraph()  # the order a subgraph view may report: ends swapped
    backwards.add_nodes_from(reversed(list(G.nodes(data=True))))
    backwards.add_edges_from((b, a, k, d) for a, b, k, d in reversed(list(G.edges(keys=True, data=True))))
    xy = {n: (0.0, 0.0) for n in G}
    assert network_payload(backwards, {}, {}, xy) == network_payload(G, {}, {}, xy)


def company_like(n: int, seed: int) -> nx.Graph:
    """A preferential-attachment graph with IRI-like string nodes, plus two isolated companies."""
    G = nx.relabel_nodes(nx.barabasi_albert_graph(n, 2, seed=seed), lambda i: f"https://x.example/org/c{i}")
    G.add_nodes_from(["https://x.example/org/alone-1", "https://x.example/org/alone-2"])
    return G


@pytest.mark.parametrize("n", [2, 3, 40, 1200])  # 1,200 is past layout.GRID_MIN: igraph's grid variant
def test_layout_places_every_node(n: int) -> None:
    G = company_like(n, seed=1) if n > 3 else nx.path_graph([f"n{i}" for i in range(n)])
    xy = layout.positions(G)
    assert set(xy) == set(G.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xy.values())
    assert len(set(xy.values())) == len(xy)  # no two nodes on one point
    half = layout.PIXELS_PER_ROOT_NODE * math.sqrt(len(xy))
    assert max(max(abs(x), abs(y)) for x, y in xy.values()) == pytest.approx(half, abs=0.1)


def test_layout_is_deterministic_for_a_seed() -> None:
    G = company_like(300, seed=2)
    shuffled = nx.Graph()
    nodes, edges = list(G.nodes), list(G.edges)
    random.Random(5).shuffle(nodes)
    random.Random(6).shuffle(edges)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from((b, a) for a, b in edges)
    first = layout.positions(G, seed=3)
    assert layout.positions(G, seed=3) == first
    assert layout.positions(shuffled, seed=3) == first  # insertion order and edge direction do not matter
    assert layout.positions(G, seed=4) != first


def test_layout_draws_partners_closer_than_strangers() -> None:
    G = company_like(500, seed=3)
    xy = layout.positions(G)
    pick = random.Random(1)
    nodes = sorted(G.nodes)
    strangers = [(a, b) for a, b in (pick.sample(nodes, 2) for _ in range(2000)) if not G.has_edge(a, b)]
    assert mean_length(xy, G.edges) < 0.5 * mean_length(xy, strangers)


def mean_length(xy: dict[str, tuple[float, float]], pairs: Iterable[tuple[str, str]]) -> float:
    lengths = [math.dist(xy[a], xy[b]) for a, b in pairs]
    return sum(lengths) / len(lengths)


def test_layout_leaves_global_random_alone() -> None:
    random.seed(11)
    expected = random.random()
    random.seed(11)
    layout.positions(company_like(50, seed=4))
    assert random.random() == expected


def test_layout_of_empty_single_and_multigraphs() -> None:
    assert layout.positions(nx.Graph()) == {}
    assert layout.positions(nx.Graph([("a", "a")])) == {"a": (0.0, 0.0)}
    repeat_deals = nx.MultiGraph([("a", "b"), ("a", "b"), ("b", "c")])  # parallel edges count once
    assert layout.positions(repeat_deals) == layout.positions(nx.Graph(repeat_deals))


def _without_urls(payload: dict) -> dict:
    """A payload minus the page links (the notebook has no company pages to link to)."""
    return {**payload, "nodes": [{k: v for k, v in n.items() if k != "url"} for n in payload["nodes"]]}


@pytest.mark.parametrize("company", [None, "Anthropic", "microsoft"])
def test_the_notebook_draws_the_sites_payload(site: Path, company: str | None) -> None:
    """kg.notebook's network is the site's drawing: the same nodes (ids, positions, metrics of
    the whole graph), edges (status, phase, kind colour, escaped evidence) and tables."""
    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    page = nb.network_html(company_graph(ds), company)
    tags = Tags()
    tags.feed(page)
    (mine,) = (json.loads(b) for b in tags.json_blocks)
    drawn = site / "index.html" if company is None else site / "company" / f"{company.lower()}.html"
    (theirs,) = (json.loads(b) for b in parse(drawn).json_blocks)
    assert _without_urls(mine) == _without_urls(theirs)
    assert {n["url"] for n in mine["nodes"]} == {""}  # a click opens nothing inside the notebook
    assert [(e["id"], e["status"], e["color"]) for e in mine["edges"]] == [
        (e["id"], e["status"], e["color"]) for e in theirs["edges"]
    ]
    assert f'data-page="{"index" if company is None else "company"}"' in page


def test_the_notebook_page_is_self_contained_and_allows_only_its_scripts() -> None:
    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    frame = nb.show_network(company_graph(ds)).data
    outer = Tags()
    outer.feed(frame)
    ((_, attrs),) = [t for t in outer.tags if t[0] == "iframe"]
    assert attrs["sandbox"] == "allow-scripts"
    page = attrs["srcdoc"] or ""
    tags = Tags()
    tags.feed(page)
    csp = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 3  # vis-network, kg-dom.js, kg-network.js
    allowed = re.search(r"script-src ([^;]+);", csp or "")
    assert allowed and allowed.group(1).split() == [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts
    ]
    for tag, attrs in tags.tags:  # nothing loaded from anywhere, no handler attributes
        assert not (tag in {"script", "img", "iframe", "link"} and (attrs.get("src") or attrs.get("href")))
        assert not any(k.startswith("on") for k in attrs), tag
    (block,) = tags.json_blocks
    assert "<" not in block and ">" not in block and "window.__pwned=3" in block  # hostile text stays data
