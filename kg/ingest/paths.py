"""Turn what a user typed (files, folders, globs) into a sorted list of article files."""

from __future__ import annotations

import glob
import os
import stat
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


def not_a_file(path: Path) -> str | None:
    """Why ``path`` (which exists as a name) cannot be read as an article file, or ``None``
    for a regular file or a folder. A named pipe would block a reader forever.

    >>> not_a_file(Path("/dev/null"))
    'a device, not a file'
    """
    try:
        mode = path.stat().st_mode
    except OSError as e:
        if path.is_symlink():
            return "a broken or looping symbolic link; point it at a file or remove it"
        return f"cannot be read: {e.strerror or e}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def _folder_files(folder: Path) -> tuple[list[Path], list[InputError]]:
    """Every supported, non-hidden file below ``folder`` (recursively), and one error for each
    supported name there that is no regular file (a pipe, a device, a broken link)."""
    files: list[Path] = []
    errors: list[InputError] = []
    for p in folder.rglob("*"):
        if not is_supported(p) or _hidden(p, folder):
            continue
        if p.is_file():
            files.append(p)
        elif (problem := not_a_file(p)) is not None:
            errors.append(InputError(p.absolute().as_posix(), f"{problem}; skipped"))
    return files, errors


def _expand_one(spec: str) -> tuple[list[Path], list[InputError]]:
    """The files one spec names and the names there that are no files; raises ``InputError``
    when it names none."""
    if not spec.strip():
        raise InputError(repr(spec), "an empty path; name a file, a folder or a glob")
    expanded = os.path.expanduser(spec)
    if any(c in _GLOB_CHARS for c in expanded) and not Path(expanded).exists():
        files: list[Path] = []
        errors: list[InputError] = []
        for match in glob.glob(expanded, recursive=True):
            p = Path(match)
            if p.is_dir():
                more, bad = _folder_files(p)
                files.extend(more)
                errors.extend(bad)
            elif p.is_file() and is_supported(p):
                files.append(p)
            elif is_supported(p) and (problem := not_a_file(p)) is not None:
                errors.append(InputError(p.absolute().as_posix(), f"{problem}; skipped"))
        if not files and not errors:
            raise InputError(spec, f"the pattern matches no article files ({', '.join(SUPPORTED_SUFFIXES)})")
        return files, errors
    path = Path(expanded)
    if path.is_dir():
        files, errors = _folder_files(path)
        if not files and not errors:
            raise InputError(spec, f"the folder holds no article files ({', '.join(SUPPORTED_SUFFIXES)})")
        return files, errors
    if path.is_file():
        return [path], []
    if (path.exists() or path.is_symlink()) and (problem := not_a_file(path)) is not None:
        raise InputError(spec, problem)
    raise InputError(spec, "no such file or folder; check the path (globs like 'news/**/*.md' work too)")


def expand_paths(specs: Iterable[str]) -> tuple[list[Path], list[InputError]]:
    """Files named by ``specs``: files as given, folders recursively (supported suffixes,
    hidden entries skipped), globs with ``*``, ``?``, ``[...]`` and ``**``.

    Returns the absolute, resolved files (sorted, each once) and one ``InputError`` per
    spec that names nothing and per supported name that is no regular file (``not_a_file``). A file named explicitly is kept whatever its suffix, so that
    reading it reports the unsupported type.
    """
    found: set[Path] = set()
    errors: list[InputError] = []
    for spec in specs:
        try:
            files, bad = _expand_one(str(spec))
        except InputError as e:
            errors.append(e)
            continue
        found.update(p.resolve() for p in files)
        errors.extend(bad)
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
