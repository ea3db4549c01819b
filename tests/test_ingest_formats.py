"""HTML pages, JSON Lines and RSS/Atom feeds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from conftest import write

from kg.errors import InputError
from kg.ingest import html_to_text, read_articles, read_file
from kg.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


# --- HTML -------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata() -> None:
    [article] = read_file(FIXTURES / "page.html")
    assert article.url == "https://news.example.org/2024/05/zentrix-lumora-chips"
    assert article.key == article.url
    assert article.published == dt.date(2024, 5, 14)
    assert article.title and "Zentrix and Lumora" in article.title
    assert "signed a multi-year agreement to supply processors to Lumora Labs" in article.text
    assert "up to $2 billion over five years" in article.text
    for boilerplate in ("Subscribe now", "All rights reserved", "Related stories", "tracker", "font-family"):
        assert boilerplate not in article.text
    assert "\n\n" in article.text  # paragraphs stay apart
    assert article.sha256 == hashlib.sha256(article.text.encode()).hexdigest()


def test_html_falls_back_to_markup_metadata(tmp_path: Path) -> None:
    page = (
        "<html><head><title>  Plain   title </title>"
        '<link rel="canonical" href="https://site.example/story">'
        "</head><body><p>Orvo agreed to buy Pell for an undisclosed sum.</p>"
        '<p>Published <time datetime="2023-11-02">November 2</time>.</p></body></html>'
    )
    [article] = read_file(write(tmp_path, "short.htm", page))
    assert article.title == "Plain title"
    assert article.url == "https://site.example/story"
    assert article.published == dt.date(2023, 11, 2)
    assert "Orvo agreed to buy Pell" in article.text


def test_html_without_metadata_keys_by_path(tmp_path: Path) -> None:
    path = write(tmp_path, "bare.html", "<html><body><p>Some article text here.</p></body></html>")
    [article] = read_file(path)
    assert article.url is None
    assert article.key == path.resolve().as_posix()
    assert "Some article text here." in article.text


def test_html_declared_charset_and_undecodable(tmp_path: Path) -> None:
    latin = '<html><head><meta charset="iso-8859-1"></head><body><p>Société Générale signe un accord.</p></body></html>'
    [article] = read_file(write(tmp_path, "latin.html", latin.encode("latin-1")))
    assert "Société Générale" in article.text
    with pytest.raises(InputError, match=r"nocharset\.html: not UTF-8"):
        read_file(write(tmp_path, "nocharset.html", "<p>Société</p>".encode("latin-1")))


def test_html_with_no_text_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><head><title>T</title><script>x()</script></head><body></body></html>")
    with pytest.raises(InputError, match=r"empty\.html: no text"):
        read_file(path)


def test_html_to_text_blocks_become_paragraphs() -> None:
    text = html_to_text("<div><h2>Head</h2><p>One <a href='#'>link</a>\n  here.</p><ul><li>A</li><li>B</li></ul></div>")
    assert text == "Head\n\nOne link here.\n\nA\n\nB"
    assert html_to_text("<p>x</p><style>p{}</style><!-- c --><p>y</p>") == "x\n\ny"
    assert html_to_text("  ") == ""


# --- JSON Lines ------------------------------------------------------------------------


def test_jsonl_fixture_entries_paths_and_keys() -> None:
    articles = read_file(FIXTURES / "articles.jsonl")
    base = (FIXTURES / "articles.jsonl").resolve().as_posix()
    assert [a.path for a in articles] == [f"{base}#1", f"{base}#2"]
    first, second = articles
    assert first.key == "https://jsonl.example.org/one"
    assert first.published == dt.date(2024, 1, 15)
    assert first.title == "First fictional story"
    assert second.key == f"{base}#2"
    assert second.url is None and second.published is None
    assert second.text == "Cindra and Dovetail formed a joint venture.\nIt starts next year."


@pytest.mark.parametrize(
    ("bad_line", "needle"),
    [
        ("{not json", "line 2:"),
        ('["a list"]', "line 2: expected a JSON object"),
        ('{"title": "no text"}', "line 2: key 'text'"),
        ('{"text": "   "}', "line 2: key 'text'"),
        ('{"text": "T", "url": "mailto:x@y.z"}', "line 2: key 'url'"),
        ('{"text": "T", "published": "yesterday"}', "line 2: key 'published'"),
        ('{"text": "T", "published": 20240101}', "line 2: key 'published'"),
        ('{"text": "T", "title": ["x"]}', "line 2: key 'title'"),
    ],
)
def test_jsonl_bad_line_is_named_and_the_good_ones_kept(tmp_path: Path, bad_line: str, needle: str) -> None:
    good = json.dumps({"text": "Good article."})
    path = write(tmp_path, "mixed.jsonl", f"{good}\n{bad_line}\n{good}\n")
    with pytest.raises(InputError) as info:
        read_file(path)  # strict: the first bad line
    assert "mixed.jsonl" in str(info.value)
    assert needle in info.value.problem
    items = list(read_articles([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert needle in items[1].problem  # type: ignore[union-attr]
    assert [i.path.rsplit("#", 1)[1] for i in items if isinstance(i, Article)] == ["1", "3"]


def test_jsonl_only_blank_lines_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no articles"):
        read_file(write(tmp_path, "blank.jsonl", "\n  \n"))


def test_jsonl_text_is_kept_verbatim(tmp_path: Path) -> None:
    text = '  <b>Not HTML-stripped</b> {"x": 1} ${HOME} `rm -rf` \u2028 end  '
    [article] = read_file(write(tmp_path, "v.jsonl", json.dumps({"text": text}) + "\n"))
    assert article.text == text


# --- RSS / Atom ------------------------------------------------------------------------


def test_rss_entries_content_summary_and_skip_empty(caplog: pytest.LogCaptureFixture) -> None:
    articles = read_file(FIXTURES / "feed.rss")
    base = (FIXTURES / "feed.rss").resolve().as_posix()
    assert [a.path for a in articles] == [f"{base}#1", f"{base}#2"]  # entry 3 has no text
    first, second = articles
    assert first.url == first.key == "https://wire.example.org/orbix-quantella"
    assert first.title == "Orbix invests in Quantella"
    assert first.published == dt.date(2024, 4, 2)
    assert (
        first.text == "Orbix said it would invest $300 million in Quantella.\n\nThe deal is expected to close in June."
    )
    assert second.text == "Helios and Vantor ended merger talks on Wednesday."
    assert second.published == dt.date(2024, 4, 3)
    assert "entry 3 has no content" in caplog.text


def test_atom_entry_uses_updated_date() -> None:
    [article] = read_file(FIXTURES / "feed.atom")
    assert article.url == "https://atom.example.org/nimbra-corvel"
    assert article.published == dt.date(2024, 6, 1)
    assert article.text == "Nimbra agreed to license its models to Corvel.\n\nTerms were not disclosed."


def test_xml_suffix_is_read_as_feed(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.xml", (FIXTURES / "feed.atom").read_text(encoding="utf-8"))
    [article] = read_file(path)
    assert article.title == "Nimbra licenses models to Corvel"


def test_feed_entry_without_link_is_keyed_by_path(tmp_path: Path) -> None:
    rss = '<rss version="2.0"><channel><title>t</title><item><title>x</title><description>Body.</description></item></channel></rss>'
    path = write(tmp_path, "nolink.rss", rss)
    [article] = read_file(path)
    assert article.url is None
    assert article.key == f"{path.resolve().as_posix()}#1"


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("broken.rss", "<rss><channel><item><title>unclosed", "not a readable RSS/Atom feed"),
        ("notxml.xml", "this is not xml at all {", "not a readable RSS/Atom feed"),
        (
            "sitemap.xml",
            '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
            "not an RSS or Atom feed",
        ),
    ],
)
def test_unparseable_feeds_are_errors(tmp_path: Path, name: str, content: str, needle: str) -> None:
    with pytest.raises(InputError) as info:
        read_file(write(tmp_path, name, content))
    assert name in str(info.value)
    assert needle in info.value.problem


def test_valid_empty_feed_yields_nothing(tmp_path: Path) -> None:
    rss = '<rss version="2.0"><channel><title>Empty</title><link>https://e.example/</link></channel></rss>'
    assert read_file(write(tmp_path, "empty.rss", rss)) == []


def test_slightly_malformed_feed_with_usable_entries_is_read(tmp_path: Path) -> None:
    rss = (
        '<rss version="2.0"><channel><title>t &nbsp; bad entity</title>'
        "<item><title>Kept</title><link>https://k.example/1</link>"
        "<description>Usable body.</description></item></channel></rss>"
    )
    [article] = read_file(write(tmp_path, "lenient.rss", rss))
    assert article.text == "Usable body."
