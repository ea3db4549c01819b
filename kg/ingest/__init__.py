"""Ingest: read articles from files, folders and globs into ``Article`` records.

Formats: ``.md``/``.markdown``/``.txt`` (optional YAML front matter), ``.html``/``.htm``
(main text via trafilatura), ``.jsonl`` (one article per line), RSS/Atom
(``.rss``/``.atom``/``.xml``). Every problem is an ``kg.errors.InputError`` naming the file.
"""

from __future__ import annotations

from kg.ingest.frontmatter import FrontMatter, read_front_matter
from kg.ingest.html import html_to_text
from kg.ingest.paths import SUPPORTED_SUFFIXES, expand_paths
from kg.ingest.readers import read_articles, read_file
from kg.ingest.text import content_hash

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FrontMatter",
    "content_hash",
    "expand_paths",
    "html_to_text",
    "read_articles",
    "read_file",
    "read_front_matter",
]
