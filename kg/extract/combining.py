"""Companies combining: "Synopsys and Ansys agreed to combine", "the boards of A and B approved
a plan to combine the two companies" is a merger; "combine Gemini with Search" is none."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import company_words
from kg.extract.syntax import company_after, is_org, reported_subject
from kg.extract.vocab import words

__all__ = ["companies_combine"]


def companies_combine(verb: Token) -> bool:
    """ "Synopsys and Ansys agreed to combine", "Nokia will combine with Alcatel": companies,
    not things, are what combines."""
    if verb.pos_ != "VERB" or any(
        c.dep_ == "dobj" and not (is_org(c) or _own_business(c) or _both_of_them(c)) for c in verb.children
    ):
        return False  # "combine Gemini with Search": things combined
    partner = company_after(verb, "with")
    holder = verb
    for _ in range(3):
        subjects = [c for c in holder.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            subject = _body_of(reported_subject(subjects[0]))  # "the boards of A and B approved a plan to"
            return is_org(subject) and (partner or any(c.dep_ == "conj" and is_org(c) for c in subject.children))
        talk = _talk_about(holder)
        if talk is not None:  # "called off talks to combine", "approved a plan to combine": the subjects
            partner = partner or company_after(talk, "with")  # "held discussions with Talpa about combining"
            holder = talk.head.head if talk.dep_ == "pobj" else talk.head  # "are in talks to combine"
            continue
        if holder.dep_ not in {"xcomp", "conj", "ccomp"}:
            return False
        holder = holder.head
    return False


def _talk_about(clause: Token) -> Token | None:
    """The talks or plan whose subject ``clause`` is ("talks to combine", "discussions about
    combining"), if any."""
    head = clause.head
    if clause.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in {"about", "on", "over", "regarding"}:
        head = head.head
    elif clause.dep_ != "acl":
        return None
    return head if head.lemma_.lower() in words("talk_nouns") | words("intent_nouns") else None


def _own_business(noun: Token) -> bool:
    """ "combine their memory businesses", "merge its chip operations": the companies' own units."""
    return noun.lemma_.lower() in words("business_nouns") | words("unit_nouns") | {"business"} and any(
        c.dep_ == "poss" for c in noun.children
    )


def _both_of_them(noun: Token) -> bool:
    """ "combine the two companies", "merge both groups", "combining the two businesses": the
    companies told, counted."""
    return (
        noun.tag_ == "NNS"
        and noun.lemma_.lower() in company_words() | words("business_nouns") | {"business"}
        and any(c.lower_ in {"two", "both"} for c in noun.children)
    )


def _body_of(subject: Token) -> Token:
    """ "The boards of Tower and Intel": a governing body of companies acts for them."""
    if subject.lemma_.lower() not in words("governing_bodies"):
        return subject
    return next(
        (g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if is_org(g)),
        subject,
    )
