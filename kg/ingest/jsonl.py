"""JSON Lines: one article per line, ``{"url", "title", "published", "text"}``.

A file is all or nothing: one bad line rejects the whole file (``InputError`` naming the
line), so a fix-and-rerun never leaves half a file ingested. Blank lines are skipped.
Entry *n* (1-based, counting articles, not blank lines) has the path ``"<file>#<n>"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError
from kg.ingest.text import iri_problem, is_http_url, make_article, parse_published
from kg.records import Article


def _entry(obj: Any, entry_path: str) -> Article:
    """One JSON object → ``Article``; raises ``ValueError`` naming the bad key."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("key 'text' is missing or empty; every line needs the article text")
    url = obj.get("url")
    if isinstance(url, str) and (problem := iri_problem(url.strip())):
        raise ValueError(f"key 'url' {url.strip()!r} {problem}")
    if url is not None and not (isinstance(url, str) and is_http_url(url.strip())):
        raise ValueError(f"key 'url' must be an http(s) url or null, got {url!r}")
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError(f"key 'title' must be a string or null, got {title!r}")
    published = obj.get("published")
    try:
        date = parse_published(published) if published not in (None, "") else None
    except ValueError as e:
        raise ValueError(f"key 'published': {e}") from e
    try:
        return make_article(text, entry_path, url=url.strip() if url else None, title=title, published=date)
    except InputError as e:
        raise ValueError(e.problem) from e


def parse_jsonl(text: str, path: str) -> list[Article]:
    """All articles of a JSON Lines text; ``path`` is the file's absolute POSIX path."""
    articles: list[Article] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            articles.append(_entry(obj, f"{path}#{len(articles) + 1}"))
        except (json.JSONDecodeError, ValueError) as e:
            raise InputError(path, f"line {number}: {e}; nothing from this file was read") from e
        except RecursionError as e:
            raise InputError(
                path, f"line {number}: JSON nested too deeply to read; nothing from this file was read"
            ) from e
    if not articles:
        raise InputError(path, "no articles: the file has only blank lines")
    return articles


def _lines(path: str) -> Iterator[tuple[int, str]]:
    """The file's lines, decoded one at a time (``\\r\\n`` and ``\\r`` ends made ``\\n``)."""
    with open(path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as e:
                raise InputError(
                    path, f"line {number}: not UTF-8 text (byte 0x{raw[e.start]:02x}); re-save the file as UTF-8"
                ) from e
            yield number, line.rstrip("\r\n").replace("\r", "\n")


def _entries(path: str) -> Iterator[Article]:
    count = 0
    for number, line in _lines(path):
        if not line.strip():
            continue
        try:
            article = _entry(json.loads(line), f"{path}#{count + 1}")
        except (json.JSONDecodeError, ValueError) as e:
            raise InputError(path, f"line {number}: {e}; nothing from this file was read") from e
        count += 1
        yield article
    if not count:
        raise InputError(path, "no articles: the file has only blank lines")


def stream_jsonl(path: str) -> Iterator[Article]:
    """The articles of a JSON Lines file of any size, one at a time.

    Still all or nothing: every line is checked in a first pass (keeping nothing), and the
    articles are read again and yielded in a second, so memory stays at one line.
    """
    for _ in _entries(path):
        pass
    yield from _entries(path)
