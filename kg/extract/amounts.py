"""Dates and amounts of one sentence's events: resolved DATE entities and the MONEY entity
nearest the trigger that is a price, not a valuation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Span, Token

from kg.extract.dates import resolve_date
from kg.extract.money import parse_amount
from kg.extract.syntax import first_conjunct_object, other_conjunct
from kg.extract.vocab import words
from kg.records import Money, PartialDate

__all__ = ["sentence_dates", "amount_for"]


def sentence_dates(
    sent: Span, published: dt.date | None, ents: Sequence[Span] | None = None
) -> list[tuple[int, PartialDate]]:
    out: list[tuple[int, PartialDate]] = []
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "DATE":
            continue
        date = resolve_date(ent.text, published)
        if date is None:
            continue
        if published is not None and date.earliest() > published:
            continue  # a plan for the future is not when this status happened
        out.append((ent.root.i, date))
    return out


def amount_for(trigger: Token, sent: Span, ents: Sequence[Span] | None = None) -> Money | None:
    best: tuple[int, Money] | None = None
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "MONEY":
            continue
        window = {t.lemma_.lower() for t in sent.doc[max(sent.start, ent.start - 3) : min(sent.end, ent.end + 3)]}
        if window & words("not_price") and not window & words("deal_words"):
            continue
        before = sent.doc[max(sent.start, ent.start - 6) : ent.start]
        if (
            len(before)
            and before[-1].lower_ == "at"
            and any(t.lemma_.lower() in {"value", "valuation"} for t in before)
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
