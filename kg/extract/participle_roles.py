"""Roles told by a past participle: one modifying a noun ("Microsoft-backed OpenAI", "a unit
acquired by Nokia") or heading a clause with no subject of its own ("Backed by Nvidia, Figure
AI raised ...")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.noun_roles import path_to
from kg.extract.vocab import words
from kg.records import DIRECTED_ROLES, Kind, Role

__all__ = ["clause_participle", "participle_role"]


def participle_role(kind: Kind, trigger: Token, root: Token) -> Role | None:
    """A past participle modifying a noun ("Microsoft-backed OpenAI", "Anthropic, backed by
    Amazon", "a unit acquired by Nokia"): the noun is the object side, the company the
    participle names ("Microsoft-", "by Amazon") the subject side."""
    roles = DIRECTED_ROLES.get(kind)
    if roles is None:
        return None
    if kind is Kind.SUPPLY and trigger.lemma_.lower() in words("buyer_verbs"):
        roles = (roles[1], roles[0])  # "chips bought by Meta": the buyer is the customer
    noun = trigger.head.head if trigger.head.dep_ == "appos" else trigger.head  # "Arm, the designer acquired by"
    if trigger.dep_ == "advcl":  # "Backed by Nvidia, Figure AI raised ...": the participle describes the subject
        noun = next((c for c in trigger.head.children if c.dep_ in {"nsubj", "nsubjpass"}), trigger.head)
    if root.i in {trigger.head.i, noun.i, *(c.i for c in noun.conjuncts)}:
        return roles[1]
    path = path_to(root, trigger)
    if path and (path[-1][0] in {"npadvmod", "compound", "agent"} or ("pobj", "by") in path):
        return roles[0]
    return None


def clause_participle(trigger: Token) -> bool:
    """ "Backed by Microsoft, Figure AI said ...": a past participle heading a clause of its own
    with no subject of its own."""
    return (
        trigger.dep_ == "advcl"
        and trigger.tag_ == "VBN"
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} for c in trigger.children)
    )
