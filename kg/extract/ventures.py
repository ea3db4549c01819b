"""The parties of a joint venture: the companies that found it, not the venture itself."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from kg.extract.parties import Mention
from kg.extract.raw import RawEvent
from kg.extract.syntax import conj_group, mention_root
from kg.extract.vocab import words
from kg.records import Kind, Role

__all__ = ["venture_founders", "without_the_venture", "without_venture_funding"]


def without_the_venture(trigger: Token, linked: list[Mention], doc: Doc) -> list[Mention]:
    """ "... announce Stargate, a joint venture", "their joint venture, NorthCompute AS, has
    been registered", "a joint venture called HQ Compute": the venture named by the apposition
    or a naming participle is what the partners create, not one of them (kept when it is the
    only other company). A participle on the venture noun ("Aster, a joint venture owned 60% by
    A and 40% by B") looks from that noun."""
    trigger = _venture_noun(trigger)
    venture = None
    if trigger.dep_ == "appos":
        venture = trigger.head
    elif trigger.dep_ == "attr":
        venture = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
    else:
        venture = next((c for c in trigger.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        venture = venture or _named_by(trigger)
    if venture is None:
        return linked
    rest = [m for m in linked if not (m.start <= venture.i < m.end)]
    return rest if len({m.name for m in rest}) >= 2 else linked


def _venture_noun(trigger: Token) -> Token:
    """The venture noun a participle trigger describes ("a jointly owned company", "a venture
    owned 60% by A"), else the trigger itself."""
    return trigger.head if trigger.pos_ == "VERB" and trigger.dep_ in {"acl", "amod"} else trigger


def _named_by(noun: Token) -> Token | None:
    """The name a naming participle gives ``noun``: "a venture called HQ Compute", "known as X",
    "will set up a joint venture, to be called X" (the parser hangs that one on the verb)."""
    naming = [v for v in noun.children if v.dep_ == "acl"]
    if noun.dep_ in {"dobj", "obj"}:
        naming += [v for v in noun.head.children if v.dep_ == "advcl" and v.i > noun.i]
    for verb in naming:
        if verb.lemma_.lower() not in words("naming_verbs"):
            continue
        for c in verb.children:
            if c.dep_ == "oprd":
                return c
            if c.dep_ == "prep" and c.lower_ == "as":
                return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


def venture_founders(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> list[Mention]:
    """ "Sony and Honda unveiled Afeela, a joint venture", "launched a fund with MGX": the
    companies that found the venture (the founding verb's subject and its conjuncts, and its
    "with" partners) are its parties, the venture is not; [] when the sentence is not so built."""
    trigger = _venture_noun(trigger)  # "form X, a jointly owned company"
    if trigger.pos_ == "VERB":  # "Sony and Honda created Afeela": the founding verb itself
        verb = trigger
    elif trigger.dep_ == "appos" and trigger.head.dep_ in {"dobj", "obj"}:  # "..., a joint venture"
        verb = trigger.head.head
    else:
        return []
    if verb.dep_ == "acl" and verb.head.dep_ in {"dobj", "obj"}:
        verb = verb.head.head  # "announced their intention to form X": who announced it founds X
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return []
    # "OpenAI, SoftBank Group and Oracle": the parser may hang the list on an apposition
    founders = conj_group(subjects[0]).union(*(conj_group(c) for c in subjects[0].children if c.dep_ == "appos"))
    holders = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})]  # "launched a fund with MGX"
    withs = [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with"]
    founders |= {i for w in withs for g in w.children if g.dep_ == "pobj" for i in conj_group(g)}
    found = [m for m in mentions if mention_root(doc, m).i in founders]
    return found if len({m.name for m in found}) >= 2 else []


def without_venture_funding(raws: list[RawEvent]) -> list[RawEvent]:
    """The article's claims without investments among the partners of one of its joint ventures
    that name no investee ("committing a combined $10 billion", "will be 60% owned by A and 40%
    by B"): the partners fund or own the venture, not each other."""
    ventures = [e.names for e in raws if e.kind is Kind.JOINT_VENTURE]
    return [
        e
        for e in raws
        if e.kind is not Kind.INVESTMENT
        or any(p.role is Role.INVESTEE for p in e.parties)
        or not any(e.names <= venture for venture in ventures)
    ]
