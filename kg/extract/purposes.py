"""Purpose clauses: the "to ..." clauses that say what a deal is for ("a deal to rent chips",
"partnered with Nebius to secure GPU capacity")."""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["purpose_clauses", "purposes", "verb_purpose_clauses"]


def purpose_clauses(noun: Token) -> list[Token]:
    """The "to ..." clauses that say what a deal noun is for: its own ("a deal to rent chips") or,
    when it is a verb's object, the verb's ("signed a deal on Monday to rent chips")."""
    own = [
        c
        for c in noun.children
        if (c.dep_ in {"acl", "relcl"} or (c.dep_ == "advcl" and _marked_for(c))) and _infinitive(c)
    ]  # "a deal to rent chips", "an agreement for Samsung to manufacture the S2"
    doc = noun.doc
    if not own and noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "to" and doc[noun.i + 2].tag_ == "VB":
        # "the size of xAI's pending deal to use Oracle's cloud": the parser may hang the
        # infinitive right after the deal noun on a word before it
        nxt = doc[noun.i + 2]
        if nxt.dep_ in {"acl", "relcl", "advcl", "xcomp"} and nxt.head.i < noun.i:
            own = [nxt]
    return own + (verb_purpose_clauses(noun) if noun.dep_ in {"dobj", "obj"} else [])


def purposes(token: Token) -> list[Token]:
    """The "to ..." clauses that say what a deal is for: a verb's own ("partnered with Nebius to
    secure GPU capacity"), else a deal noun's (:func:`purpose_clauses`)."""
    if token.pos_ == "VERB":
        return [c for c in token.children if c.dep_ in {"advcl", "xcomp"} and c.tag_ == "VB"]
    return purpose_clauses(token)


def verb_purpose_clauses(token: Token) -> list[Token]:
    """The "to ..." clauses of the verb governing ``token`` that follow it ("signed letters of
    intent on Wednesday to supply memory chips")."""
    return [c for c in token.head.children if c.dep_ in {"advcl", "xcomp"} and c.i > token.i and _infinitive(c)]


def _marked_for(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children)


def _infinitive(verb: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children)
