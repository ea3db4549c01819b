"""Objects raised out of coordinated deal nouns: "a strategic partnership with, or investment
in, OpenAI" names OpenAI once, for both nouns."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.parties import Mention
from kg.extract.raw import Trigger

__all__ = ["raised_objects"]


def raised_objects(groups: list[tuple[Trigger, list[Mention]]]) -> list[tuple[Trigger, list[Mention]]]:
    """ "a strategic partnership with, or investment in, OpenAI": a deal noun whose preposition
    has lost its object to a coordinated deal noun shares that noun's companies (each alone
    names one side)."""
    by_token = {t.token.i: linked for t, linked in groups}
    out = []
    for trig, linked in groups:
        if len({m.name for m in linked}) < 2:
            shared = {m.name: m for mate in _raised_mates(trig.token) if mate.i in by_token for m in by_token[mate.i]}
            linked = [*linked, *(m for name, m in shared.items() if name not in {x.name for x in linked})]
        out.append((trig, linked))
    return out


def _raised_mates(noun: Token) -> list[Token]:
    """The deal nouns coordinated with ``noun`` across a preposition with no object of its own
    (the parser hangs the second noun on the first's preposition, or on the first noun)."""
    if noun.pos_ != "NOUN":
        return []
    lost = _lost_objects(noun)
    mates = [g for p in lost for g in p.children if g.dep_ == "conj"] + (list(noun.conjuncts) if lost else [])
    head = noun.head
    if noun.dep_ == "conj" and head.dep_ == "prep" and _objectless(head):
        mates.append(head.head)  # "investment" hung on the "with" of "a partnership with, or"
    elif noun.dep_ == "conj" and _lost_objects(head):
        mates.append(head)
    return mates


def _lost_objects(noun: Token) -> list[Token]:
    """The noun's prepositions with no object ("with" in "a partnership with, or investment in")."""
    return [c for c in noun.children if c.dep_ == "prep" and _objectless(c)]


def _objectless(prep: Token) -> bool:
    return not any(g.dep_ == "pobj" for g in prep.children)
