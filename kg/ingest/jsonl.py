"""JSON Lines: one article per line, ``{"url", "title", "published", "text"}``.

Each line stands alone: a bad line is one ``InputError`` naming the file and the line, and
the file's other lines are still read. Blank lines are skipped. Entry *n* (1-based, counting
the non-blank lines) has the path ``"<file>#<n>"``, so fixing a bad line never renumbers
the others. The file is read one line at a time and a line is read only up to a byte
limit, so memory stays bounded whatever the file holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from kg.errors import InputError
from kg.ingest.text import iri_problem, is_http_url, make_article, parse_published
from kg.records import Article

#: Bytes a JSON line may hold per character of the text limit (a ``\\uXXXX`` escape is
#: six), plus room for the other keys.
BYTES_PER_CHAR = 6
LINE_OVERHEAD = 64 * 1024
#: Read size while skipping the rest of an over-long line.
_SKIP = 1 << 16


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


def _raw_lines(f: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The file's lines as bytes, ends removed (``\\n``, ``\\r\\n`` or a lone ``\\r``: JSON
    text holds no raw ``\\r``); ``None`` for a line over ``limit`` bytes (skipped unread)."""
    while raw := f.readline(limit + 1):
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield from raw.rstrip(b"\r\n").split(b"\r")
            continue
        while (rest := f.readline(_SKIP)) and not rest.endswith(b"\n"):
            pass
        yield None


def _line_article(raw: bytes, number: int, entry_path: str) -> Article:
    """One line's article; ``ValueError`` saying what is wrong with it."""
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8 text (byte 0x{raw[e.start]:02x}); re-save the file as UTF-8") from e
    try:
        obj = json.loads(line)
    except RecursionError as e:
        raise ValueError("JSON nested too deeply to read") from e
    except json.JSONDecodeError as e:
        raise ValueError(str(e)) from e
    return _entry(obj, entry_path)


def read_jsonl(path: str, max_chars: int) -> Iterator[Article | InputError]:
    """The articles of a JSON Lines file of any size, one at a time, in line order.

    A bad line (not UTF-8, not JSON, a bad key, or over ``BYTES_PER_CHAR * max_chars +
    LINE_OVERHEAD`` bytes) is yielded as an ``InputError`` naming the file and the line number; a file with
    only blank lines is one error. ``path`` is the file's absolute POSIX path.
    """
    limit = BYTES_PER_CHAR * max_chars + LINE_OVERHEAD
    entries = 0
    try:
        with open(path, "rb") as f:
            for number, raw in enumerate(_raw_lines(f, limit), start=1):
                if raw is not None and not raw.strip():
                    continue
                entries += 1
                if raw is None:
                    yield InputError(
                        path,
                        f"line {number}: over {limit:,} bytes (room for {max_chars:,} characters, the --max-chars "
                        "limit); raise it with 'kg ingest --max-chars N' or $KG_MAX_CHARS; the other lines are read",
                    )
                    continue
                try:
                    yield _line_article(raw, number, f"{path}#{entries}")
                except ValueError as e:
                    yield InputError(path, f"line {number}: {e}; the other lines are read")
    except OSError as e:
        yield InputError(path, f"cannot read the file: {e.strerror or e}")
        return
    if not entries:
        yield InputError(path, "no articles: the file has only blank lines")
