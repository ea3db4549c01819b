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


#: Characters RFC 3987 forbids in an IRI that still turn up in urls copied from the web.
IRI_UNSAFE = frozenset('"<>{}|\\^` ')


def iri_problem(url: str) -> str | None:
    """Why ``url`` cannot be an RDF IRI as written, or ``None`` when it can.

    Such urls are rejected, not repaired: the url is the article's identity, and a silent
    rewrite would make the same story two different articles. Characters from
    ``IRI_UNSAFE`` and controls are named with their percent-encoding; anything else the
    store's own IRI parser (Oxigraph's) refuses is reported in its words.

    >>> iri_problem("https://example.com/a%20b") is None
    True
    >>> iri_problem("https://example.com/a b|c")
    "has characters not allowed in an IRI (' ', '|'); percent-encode them (space is %20, | is %7C)"
    >>> iri_problem("https://example.com/a\\tb")
    "has characters not allowed in an IRI ('\\\\t'); percent-encode them (U+0009 is %09)"
    >>> iri_problem("https://example.com/100%-off")
    "is not a valid IRI (Invalid IRI percent encoding '%-o'); percent-encode '%' as %25, '[' as %5B, ']' as %5D"
    """
    bad = sorted({c for c in url if c in IRI_UNSAFE or c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F})
    if bad:
        listed = ", ".join(repr(c) for c in bad)
        hints = ", ".join(f"{_label(c)} is %{ord(c):02X}" for c in bad if ord(c) < 0x80)
        return f"has characters not allowed in an IRI ({listed}); percent-encode them ({hints})"
    import pyoxigraph  # the parser the store writes with

    try:
        pyoxigraph.NamedNode(url)
    except ValueError as e:
        said = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in str(e))
        return f"is not a valid IRI ({said}); percent-encode '%' as %25, '[' as %5B, ']' as %5D"
    return None


def _label(c: str) -> str:
    """How a character is named in a message: itself, ``space``, or ``U+000A`` for controls."""
    return "space" if c == " " else c if c.isprintable() else f"U+{ord(c):04X}"


def unicode_problem(value: str) -> str | None:
    """Why ``value`` cannot be written as UTF-8 (a lone surrogate), or ``None``.

    >>> unicode_problem("café") is None
    True
    >>> unicode_problem("ab\\ud800")
    'holds a lone surrogate (U+D800) at character 2, which is not valid Unicode; fix or remove it'
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return (
            f"holds a lone surrogate (U+{ord(value[e.start]):04X}) at character {e.start}, "
            "which is not valid Unicode; fix or remove it"
        )
    return None


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

    Raises ``InputError`` when the text is empty or only whitespace, when the text, title
    or url is not valid Unicode (a lone surrogate), or when the url is not IRI-safe, so a
    bad article is stopped here, before anything is written.
    """
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(path, "no text: the article body is empty; add the article text")
    for name, value in (("text", text), ("title", title), ("url", url)):
        problem = unicode_problem(value) if value else None
        if problem:
            raise InputError(path, f"{name} {problem}")
    problem = iri_problem(url) if url else None
    if problem:
        raise InputError(path, f"url {url!r} {problem}")
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
