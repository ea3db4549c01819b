"""A later stage of a deal the same sentence told: "Intel agreed to buy Tower in 2022, but the
deal collapsed in August 2023", "had explored a merger with Optiflux, but those talks broke
down" (a definite deal word that names no company is the deal told before it in the sentence,
at the stage its own clause states); "was called off after the FTC sued to block it", "held
talks about buying it but walked away" (a stage verb taking "it", or ending what the first verb
began, in a clause of its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.amounts import event_date
from kg.extract.raw import RawEvent, Trigger
from kg.extract.stage import dated_stage, trigger_stage
from kg.extract.status import before_phrase, gives_up, regulator_sentence
from kg.extract.syntax import definite, tree_distance
from kg.records import PartialDate, Status

__all__ = ["RESTAGED", "later_stage", "reviewed_before", "stages_of_it"]

#: The note of a claim this module made from a deal its sentence told.
RESTAGED = "kind:told-in-sentence"

#: Stages a deal reaches after it is told ("the deal will continue" tells none).
_LATER = {Status.SIGNED, Status.UNDER_REVIEW, Status.COMPLETED, Status.TERMINATED, Status.BLOCKED}
_STATUS_NAMES = {s.value for s in _LATER}
#: Stages of a deal still being talked about.
_TALKS = {Status.NEGOTIATING, Status.RUMORED}


def later_stage(
    trig: Trigger,
    named: set[str],
    told: Sequence[RawEvent],
    cues: Sequence[Span],
    dates: list[tuple[int, PartialDate]],
    published: dt.date | None,
) -> RawEvent | None:
    """The deal of ``told`` (the sentence's events so far) that ``trig`` refers back to, at the
    stage the trigger's clause states; None unless the stage is stated and new (``named``: the
    companies linked to the trigger, all of them the deal's)."""
    token = trig.token
    earlier = [e for e in told if e.trigger.i < token.i and len(e.names) >= 2]
    if not earlier or not _refers_back(token) or not _own_clause(token, earlier[-1].trigger):
        return None
    deal = earlier[-1]
    if (trig.kind is not None and trig.kind is not deal.kind) or not named <= deal.names:
        return None
    sent = deal.sent
    verb = _clause_verb(token)  # "..., and the deal closed in October 2023": the clause of its verb
    scope = {t.i for t in verb.subtree}
    stage = trigger_stage(trig, sent, cues, scope)
    if stage is None or not stage.explicit or stage.status is deal.status or stage.status not in _LATER:
        return None
    told_at = _xcomp_top(verb, purpose=True)  # "sued on Thursday to block the deal": the date of "sued"
    dated = {t.i for t in told_at.subtree} - {t.i for t in deal.trigger.subtree}
    own = [d for d in dates if d[0] in dated]  # a later stage takes no other clause's date
    date = event_date(verb, stage.status, own, dated, published, False)
    stage = dated_stage(stage, deal.kind, date, published)
    return _restaged(deal, stage.status, token, date, stage.rule)


def _restaged(deal: RawEvent, status: Status, trigger: Token, date: PartialDate | None, rule: str) -> RawEvent:
    """``deal`` at a later ``status`` its sentence tells, by ``trigger`` and dated ``date``:
    the sentence's own deal (not borrowed), with no sum of its own; a RESTAGED note for the
    sentences after it. Talks that ended with no date of their own end when they were held
    ("explored a merger in 2019 but ended those talks": considered and abandoned then)."""
    if date is None and status is Status.TERMINATED and deal.status in _TALKS:
        date = deal.date
    return replace(
        deal,
        status=status,
        explicit=True,
        trigger=trigger,
        date=date,
        amount=None,
        background=deal.background or date is None,  # undated: history told in passing, not the news
        borrowed=False,
        notes=[f"{RESTAGED}:{deal.kind.value if deal.kind else ''}", f"status:{rule}"],
    )


def _refers_back(token: Token) -> bool:
    """A deal noun with "the", "that" or "those" ("the deal", "those talks", "the takeover")
    and no company of its own."""
    return token.pos_ == "NOUN" and definite(token) and not any(c.dep_ == "poss" for c in token.children)


def _clause_verb(token: Token) -> Token:
    """The verb of the clause ``token`` is in."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _xcomp_top(verb: Token, purpose: bool = False) -> Token:
    """The verb whose open complement ``verb`` is, up the chain ("sued to block": "sued"); with
    ``purpose``, also the verb a "to" clause of purpose hangs on ("sued on Thursday to block")."""
    while verb.head.i != verb.i and (
        verb.dep_ == "xcomp"
        or (purpose and verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))
    ):
        verb = verb.head
    return verb


def _own_clause(token: Token, other: Token) -> bool:
    """``token`` sits in a clause coordinated with or hung on the one ``other`` is in ("..., but
    the deal collapsed"), also where the parser hangs that clause on a reporting verb after it
    ("..., but the discussions collapsed over price, two people told Reuters")."""
    verb = _clause_verb(token)
    joined = verb.dep_ == "ccomp" and any(t.dep_ == "cc" for t in token.doc[other.i : token.i])
    return (verb.dep_ in {"conj", "advcl"} or joined) and other.i not in {t.i for t in verb.subtree}


def stages_of_it(
    told: Sequence[RawEvent],
    cues: Sequence[Span],
    dates: list[tuple[int, PartialDate]],
    published: dt.date | None,
) -> list[RawEvent]:
    """ "The bid for Arm was called off after the FTC sued to block it", "held talks about buying
    Pellucid but walked away in May": a later stage in a clause of its own, whose verb takes "it"
    (the deal just told) or ends what the first verb began, as a claim of that deal."""
    found: list[RawEvent] = []
    for cue in cues:
        family, _, status = cue.label_.partition(":")
        verb = next((t for t in cue if any(c.dep_ == "dobj" and c.lower_ == "it" for c in t.children)), None)
        if status == "terminated" and verb is None and any(gives_up(cue.root, e.trigger) for e in told):
            verb = cue.root
        if family not in {"status", "regstatus"} or status not in _STATUS_NAMES or verb is None:
            continue
        clause = _xcomp_top(verb)  # "sued to block it": the clause of "sued"
        earlier = [
            e for e in told if e.trigger.i < cue.start and len(e.names) >= 2 and "status:epithet" not in e.notes
        ]  # a company's standing backers are no deal "it" stands for
        if not earlier:
            continue
        deal = min(earlier, key=lambda e: tree_distance(clause.head, e.trigger))
        inside = {t.i for t in clause.subtree}
        if Status(status) is deal.status or not _clause_after(clause) or deal.trigger.i in inside:
            continue
        date = event_date(verb, Status(status), [d for d in dates if d[0] in inside], inside, published, False)
        found.append(_restaged(deal, Status(status), verb, date, f"it:{cue.label_}"))
    return found


def _clause_after(verb: Token) -> bool:
    """A clause that tells what came next: coordinated or adverbial ("but walked away"), or a
    "before" phrase ("held talks in the spring, before walking away over price")."""
    return verb.dep_ in {"conj", "advcl"} or before_phrase(verb)


#: Words that put what they govern before the clause they hang on ("closed after a review").
_BEFORE = frozenset({"after", "following"})
#: Stages a deal can reach after a regulator has looked at it.
_PAST_REVIEW = {Status.ANNOUNCED, Status.SIGNED, Status.COMPLETED}


def reviewed_before(
    told: Sequence[RawEvent], cues: Sequence[Span], dates: list[tuple[int, PartialDate]], published: dt.date | None
) -> list[RawEvent]:
    """ "completed in April after a lengthy review by CFIUS", "closed after the CMA gave its
    approval": a regulator's review (or clearance) in an "after" phrase is a stage the deal of
    the clause it hangs on went through, a claim of its own (under review); the first such
    review only."""
    for cue in cues:
        family, _, status = cue.label_.partition(":")
        if family not in {"status", "regstatus"} or status not in {"under_review", "cleared"}:
            continue
        phrase = _before_phrase(cue.root)
        if phrase is None or not regulator_sentence(cue.sent):
            continue
        inside = {t.i for t in phrase.subtree}
        deals = [e for e in told if e.trigger.i not in inside and len(e.names) >= 2 and e.status in _PAST_REVIEW]
        if not deals or any(e.status is Status.UNDER_REVIEW for e in told):
            continue
        deal = min(deals, key=lambda e: tree_distance(phrase, e.trigger))
        own = [d for d in dates if d[0] in inside]  # a review ends about when the deal it let through
        date = event_date(cue.root, Status.UNDER_REVIEW, own, inside, published, False) if own else deal.date
        review = _restaged(deal, Status.UNDER_REVIEW, cue.root, date, f"before:{cue.label_}")
        return [replace(review, explicit=deal.explicit, background=True)]  # behind the news, as sure as it
    return []


def _before_phrase(word: Token) -> Token | None:
    """The "after"/"following" that ``word`` hangs under, within a few steps ("after a review
    by the Commission", "after the CMA gave its approval")."""
    token = word
    for _ in range(4):
        if token.lower_ in _BEFORE and token.dep_ in {"prep", "mark"}:
            return token
        mark = next((c for c in token.children if c.dep_ == "mark" and c.lower_ in _BEFORE), None)
        if mark is not None:
            return mark
        if token.head.i == token.i:
            return None
        token = token.head
    return None
