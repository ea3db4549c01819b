"""Timeline entries: a paragraph that opens with a date alone ("July 2019. Microsoft puts $300
million into Lumora ...") tells what happened then, in the historical present. Its events take
that date when their sentence gives none, and a present-tense deal verb whose stage no word
states is read as done: a stake put in or a company bought is completed, a contract or a licence
is signed, a memorandum is non-binding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.amounts import sentence_dates
from kg.extract.raw import RawEvent
from kg.extract.tense import in_place
from kg.records import Kind, PartialDate, Status

__all__ = ["entry_date", "opens_paragraph", "in_entry"]

#: Where the stage a deal told in the historical present has reached is not its kind's in-place
#: stage (``tense.in_place``): a venture set up exists, a memorandum signed binds no one.
_DONE = {Kind.JOINT_VENTURE: Status.COMPLETED, Kind.MOU: Status.NON_BINDING}
#: Words a date-only heading may have ("July 2019.", "March 14, 2023:").
_HEADING_WORDS = 4


def opens_paragraph(sent: Span) -> bool:
    """The sentence starts the text or follows a line break."""
    return sent.start == 0 or (sent.doc[sent.start - 1].is_space and "\n" in sent.doc[sent.start - 1].text)


def entry_date(sent: Span, ents: Sequence[Span], published: dt.date | None) -> PartialDate | None:
    """The date a sentence made of one date alone gives ("July 2019."), else None."""
    dated = [e for e in ents if e.label_ == "DATE"]
    if not dated:
        return None
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words or len(words) > _HEADING_WORDS:
        return None
    if not all(any(e.start <= t.i < e.end for e in dated) for t in words):
        return None
    found = sentence_dates(sent, published, dated)
    return found[0][1] if len(found) == 1 else None


def in_entry(event: RawEvent, date: PartialDate) -> RawEvent:
    """``event`` as a timeline entry dated ``date`` tells it (see the module docstring)."""
    done = event.status is Status.ANNOUNCED and "status:default" in event.notes and _present(event.trigger)
    if done and event.kind is not None:
        notes = [n for n in event.notes if n != "status:default"] + ["status:timeline"]
        status = _DONE.get(event.kind) or in_place(event.kind)
        return replace(event, status=status, date=event.date or date, notes=notes)
    return event if event.date is not None else replace(event, date=date, notes=list(event.notes))


def _present(trigger: Token) -> bool:
    """The verb that states the deal is in the simple present ("puts", "commit")."""
    verb = trigger if trigger.pos_ == "VERB" else next((a for a in trigger.ancestors if a.pos_ == "VERB"), None)
    return (
        verb is not None
        and verb.tag_ in {"VBZ", "VBP"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    )
