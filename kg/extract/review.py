"""A regulator's review that names no deal: "The European Commission opened an in-depth
investigation in August." In an article about a deal, a regulator who investigates without
saying what, or investigates "it", reviews the deal the article is about. The review word is a
generic trigger (no kind of its own) that takes the article's deal and its kind.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.lexicon import regulator_word
from kg.extract.places import place_keys
from kg.extract.vocab import words

__all__ = ["REVIEW_LABEL", "other_reviewers", "regulator_review"]

#: The label of the triggers this module finds.
REVIEW_LABEL = "review"

_SUBJECTS = {"nsubj", "nsubjpass", "agent"}
_PRONOUNS = {"it", "them", "this", "that"}


def regulator_review(sent: Span) -> Token | None:
    """The review word of ``sent`` when a regulator reviews something unnamed or a pronoun."""
    nouns, verbs = words("review_nouns"), words("review_verbs") | words("approval_verbs")
    for token in sent:
        pos = token.pos_
        if pos not in {"NOUN", "VERB"}:
            continue
        lemma = token.lemma_.lower()
        if pos == "NOUN" and lemma in words("approval_nouns") and _given_by_regulator(token):
            by_regulator = True  # "Clearance from China's market regulator arrived late last month"
        elif pos == "NOUN" and lemma in nouns:
            by_regulator = token.dep_ in {"dobj", "nsubjpass"} and _regulator_subject(token.head)
        elif pos == "VERB" and lemma in verbs:
            by_regulator = _regulator_subject(token)  # "the CMA cleared it on Tuesday": the review it ends
        else:
            continue
        if by_regulator and not _names_what(token):
            return token
    return None


def _given_by_regulator(noun: Token) -> bool:
    """An approval a regulator gives ("approval from the CMA", "the Commission's clearance")."""
    givers = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in {"from", "by"} for g in c.children]
    givers += [c for c in noun.children if c.dep_ == "poss"]
    return any(regulator_word(t) for g in givers for t in g.subtree)


def _regulator_subject(verb: Token) -> bool:
    """The verb's subject (or agent) is a regulator: "the Commission", "Britain's CMA"."""
    return any(regulator_word(t) for c in verb.children if c.dep_ in _SUBJECTS for t in c.subtree)


def regulator_speaks(pronoun: Token) -> bool:
    """ "The Competition and Markets Authority said in March it was examining Wahat's stake": the
    "it" of what a regulator says is the regulator, no company."""
    verb = pronoun.head
    said = verb.head if verb.dep_ == "ccomp" else None
    return said is not None and said.lemma_.lower() in words("speaking_verbs") and _regulator_subject(said)


def _names_what(token: Token) -> bool:
    """The review names what it reviews (an object, a passive subject or an "into"/"of" phrase
    that is not a pronoun or a date; "models to be vetted by the regulator" review the models)."""
    if token.pos_ == "VERB" and token.dep_ in {"relcl", "acl"}:
        return True
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.lower_ not in _PRONOUNS:
            return True
        if child.dep_ == "prep" and child.lower_ in {"into", "of", "on", "at"}:
            if any(g.lower_ not in _PRONOUNS and not g.ent_type_ for g in child.children if g.dep_ == "pobj"):
                return True
    return False


def other_reviewers(a: Span, b: Span) -> bool:
    """Each sentence names a regulator and no regulator of one is one of the other: "The
    European Commission opened an in-depth investigation" and "the US Justice Department is
    also investigating the deal" tell two reviews of one deal (a regulator named only by a
    generic word, "the regulator", may be either)."""
    first, second = _regulators(a), _regulators(b)
    return bool(first and second) and not any(x & y for x in first for y in second)


def _regulators(sent: Span) -> list[frozenset[str]]:
    """The regulators ``sent`` names, each as the forms two mentions of it share: a named
    body's initials ("Competition and Markets Authority" and "CMA": "cma"), its own words
    beside the generic ones ("European" of "European Commission") and the place that
    qualifies it ("Britain's", "the Dutch economy ministry")."""
    found: list[frozenset[str]] = []
    ents: list[Span] | None = None  # the sentence's entities, read once and only when needed
    for token in sent:
        if not regulator_word(token) or token.dep_ == "compound" and regulator_word(token.head):
            continue
        ents = list(sent.ents) if ents is None else ents
        ent = next((e for e in ents if e.start <= token.i < e.end), None)
        words_of = [t for t in (ent if ent is not None else [token]) if t.is_alpha and t.lower_ != "the"]
        forms = {
            "".join(t.text[0] for t in part if t.is_title or t.is_upper or not capitals).lower()
            for part in (words_of, words_of[1 if words_of[0].is_upper else 0 :])  # "US Department of Justice": "DOJ"
            for capitals in (True, False)
        }
        forms |= {t.lower_ for t in words_of if t.is_upper}  # "CMA"
        forms |= {t.lower_ for t in words_of if t.is_title and not regulator_word(t)}
        forms |= {"@" + key for key in place_keys(token)}
        forms = {f for f in forms if len(f) > 1}
        specific = token.is_upper or any(t.is_title and not regulator_word(t) for t in words_of)
        if specific or any(f.startswith("@") for f in forms):
            found.append(frozenset(forms))
    return found
