"""Dates and amounts of one sentence's events: resolved DATE entities and the MONEY entity
nearest the trigger that is a price, not a valuation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from kg.extract.dates import month_word, resolve_date
from kg.extract.money import parse_amount
from kg.extract.syntax import first_conjunct_object, other_conjunct, tree_distance
from kg.extract.vocab import words
from kg.records import Money, PartialDate, Status

__all__ = ["sentence_dates", "amount_for", "event_date"]


#: A year named by reference to the sentence's date before it: "December of that year".
_THAT_YEAR = re.compile(r"\b(?:of |later |earlier |in )?(?:that|the same|that same) year\b", re.IGNORECASE)
#: A month of the year told before: "an arrangement it unveiled that June".
_THAT_MONTH = re.compile(
    r"\b(?:that|the same|that same) (?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", re.IGNORECASE
)
#: A year as a date names it.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def sentence_dates(
    sent: Span, published: dt.date | None, ents: Sequence[Span] | None = None
) -> list[tuple[int, PartialDate]]:
    """The resolvable dates of a sentence as (token index, date), none after ``published``."""
    out: list[tuple[int, PartialDate]] = []
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text
        if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "that" and month_word(text):
            text = f"that {text}"  # the model leaves "that" out of "that June"
        if _THAT_YEAR.search(text) or _THAT_MONTH.search(text):
            # "founded in 2022 ..., in December of that year": 2022; "(in 2024) ... unveiled that June"
            year = out[-1][1].year if out else _year_told_before(sent)
            if year is None:
                continue
            text = f"{_THAT_MONTH.sub('', _THAT_YEAR.sub('', text)).strip(' ,')} {year}".strip()
        date = resolve_date(text, published)
        if date is None:
            continue
        if published is not None and date.earliest() > published:
            continue  # a plan for the future is not when this status happened
        out.append((ent.root.i, date))
    return out


def _year_told_before(sent: Span) -> int | None:
    """The year of the last date before ``sent`` that names one ("in 2024"), if any."""
    doc = sent.doc
    for ent in reversed([e for e in doc.ents if e.end <= sent.start and e.label_ == "DATE"]):
        years = _YEAR.findall(ent.text)
        if years:
            return int(years[-1])
    return None


def _deal_is_worth(worth: Token) -> bool:
    """ "OpenAI's contract with CoreWeave is worth $22.4 billion": the subject is a deal, so the
    sum is its value (not a company's valuation)."""
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in words("possessed_deal_nouns") for c in worth.head.children)


def _deal_worth(trigger: Token, worth: Token | None) -> bool:
    """ "a deal with CoreWeave worth $11.9 billion": the parser hangs "worth" on the company the
    deal is with, or on the deal itself."""
    if worth is None:
        return False
    held = worth.head
    if held.i == trigger.i:
        return True
    prep = held.head
    return (
        held.dep_ == "pobj" and prep.lower_ == "with" and trigger.i in {prep.head.i, *(c.i for c in prep.head.children)}
    )


def amount_for(trigger: Token, sent: Span, ents: Sequence[Span] | None = None) -> Money | None:
    """The amount of the trigger's deal: the nearest MONEY entity that is a price, not a valuation
    or revenue, and not the sum of another verb conjunct's deal."""
    best: tuple[int, Money] | None = None
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "MONEY":
            continue
        window = {t.lemma_.lower() for t in sent.doc[max(sent.start, ent.start - 3) : min(sent.end, ent.end + 3)]}
        worth = ent.root.head if ent.root.head.lower_ == "worth" else None
        deal_value = worth is not None and worth.dep_ == "acomp" and _deal_is_worth(worth)
        if worth is not None and worth.dep_ == "acomp" and not deal_value:
            continue  # "Nvidia is worth $4 trillion": a valuation
        unpriced = window & words("not_price") and not window & words("deal_words")
        if unpriced and not deal_value and not _deal_worth(trigger, worth):
            continue
        before = sent.doc[max(sent.start, ent.start - 6) : ent.start]
        if (
            len(before)
            and before[-1].lower_ == "at"
            and any(t.lemma_.lower() in words("valuation_words") for t in before)
        ):
            continue  # "valued Mistral AI at 6 billion euros": a valuation, not the deal's sum
        if other_conjunct(trigger, ent.root) or first_conjunct_object(trigger, ent.root):
            continue  # "invested $2 billion in A and has rights to its models": the sum is the stake's
        money = parse_amount(ent.text)
        if money is None:
            continue
        dist = abs(ent.root.i - trigger.i)
        if best is None or dist < best[0]:
            best = (dist, money)
    return best[1] if best else None


