"""Turn what a user typed (files, folders, globs) into a sorted list of article files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError

#: File suffixes the readers understand (lower case; matching ignores case).
SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".jsonl", ".rss", ".atom", ".xml")

_GLOB_CHARS = frozenset("*?[")


def is_supported(path: Path) -> bool:
    """True when a reader exists for the file's suffix.

    >>> is_supported(Path("a/B.MD")), is_supported(Path("a.pdf"))
    (True, False)
    """
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _hidden(path: Path, root: Path) -> bool:
    """True when any part below ``root`` starts with a dot (``.git``, ``.DS_Store``)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _folder_files(folder: Path) -> list[Path]:
    """Every supported, non-hidden file below ``folder`` (recursively)."""
    return [p for p in folder.rglob("*") if p.is_file() and is_supported(p) and not _hidden(p, folder)]


def _expand_one(spec: str) -> list[Path]:
    """The files one spec names; raises ``InputError`` when it names none."""
    if not spec.strip():
        raise InputError(repr(spec), "an empty path; name a file, a folder or a glob")
    expanded = os.path.expanduser(spec)
    if any(c in _GLOB_CHARS for c in expanded) and not Path(expanded).exists():
        files: list[Path] = []
        for match in glob.glob(expanded, recursive=True):
            p = Path(match)
            if p.is_dir():
                files.extend(_folder_files(p))
            elif p.is_file() and is_supported(p):
                files.append(p)
        if not files:
            raise InputError(spec, f"the pattern matches no article files ({', '.join(SUPPORTED_SUFFIXES)})")
        return files
    path = Path(expanded)
    if path.is_dir():
        files = _folder_files(path)
        if not files:
            raise InputError(spec, f"the folder holds no article files ({', '.join(SUPPORTED_SUFFIXES)})")
        return files
    if path.is_file():
        return [path]
    raise InputError(spec, "no such file or folder; check the path (globs like 'news/**/*.md' work too)")


def expand_paths(specs: Iterable[str]) -> tuple[list[Path], list[InputError]]:
    """Files named by ``specs``: files as given, folders recursively (supported suffixes,
    hidden entries skipped), globs with ``*``, ``?``, ``[...]`` and ``**``.

    Returns the absolute, resolved files (sorted, each once) and one ``InputError`` per
    spec that names nothing. A file named explicitly is kept whatever its suffix, so that
    reading it reports the unsupported type.
    """
    found: set[Path] = set()
    errors: list[InputError] = []
    for spec in specs:
        try:
            found.update(p.resolve() for p in _expand_one(str(spec)))
        except InputError as e:
            errors.append(e)
    return sorted(found, key=lambda p: p.as_posix()), errors


def estimate_articles(specs: Iterable[str]) -> int:
    """About how many articles ``specs`` name, cheaply (for a progress bar): one per file,
    one per non-blank line of a JSON Lines file, one per entry-like tag of a feed."""
    files, _ = expand_paths(specs)
    total = 0
    for file in files:
        suffix = file.suffix.lower()
        try:
            if suffix == ".jsonl":
                with open(file, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            elif suffix in (".rss", ".atom", ".xml"):
                data = file.read_bytes()
                total += max(1, data.count(b"<item") + data.count(b"<entry"))
            else:
                total += 1
        except OSError:
            total += 1
    return total
