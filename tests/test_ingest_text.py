"""Markdown/plain-text articles and their YAML front matter (DESIGN §8.2)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import read_file, read_front_matter

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read_one(path: Path):
    articles = read_file(path)
    assert len(articles) == 1
    return articles[0]


@pytest.mark.parametrize(
    "published_line",
    ["published: 2025-09-11", 'published: "2025-09-11"', "published: '2025-09-11'"],
)
def test_front_matter_date_quoted_or_not(tmp_path: Path, published_line: str) -> None:
    path = write(tmp_path, "a.md", f"---\ntitle: Deal\n{published_line}\n---\nBody text.\n")
    article = read_one(path)
    assert article.published == dt.date(2025, 9, 11)
    assert article.title == "Deal"
    assert article.text == "Body text.\n"


@pytest.mark.parametrize(
    "value",
    ["2025-09-11T23:30:00", "2025-09-11T23:30:00Z", '"2025-09-11T23:30:00-05:00"', "2025-09-11 08:00:00"],
)
def test_front_matter_datetime_keeps_its_calendar_date(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "a.md", f"---\npublished: {value}\n---\nBody.\n")
    assert read_one(path).published == dt.date(2025, 9, 11)


def test_front_matter_full_fixture_keeps_body_verbatim() -> None:
    article = read_one(FIXTURES / "with-front-matter.md")
    assert article.url == "https://md.example.org/eldor-faxon"
    assert article.key == "https://md.example.org/eldor-faxon"
    assert article.title == "Fictional: Eldor and Faxon sign an MOU"
    assert article.published == dt.date(2024, 2, 20)
    # a '---' inside the body is text, not front matter
    assert "\n---\n" in article.text
    assert article.text.startswith("Eldor and Faxon signed")
    assert article.path == (FIXTURES / "with-front-matter.md").resolve().as_posix()


def test_no_front_matter_key_is_absolute_path(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.txt", "Acme bought Widget.\n\n---\nNot front matter.\n")
    article = read_one(path)
    assert (article.title, article.url, article.published) == (None, None, None)
    assert article.text == "Acme bought Widget.\n\n---\nNot front matter.\n"
    assert article.key == path.resolve().as_posix() == article.path
    assert article.source == article.path


def test_empty_front_matter_and_unknown_keys(tmp_path: Path) -> None:
    assert read_one(write(tmp_path, "e.md", "---\n---\nBody.\n")).title is None
    article = read_one(write(tmp_path, "u.md", "---\nauthor: X\ntags: [a, b]\ntitle: Yes\n---\nBody.\n"))
    assert article.title == "Yes"  # YAML booleans are off: a title stays text


def test_crlf_line_endings_are_normalized_and_hash_matches(tmp_path: Path) -> None:
    path = write(tmp_path, "w.md", "---\r\ntitle: T\r\n---\r\nLine one.\r\nLine two.\rEnd\r\n")
    article = read_one(path)
    assert article.text == "Line one.\nLine two.\nEnd\n"
    assert article.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_utf8_bom_is_dropped_and_unicode_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "b.md", "\ufeff---\ntitle: Café\n---\nNaïve “quotes” — ok.\n".encode())
    article = read_one(path)
    assert article.title == "Café"
    assert article.text == "Naïve “quotes” — ok.\n"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("---\ntitle: [unclosed\n---\nBody\n", "not valid YAML"),
        ("---\ntitle: a: b\n---\nBody\n", "not valid YAML"),
        ("---\n- a\n- b\n---\nBody\n", "must be a mapping"),
        ("---\njust a string\n---\nBody\n", "must be a mapping"),
        ("---\npublished: 11/09/2025\n---\nBody\n", "'published'"),
        ("---\npublished: 2025-02-30\n---\nBody\n", "'published'"),
        ("---\npublished: soon\n---\nBody\n", "'published'"),
        ("---\nurl: ftp://example.com/a\n---\nBody\n", "'url'"),
        ("---\nurl: example.com/a\n---\nBody\n", "'url'"),
        ("---\nurl: [https://a.example]\n---\nBody\n", "'url'"),
        ("---\ntitle: {a: 1}\n---\nBody\n", "'title'"),
        ("---\ntitle: T\nBody never closes the front matter\n", "never closed"),
        ("---\ntitle: T\n---\n  \n\n", "no text"),
        ("", "no text"),
    ],
)
def test_malformed_files_raise_input_error_naming_file(tmp_path: Path, content: str, needle: str) -> None:
    path = write(tmp_path, "bad-article.md", content)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert "bad-article.md" in str(info.value)
    assert needle in info.value.problem


def test_non_utf8_bytes_are_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.txt", "Société Générale".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.txt: not UTF-8"):
        read_file(path)


def test_unsupported_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type '.pdf'"):
        read_file(write(tmp_path, "x.pdf", "text"))
    with pytest.raises(InputError, match="cannot read"):
        read_file(tmp_path / "missing.md")
    with pytest.raises(InputError, match="is a folder"):
        (tmp_path / "dir.md").mkdir()
        read_file(tmp_path / "dir.md")


def test_suffix_match_ignores_case(tmp_path: Path) -> None:
    assert read_one(write(tmp_path, "UPPER.MD", "Text.\n")).text == "Text.\n"


def test_text_is_data_not_evaluated(tmp_path: Path) -> None:
    title = "{{ __import__('os').system('false') }} !!python/object:os.system"
    body = "!!python/object/apply:os.system ['echo pwned']\n"
    path = write(tmp_path, "evil.md", f"---\ntitle: {yaml.safe_dump(title)}---\n{body}")
    article = read_one(path)
    assert article.title == title
    assert article.text == body
    with pytest.raises(InputError, match="not valid YAML"):
        read_file(write(tmp_path, "tag.md", "---\ntitle: !!python/object/apply:os.system [x]\n---\nB\n"))


def test_read_front_matter_directly() -> None:
    meta, body = read_front_matter("---\nurl: http://a.example/x\n---\nB", "mem.md")
    assert meta.url == "http://a.example/x"
    assert body == "B"


titles = st.text(min_size=1, max_size=80).filter(lambda s: s.strip())
urls = st.builds(
    lambda scheme, host, segs, query: f"{scheme}://{host}.example/{'/'.join(segs)}{query}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True),
    st.lists(st.from_regex(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-F]{2}){1,12}", fullmatch=True), max_size=4),
    # a query, then at most one "#" (an IRI has one fragment; "?a=##" is no IRI)
    st.one_of(st.just(""), st.from_regex(r"\?[a-z]{1,5}=[A-Za-z0-9:]{0,8}(#[A-Za-z0-9:]{0,4})?", fullmatch=True)),
)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=titles, url=urls, published=dates, quoted=st.booleans())
def test_front_matter_round_trips(tmp_path: Path, title: str, url: str, published: dt.date, quoted: bool) -> None:
    header = yaml.safe_dump({"title": title, "url": url}, allow_unicode=True, sort_keys=False)
    date = f'"{published.isoformat()}"' if quoted else published.isoformat()
    body = "Body line.\n---\nmore\n"
    path = write(tmp_path, "round.md", f"---\n{header}published: {date}\n---\n{body}")
    article = read_one(path)
    assert article.title == " ".join(title.replace("\r\n", "\n").replace("\r", "\n").split())
    assert article.url == url
    assert article.key.startswith(("http://", "https://"))  # identity is the url, not the path
    assert article.published == published
    assert article.text == body
