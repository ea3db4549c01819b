"""RSS and Atom feeds (feedparser): each entry is one article.

Entry *n* (1-based, in feed order) has the path ``"<file>#<n>"``. A bad entry is one
``InputError`` naming the file and the entry; the feed's other entries are still read. Its text is the first
``content`` value, else the ``summary``, turned from HTML into paragraphs. feedparser is
only ever given the file's bytes, so it never fetches anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from kg.errors import InputError
from kg.ingest.html import NestingError, html_to_text
from kg.ingest.text import is_http_url, make_article
from kg.records import Article

logger = logging.getLogger(__name__)


def _entry_text(entry: Any) -> str:
    """The entry's body as plain text (HTML stripped unless it is declared plain)."""
    for part in list(entry.get("content") or []) + [entry.get("summary_detail")]:
        if not part or not str(part.get("value") or "").strip():
            continue
        value = str(part["value"])
        return value if part.get("type") == "text/plain" else html_to_text(value)
    summary = str(entry.get("summary") or "")
    return html_to_text(summary)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_title(entry: Any) -> str | None:
    title = str(entry.get("title") or "")
    detail = entry.get("title_detail") or {}
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        title = html_to_text(title)
    return title or None


def _entry_url(entry: Any) -> str | None:
    """The entry's http(s) link, else ``None``. A link that is one but for characters not
    allowed in an IRI (spaces, ``|``, ...) is kept, so ``make_article`` rejects it by name."""
    link = str(entry.get("link") or "").strip()
    return link if is_http_url(link) or is_http_url(re.sub(r"\s", "%20", link)) else None


def parse_feed(data: bytes, path: str) -> list[Article | InputError]:
    """All articles of an RSS/Atom document, with an ``InputError`` in place of each bad
    entry; entries without text are skipped (logged). A document that is not a feed raises."""
    import feedparser  # only when a feed is read

    try:
        feed = feedparser.parse(data)
    except Exception as e:  # feedparser wraps most problems in ``bozo``; guard the rest
        raise InputError(path, f"cannot parse the feed: {e}") from e
    if not feed.entries:
        _raise_if_broken(feed, path)
        if not feed.get("version"):
            raise InputError(path, "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
        return []
    articles: list[Article | InputError] = []
    for n, entry in enumerate(feed.entries, start=1):
        try:
            text, title = _entry_text(entry), _entry_title(entry)
            if not text.strip():
                logger.warning("%s: feed entry %d has no content or summary; skipped", path, n)
                continue
            articles.append(
                make_article(text, f"{path}#{n}", url=_entry_url(entry), title=title, published=_entry_date(entry))
            )
        except (NestingError, InputError) as e:
            problem = e.problem if isinstance(e, InputError) else str(e)
            articles.append(InputError(path, f"entry {n}: {problem}; the other entries are read"))
    if not articles:
        _raise_if_broken(feed, path)
    return articles


def _raise_if_broken(feed: Any, path: str) -> None:
    """A malformed feed (feedparser's ``bozo``) that gave nothing usable is an error."""
    if feed.get("bozo"):
        reason = feed.get("bozo_exception") or "unknown error"
        raise InputError(path, f"not a readable RSS/Atom feed: {reason}; check that the XML is complete")
