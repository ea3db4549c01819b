"""Checks on the bundled sample articles (``data/articles/``) and their gold annotations.

The articles are read here with pyyaml and the standard library only, independent of
``kg.ingest``, so that a broken sample is reported as a data problem, not a reader bug.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from kg.records import Kind, PartialDate, Status

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
GOLD = ARTICLES.parent / "gold" / "samples.jsonl"
MARKER = "Illustrative article written for alliance-kg from public facts; not journalism."
URL_PREFIX = "https://example.org/alliance-kg/samples/"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
AMOUNT = re.compile(r"^[1-9][0-9]* (USD|EUR|GBP)$")


@dataclass(frozen=True)
class Sample:
    """One sample article as the gold file names it (``03-x.md``, ``wire.jsonl#1``, ...)."""

    name: str
    title: str
    url: str
    published: dt.date
    text: str


class _ArticleHTML(HTMLParser):
    """Collects ``<title>``, the ``og:url`` and ``article:published_time`` metas and the
    text inside ``<article>`` (tags become spaces, entities are decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.parts: list[str] = []
        self.tags: Counter[str] = Counter()
        self._in_title = False
        self._article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        a = dict(attrs)
        if tag == "meta" and a.get("property"):
            self.meta[a["property"] or ""] = a.get("content") or ""
        self._in_title = tag == "title"
        if tag == "article" or self._article_depth:
            self._article_depth += 1
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if self._article_depth:
            self._article_depth -= 1
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "meta" and self._article_depth:
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._article_depth:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML fragment: tags become spaces, entities are decoded."""
    parser = _ArticleHTML()
    parser.feed("<article>" + markup + "</article>")
    return "".join(parser.parts)


def _as_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    raise AssertionError(f"{where}: published is not a date: {value!r}")


def read_markdown(path: Path) -> Sample:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, f"{path.name}: no YAML front matter between '---' lines"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    missing = {"title", "url", "published", "illustrative"} - meta.keys()
    assert not missing, f"{path.name}: front matter lacks {sorted(missing)}"
    assert meta["illustrative"] is True, f"{path.name}: 'illustrative: true' missing"
    body = match.group(2)
    first_line = body.strip().splitlines()[0]
    assert first_line == f"*{MARKER}*", f"{path.name}: first body line is not the marker"
    return Sample(path.name, meta["title"], meta["url"], _as_date(meta["published"], path.name), body)


def read_wire(path: Path) -> list[Sample]:
    samples = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        name = f"{path.name}#{i}"
        missing = {"url", "title", "published", "text"} - row.keys()
        assert not missing, f"{name}: keys {sorted(missing)} missing"
        samples.append(Sample(name, row["title"], row["url"], _as_date(row["published"], name), row["text"]))
    return samples


def read_feed(path: Path) -> list[Sample]:
    root = ElementTree.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0", f"{path.name}: not RSS 2.0"
    samples = []
    for i, item in enumerate(root.iter("item"), 1):
        name = f"feeds/{path.name}#{i}"
        fields = {child.tag: (child.text or "") for child in item}
        for key in ("title", "link", "pubDate"):
            assert fields.get(key, "").strip(), f"{name}: <{key}> missing"
        body = fields.get(CONTENT_NS + "encoded") or fields.get("description", "")
        text = html_text(body) if "<p>" in body else body
        published = email.utils.parsedate_to_datetime(fields["pubDate"]).date()
        samples.append(Sample(name, fields["title"], fields["link"], published, text))
    return samples


def read_html(path: Path) -> Sample:
    parser = _ArticleHTML()
    parser.feed(path.read_text(encoding="utf-8"))
    name = f"web/{path.name}"
    for prop in ("og:url", "article:published_time"):
        assert parser.meta.get(prop), f"{name}: <meta property={prop!r}> missing"
    for tag in ("title", "nav", "article", "footer"):
        assert parser.tags[tag] == 1, f"{name}: expected one <{tag}>, found {parser.tags[tag]}"
    published = dt.datetime.fromisoformat(parser.meta["article:published_time"]).date()
    return Sample(name, parser.title.strip(), parser.meta["og:url"], published, "".join(parser.parts))


def load_samples() -> dict[str, Sample]:
    samples = [read_markdown(p) for p in sorted(ARTICLES.glob("*.md"))]
    samples += read_wire(ARTICLES / "wire.jsonl")
    samples += [s for p in sorted((ARTICLES / "feeds").glob("*.rss")) for s in read_feed(p)]
    samples += [read_html(p) for p in sorted((ARTICLES / "web").glob("*.html"))]
    return {s.name: s for s in samples}


def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def samples() -> dict[str, Sample]:
    return load_samples()


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_gold()


def gold_events(gold: list[dict]) -> list[tuple[str, dict]]:
    return [(row["file"], event) for row in gold for event in row["events"]]


def test_the_expected_files_are_there(samples: dict[str, Sample]) -> None:
    md = [n for n in samples if n.endswith(".md")]
    assert len(md) == 14
    assert sorted(n for n in samples if "#" in n) == [
        "feeds/ai-deals.rss#1",
        "feeds/ai-deals.rss#2",
        "wire.jsonl#1",
        "wire.jsonl#2",
    ]
    assert [n for n in samples if n.startswith("web/")] == ["web/openai-korea-memory-letters-of-intent.html"]
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.md", n) for n in md)


def test_every_article_has_metadata_and_the_marker(samples: dict[str, Sample]) -> None:
    for s in samples.values():
        assert s.title.strip(), f"{s.name}: empty title"
        assert s.url.startswith(URL_PREFIX), f"{s.name}: url {s.url!r} is not under {URL_PREFIX}"
        assert dt.date(2019, 1, 1) <= s.published <= dt.date(2026, 12, 31), f"{s.name}: {s.published}"
        if s.name.startswith("web/"):  # the page's headline and byline come before the body
            assert 0 <= s.text.find(MARKER) < 300, f"{s.name}: marker is not at the top of <article>"
        else:
            assert s.text.lstrip().lstrip("*").startswith(MARKER), f"{s.name}: marker is not the first line"


def test_urls_are_unique(samples: dict[str, Sample]) -> None:
    counts = Counter(s.url for s in samples.values())
    assert [u for u, n in counts.items() if n > 1] == []


def test_articles_are_short(samples: dict[str, Sample]) -> None:
    for s in samples.values():
        words = len(s.text.split())
        assert 150 <= words <= 400, f"{s.name}: {words} words"


def test_gold_names_each_article_once(samples: dict[str, Sample], gold: list[dict]) -> None:
    files = [row["file"] for row in gold]
    assert len(files) == len(set(files)), "an article appears twice in gold.jsonl"
    assert set(files) == set(samples), (
        f"gold without article: {sorted(set(files) - set(samples))}; "
        f"article without gold: {sorted(set(samples) - set(files))}"
    )


def test_gold_evidence_is_verbatim(samples: dict[str, Sample], gold: list[dict]) -> None:
    for name, event in gold_events(gold):
        assert event["evidence"] in samples[name].text, f"{name}: evidence not found: {event['evidence'][:60]!r}"


def test_gold_fields_follow_the_guideline(samples: dict[str, Sample], gold: list[dict]) -> None:
    for name, event in gold_events(gold):
        assert Kind(event["type"]) and Status(event["status"])
        parties = event["parties"]
        assert len(parties) >= 2 and len(set(parties)) == len(parties), f"{name}: parties {parties}"
        assert all(isinstance(p, str) and p.strip() for p in parties)
        if event["date"] is not None:
            date = PartialDate.parse(event["date"])
            assert date.earliest() <= samples[name].published, f"{name}: {date} after publication"
        if event["amount"] is not None:
            assert AMOUNT.match(event["amount"]), f"{name}: bad amount {event['amount']!r}"
        note = event.get("note")
        assert note is None or isinstance(note, str)


def test_every_article_has_main_news(gold: list[dict]) -> None:
    for row in gold:
        main = [e for e in row["events"] if not (e.get("note") or "").startswith("background")]
        assert main, f"{row['file']}: only background events"


def test_gold_covers_every_kind_and_status(gold: list[dict]) -> None:
    events = [e for _, e in gold_events(gold)]
    assert {e["type"] for e in events} == {k.value for k in Kind}
    assert {e["status"] for e in events} == {s.value for s in Status}


def test_repeat_deals_and_status_histories_are_present(gold: list[dict]) -> None:
    """The demo graph should show one deal moving through stages and repeat deals."""
    nvidia_arm = {
        e["status"]
        for _, e in gold_events(gold)
        if {"Nvidia", "Arm"} <= set(e["parties"]) and e["type"] == "acquisition"
    }
    assert {"announced", "under_review", "blocked", "terminated"} <= nvidia_arm
    ms_openai_investment_dates = {
        e["date"][:4]
        for _, e in gold_events(gold)
        if set(e["parties"]) == {"Microsoft", "OpenAI"} and e["type"] == "investment" and e["date"]
    }
    assert {"2019", "2023", "2025"} <= ms_openai_investment_dates


def test_html_text_helper_decodes_and_separates() -> None:
    assert html_text("<p>A&amp;B</p><p>C</p>").split() == ["A&B", "C"]
