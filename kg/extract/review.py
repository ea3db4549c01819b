"""A regulator's review that names no deal: "The European Commission opened an in-depth
investigation in August." In an article about a deal, a regulator who investigates without
saying what, or investigates "it", reviews the deal the article is about. The review word is a
generic trigger (no kind of its own) that takes the article's deal and its kind.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.lexicon import regulator_word
from kg.extract.vocab import words

__all__ = ["REVIEW_LABEL", "regulator_review"]

#: The label of the triggers this module finds.
REVIEW_LABEL = "review"

_SUBJECTS = {"nsubj", "nsubjpass", "agent"}
_PRONOUNS = {"it", "them", "this", "that"}


def regulator_review(sent: Span) -> Token | None:
    """The review word of ``sent`` when a regulator reviews something unnamed or a pronoun."""
    nouns, verbs = words("review_nouns"), words("review_verbs")
    for token in sent:
        pos = token.pos_
        if pos not in {"NOUN", "VERB"}:
            continue
        lemma = token.lemma_.lower()
        if pos == "NOUN" and lemma in nouns:
            verb = token.head if token.dep_ in {"dobj", "nsubjpass"} else None
        elif pos == "VERB" and lemma in verbs:
            verb = token
        else:
            continue
        if verb is None or not _regulator_subject(verb) or _names_what(token):
            continue
        return token
    return None


def _regulator_subject(verb: Token) -> bool:
    """The verb's subject (or agent) is a regulator: "the Commission", "Britain's CMA"."""
    return any(regulator_word(t) for c in verb.children if c.dep_ in _SUBJECTS for t in c.subtree)


def _names_what(token: Token) -> bool:
    """The review names what it reviews (an object, a passive subject or an "into"/"of" phrase
    that is not a pronoun; "models to be vetted by the regulator" review the models)."""
    if token.pos_ == "VERB" and token.dep_ in {"relcl", "acl"}:
        return True
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.lower_ not in _PRONOUNS:
            return True
        if child.dep_ == "prep" and child.lower_ in {"into", "of", "on", "at"}:
            if any(g.lower_ not in _PRONOUNS for g in child.children if g.dep_ == "pobj"):
                return True
    return False
