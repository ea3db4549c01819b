"""Lazy batches of a stream, bounded by a count of items and by a total length of text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["bounded_batches"]

T = TypeVar("T")


def bounded_batches(items: Iterable[T], size: int, chars: int | None, length: Callable[[T], int]) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size`` items and, with ``chars``, at most ``chars`` of
    their ``length`` (an item longer than that alone), in order, read lazily: a full list is
    handed on before the next item is read.

    >>> [len(b) for b in bounded_batches(["ab", "cd", "efg", "h"], 3, 4, len)]
    [2, 2]
    >>> [len(b) for b in bounded_batches(range(5), 2, None, lambda _: 1)]
    [2, 2, 1]
    """
    batch: list[T] = []
    total = 0
    for item in items:
        n = length(item)
        if batch and chars is not None and total + n > chars:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += n
        if len(batch) >= size:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
