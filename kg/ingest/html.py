"""HTML to plain text: whole pages (trafilatura, with lxml fallbacks) and feed fragments.

Nothing is executed or fetched: the markup is only parsed (lxml has network access off).
Paragraphs and other blocks become paragraphs separated by one blank line.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from kg.errors import InputError
from kg.ingest.text import is_http_url, parse_published

logger = logging.getLogger(__name__)

#: Elements whose content is never article text.
_SKIP = frozenset(
    "script style noscript template head title nav footer aside form iframe svg button select"
    " object embed canvas".split()
)
#: Elements that start and end a paragraph.
_BLOCK = frozenset(
    "p div section article main header li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre"
    " table tr td th caption figure figcaption address hr br".split()
)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TOO_DEEP = re.compile(r"Excessive depth in document: (\d+)")
#: trafilatura parses a page string without ``huge_tree``, which stops at 256 levels; a
#: page this deep or deeper is handed to it already parsed.
_SHALLOW_DEPTH = 250


class NestingError(ValueError):
    """HTML nested deeper than the parser reads: the text below that depth would be lost."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"HTML nested more than {limit:,} elements deep (the HTML parser's limit), so the text "
            "below that depth cannot be read; remove the extra nesting or save the article text as .md or .txt"
        )


@dataclass(frozen=True, slots=True)
class Page:
    """What a web page yields: its main text and whatever metadata it declares."""

    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


def decode_html(data: bytes, path: str) -> str:
    """Decode page bytes: UTF-8, else the charset the page declares, else ``InputError``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        declared = _CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii")
            try:
                codecs.lookup(name)
                return data.decode(name)
            except (LookupError, UnicodeDecodeError) as e:
                raise InputError(path, f"cannot decode the page with its declared charset {name!r}: {e}") from e
        raise InputError(
            path,
            f"not UTF-8 and no charset declared (byte 0x{data[utf8_error.start]:02x} at offset "
            f"{utf8_error.start}); re-save as UTF-8 or add <meta charset=...>",
        ) from utf8_error


def _paragraphs(root: Any) -> list[str]:
    """Walk an lxml tree and collect the text of each block as one paragraph.

    The walk uses its own stack, not recursion, so any depth the parser accepts is fine.
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join(" ".join(current).split())
        if joined:
            paragraphs.append(joined)
        current.clear()

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if not closing and tag is not None and tag not in _SKIP:
            if tag in _BLOCK:
                flush()
            if element.text:
                current.append(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
            continue
        if closing and tag in _BLOCK:
            flush()
        if element.tail:
            current.append(element.tail)
    flush()
    return paragraphs


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): one paragraph per block,
    paragraphs separated by a blank line, whitespace inside a paragraph collapsed.

    >>> html_to_text("<p>One <b>bold</b> line.</p><p>Two<script>x()</script></p>")
    'One bold line.\\n\\nTwo'
    >>> html_to_text("plain &amp; simple")
    'plain & simple'
    """
    if not fragment.strip():
        return ""
    parser = _parser()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts on two <body> tags
        return " ".join(fragment.split())
    _check_depth(parser)
    return "\n\n".join(_paragraphs(root))


def _parser() -> Any:
    """An HTML parser that reads up to libxml2's huge-document depth (2,048) instead of 256.

    HTML parsing defines no entities and loads no DTD, so this lifts no expansion limit.
    """
    return lxml.html.HTMLParser(huge_tree=True)


def _check_depth(parser: Any) -> None:
    """Raise ``NestingError`` when the last parse stopped at the depth limit."""
    for entry in parser.error_log:
        found = _TOO_DEEP.search(entry.message)
        if found:
            raise NestingError(int(found.group(1)))


def _depth(root: Any) -> int:
    """How many elements deep the tree goes (``root`` alone is 1)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in element)
    return deepest


def _meta(tree: Any, *names: str) -> str | None:
    """The first non-empty ``<meta property|name=... content=...>`` among ``names``."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for value in tree.xpath(f"//meta[@{attr}=$n]/@content", n=name):
                if value.strip():
                    return str(value).strip()
    return None


def _date_or_none(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_published(value)
    except ValueError:
        logger.warning("ignoring an unreadable publication date %r", value)
        return None


def _fallback_metadata(tree: Any) -> Page:
    """Title, url and date from plain markup, for what trafilatura did not find."""
    titles = tree.xpath("//title/text()")
    title = _meta(tree, "og:title") or (" ".join(str(titles[0]).split()) if titles else None)
    url = _meta(tree, "og:url")
    if not url:
        links = tree.xpath("//link[@rel='canonical']/@href")
        url = str(links[0]).strip() if links else None
    times = tree.xpath("//time/@datetime")
    published = _date_or_none(
        _meta(tree, "article:published_time", "datePublished", "date") or (str(times[0]) if times else None)
    )
    return Page(text="", title=title or None, url=url, published=published)


def _trafilatura(html: Any) -> tuple[str, dict[str, Any]]:
    """Main text (paragraphs on separate lines) and metadata found by trafilatura, from
    the page's markup or from a parsed tree (which trafilatura changes)."""
    import trafilatura  # heavy import, only when a page is read

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return "", {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return str(data.get("text") or ""), data


def _parse_page(html: str, path: str) -> Any:
    """The page's lxml tree; ``InputError`` when it is not HTML or nested too deep to read."""
    parser = _parser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
        _check_depth(parser)
    except NestingError as e:
        raise InputError(path, str(e)) from e
    except (etree.ParserError, ValueError) as e:
        raise InputError(path, f"not a readable HTML page: {e}") from e
    return tree


def read_page(html: str, path: str) -> Page:
    """The main text and metadata of a whole HTML page (boilerplate removed)."""
    tree = _parse_page(html, path)
    deep = _depth(tree) >= _SHALLOW_DEPTH
    try:
        raw_text, meta = _trafilatura(_parse_page(html, path) if deep else html)
    except Exception as e:  # a failure inside trafilatura must not stop the run
        logger.warning("%s: trafilatura failed (%s); using the plain page text", path, e)
        raw_text, meta = "", {}
    text = "\n\n".join(line.strip() for line in raw_text.split("\n") if line.strip())
    if not text:
        body = tree.find("body")
        text = "\n\n".join(_paragraphs(body if body is not None else tree))
    fallback = _fallback_metadata(tree)
    url = meta.get("url") if is_http_url(str(meta.get("url") or "")) else None
    if url is None and fallback.url and is_http_url(fallback.url):
        url = fallback.url
    return Page(
        text=text,
        title=meta.get("title") or fallback.title,
        url=url,
        published=_date_or_none(meta.get("date")) or fallback.published,
    )
