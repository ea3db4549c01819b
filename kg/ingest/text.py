"""Shared helpers for every reader: decoding, line endings, urls, dates, the content hash.

All functions here are pure (bytes or strings in, values out); the readers do the I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.records import Article
from kg.resolve.iris import article_key


def decode_utf8(data: bytes, path: str) -> str:
    """Decode UTF-8 bytes (a leading byte-order mark is dropped) or raise ``InputError``.

    >>> decode_utf8("café".encode(), "a.md")
    'café'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); re-save the file as UTF-8",
        ) from e


def normalize_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``; nothing else changes.

    >>> normalize_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    """Hex SHA-256 of the text encoded as UTF-8 (``Article.sha256``).

    >>> content_hash("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_http_url(value: str) -> bool:
    """True for an absolute ``http``/``https`` url with a host.

    >>> is_http_url("https://example.com/a"), is_http_url("ftp://x"), is_http_url("/a")
    (True, False, False)
    """
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)


def parse_published(value: object) -> dt.date:
    """A publication date from a YAML/JSON value: a ``date``, a ``datetime`` (its own
    calendar date is kept), or an ISO 8601 date or datetime string.

    Raises ``ValueError`` with the reason when the value is not one of those.

    >>> parse_published("2025-09-11"), parse_published("2025-09-11T23:30:00-05:00")
    (datetime.date(2025, 9, 11), datetime.date(2025, 9, 11))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is a {type(value).__name__}, not a date")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD) or datetime") from None


def make_article(
    text: str,
    path: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
) -> Article:
    """Build an ``Article``: newlines normalized, key and content hash filled in.

    Raises ``InputError`` when the text is empty or only whitespace.
    """
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(path, "no text: the article body is empty; add the article text")
    title = " ".join(normalize_newlines(title).split()) if title else None
    return Article(
        key=article_key(url, path),
        text=text,
        path=path,
        url=url,
        title=title or None,
        published=published,
        sha256=content_hash(text),
    )
