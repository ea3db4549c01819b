"""Fuzzing the readers and ``kg ingest`` with generated hostile input (issue #13).

Every generated file goes through the real readers (and, in the last test, the real
extraction and an on-disk Oxigraph store). The properties: a file gives its articles or
exactly one ``InputError`` naming it, never any other exception; an accepted url is one the
store can write; a batch stores every good article and loses nothing stored before.
Hypothesis runs derandomized, so the examples are the same on every run.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import api
from kg.config import load_settings
from kg.errors import InputError, QueryError
from kg.ingest import read_articles
from kg.ingest.paths import SUPPORTED_SUFFIXES
from kg.records import Article
from kg.store import open_memory, open_oxigraph
from kg.store.base import MAX_QUERY_DEPTH

pytestmark = pytest.mark.slow  # hypothesis at FUZZ settings: seconds per test

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BODY = "Acme Corp agreed to buy Widget Inc for $5 million, the companies said on Monday."
#: Characters that make a url hostile: IRI-unsafe ASCII, controls, '%' and brackets,
#: non-ASCII (allowed), private use and C1 controls (refused), lone surrogates.
URL_CHARS = st.one_of(
    st.sampled_from(list('"<>{}|\\^` %[]#?&=/.-_~') + ["%41", "%zz", "\t", "\n", "\x00", "\x7f", "\x85"]),
    st.sampled_from(["é", "中", "🦜", "\u200b", "\ue000", "\ufffe", "\ud800", "\udfff"]),
    st.characters(codec="utf-8"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
)


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as name:
        yield Path(name)


def read_one(path: Path, max_chars: int | None = None) -> list[Article] | InputError:
    """The articles of one file, or its first error; fails on anything else. Only a JSON
    Lines file or a feed may give several items with errors among them (one per bad line
    or entry)."""
    items = list(read_articles([str(path)], max_chars))
    errors = [i for i in items if isinstance(i, InputError)]
    where = path.resolve().as_posix()
    for error in errors:
        assert error.path == where or error.path.startswith(where + "#"), error.path
        assert error.problem.strip() and "\n" not in str(error), str(error)
    if errors:
        assert len(items) == 1 or path.suffix in (".jsonl", ".rss", ".atom", ".xml"), items
        return errors[0]
    return [i for i in items if isinstance(i, Article)]


def store_accepts(url: str) -> bool:
    try:
        pyoxigraph.NamedNode(url)
    except ValueError:
        return False
    return True


def md(url: str, body: str = BODY) -> str:
    return "---\ntitle: A story\nurl: '" + url.replace("'", "''") + "'\n---\n" + body + "\n"


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>'
        + "".join(items)
        + "</channel></rss>\n"
    )


# --- any bytes, any format ------------------------------------------------------------------

STARTS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"---\n", b"---\r\ntitle: x\r\n---\r\n", b"<html><body>", b"<?xml "]
STARTS += [b'<rss version="2.0"><channel><item><description>', b'<feed xmlns="http://www.w3.org/2005/Atom">']
STARTS += [b'{"text": "', b"\x00\x00", b"<!DOCTYPE html [<!ENTITY a 'aaaa'>]>"]


@FUZZ
@given(
    st.sampled_from(SUPPORTED_SUFFIXES),
    st.sampled_from(STARTS),
    st.binary(max_size=400),
    st.sampled_from([b"", b"\n", b"\r\n", b"\r", b"</p></body></html>", b'"}\n']),
)
def test_any_bytes_in_any_format_give_articles_or_one_error(suffix: str, start: bytes, data: bytes, end: bytes) -> None:
    with folder() as tmp:
        path = tmp / f"f{suffix}"
        path.write_bytes(start + data + end)
        result = read_one(path)
        if not isinstance(result, InputError):
            for article in result:
                assert article.text.strip()
                assert article.url is None or store_accepts(article.url)


@FUZZ
@given(
    st.text(alphabet=st.characters(codec="utf-8", blacklist_characters="\r\n"), max_size=60),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=4),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "surrogate"]),
    st.sampled_from([".md", ".txt"]),
)
def test_encodings_and_newlines(line: str, newlines: list[str], encoding: str, suffix: str) -> None:
    text = "".join(f"{BODY} {line}{nl}" for nl in newlines)
    if encoding == "surrogate":
        data = (text + "\ud800").encode("utf-8", "surrogatepass")
    else:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode(encoding, "replace")
    with folder() as tmp:
        path = tmp / f"a{suffix}"
        path.write_bytes(data)
        result = read_one(path)
    try:
        utf8 = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert isinstance(result, InputError) and "not UTF-8" in result.problem
        return
    assert not isinstance(result, InputError), result
    [article] = result
    assert article.text == utf8.replace("\r\n", "\n").replace("\r", "\n")


# --- urls -----------------------------------------------------------------------------------


@FUZZ
@given(st.lists(URL_CHARS, max_size=6).map("".join), st.sampled_from(["md", "jsonl", "rss", "html"]))
def test_hostile_urls_are_refused_alone_and_accepted_urls_can_be_stored(tail: str, carrier: str) -> None:
    url = "https://example.com/a" + tail
    with folder() as tmp:
        if carrier == "jsonl":
            path = tmp / "a.jsonl"
            path.write_text(json.dumps({"url": url, "text": BODY}) + "\n", encoding="utf-8")
        elif carrier == "rss":
            path = tmp / "a.rss"
            item = f"<item><title>t</title><link>{escape(url)}</link><description>{BODY}</description></item>"
            path.write_bytes(rss([item]).encode("utf-8", "surrogatepass"))
        elif carrier == "html":
            path = tmp / "a.html"
            page = f'<html><head><link rel="canonical" href="{escape(url, {chr(34): "&quot;"})}"></head>'
            path.write_bytes((page + f"<body><p>{BODY}</p></body></html>").encode("utf-8", "surrogatepass"))
        else:
            path = tmp / "a.md"
            path.write_bytes(md(url).encode("utf-8", "surrogatepass"))
        result = read_one(path)
    if isinstance(result, InputError):
        return
    [article] = result
    assert article.url is None or store_accepts(article.url), article.url
    if carrier == "jsonl":  # JSON carries any string: the url arrives as written
        assert article.url == url.strip()


@FUZZ
@given(st.lists(URL_CHARS, max_size=6).map("".join))
def test_a_url_the_store_accepts_is_never_refused(tail: str) -> None:
    url = "https://example.com/a" + tail
    with folder() as tmp:
        path = tmp / "a.jsonl"
        path.write_text(json.dumps({"url": url, "text": BODY}) + "\n", encoding="utf-8")
        result = read_one(path)
    clean = url.strip()
    if store_accepts(clean) and clean == url:
        assert not isinstance(result, InputError), result


# --- nesting ----------------------------------------------------------------------------------


@FUZZ
@given(
    st.sampled_from([0, 1, 100, 240, 254, 256, 300, 1000, 2100, 5000]),
    st.sampled_from(["div", "span", "section", "blockquote", "em"]),
)
def test_deep_html_is_read_or_names_the_depth_limit(depth: int, tag: str) -> None:
    page = (
        "<html><head><title>Deep</title></head><body>"
        + f"<{tag}>" * depth
        + f"<p>{BODY}</p>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )
    with folder() as tmp:
        path = tmp / "deep.html"
        path.write_text(page, encoding="utf-8")
        result = read_one(path)
    if depth + 4 < 2048:
        assert not isinstance(result, InputError), result
        assert BODY in result[0].text
    else:
        assert isinstance(result, InputError) and "nested more than 2,048" in result.problem
        assert ".md or .txt" in result.problem


@FUZZ
@given(st.sampled_from([1, 10, 100, 400, 5000]), st.sampled_from(["[", '{"a":']))
def test_deep_json_and_yaml_give_one_error_or_the_article(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    with folder() as tmp:
        line = '{"text": "' + BODY + '", "extra": ' + opener * depth + "1" + closer * depth + "}"
        (tmp / "a.jsonl").write_text(line + "\n", encoding="utf-8")
        as_json = read_one(tmp / "a.jsonl")
        (tmp / "a.md").write_text("---\ntitle: t\nextra: " + "[" * depth + "]" * depth + "\n---\n" + BODY)
        as_yaml = read_one(tmp / "a.md")
    for result in (as_json, as_yaml):
        if depth <= 100:
            assert not isinstance(result, InputError), result
        elif isinstance(result, InputError):
            assert "nested too deeply" in result.problem


# --- feeds ---------------------------------------------------------------------------------------

LINKS = {
    "good": "https://example.com/story/{n}",
    "none": None,
    "relative": "/story/{n}",
    "pipe": "https://example.com/a|{n}",
    "percent": "https://example.com/100%-{n}",
    "script": "javascript:alert({n})",
}
TEXTS = {
    "plain": BODY,
    "html": f"&lt;p&gt;{BODY}&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;",
    "cdata": f"<![CDATA[<div><p>{BODY}</p></div>]]>",
    "bodies": f"&lt;/body&gt;&lt;body&gt;{BODY}",
    "deep": "<![CDATA[" + "<div>" * 3000 + BODY + "]]>",
    "empty": "",
    "blank": "   ",
}


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(LINKS)),
            st.sampled_from(sorted(TEXTS)),
            st.sampled_from(["", "<title>A &amp; B</title>", "<title><![CDATA[<b>bold</b>]]></title>"]),
            st.sampled_from(["", "<pubDate>Mon, 02 Sep 2024 10:00:00 GMT</pubDate>", "<pubDate>garbage</pubDate>"]),
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_feeds_with_odd_entries(entries: list[tuple[str, str, str, str]], atom: bool) -> None:
    items = []
    for n, (link_kind, text_kind, title, date) in enumerate(entries, start=1):
        link = LINKS[link_kind]
        link = link.format(n=n) if link else None
        if atom:
            title = title.replace("<title>", '<title type="html">')
            href = f'<link href="{escape(link)}"/>' if link else ""
            items.append(f"<entry>{title}{href}<summary type='html'>{TEXTS[text_kind]}</summary></entry>")
        else:
            href = f"<link>{escape(link)}</link>" if link else ""
            items.append(f"<item>{title}{href}<description>{TEXTS[text_kind]}</description>{date}</item>")
    if atom:
        doc = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>' + "".join(items)
        doc += "</feed>"
    else:
        doc = rss(items)
    with folder() as tmp:
        path = tmp / ("a.atom" if atom else "a.rss")
        path.write_text(doc, encoding="utf-8")
        result = read_one(path)
    with_text = [(link, text) for link, text, _, _ in entries if text not in ("empty", "blank")]
    must_fail = any(link in ("pipe", "percent") or text == "deep" for link, text in with_text)
    if must_fail:
        assert isinstance(result, InputError), result
        return
    if not with_text and not entries:
        assert result == [] or isinstance(result, InputError)
        return
    assert not isinstance(result, InputError), result
    assert len(result) == len(with_text)
    for article in result:
        assert BODY in article.text and "x()" not in article.text
        assert article.url is None or article.url.startswith("https://example.com/story/")


# --- JSON Lines: bad lines among good ---------------------------------------------------------------

GOOD_LINES = [
    json.dumps({"url": "https://example.com/j/{n}", "title": "t", "text": BODY}),
    json.dumps({"text": BODY, "published": "2024-01-02"}),
    json.dumps({"url": "https://example.com/é/{n}", "text": BODY + " ünïcode 🦜"}, ensure_ascii=False),
]
BAD_LINES = [
    "{not json",
    "[1, 2]",
    '{"title": "no text"}',
    '{"text": "   "}',
    json.dumps({"url": "https://example.com/a b", "text": BODY}),
    json.dumps({"url": "https://example.com/100%", "text": BODY}),
    json.dumps({"url": "ftp://example.com/x", "text": BODY}),
    json.dumps({"text": BODY, "published": "yesterday"}),
    '{"text": "Acme \\ud800 bought Widget."}',
    '{"text": "' + BODY + '", "x": ' + "[" * 5000 + "]" * 5000 + "}",
]


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("good"), st.integers(0, 2)),
            st.tuples(st.just("bad"), st.integers(0, 9)),
            st.just(("blank", 0)),
        ),
        max_size=8,
    )
)
def test_jsonl_with_bad_lines_among_good_lines(lines: list[tuple[str, int]]) -> None:
    text = []
    for n, (kind, i) in enumerate(lines, start=1):
        if kind == "good":
            text.append(GOOD_LINES[i].replace("{n}", str(n)))
        else:
            text.append(BAD_LINES[i] if kind == "bad" else "  ")
    with folder() as tmp:
        path = tmp / "a.jsonl"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        items = list(read_articles([str(path)]))
    kinds = [kind for kind, _ in lines]
    if set(kinds) <= {"blank"}:
        [error] = items
        assert isinstance(error, InputError) and "no articles" in error.problem
        return
    entries = [(n, kind) for n, kind in enumerate(kinds, start=1) if kind != "blank"]
    assert len(items) == len(entries)
    for entry, ((line, kind), item) in enumerate(zip(entries, items, strict=True), start=1):
        if kind == "bad":
            assert isinstance(item, InputError), item
            assert item.problem.startswith(f"line {line}:") and item.problem.endswith("the other lines are read")
            assert "\n" not in str(item)
        else:
            assert isinstance(item, Article), item
            assert item.path == f"{path.resolve().as_posix()}#{entry}" and BODY in item.text


# --- sizes -------------------------------------------------------------------------------------


@FUZZ
@given(
    st.integers(0, 3000),
    st.sampled_from(["a", "é", "中", "🦜", "<b>x</b>"]),
    st.integers(200, 2000),
    st.sampled_from([".md", ".html", ".jsonl", ".rss"]),
)
def test_sizes_against_the_limits(n: int, unit: str, max_chars: int, suffix: str) -> None:
    body = BODY + " " + unit * n
    content = {
        ".md": md("https://example.com/s", body),
        ".html": f"<html><body><p>{body}</p></body></html>",
        ".jsonl": json.dumps({"url": "https://example.com/s", "text": body}) + "\n",
        ".rss": rss([f"<item><link>https://example.com/s</link><description>{escape(body)}</description></item>"]),
    }[suffix]
    with folder() as tmp:
        path = tmp / f"a{suffix}"
        path.write_text(content, encoding="utf-8")
        size = path.stat().st_size
        articles, errors = api.read_articles([str(path)], max_chars)
    if suffix != ".jsonl" and size > 4 * max_chars:
        [error] = errors
        assert f"{size:,} bytes" in error.problem and f"{4 * max_chars:,}" in error.problem
    if errors:
        [error] = errors
        assert not articles and "--max-chars" in error.problem and "KG_MAX_CHARS" in error.problem
    else:
        [article] = articles
        assert len(article.text) <= max_chars


# --- SPARQL depth -----------------------------------------------------------------------------------


@FUZZ
@given(st.sampled_from([1, 50, 255, 256, 257, 1000, 5000, 20_000]), st.sampled_from(["{", "("]))
def test_query_depth_is_refused_before_the_engine(depth: int, opener: str) -> None:
    if opener == "{":
        sparql = "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    else:
        sparql = "SELECT * WHERE { ?s ?p ?o FILTER " + "(" * depth + "1" + ")" * depth + " }"
    with open_memory() as store:
        if depth + (opener == "(") > MAX_QUERY_DEPTH:
            with pytest.raises(QueryError, match="nested too deeply"):
                store.query(sparql)
        else:
            assert list(store.query(sparql)) == []


# --- through kg ingest: good articles stored, bad ones named, nothing lost -------------------------------


def _good_file(i: int, kind: str, text: str) -> tuple[str, bytes, set[str]]:
    url = f"https://example.com/good/{i}"
    body = f"{BODY}\n\n{text}"
    if kind == "md":
        return f"g{i}.md", md(url, body).encode(), {url}
    if kind == "jsonl":
        lines = [json.dumps({"url": f"{url}/{k}", "text": body}) for k in range(2)]
        return f"g{i}.jsonl", ("\n".join(lines) + "\n").encode(), {f"{url}/{k}" for k in range(2)}
    if kind == "html":
        page = f'<html><head><link rel="canonical" href="{url}"></head><body>{"<div>" * 30}<p>{escape(body)}</p></body></html>'
        return f"g{i}.html", page.encode(), {url}
    xml_body = "".join(
        c for c in body if c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD or ord(c) > 0xFFFF
    )
    item = f"<item><link>{url}</link><description>{escape(escape(xml_body))}</description></item>"
    return f"g{i}.rss", rss([item]).encode(), {url}


BAD_FILES = {
    "url.md": md("https://example.com/a|b").encode(),
    "percent.md": md("https://example.com/100%").encode(),
    "latin1.md": ("caf\xe9 " + BODY).encode("latin-1"),
    "empty.md": b"---\ntitle: t\n---\n\n",
    "deep.html": ("<html><body>" + "<div>" * 3000 + BODY + "</body></html>").encode(),
    "big.html": ("<html><body>" + f"<p>{BODY}</p>" * 1000 + "</body></html>").encode(),
    "line.jsonl": (json.dumps({"text": BODY}) + "\n{oops\n").encode(),
    "surrogate.jsonl": b'{"text": "Acme \\udfff bought Widget."}\n',
    "broken.rss": rss([f"<item><description>{BODY}</description></item>"]).encode()[:-40],
    "yaml.md": ("---\ntitle: " + "[" * 3000 + "\n---\n" + BODY).encode(),
}
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one article, copied for each example."""
    root = tmp_path_factory.mktemp("fuzz-seed")
    (root / "seed.md").write_text(md("https://example.com/seed"), encoding="utf-8")
    report = api.ingest([str(root / "seed.md")], load_settings(env={}, store=root / "store"))
    assert report.ok and report.articles == 1
    return root / "store"


