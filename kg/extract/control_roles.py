"""Object control: a verb's object is the subject of the clause the verb governs ("Nordlink has
chosen Quintex to supply AI software": Quintex supplies), so that clause's roles go to the
object, and the verb's own subject takes the other side."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.syntax import is_org
from kg.extract.vocab import words

__all__ = ["chosen", "object_controller"]


def object_controller(verb: Token) -> Token | None:
    """The subject of the verb whose object ``verb``'s own subject is ("Nordlink has chosen
    Quintex to supply ...": Nordlink), or None when the clause names its own subject."""
    head = verb.head
    # "tapped Google to provide TPUs": the parser may read a choosing verb's job as a purpose
    picked = verb.dep_ == "advcl" and head.lemma_.lower() in words("choosing_verbs") and verb.tag_ == "VB"
    if (verb.dep_ != "xcomp" and not picked) or verb.pos_ != "VERB" or any(c.dep_ == "nsubj" for c in verb.children):
        return None
    if not any(c.dep_ == "dobj" and is_org(c) for c in head.children):
        return None
    return next((c for c in head.children if c.dep_ == "nsubj"), None)


def chosen(subject: Token) -> set[int]:
    """The indices of the objects of the verb of ``subject``, with their conjuncts."""
    return {t.i for c in subject.head.children if c.dep_ == "dobj" for t in c.subtree if t.dep_ in {"dobj", "conj"}}
