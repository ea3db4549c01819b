"""The named word lists (and word-to-label tables) of ``patterns/vocab.json`` that the event
rules test tokens against (loaded once, on first use)."""

from __future__ import annotations

import functools
import json
from importlib import resources

from kg.errors import ConfigError

__all__ = ["table", "words"]


@functools.cache
def _data() -> dict[str, object]:
    path = resources.files("kg.extract").joinpath("patterns/vocab.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the top level is not an object")
        return {name: value for name, value in data.items() if not name.startswith("_")}
    except (OSError, ValueError, TypeError, AttributeError) as e:
        raise ConfigError(
            f"{path}: cannot read the extraction word lists ({e}); reinstall the package or fix the JSON"
        ) from e


@functools.cache
def _lists() -> dict[str, frozenset[str]]:
    return {name: frozenset(items) for name, items in _data().items() if isinstance(items, list)}


@functools.cache
def words(name: str) -> frozenset[str]:
    """The word list ``name`` of ``kg/extract/patterns/vocab.json`` (an unknown name raises
    ``ConfigError`` on every call: errors are not cached)."""
    try:
        return _lists()[name]
    except KeyError:
        raise ConfigError(
            f"kg/extract/patterns/vocab.json has no word list {name!r}; add it or fix the name in the rule"
        ) from None


@functools.cache
def table(name: str) -> dict[str, str]:
    """The word-to-label table ``name`` of ``kg/extract/patterns/vocab.json`` (an object there)."""
    value = _data().get(name)
    if not isinstance(value, dict):
        raise ConfigError(
            f"kg/extract/patterns/vocab.json has no word table {name!r}; add it or fix the name in the rule"
        )
    return {str(k): str(v) for k, v in value.items()}
