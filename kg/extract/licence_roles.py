"""The roles of a licence's parties: who holds rights, who lets use, who licenses whose technology.

A company holding a licence, rights or access is the licensee and the owner of what they cover
the licensor; a company that grants them, or lets another use its content, is the licensor.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.purposes import purposes
from kg.extract.syntax import is_org, subject_holder
from kg.extract.vocab import words
from kg.records import Role

__all__ = ["rights_role", "permission_role", "licensing_purpose", "owners_of_object", "licensed_from"]


def rights_role(trigger: Token, root: Token) -> Role | None:
    """ "Microsoft's rights to OpenAI's models", "Microsoft retains access to OpenAI's IP",
    "Qualcomm holds a licence to Arm's architecture": the company holding the rights is the
    licensee, the company whose technology it is the licensor; "Arm granted Qualcomm a licence"
    ("to Qualcomm"): the granting verb's subject is the licensor."""
    granted = trigger.head.lemma_.lower() in words("granting_verbs") and trigger.dep_ in {"dobj", "obj"}
    to = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "to"]
    if granted and any(root.head.i == c.i for c in to):
        return Role.LICENSEE  # "granted a licence to Qualcomm": the company itself is the receiver
    if any(root.i in {g.i for g in c.subtree} for c in to):
        return Role.LICENSOR
    on_verb = root.head.i == trigger.head.i
    if granted and on_verb:
        return {"nsubj": Role.LICENSOR, "dative": Role.LICENSEE}.get(root.dep_)
    holder = root.dep_ == "poss" and root.head.i == trigger.i
    subject = root.dep_ in {"nsubj", "dative"} and on_verb
    return Role.LICENSEE if holder or subject else None


def permission_role(verb: Token, root: Token) -> Role | None:
    """ "Reddit agreed to let Google use its posts": who lets is the licensor, who uses the licensee."""
    if root.dep_ == "nsubj" and root.head.i == subject_holder(verb).i:
        return Role.LICENSOR
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}]
    users = [c for c in [*verb.children, *(g for c in clauses for g in c.children)] if c.dep_ in {"nsubj", "dobj"}]
    return Role.LICENSEE if any(u.i == root.i for u in users) else None


def licensing_purpose(noun: Token) -> tuple[Token, set[int]] | None:
    """The "to license X's ..." clause of a deal noun and the owners of what it licenses, when
    that is another company's."""
    verb = next((v for v in purposes(noun) if v.lemma_.lower() in words("licensing_verbs")), None)
    owners = owners_of_object(verb) if verb is not None else set()
    return (verb, owners) if verb is not None and owners else None


def owners_of_object(verb: Token) -> set[int]:
    """The companies whose thing a verb takes ("license some of Windsurf's technology", "license
    a model developed by Kotoba Works")."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    # a company, or a noun that stands for one ("the startup's technology"), not "its"
    owners = {
        t.i for o in objects for t in o.subtree if t.dep_ == "poss" and (is_org(t) or t.pos_ in {"NOUN", "PROPN"})
    }
    makers = (
        g
        for o in objects
        for clause in o.children
        if clause.dep_ == "acl" and clause.tag_ == "VBN"
        for by in clause.children
        if by.dep_ == "agent"
        for g in by.children
    )
    return owners | {t.i for m in makers for t in (m, *m.conjuncts) if is_org(t)}


def licensed_from(verb: Token, owners: set[int], root: Token) -> Role | None:
    """ "Microsoft will license OpenAI's models": the owner of what is licensed grants the
    licence, the subject takes it (the other way round from "OpenAI licenses its models")."""
    if root.i in owners:
        return Role.LICENSOR
    holder = subject_holder(verb)  # "agreed to license", "hiring ... and licensing"
    subject = any(c.dep_ == "nsubj" and c.i == root.i for c in holder.children)
    return Role.LICENSEE if subject else None
