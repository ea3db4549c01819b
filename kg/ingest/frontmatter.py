"""YAML front matter of ``.md``/``.txt`` articles (DESIGN §8.2).

A file may start with a block between two ``---`` lines holding ``title``, ``url`` and
``published``; the article text is everything after the closing line, kept verbatim
(evidence offsets index into it). Values are read as plain strings (YAML's implicit
booleans, numbers and timestamps are off), so ``title: Yes`` stays ``"Yes"`` and a date is
the same whether quoted or not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from kg.errors import InputError
from kg.ingest.text import iri_problem, is_http_url, parse_published

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^---[ \t]*$\n?", re.MULTILINE)


class _StringLoader(yaml.SafeLoader):
    """SafeLoader whose only implicit type is null: every other scalar is a string."""


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The metadata an article file declares about itself (all optional)."""

    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


def split_front_matter(text: str, path: str) -> tuple[str | None, str]:
    r"""Split ``text`` (newlines already ``\n``) into the raw front matter (``None`` when
    the file has none) and the body after it.

    >>> split_front_matter("---\ntitle: A\n---\nBody\n---\nmore", "a.md")
    ('title: A\n', 'Body\n---\nmore')
    >>> split_front_matter("Just text", "a.md")
    (None, 'Just text')
    """
    opening = _OPEN.match(text)
    if not opening:
        return None, text
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise InputError(
            path,
            "front matter opened with '---' on line 1 is never closed; "
            "add a line '---' after the title/url/published lines",
        )
    return text[opening.end() : closing.start()], text[closing.end() :]


def parse_front_matter(raw: str, path: str) -> FrontMatter:
    """Validate the YAML block: a mapping with optional ``title``, ``url`` (http/https)
    and ``published`` (ISO date or datetime). Unknown keys are ignored."""
    try:
        data = yaml.load(raw, Loader=_StringLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(
            path, f"front matter is not valid YAML{where}: {problem}; quote values that contain ':' or '#'"
        ) from e
    except RecursionError as e:
        raise InputError(
            path, "front matter is nested too deeply to read; it needs only 'title', 'url' and 'published' lines"
        ) from e
    if data is None:
        return FrontMatter()
    if not isinstance(data, dict):
        raise InputError(
            path,
            f"front matter must be a mapping of 'key: value' lines, got a {type(data).__name__}",
        )
    fields = {str(k).strip().lower(): v for k, v in data.items()}
    return FrontMatter(
        title=_title(fields.get("title"), path),
        url=_url(fields.get("url"), path),
        published=_published(fields.get("published"), path),
    )


def _title(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(path, f"front matter key 'title' must be text, got a {type(value).__name__}")
    return value.strip() or None


def _url(value: Any, path: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and (problem := iri_problem(value.strip())):
        raise InputError(path, f"front matter key 'url' {value.strip()!r} {problem}")
    if not isinstance(value, str) or not is_http_url(value.strip()):
        raise InputError(
            path,
            f"front matter key 'url' must be an http(s) url like https://example.com/story, got {value!r}",
        )
    return value.strip()


def _published(value: Any, path: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_published(value)
    except ValueError as e:
        raise InputError(path, f"front matter key 'published': {e}; write it like published: 2025-09-11") from e


def read_front_matter(text: str, path: str) -> tuple[FrontMatter, str]:
    """The metadata and the body of an article file's text."""
    raw, body = split_front_matter(text, path)
    return (FrontMatter() if raw is None else parse_front_matter(raw, path)), body
