"""Repeats within an article: one claim per kind, parties and stage, unless the two tell
two events of that stage."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.raw import RawEvent
from kg.extract.review import other_reviewers
from kg.records import Kind, PartialDate, Status

__all__ = ["one_claim_each"]


def one_claim_each(raws: list[RawEvent]) -> list[RawEvent]:
    """One claim per (kind, parties, status): the best evidence, the most precise date; the same
    stage at another time is a repeat deal (2019 and 2023 investments), a review by another
    regulator another review."""
    best: dict[tuple[Kind | None, frozenset[str], Status, int], RawEvent] = {}
    told: dict[tuple[Kind | None, frozenset[str], Status, int], list[Span]] = {}  # the sentences of each
    for e in raws:
        slot = 0
        while True:
            key = (e.kind, e.names, e.status, slot)
            kept = best.get(key)
            if kept is None or not _apart(kept, told[key], e):
                break
            slot += 1
        told.setdefault(key, []).append(e.sent)
        if kept is None:
            best[key] = e
            continue
        winner, loser = (e, kept) if e.confidence > kept.confidence else (kept, e)
        if winner.date is None or (
            loser.date is not None and loser.date.precision == "day" and winner.date.precision != "day"
        ):
            winner.date = loser.date or winner.date
        winner.amount = winner.amount or loser.amount
        winner.background = winner.background and loser.background
        best[key] = winner
    return list(best.values())


def _apart(kept: RawEvent, sents: list[Span], e: RawEvent) -> bool:
    """``e`` and the claim ``kept`` (told in ``sents``) of the same kind, parties and stage are two
    events: a stage that happens once, at another time, or a review by another regulator than
    those named ("the US Justice Department is also investigating the deal" after the European
    Commission's approval)."""
    if e.status in _POINT_STAGES:
        return not _dates_compatible(kept.date, e.date)
    return e.status is Status.UNDER_REVIEW and any(other_reviewers(s, e.sent) for s in sents)


#: Stages that happen once per deal (talks and one regulator's review run on, so their dates differ freely).
_POINT_STAGES = {Status.ANNOUNCED, Status.SIGNED, Status.COMPLETED}


def _dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Unknown dates fit anything; known ones must agree to the month at the coarser precision."""
    if a is None or b is None:
        return True
    if a.year != b.year:
        return False
    return a.month is None or b.month is None or a.month == b.month  # days differ within a story