def event_date(
    token: Token,
    status: Status,
    dates: list[tuple[int, PartialDate]],
    scope: set[int],
    published: dt.date | None,
    standing: bool,
    cues: Sequence[int] = (),
) -> PartialDate | None:
    """The date of a trigger's event among the sentence's ``dates`` (token index, date): a date
    of the verb that states its stage (``cues``: "was cleared in June and closed in July" dates a
    completion July), then one of its own clause (``scope``), then the nearest."""
    if standing:
        return None  # "OpenAI, which is backed by Microsoft, was valued last week": a standing stake has no date here
    doc = token.doc
    # "Dravo already supplies xAI, and in September it agreed to ...": another verb's date
    stating = set(cues)
    staged = {d[0] for d in dates if {doc[d[0]].head.i, doc[d[0]].head.head.i} & stating}
    usable = [d for d in dates if d[0] in staged or not other_conjunct(token, doc[d[0]])]
    scope = scope | {d[0] for d in dates if _after_a_relative_clause(doc[d[0]], scope)} | _told_of_it(token)
    if status in {Status.ANNOUNCED, Status.NEGOTIATING, Status.RUMORED} and published is not None:
        # "working together since 2019, now will invest": an old date is not when a plan was made
        # ... unless the trigger's own clause dates it ("agreed in January 2024 to buy Ansys")
        usable = [
            d
            for d in dates
            if (published - d[1].latest()).days <= 365 or d[0] in scope or doc[d[0]].head.i in scope or d[0] in staged
        ]
    if published is not None and _ahead(token):
        # "will also develop assistants, building on a pilot that began last year": a deal ahead
        # is not dated by a past its own clause does not give; "will supply ... under an agreement
        # signed last month" is, by the verb that states its stage
        usable = [
            d
            for d in usable
            if d[1].latest() >= published or d[0] in scope or doc[d[0]].head.i in scope or d[0] in staged
        ]
    if not usable:
        return None
    # "..., announced in May 2022, was completed in November 2023" dates the completion; of two
    # as near, the one nearer in the tree ("bought X in 2023 and agreed to buy Y earlier this year")
    return min(
        usable,
        key=lambda d: (
            d[0] not in staged,
            d[0] not in scope and doc[d[0]].head.i not in scope,
            abs(d[0] - token.i),
            tree_distance(token, doc[d[0]]),
        ),
    )[1]


def _told_of_it(noun: Token) -> set[int]:
    """ "a joint venture with Engie that it set up in 2021": the words of a relative clause on
    the deal noun whose relative pronoun stands for the deal, which dates it."""
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return set()
    return {
        t.i
        for clause in noun.children
        if clause.dep_ == "relcl"
        and any(p.lower_ in {"which", "that"} and p.dep_ in {"nsubj", "nsubjpass", "dobj"} for p in clause.children)
        for t in clause.subtree
    }


def _after_a_relative_clause(date: Token, scope: set[int]) -> bool:
    """ "agreed to buy Figma, whose tools compete with Adobe's, in September 2022": a date set
    off by a comma after a relative clause on the trigger's object closes the sentence's own
    clause, though the parser hangs it on the relative clause's verb."""
    prep = date.head
    verb = prep.head
    doc = date.doc
    if date.dep_ != "pobj" or prep.dep_ != "prep" or verb.dep_ != "relcl" or prep.i == 0:
        return False
    left = verb.left_edge.i
    end = prep.right_edge.i + 1
    closing = end >= len(doc) or doc[end].is_punct
    return (
        doc[prep.i - 1].text == ","
        and left > 0
        and doc[left - 1].text == ","
        and closing
        and (verb.head.i in scope or verb.head.head.i in scope)
    )


def _ahead(trigger: Token) -> bool:
    """The trigger's own verb looks ahead ("will develop", "shall supply")."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    return verb.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in verb.children
    )


def stage_verbs(cues: Sequence[Span], rule: str, status: Status) -> list[int]:
    """The verbs of the sentence that state the trigger's stage, when a cue decided it, also
    through the deal a verb is done under ("under an agreement signed last month")."""
    if not (rule.startswith("cue:") or ":cue:" in rule or "own-participle:" in rule):
        return []
    return [c.root.i for c in cues if c.label_ == f"status:{status.value}" and c.root.pos_ == "VERB"]
