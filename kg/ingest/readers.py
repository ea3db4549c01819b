"""Read article files of every supported format into ``Article`` records."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.config import DEFAULT_MAX_CHARS
from kg.errors import InputError
from kg.ingest.feeds import parse_feed
from kg.ingest.frontmatter import read_front_matter
from kg.ingest.html import decode_html, read_page
from kg.ingest.jsonl import read_jsonl
from kg.ingest.paths import SUPPORTED_SUFFIXES, expand_paths
from kg.ingest.text import decode_utf8, make_article, normalize_newlines
from kg.records import Article

logger = logging.getLogger(__name__)


def _read_text_article(data: bytes, path: str) -> list[Article | InputError]:
    """``.md``/``.txt``: optional YAML front matter, then the text kept verbatim."""
    text = normalize_newlines(decode_utf8(data, path))
    meta, body = read_front_matter(text, path)
    return [make_article(body, path, url=meta.url, title=meta.title, published=meta.published)]


def _read_html(data: bytes, path: str) -> list[Article | InputError]:
    page = read_page(normalize_newlines(decode_html(data, path)), path)
    return [make_article(page.text, path, url=page.url, title=page.title, published=page.published)]


_READERS: dict[str, Callable[[bytes, str], list[Article | InputError]]] = {
    ".md": _read_text_article,
    ".markdown": _read_text_article,
    ".txt": _read_text_article,
    ".html": _read_html,
    ".htm": _read_html,
    ".rss": parse_feed,
    ".atom": parse_feed,
    ".xml": parse_feed,
}


#: A file may hold at most this many bytes per character of the ``max_chars`` limit: the
#: UTF-8 bound for text, room for markup in a page or a feed. Past it the file is refused
#: before it is read, which bounds the time and memory one file can take.
BYTES_PER_CHAR = 4


def size_problem(size: int, max_chars: int) -> str | None:
    """Why a file of ``size`` bytes is refused unread under ``max_chars``, or ``None``.

    >>> size_problem(100, 1_000) is None
    True
    >>> size_problem(52_428_800, 2_000_000)
    "file is 52,428,800 bytes, over the limit of 8,000,000 bytes (4 per character of the --max-chars limit of 2,000,000); raise it with 'kg ingest --max-chars N' or $KG_MAX_CHARS"
    """
    limit = BYTES_PER_CHAR * max_chars
    if size <= limit:
        return None
    return (
        f"file is {size:,} bytes, over the limit of {limit:,} bytes ({BYTES_PER_CHAR} per character of the "
        f"--max-chars limit of {max_chars:,}); raise it with 'kg ingest --max-chars N' or $KG_MAX_CHARS"
    )


def _read_bytes(where: str, limit_chars: int | None) -> bytes:
    """The file's bytes; ``InputError`` when it cannot be read or is over the size limit."""
    try:
        size = Path(where).stat().st_size
        problem = size_problem(size, limit_chars) if limit_chars else None
        if problem:
            raise InputError(where, problem)
        return Path(where).read_bytes()
    except IsADirectoryError as e:
        raise InputError(where, "is a folder; pass it to expand_paths/read_articles") from e
    except OSError as e:
        raise InputError(where, f"cannot read the file: {e.strerror or e}") from e


def read_file(path: Path, max_chars: int | None = None) -> list[Article]:
    """The articles in one file, chosen by its suffix (case-insensitive); strict.

    Paths in the records are absolute POSIX paths. Raises ``InputError`` for a missing,
    unreadable, unsupported or malformed file and for the first bad line or entry of a
    JSON Lines file or a feed (``read_articles`` keeps their good ones instead). Feed
    entries without text are skipped with a warning. ``max_chars`` bounds sizes as in
    ``read_articles``.
    """
    articles: list[Article] = []
    for item in _file_items(path, max_chars):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles


def _file_items(path: Path, max_chars: int | None) -> Iterator[Article | InputError]:
    """The articles of one file, with an ``InputError`` for each bad line or entry; raises
    ``InputError`` when the whole file is unusable."""
    where = Path(path).expanduser().resolve().as_posix()
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(where, max_chars or DEFAULT_MAX_CHARS)
        return
    reader = _READERS.get(suffix)
    if reader is None:
        raise InputError(
            where,
            f"unsupported file type {Path(path).suffix or '(no suffix)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    yield from reader(_read_bytes(where, max_chars), where)


def read_articles(specs: Iterable[str], max_chars: int | None = None) -> Iterator[Article | InputError]:
    """Every article named by ``specs`` (files, folders, globs), in path order.

    Problems are yielded as ``InputError`` values, never raised: first one per spec that
    names nothing, then, in file order, the articles of each file with one error per bad
    file, or per bad line or entry of a JSON Lines file or a feed (their good ones are
    kept). With ``max_chars``, a page, text or feed file over ``BYTES_PER_CHAR * max_chars``
    bytes is refused unread; a JSON Lines file is a corpus, read one line at a time, and a
    line too long to hold ``max_chars`` characters is refused unread.
    """
    files, errors = expand_paths(specs)
    yield from errors
    for file in files:
        try:
            yield from _file_items(file, max_chars)
        except InputError as e:
            logger.debug("skipping %s: %s", file, e.problem)
            yield e