def _stored_urls(store_path: Path) -> set[str]:
    sparql = "SELECT ?u WHERE { GRAPH ?g { ?a <https://schema.org/url> ?u } }"
    with open_oxigraph(store_path, create=False) as store:
        return {str(row[0]) for row in store.query(sparql)}


@pytest.mark.model
@settings(FUZZ, max_examples=20)
@given(
    st.lists(st.tuples(st.sampled_from(["md", "jsonl", "html", "rss"]), TEXT), min_size=1, max_size=3),
    st.lists(st.sampled_from(sorted(BAD_FILES)), min_size=1, max_size=3, unique=True),
)
def test_ingest_stores_every_good_article_names_every_bad_file_and_loses_nothing(
    seeded: Path, good: list[tuple[str, str]], bad: list[str]
) -> None:
    import shutil

    with folder() as tmp:
        store = tmp / "store"
        shutil.copytree(seeded, store)
        inbox = tmp / "in"
        inbox.mkdir()
        expected = {"https://example.com/seed"}
        for i, (kind, text) in enumerate(good):
            name, data, urls = _good_file(i, kind, text)
            (inbox / name).write_bytes(data)
            expected |= urls
        for name in bad:
            (inbox / name).write_bytes(BAD_FILES[name])
        report = api.ingest([str(inbox)], load_settings(env={}, store=store, max_chars=10_000))
        named = sorted(Path(e.path).name for e in report.errors)
        assert named == sorted(bad), [str(e) for e in report.errors]
        assert _stored_urls(store) == expected
