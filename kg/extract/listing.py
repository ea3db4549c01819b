"""Companies a verb lists as another's holders or customers: "OpenAI's backers *include*
Nvidia", "Mistral *counts* Nvidia among its investors", "Brenner, which *counts* BMW among its
customers"; the roles each side takes."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.vocab import words
from kg.records import Role

__all__ = ["counted_role", "listed_with", "listing_verb"]


def listing_verb(trigger: Token) -> Token | None:
    """The verb that lists a company's holders: "OpenAI's backers *include* Nvidia", "OpenAI
    *counts* Nvidia among its backers"; None when the holder noun is not so used."""
    if trigger.lemma_.lower() not in words("holders"):
        return None
    verb = trigger.head
    if trigger.dep_ == "pobj" and verb.lower_ in {"among", "as"}:  # "counts Nvidia among (as) its investors"
        verb = verb.head
    elif trigger.dep_ != "nsubj":
        return None
    return verb if verb.lemma_.lower() in words("listing_verbs") else None


def listed_with(trigger: Token, root: Token) -> bool:
    """The companies a listing verb takes as its object are the holders."""
    verb = listing_verb(trigger)
    if verb is None:
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
    return any(root.i in {t.i for t in o.subtree} for o in objects)


def counted_role(trigger: Token, root: Token, counter: Role, counted: Role) -> Role | None:
    """ "Brenner, which counts BMW among its customers": the companies counted are ``counted``,
    the company counting (the subject, or the one "which" stands for) is ``counter``."""
    verb = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ in {"among", "as"} else None
    if verb is None or verb.lemma_.lower() != "count":
        return None
    if any(c.dep_ == "dobj" and root.i in {t.i for t in c.subtree} for c in verb.children):
        return counted
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl":
        subject = verb.head
    return counter if subject is not None and root.i == subject.i else None
