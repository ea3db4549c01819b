"""Talks of no stated kind with a company whose sale the article tells: "Google agreed to buy
Corvane ... Meta had held exclusive talks with the company in the spring, before walking away"
(another suitor's talks are about buying it too)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.raw import RawEvent
from kg.records import Kind, Party, Role, Status

__all__ = ["suitor_talks"]

#: Stages of talks, or of talks given up, that a suitor's approach has.
_TALKS = frozenset({Status.NEGOTIATING, Status.RUMORED, Status.TERMINATED})


def suitor_talks(raws: Sequence[RawEvent], event: RawEvent) -> tuple[Party, ...] | None:
    """The parties of ``event`` (a claim whose kind no word stated) as acquirer and target when
    it is talks between two companies, one of them the target of a takeover the article tells
    by a third company; else None."""
    if not event.defaulted or event.status not in _TALKS or len(event.names) != 2:
        return None
    for other in raws:
        if other.kind is not Kind.ACQUISITION or other.defaulted:
            continue
        targets = {p.name for p in other.parties if p.role is Role.TARGET} & event.names
        if len(targets) == 1 and not (event.names - targets) & other.names:
            return tuple(Party(n, Role.TARGET if n in targets else Role.ACQUIRER) for n in sorted(event.names))
    return None
