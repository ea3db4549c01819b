"""The company "it" or "its" stands for within its own sentence: the subject before it, the
teller of the news, the owner named before it, the company "whose" follows, the object of a
verb that controls its clause."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.extract.discourse import SUBJECT_DEPS, owned
from kg.extract.parties import Mention, name_head
from kg.extract.vocab import words

__all__ = ["company_before", "controller", "owner_before", "subject_before", "teller", "whose"]


def controller(token: Token, roots: dict[int, Mention]) -> Mention | None:
    """ "forced Halden Micro to abandon its purchase": in a clause whose subject is the
    object of the verb above ("persuaded", "allowed"), "its" is that company."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "xcomp" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    return next((roots[c.i] for c in verb.head.children if c.dep_ == "dobj" and c.i in roots), None)


def teller(token: Token, roots: dict[int, Mention]) -> Mention | None:
    """ "X closed a round ..., with Y also taking part, the start-up said": the company that
    tells the news it heads is the subject of that news, not the latest company before it."""
    verb = token.head
    if verb.lemma_.lower() not in words("speaking_verbs"):
        return None
    told = [c for c in verb.children if c.dep_ == "ccomp" and c.i < token.i]
    subjects = [roots[c.i] for v in told for c in v.children if c.dep_ in SUBJECT_DEPS and c.i in roots]
    return subjects[0] if len(subjects) == 1 else None


def subject_before(token: Token, roots: dict[int, Mention]) -> Mention | None:
    """The latest company that is a subject before ``token`` in its sentence, or owns the
    subject ("Shares of Orbisa rose after it agreed ...", "Orbisa's chief executive said it ...")."""
    return _latest_before(token, roots, _subject_side)


def owner_before(token: Token, roots: dict[int, Mention]) -> Mention | None:
    """ "the largest in Cisco's history, dwarfing its purchase of Acacia": with no company
    subject, "its" is the latest company the sentence named as an owner before it."""
    return _latest_before(token, roots, lambda root: root.dep_ == "poss")


def _subject_side(root: Token) -> bool:
    root = name_head(root)  # "Cisco Systems Inc. completed its purchase": the name ends in "Inc."
    if root.dep_ in SUBJECT_DEPS:
        return True
    thing = owned(root)
    return thing is not None and thing.dep_ in SUBJECT_DEPS and not thing.ent_type_


def whose(token: Token, roots: dict[int, Mention]) -> Mention | None:
    """ "Arm, the chip designer whose planned sale to Nvidia collapsed": "whose" is the company
    its relative clause describes, named or in apposition to a name."""
    if token.lower_ != "whose":
        return None
    before = [t for t in token.doc[max(0, token.i - 3) : token.i] if not t.is_punct]
    if not before:
        return None
    noun = before[-1]  # what "whose" follows ("Arm, whose ..."), however the parser hangs the clause
    if noun.i in roots:
        return roots[noun.i]
    return roots.get(noun.head.i) if noun.dep_ == "appos" else None


def company_before(token: Token, roots: dict[int, Mention]) -> str | None:
    """ "The FTC asked Microsoft about its OpenAI investment": with no company told before and
    no company subject, "its" is the latest company the sentence named before it."""
    before = _latest_before(token, roots, lambda root: root.head.i != token.head.i)
    return before.name if before else None


def _latest_before(token: Token, roots: dict[int, Mention], test: Callable[[Token], bool]) -> Mention | None:
    """The latest company before ``token`` in its sentence whose name's root passes ``test``."""
    found = [m for i, m in roots.items() if i < token.i and test(token.doc[i])]
    return found[-1] if found else None
