"""The named word lists of ``patterns/vocab.json`` that the event rules test tokens against
(loaded once, on first use)."""

from __future__ import annotations

import functools
import json
from importlib import resources

from kg.errors import ConfigError

__all__ = ["words"]


@functools.cache
def _lists() -> dict[str, frozenset[str]]:
    path = resources.files("kg.extract").joinpath("patterns/vocab.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: frozenset(items) for name, items in data.items() if not name.startswith("_")}
    except (OSError, ValueError, TypeError, AttributeError) as e:
        raise ConfigError(
            f"{path}: cannot read the extraction word lists ({e}); reinstall the package or fix the JSON"
        ) from e


def words(name: str) -> frozenset[str]:
    """The word list ``name`` of ``kg/extract/patterns/vocab.json``."""
    try:
        return _lists()[name]
    except KeyError:
        raise ConfigError(
            f"kg/extract/patterns/vocab.json has no word list {name!r}; add it or fix the name in the rule"
        ) from None
